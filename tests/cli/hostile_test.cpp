// Hostile and messy input (tests/hostile/README.md): bad rule files and bad data files
// with their expected exit status and messages, inputs that once crashed a fuzz target,
// and the limits, whose huge inputs are made here in a temporary directory. Everything
// runs in-process, so a crash or a stack overflow fails the whole suite. For every data
// file in the repository the rows are accounted for: rows read = evaluated + error rows
// = the records of the file = the rows written.
//
// Update switch: STATUSKEY_UPDATE_GOLDEN=1 rewrites the .expected files.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/driver.hpp"
#include "dsl/parser.hpp"
#include "runtime/cell.hpp"
#include "runtime/csv.hpp"
#include "runtime/decimal.hpp"
#include "runtime/period.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

constexpr std::string_view kHostileDir = "tests/hostile";

fs::path source_dir() { return fs::path(STATUSKEY_SOURCE_DIR); }

std::string read_or_empty(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, std::string_view content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(content.data(), static_cast<std::streamsize>(content.size()));
}

bool update_requested() {
  const char* value = std::getenv("STATUSKEY_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

// Paths relative to the repository root of the files under `folder` (recursively)
// ending in `extension`, sorted.
std::vector<std::string> files_under(const fs::path& folder, std::string_view extension) {
  std::vector<std::string> names;
  if (!fs::exists(source_dir() / folder)) return names;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / folder)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) {
      names.push_back(fs::relative(entry.path(), source_dir()).generic_string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct InRepo {
  InRepo() { fs::current_path(source_dir()); }
};

// A temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("statuskey-hostile-{}", ::getpid());
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// The expected-output file: the exit status on the first line, then standard error.
void compare_or_update(const std::string& input, int status, const std::string& err) {
  const fs::path expected_file = fs::path(input).replace_extension(".expected");
  const std::string actual = fmt::format("exit {}\n{}", status, err);
  if (update_requested()) {
    write(expected_file, actual);
    BOOST_TEST_MESSAGE("updated " << expected_file.string());
    return;
  }
  BOOST_TEST(actual == read_or_empty(expected_file));
}

// "rows read R = evaluated E + error rows X" from an eval's standard error.
struct Accounting {
  std::size_t read = 0;
  std::size_t evaluated = 0;
  std::size_t error_rows = 0;
};
std::optional<Accounting> accounting(const std::string& err) {
  static const std::regex pattern(R"(rows read (\d+) = evaluated (\d+) \+ error rows (\d+))");
  std::smatch match;
  if (!std::regex_search(err, match, pattern)) return std::nullopt;
  return Accounting{std::stoul(match[1]), std::stoul(match[2]), std::stoul(match[3])};
}

// Evaluates a data file and checks that every record is accounted for; returns the run.
struct EvalRun {
  int status = 0;
  cli::Output output;
};
EvalRun eval_accounted(const std::string& rules, const std::string& data, bool strict = false) {
  EvalRun run;
  std::vector<std::string> args = {"eval", rules, data};
  if (strict) args.emplace_back("--strict");
  run.status = cli::run(args, run.output);
  if (run.status == cli::kExitErrors && !strict) {
    // The file could not be evaluated at all: one message, no rows.
    BOOST_TEST(run.output.out.empty());
    BOOST_TEST(run.output.err.find(": error: ") != std::string::npos, run.output.err);
    return run;
  }
  const auto counts = accounting(run.output.err);
  BOOST_TEST_REQUIRE(counts.has_value(), "no row accounting in: " << run.output.err);
  BOOST_TEST(counts->read == counts->evaluated + counts->error_rows);
  const runtime::CsvTable input = runtime::read_csv(read_or_empty(data));
  BOOST_TEST(counts->read == input.records.size());
  const runtime::CsvTable written = runtime::read_csv(run.output.out);
  BOOST_TEST(written.records.size() == counts->read);
  std::size_t error_lines = 0;
  for (std::size_t at = run.output.err.find(": error row: "); at != std::string::npos;
       at = run.output.err.find(": error row: ", at + 1)) {
    ++error_lines;
  }
  BOOST_TEST(error_lines == counts->error_rows);
  if (strict) BOOST_TEST(run.status == (counts->error_rows > 0 ? cli::kExitErrors : cli::kExitOk));
  return run;
}

// The rule file a data file is evaluated with: NAME.sk beside NAME.csv, else rules.sk in
// its folder or a parent folder up to tests/.
std::optional<std::string> rules_for(const std::string& data) {
  const fs::path path(data);
  if (fs::exists(fs::path(path).replace_extension(".sk"))) return fs::path(path).replace_extension(".sk").string();
  for (fs::path folder = path.parent_path(); !folder.empty() && folder != "tests"; folder = folder.parent_path()) {
    if (fs::exists(folder / "rules.sk")) return (folder / "rules.sk").string();
  }
  return std::nullopt;
}

std::vector<std::string> every_data_file() {
  auto names = files_under("rules", ".csv");
  const auto tests = files_under("tests", ".csv");
  names.insert(names.end(), tests.begin(), tests.end());
  return names;
}

std::string nested(std::string_view open, std::size_t depth, std::string_view inner, std::string_view close) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += open;
  text += inner;
  for (std::size_t i = 0; i < depth; ++i) text += close;
  return text;
}

constexpr std::string_view kKeyAndScheme =
    "key k {\n  status \"G\"\n  status \"R\"\n}\n"
    "scheme s uses k {\n  gap = relative to target\n  gap >= 0% -> \"G\"\n  otherwise -> \"R\"\n}\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile)

// tests/hostile/rules: `ok_` files must compile; all others must fail with exit 1.
BOOST_DATA_TEST_CASE_F(InRepo, bad_rule_files_get_their_expected_messages,
                       bdata::make(files_under(fs::path(kHostileDir) / "rules", ".sk")), path) {
  cli::Output output;
  const int status = cli::run({"check", path}, output);
  const bool must_pass = fs::path(path).filename().string().starts_with("ok_");
  BOOST_TEST(status == (must_pass ? cli::kExitOk : cli::kExitErrors));
  compare_or_update(path, status, output.err);
}

BOOST_DATA_TEST_CASE_F(InRepo, bad_data_files_get_their_expected_messages,
                       bdata::make(files_under(fs::path(kHostileDir) / "data", ".csv")), path) {
  const bool strict = path.find("/strict/") != std::string::npos;
  const EvalRun run = eval_accounted(std::string(kHostileDir) + "/data/rules.sk", path, strict);
  compare_or_update(path, run.status, run.output.err);
}

BOOST_DATA_TEST_CASE_F(InRepo, every_data_file_has_every_row_accounted_for, bdata::make(every_data_file()), path) {
  const auto rules = rules_for(path);
  if (!rules) {
    BOOST_TEST_MESSAGE("no rule file for " << path << "; not evaluated");
    return;
  }
  (void)eval_accounted(*rules, path);
}

// Inputs that once crashed a fuzz target, through the matching command.
BOOST_FIXTURE_TEST_CASE(kept_fuzz_inputs_do_not_crash, InRepo) {
  const TempDir temp;
  std::size_t count = 0;
  for (const auto& entry : files_under(fs::path(kHostileDir) / "fuzz" / "fuzz_rules", "")) {
    const fs::path rules = temp.path / "input.sk";
    fs::copy_file(entry, rules, fs::copy_options::overwrite_existing);
    cli::Output output;
    const int status = cli::run({"check", rules.string()}, output);
    BOOST_TEST((status == cli::kExitOk || status == cli::kExitErrors), entry);
    ++count;
  }
  for (const auto& entry : files_under(fs::path(kHostileDir) / "fuzz" / "fuzz_csv", "")) {
    for (const char* rules : {"rules/ncc-2013-q2.sk", "rules/nnc-2022-02.sk"}) {
      BOOST_TEST_CONTEXT(entry) { (void)eval_accounted(rules, entry); }
    }
    ++count;
  }
  for (const auto& entry : files_under(fs::path(kHostileDir) / "fuzz" / "fuzz_decimal", "")) {
    const std::string text = read_or_empty(entry);
    (void)runtime::Decimal::parse(text);
    if (const auto period = runtime::Period::parse(text)) {
      BOOST_TEST((runtime::Period::parse(period->to_string()) == period), entry << ": " << period->to_string());
    }
    for (const auto role : {runtime::CellRole::value, runtime::CellRole::target, runtime::CellRole::tolerance}) {
      const runtime::Cell cell = runtime::parse_cell(text, role);
      BOOST_TEST((cell.kind != runtime::CellKind::error || !cell.error.empty()), entry);
    }
    ++count;
  }
  BOOST_TEST_MESSAGE(count << " kept fuzz inputs replayed");
}

// Each limit: just under it is accepted, just over it is refused with a message that
// names the limit, and far over it (10,000 levels, 100 MB) neither crashes nor hangs.
BOOST_FIXTURE_TEST_CASE(rule_file_limits_are_diagnostics, InRepo) {
  struct Row {
    std::string name;
    std::string text;
    bool fails;
    std::string message;  // expected in standard error
  };
  std::string many_indicators(kKeyAndScheme);
  for (std::size_t i = 0; i <= dsl::kMaxIndicators; ++i) many_indicators += fmt::format("indicator i{} {{}}\n", i);
  const std::string band = "  gap > 1% -> \"G\"\n";
  const auto scheme_with = [&](const std::string& condition) {
    return std::string(kKeyAndScheme) + "scheme t uses k {\n  gap = relative to target\n  " + condition +
           " -> \"G\"\n  otherwise -> \"R\"\n}\n";
  };
  const std::vector<Row> rows = {
      {"10,000 nested parentheses", scheme_with(nested("(", 10000, "gap > 1%", ")")), true,
       "condition nested more than 64 deep"},
      {"10,000 nested `not`", scheme_with(nested("not ", 10000, "gap > 1%", "")), true,
       "condition nested more than 64 deep"},
      {"100,000 mixed levels", scheme_with(nested("not (", 50000, "gap > 1%", ")")), true,
       "over the nesting limit"},
      {"64 levels are allowed", scheme_with(nested("(", 64, "gap > 1%", ")")), false, ""},
      {"a string of 1 MB", std::string(kKeyAndScheme) + "council \"" + std::string(1 << 20, 'x') + "\"\n", true,
       "string of 1048576 bytes, over the limit of 4096 bytes"},
      {"a rule file of 17 MB", std::string(kKeyAndScheme) + "#" + std::string(17 << 20, 'x') + "\n", true,
       "over the limit of 16777216 bytes"},
      {"10,001 indicators", many_indicators, true, "more than 10000 indicators in one file"},
      {"a number of 1,000 digits", scheme_with("gap > " + std::string(1000, '9') + "%"), true,
       "more than 30 significant digits"},
  };
  const TempDir temp;
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const fs::path file = temp.path / "limit.sk";
      write(file, row.text);
      cli::Output output;
      const int status = cli::run({"check", file.string()}, output);
      BOOST_TEST(status == (row.fails ? cli::kExitErrors : cli::kExitOk));
      if (row.fails) {
        BOOST_TEST(output.err.find(row.message) != std::string::npos, output.err.substr(0, 2000));
        // One message, not one per level or per byte: at most the offending line echoed once.
        BOOST_TEST(output.err.size() < std::min<std::size_t>(row.text.size(), 1U << 20) + 10000U);
      }
    }
  }
}

