// `statuskey fmt`: formatting never changes what a bundled rule file means (the compiled
// program is identical before and after), is idempotent, and the command's modes
// (rewrite, --check, --stdout) and errors behave as documented.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "cli/driver.hpp"
#include "compiler/compile.hpp"
#include "dsl/format.hpp"
#include "dsl/imports.hpp"
#include "runtime/program_dump.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

std::optional<std::string> slurp(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

std::optional<std::string> format_text(const std::string& path, const std::string& text) {
  dsl::SourceSet sources;
  const std::uint32_t id = sources.add(path, text);
  dsl::DiagnosticSink sink;
  return dsl::format(sources, id, sink);
}

// Every bundled rule file, relative to the repository root: rules/*.sk,
// rules/common/*.sk, rules/examples/*.sk and tests/golden/ok_*.sk.
std::vector<std::string> bundled_files() {
  std::vector<std::string> files;
  const fs::path root(STATUSKEY_SOURCE_DIR);
  for (const char* folder : {"rules", "rules/common", "rules/examples", "tests/golden"}) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || entry.path().extension() != ".sk") continue;
      if (std::string_view(folder) == "tests/golden" && !name.starts_with("ok_")) continue;
      files.push_back(std::string(folder) + "/" + name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every other rule file in the repository: the golden files (ok_, warn_ and fail_) and
// their imports, and the hostile inputs. Those that parse must format idempotently, and
// those that compile must keep their program.
std::vector<std::string> other_rule_files() {
  std::vector<std::string> files;
  const fs::path root(STATUSKEY_SOURCE_DIR);
  for (const char* folder : {"tests/golden", "tests/golden/imports", "tests/hostile/rules"}) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || entry.path().extension() != ".sk") continue;
      if (std::string_view(folder) == "tests/golden" && name.starts_with("ok_")) continue;
      files.push_back(std::string(folder) + "/" + name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The compiled program of `path` as a canonical dump, with every file (the root and
// its imports) read through `transform`; nothing when it does not compile on its own.
template <typename Transform>
std::optional<std::string> compiled(const std::string& path, Transform transform) {
  const auto text = slurp(path);
  if (!text) return std::nullopt;
  const auto root = transform(path, *text);
  if (!root) return std::nullopt;
  dsl::SourceSet sources;
  sources.add(path, *root);
  const dsl::FileReader reader = [&](const std::string& file, std::string& error) -> std::optional<std::string> {
    const auto content = slurp(file);
    if (!content) {
      error = "cannot read";
      return std::nullopt;
    }
    return transform(file, *content);
  };
  dsl::DiagnosticSink sink;
  const auto files = dsl::parse_with_imports(sources, reader, sink);
  if (sink.has_errors()) return std::nullopt;
  const auto program = compiler::compile(sources, files, sink);
  if (!program || sink.has_errors()) return std::nullopt;
  return runtime::dump_program(*program);
}

std::optional<std::string> as_written(const std::string&, const std::string& text) { return text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(fmt_command)

BOOST_AUTO_TEST_CASE(bundled_files_are_found) {
  const auto files = bundled_files();
  BOOST_TEST(std::count(files.begin(), files.end(), "rules/ncc-2013-q2.sk") == 1);
  BOOST_TEST(std::count(files.begin(), files.end(), "tests/golden/ok_full_language.sk") == 1);
  BOOST_TEST(std::count(files.begin(), files.end(), "rules/examples/floor.sk") == 1);
}

// The proof that formatting changes layout only: the program compiled from the
// formatted file (and formatted imports) is the program compiled from the original.
BOOST_DATA_TEST_CASE_F(InRepo, formatting_keeps_the_compiled_program, bdata::make(bundled_files()), path) {
  const auto before = compiled(path, as_written);
  const auto after = compiled(path, format_text);
  if (path.starts_with("rules/common/") && !before) return;  // a shared file that needs its importer's key
  BOOST_TEST_REQUIRE(before.has_value(), path << " does not compile");
  BOOST_TEST_REQUIRE(after.has_value(), path << " does not compile once formatted");
  BOOST_TEST(*after == *before);
}

BOOST_DATA_TEST_CASE_F(InRepo, formatting_is_idempotent, bdata::make(bundled_files()), path) {
  const auto text = slurp(path);
  BOOST_TEST_REQUIRE(text.has_value());
  const auto once = format_text(path, *text);
  BOOST_TEST_REQUIRE(once.has_value());
  const auto twice = format_text(path, *once);
  BOOST_TEST_REQUIRE(twice.has_value());
  BOOST_TEST(*twice == *once);
}

BOOST_DATA_TEST_CASE_F(InRepo, other_files_format_idempotently_and_keep_their_meaning, bdata::make(other_rule_files()),
                       path) {
  const auto text = slurp(path);
  BOOST_TEST_REQUIRE(text.has_value());
  const auto once = format_text(path, *text);
  if (!once) return;  // syntax errors: not formatted (checked by the golden tests)
  BOOST_TEST((format_text(path, *once) == once), "formatting is not idempotent");
  const auto before = compiled(path, as_written);
  if (before) BOOST_TEST((compiled(path, format_text) == before), "the compiled program changed");
}

BOOST_AUTO_TEST_CASE(the_dump_sees_a_change_of_meaning) {
  // Guards the proof above: a dump that missed thresholds would prove nothing.
  const auto dump = [](const std::string& threshold) {
    dsl::SourceSet sources;
    sources.add("t.sk", "key k { status \"A\" status \"B\" }\nscheme s uses k {\n  gap = relative to target\n"
                        "  gap >= " + threshold + " -> \"A\"\n  otherwise -> \"B\"\n}\n"
                        "indicator x { unit percent polarity higher target 80% }\n");
    dsl::DiagnosticSink sink;
    const auto files = dsl::parse_with_imports(
        sources, [](const std::string&, std::string&) -> std::optional<std::string> { return std::nullopt; }, sink);
    const auto program = compiler::compile(sources, files, sink);
    BOOST_TEST_REQUIRE(program.has_value());
    return runtime::dump_program(*program);
  };
  BOOST_TEST(dump("0%") == dump("0%"));
  BOOST_TEST(dump("0%") != dump("-1%"));
  BOOST_TEST(dump("0%") == dump("0%   "));
}

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("statuskey-fmt-test-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  [[nodiscard]] std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator{}));
  }
};

constexpr const char* kMessy = "key k { status \"Green\" color #00703C status \"Red\" }\n"
                               "scheme s uses k {\n  gap = relative to target\n  gap>=0%->\"Green\"\n"
                               "  otherwise -> \"Red\"   # the rest\n}\n"
                               "indicator x \"X\" { unit percent polarity higher target 80% }\n";
constexpr const char* kCanonical = "key k {\n  status \"Green\" colour #00703C\n  status \"Red\"\n}\n\n"
                                   "scheme s uses k {\n  gap = relative to target\n  gap >= 0% -> \"Green\"\n"
                                   "  otherwise -> \"Red\"  # the rest\n}\n\n"
                                   "indicator x \"X\" {\n  unit percent\n  polarity higher\n  target 80%\n}\n";

int statuskey(const std::vector<std::string>& args, cli::Output& output) { return cli::run(args, output); }

BOOST_AUTO_TEST_CASE(rewrites_in_place_and_reports_the_files_it_changed) {
  const TempDir dir;
  const std::string file = dir.write("messy.sk", kMessy);
  cli::Output output;
  BOOST_TEST(statuskey({"fmt", file}, output) == cli::kExitOk);
  BOOST_TEST(output.out == "formatted " + file + "\n");
  BOOST_TEST(output.err.empty(), output.err);
  BOOST_TEST(*slurp(file) == std::string(kCanonical));
  BOOST_TEST(dir.entries() == 1U, "a temporary file was left behind");
  cli::Output again;
  BOOST_TEST(statuskey({"fmt", file}, again) == cli::kExitOk);
  BOOST_TEST(again.out.empty(), "a canonical file is not rewritten");
}

BOOST_AUTO_TEST_CASE(check_lists_files_that_would_change_with_a_diff) {
  const TempDir dir;
  const std::string messy = dir.write("messy.sk", kMessy);
  const std::string canonical = dir.write("canonical.sk", kCanonical);
  cli::Output output;
  BOOST_TEST(statuskey({"fmt", "--check", canonical, messy}, output) == cli::kExitErrors);
  BOOST_TEST(output.out.find("--- " + messy + "\n+++ " + messy + " (canonical)\n") == 0U, output.out);
  BOOST_TEST(output.out.find("\n-  gap>=0%->\"Green\"\n") != std::string::npos, output.out);
  BOOST_TEST(output.out.find("\n+  gap >= 0% -> \"Green\"\n") != std::string::npos, output.out);
  BOOST_TEST(output.out.find("\n   gap = relative to target\n") != std::string::npos, "unchanged context lines");
  BOOST_TEST(output.out.find(canonical) == std::string::npos, "a canonical file is not listed");
  BOOST_TEST(output.err == "1 file is not in the canonical layout: " + messy + "; run `statuskey fmt` on it\n");
  BOOST_TEST(*slurp(messy) == std::string(kMessy), "--check writes nothing");
  cli::Output clean;
  BOOST_TEST(statuskey({"fmt", "--check", canonical}, clean) == cli::kExitOk);
  BOOST_TEST(clean.out.empty());
  BOOST_TEST(clean.err.empty());
}

BOOST_AUTO_TEST_CASE(stdout_prints_instead_of_rewriting) {
  const TempDir dir;
  const std::string file = dir.write("messy.sk", kMessy);
  cli::Output output;
  BOOST_TEST(statuskey({"fmt", "--stdout", file}, output) == cli::kExitOk);
  BOOST_TEST(output.out == std::string(kCanonical));
  BOOST_TEST(*slurp(file) == std::string(kMessy));
}

BOOST_AUTO_TEST_CASE(dash_formats_standard_input_to_standard_output) {
  const TempDir dir;
  const std::string input = dir.write("in.sk", kMessy);
  const std::string command = std::string(STATUSKEY_BINARY) + " fmt - < '" + input + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  while (const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), got);
  const int status = ::pclose(pipe);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == cli::kExitOk);
  BOOST_TEST(out == std::string(kCanonical));
}

BOOST_AUTO_TEST_CASE(an_import_of_a_directory_does_not_stop_formatting) {
  const TempDir dir;
  const std::string file = dir.write("dir_import.sk", "import \".\"\nkey k {   status \"A\" }\n");
  cli::Output output;
  BOOST_TEST(statuskey({"fmt", "--stdout", file}, output) == cli::kExitOk);
  BOOST_TEST(output.out == "import \".\"\n\nkey k {\n  status \"A\"\n}\n");
}

BOOST_AUTO_TEST_CASE(a_file_with_syntax_errors_is_reported_and_left_alone) {
  const TempDir dir;
  const std::string broken = "key k {\n  status \"Green\" colour green\n}\n";
  const std::string file = dir.write("broken.sk", broken);
  cli::Output output;
  BOOST_TEST(statuskey({"fmt", file}, output) == cli::kExitErrors);
  BOOST_TEST(output.err.find(file + ":2:") != std::string::npos, output.err);
  BOOST_TEST(output.err.find("[syntax-error]") != std::string::npos, output.err);
  BOOST_TEST(output.err.find("has syntax errors and was not formatted") != std::string::npos, output.err);
  BOOST_TEST(*slurp(file) == broken);
}

struct UsageCase {
  std::vector<std::string> args;
  const char* message;
};

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
  const UsageCase cases[] = {
      {{"fmt"}, "fmt: no rule files given"},
      {{"fmt", "--bogus", "x.sk"}, "fmt: unknown option `--bogus`"},
      {{"fmt", "--check", "--stdout", "x.sk"}, "fmt: --check and --stdout cannot be combined"},
      {{"fmt", "-", "x.sk"}, "fmt: `-` (standard input) cannot be combined with files"},
  };
  for (const auto& usage : cases) {
    cli::Output output;
    BOOST_TEST(statuskey(usage.args, output) == cli::kExitUsage);
    BOOST_TEST(output.err.find(usage.message) != std::string::npos, output.err);
  }
  cli::Output missing;
  BOOST_TEST(statuskey({"fmt", "no/such/file.sk"}, missing) == cli::kExitUsage);
  BOOST_TEST(missing.err.find("cannot read `no/such/file.sk`") != std::string::npos, missing.err);
}

BOOST_AUTO_TEST_SUITE_END()
