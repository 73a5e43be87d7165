// `statuskey eval` in windows (--window) gives byte for byte the output of evaluating the
// whole file at once, as CSV and as JSON: rows, error rows and their positions, derived
// `previous` values taken from rows in other windows, overrides and the JSON summary's
// counts, windows without rows, quoted line breaks, CRLF, a BOM, and the fall back to the
// whole file when an indicator and period repeat.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/driver.hpp"

namespace {

namespace fs = std::filesystem;

struct Run {
  int status = 0;
  std::string out;
  std::string err;
};

Run eval(std::vector<std::string> args) {
  cli::Output output;
  Run run;
  run.status = cli::run(args, output);
  run.out = std::move(output.out);
  run.err = std::move(output.err);
  return run;
}

// Shuffled months (so a row's previous period is often in another window), error rows,
// a short row, a blank line, quoted line breaks and quotes, CRLF line ends and a BOM.
constexpr const char* kTricky =
    "\xEF\xBB\xBFindicator,period,actual,target,previous,polarity,note\r\n"
    "X1,2022-03,81%,80%,,higher,\"two\r\nlines\"\r\n"
    "X2,2022-01,12,10,,lower,plain\r\n"
    "\r\n"
    "X1,2022-01,70%,80%,,higher,\"a \"\"quoted\"\" note\"\r\n"
    "X3,2022-02,bad%%,80%,,higher,\r\n"
    "short,row\r\n"
    "X2,2022-03,11,10,n/a,lower,\"three\nline\nnote\"\r\n"
    "X1,2022-02,76%,80%,,higher,\r\n"
    "X2,2022-02,9,10,12,lower,\r\n"
    "X3,2022-01,90%,80%,,sideways,\r\n"
    "X3,2022-03,79%,80%,,higher,last\r\n";

// A lone CR line end, a quote closing just before a comma, a quote inside an unquoted
// field, stray text after a closing quote, doubled quotes before a comma and a line break
// inside the quotes, and a quoted field left open at the end.
constexpr const char* kQuotes =
    "indicator,period,actual,target,previous,polarity,note\n"
    "X1,2022-01,70%,80%,,higher,\"a, b\"\r"
    "X2,2022-01,12,10,,lower,say \"hi\"\n"
    "X1,2022-02,76%,80%,,higher,\"x\"y\n"
    "X2,2022-02,\"9\",10,12,lower,\"\"\"\"\n"
    "X1,2022-03,81%,80%,,higher,\"\"\n"
    "X3,2022-01,90%,80%,,higher,\"say \"\"hi\"\", then\nbye\"\n"
    "X2,2022-03,11,10,,lower,\"open\nto the end\n";

constexpr const char* kRepeated =
    "indicator,period,actual,target,polarity\n"
    "X1,2022-01,81%,80%,higher\n"
    "X1,2022-02,82%,80%,higher\n"
    "X2,2022-01,12,10,lower\n"
    "X1,2022-01,83%,80%,higher\n";

// Status and direction overrides, one row overridden twice, and error rows after an
// override (which the summary still counts), no reason, and no such status.
constexpr const char* kOverrides =
    "indicator,period,actual,target,previous,polarity,status_override,direction_override,override_reason\n"
    "X1,2022-01,70%,80%,,higher,Green,,officer judgement\n"
    "X1,2022-02,76%,80%,,higher,Green,\xE2\x86\x91G,\"both, by hand\"\n"
    "X1,2022-03,81%,80%,,higher,Red,sideways,the direction is not one\n"
    "X2,2022-01,12,10,,lower,Amber,,\n"
    "X2,2022-02,9,10,12,lower,Purple,,no such status\n"
    "X2,2022-03,11,10,,lower,,\xE2\x86\x91,direction only\n"
    "X3,2022-01,90%,80%,,higher,,,\n";

// Runs of blank lines, so that many windows hold no row at all between windows that do.
const std::string kSparse = std::string("indicator,period,actual,target,previous,polarity\n") +
                            "X1,2022-01,70%,80%,,higher\n" + std::string(300, '\n') +
                            "X1,2022-02,76%,80%,,higher\n" + std::string(300, '\n') +
                            "X2,2022-01,12,10,,lower\n" + std::string(150, '\n');

// Every row an error row.
constexpr const char* kAllErrors =
    "indicator,period,actual,target,previous,polarity\n"
    "X1,not a period,70%,80%,,higher\n"
    "short,row\n"
    "X2,2022-01,twelve,10,,lower\n"
    "X3,2022-13,1,2,,higher\n";

// A header and no rows (longer than the smallest windows, so that it is streamed).
constexpr const char* kNoRows =
    "indicator,period,actual,target,previous,polarity,title,section,unit,tolerance,scheme,note\n\n\n";

struct Case {
  const char* name;
  const char* rules;
  const char* data;     // a file in the repository, or empty to write `text`
  const char* text;
};

const std::vector<Case> kCases = {
    {"nnc", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", ""},
    {"ncc", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", ""},
    {"tricky", "rules/nnc-2022-02.sk", "", kTricky},
    {"quotes", "rules/nnc-2022-02.sk", "", kQuotes},
    {"repeated", "rules/nnc-2022-02.sk", "", kRepeated},
    {"overrides", "rules/nnc-2022-02.sk", "", kOverrides},
    {"sparse", "rules/nnc-2022-02.sk", "", kSparse.c_str()},
    {"all errors", "rules/nnc-2022-02.sk", "", kAllErrors},
    {"no rows", "rules/nnc-2022-02.sk", "", kNoRows},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(stream)

BOOST_AUTO_TEST_CASE(windows_give_the_whole_file_output) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  for (const auto& test : kCases) {
    std::string data = test.data;
    if (data.empty()) {
      data = (fs::temp_directory_path() / (std::string("statuskey-stream-") + test.name + ".csv")).string();
      std::ofstream(data, std::ios::binary) << test.text;
    }
    for (const std::string format : {"csv", "json"}) {
      const Run whole = eval({"eval", test.rules, data, "--format", format});
      BOOST_TEST_CONTEXT(test.name << ", --format " << format) {
        BOOST_TEST(!whole.out.empty());
        // Every window size up to a few records, so that windows are cut at every place.
        std::vector<std::string> windows = {"500", "4096"};
        for (int size = 64; size <= 200; ++size) windows.push_back(std::to_string(size));
        for (const auto& window : windows) {
          BOOST_TEST_CONTEXT("--window " << window) {
            const Run windowed = eval({"eval", test.rules, data, "--format", format, "--window", window});
            BOOST_TEST(windowed.status == whole.status);
            BOOST_TEST(windowed.out == whole.out);
            BOOST_TEST(windowed.err == whole.err);
          }
        }
      }
    }
  }
}

// JSON without rows is still a document: the rows' brackets, then the summary, all zero.
BOOST_AUTO_TEST_CASE(json_without_rows_closes_its_rows_and_counts_nothing) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  const std::string data = (fs::temp_directory_path() / "statuskey-stream-json-no-rows.csv").string();
  std::ofstream(data, std::ios::binary) << kNoRows;
  const Run run = eval({"eval", "rules/nnc-2022-02.sk", data, "--format", "json", "--window", "64"});
  BOOST_TEST(run.status == cli::kExitOk);
  const std::string closing =
      "  \"rows\": [\n  ],\n  \"summary\": {\n    \"rows\": 0,\n    \"evaluated\": 0,\n    \"error_rows\": 0,\n"
      "    \"overrides\": 0,\n    \"statuses\": {}\n  }\n}\n";
  BOOST_TEST(run.out.size() >= closing.size());
  BOOST_TEST(run.out.substr(run.out.size() - std::min(run.out.size(), closing.size())) == closing);
}

BOOST_AUTO_TEST_CASE(a_window_that_is_not_a_size_is_a_usage_error) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  const Run run = eval({"eval", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "--window", "12"});
  BOOST_TEST(run.status == cli::kExitUsage);
  BOOST_TEST(run.err.find("--window 12") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
