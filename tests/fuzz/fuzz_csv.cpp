// Fuzz target: one data file through the CSV reader, the header mapping, row decoding
// and evaluation against the bundled NCC rule set, and every writer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "compiler/compile.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/imports.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/writers.hpp"

namespace {

std::optional<std::string> read(const std::string& path, std::string& error) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    error = "cannot read";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

// Both bundled rule sets, compiled once; the fuzzer aborts if they do not compile.
const runtime::Program& program(std::size_t which) {
  static const auto programs = [] {
    std::vector<runtime::Program> compiled;
    for (const char* name : {"rules/ncc-2013-q2.sk", "rules/nnc-2022-02.sk"}) {
      dsl::SourceSet sources;
      std::string error;
      const std::string path = std::string(STATUSKEY_SOURCE_DIR) + "/" + name;
      sources.add(path, read(path, error).value_or(""));
      dsl::DiagnosticSink sink;
      const auto files = dsl::parse_with_imports(sources, read, sink);
      auto result = compiler::compile(sources, files, sink);
      if (!result) std::abort();
      compiled.push_back(std::move(*result));
    }
    return compiled;
  }();
  return programs[which % programs.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const runtime::DataTable table = runtime::read_data("fuzz.csv", text);
  if (!table.error.empty()) return 0;
  const runtime::Program& rules = program(size);
  const runtime::Results results = runtime::evaluate(rules, table, true);
  if (results.rows.size() != table.csv.records.size()) std::abort();  // a row vanished
  const runtime::OutputInfo info{rules.fingerprint, "fuzz", rules.council};
  const std::size_t written =
      runtime::write_csv(results, info).size() + runtime::write_json(results, info).size() +
      runtime::write_summary(results).size();
  return written == 0 ? 1 : 0;
}
