// Fuzz target: one rule file through the whole front end (parse, imports, compile,
// render every diagnostic) and, when it compiles, the runtime passes that walk the
// program: the file's own tests and the generated edge tables. Imports never touch the
// disk: every imported file is "not found".
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/compile.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/imports.hpp"
#include "runtime/edges.hpp"
#include "runtime/test_runner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dsl::SourceSet sources;
  sources.add("fuzz.sk", std::string(reinterpret_cast<const char*>(data), size));
  dsl::DiagnosticSink sink;
  const dsl::FileReader no_files = [](const std::string&, std::string& error) -> std::optional<std::string> {
    error = "imports are not read while fuzzing";
    return std::nullopt;
  };
  const auto files = dsl::parse_with_imports(sources, no_files, sink);
  std::optional<runtime::Program> program;
  if (!sink.has_errors()) program = compiler::compile(sources, files, sink);
  std::size_t rendered = 0;
  for (const auto& diagnostic : sink.sorted()) rendered += dsl::render(diagnostic, sources).size();
  if (program) {
    rendered += runtime::run_tests(*program).size();
    rendered += runtime::edge_tables(*program).size();
  }
  return rendered == static_cast<std::size_t>(-1) ? 1 : 0;
}
