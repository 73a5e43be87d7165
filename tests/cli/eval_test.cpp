// `statuskey eval` on small data files: exact boundaries, undeclared indicators with
// their own columns, overrides, and bad cells becoming error rows.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "runtime/csv.hpp"

namespace {

namespace fs = std::filesystem;

struct Row {
  const char* data_row;   // the CSV row under kHeader
  const char* status;     // expected status ("" for an error row)
  const char* direction;  // expected direction
  const char* error;      // expected substring of the error ("" when none)
};

constexpr const char* kHeader =
    "indicator,period,actual,target,previous,polarity,tolerance,scheme,status_override,override_reason\n";

// The NNC rule file: corporate 5% tolerance (default scheme) and the Children's Trust scheme.
const std::vector<Row> kNncRows = {
    // Declared indicators: the brief's exact boundaries.
    {"T11,2022-02,80.75%,85%,,,,,,", "Amber", "", ""},   // exactly 5% under 85%: within tolerance
    {"T11,2022-02,80.74%,85%,,,,,,", "Red", "", ""},
    {"T11,2022-02,85%,,88.10%,,,,,", "Green", "↓", ""},
    // Undeclared indicators use their own columns, under the default scheme...
    {"X1,2022-02,76%,80%,,higher,,,,", "Amber", "", ""},  // exactly 5% under 80%
    {"X2,2022-02,75.99%,80%,,higher,,,,", "Red", "", ""},
    {"X3,2022-02,12,10,,lower,,,,", "Red", "", ""},
    {"X4,2022-02,5,No target,4,none,,,,", "Turquoise", "⇧", ""},
    // ... or the scheme the row names.
    {"X5,2022-02,80%,85%,,higher,75% - 95%,childrens_trust,,", "Amber", "", ""},
    {"X6,2022-02,74%,85%,,higher,75% - 95%,childrens_trust,,", "Red", "", ""},
    // Overrides.
    {"T11,2022-02,70%,85%,,,,,Green,agreed by the board", "Green", "", ""},
    {"T11,2022-02,70%,85%,,,,,Green,", "", "", "override_reason"},
    {"T11,2022-02,70%,85%,,,,,Purple,why", "", "", "not a status"},
    // Disagreement with the declaration, and bad cells.
    {"T11,2022-02,70%,90%,,,,,,", "", "", "disagrees"},
    {"T11,2022-02,70%,85%,,lower,,,,", "", "", "polarity"},
    {"T11,2022-02,5%%,85%,,,,,,", "", "", "percent"},
    {"T11,2022-02,1e400,85%,,,,,,", "", "", "actual"},
    {"T11,Febtember,70%,85%,,,,,,", "", "", "not a period"},
    {"T11,2022-02,n/a,85%,,,,,,", "Dark Grey", "", ""},
    {"X7,2022-02,5,10,,,,nosuch,,", "", "", "no scheme"},
};

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(eval)

BOOST_FIXTURE_TEST_CASE(rows_are_decided_exactly_or_become_error_rows, InRepo) {
  // One file per row so that derived previous values do not leak between cases.
  const fs::path directory = fs::temp_directory_path() / "statuskey-eval-test";
  fs::create_directories(directory);
  for (std::size_t i = 0; i < kNncRows.size(); ++i) {
    const Row& row = kNncRows[i];
    BOOST_TEST_CONTEXT(row.data_row) {
      const fs::path data = directory / ("row" + std::to_string(i) + ".csv");
      std::ofstream(data) << kHeader << row.data_row << "\n";
      cli::Output output;
      BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02.sk", data.string()}, output) == cli::kExitOk);
      const auto table = runtime::read_csv(output.out);
      BOOST_REQUIRE(table.records.size() == 1U);
      std::map<std::string, std::string> cells;
      for (std::size_t c = 0; c < table.header.size(); ++c) cells[table.header[c]] = table.records[0].fields.at(c);
      BOOST_TEST(cells["status"] == row.status);
      BOOST_TEST(cells["direction"] == row.direction);
      if (row.error[0] == '\0') {
        BOOST_TEST(cells["error"].empty(), cells["error"]);
        BOOST_TEST(!cells["rule"].empty());
        BOOST_TEST(!cells["explanation"].empty());
      } else {
        BOOST_TEST(cells["error"].find(row.error) != std::string::npos, cells["error"]);
      }
    }
  }
  fs::remove_all(directory);
}

BOOST_FIXTURE_TEST_CASE(strict_turns_error_rows_into_a_failure, InRepo) {
  const fs::path data = fs::temp_directory_path() / "statuskey-strict.csv";
  std::ofstream(data) << kHeader << "T11,2022-02,oops,85%,,,,,,\nT11,2022-01,80%,85%,,,,,,\n";
  cli::Output lenient;
  BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02.sk", data.string()}, lenient) == cli::kExitOk);
  BOOST_TEST(lenient.err.find("rows read 2 = evaluated 1 + error rows 1") != std::string::npos, lenient.err);
  cli::Output strict;
  BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02.sk", data.string(), "--strict"}, strict) == cli::kExitErrors);
  fs::remove(data);
}

BOOST_FIXTURE_TEST_CASE(usage_errors_exit_two, InRepo) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"eval", "rules/nnc-2022-02.sk"},
      {"eval", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "--format", "xml"},
      {"eval", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "--bogus"},
      {"check"},
      {"check", "no/such/file.sk"},
  };
  for (const auto& args : cases) {
    cli::Output output;
    BOOST_TEST(cli::run(args, output) == cli::kExitUsage);
    BOOST_TEST(!output.err.empty());
  }
}

BOOST_FIXTURE_TEST_CASE(json_output_carries_the_fingerprint, InRepo) {
  cli::Output check;
  BOOST_TEST(cli::run({"check", "--fingerprint", "rules/ncc-2013-q2.sk"}, check) == cli::kExitOk);
  const std::string fingerprint = check.out.substr(0, check.out.size() - 1);
  BOOST_TEST(fingerprint.size() == 7U + 64U);
  cli::Output json;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--format", "json"}, json) ==
             cli::kExitOk);
  BOOST_TEST(json.out.find("\"fingerprint\": \"" + fingerprint + "\"") != std::string::npos);
  BOOST_TEST(json.out.find("\"error_rows\": 0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