// The size of the "100 MB" lines: STATUSKEY_HOSTILE_HUGE_MB overrides it where 100 MB is
// too slow (.ci/sanitize sets 8: still far over the line limit and over a stream window).
std::size_t huge_bytes() {
  const char* value = std::getenv("STATUSKEY_HOSTILE_HUGE_MB");
  const std::size_t megabytes = value != nullptr ? std::strtoul(value, nullptr, 10) : 100U;
  return std::max<std::size_t>(megabytes, 2U) << 20U;
}

BOOST_FIXTURE_TEST_CASE(data_file_limits_make_error_rows, InRepo) {
  const std::string rules = std::string(kHostileDir) + "/data/rules.sk";
  const std::string header = "indicator,period,actual,target,previous\n";
  const TempDir temp;
  const fs::path data = temp.path / "limit.csv";

  // A 100 MB single-line file: its only line is the header.
  write(data, std::string(huge_bytes(), 'x'));
  EvalRun single = eval_accounted(rules, data.string());
  BOOST_TEST(single.status == cli::kExitErrors);
  BOOST_TEST(single.output.err.find("in the header row, the line is longer than 1048576 bytes") != std::string::npos,
             single.output.err);

  // A 100 MB line of commas under a good header: one error row, the next row still read.
  write(data, header + std::string(huge_bytes(), ',') + "\ncalls,2013-14 Q1,80%,80%,\n");
  EvalRun commas = eval_accounted(rules, data.string());
  BOOST_TEST(commas.status == cli::kExitOk);
  BOOST_TEST(commas.output.err.find("rows read 2 = evaluated 1 + error rows 1") != std::string::npos);
  BOOST_TEST(commas.output.err.find(":2:1: error row: the line is longer than 1048576 bytes") != std::string::npos,
             commas.output.err);

  // A field just over the field limit, and one at it (a long section name).
  const std::string at_limit(runtime::kMaxCsvFieldBytes, 'a');
  write(data, "indicator,period,actual,target,section\ncalls,2013-14 Q1,80%,80%," + at_limit + "b\ncalls,2013-14 Q2,80%,80%," +
                  at_limit + "\n");
  EvalRun field = eval_accounted(rules, data.string());
  BOOST_TEST(field.output.err.find(":2:26: error row: field 5 is 65537 bytes, over the limit of 65536 bytes") !=
                 std::string::npos,
             field.output.err.substr(0, 2000));
  BOOST_TEST(field.output.err.find("rows read 2 = evaluated 1 + error rows 1") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
