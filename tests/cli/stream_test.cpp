// `statuskey eval` in windows (--window) gives byte for byte the output of evaluating the
// whole file at once, as CSV and as JSON: rows, error rows and their positions, derived
// `previous` values taken from rows in other windows, overrides and the JSON summary's
// counts, windows without rows, quoted line breaks, CRLF, a BOM, and the fall back to the
// whole file when an indicator and period repeat. The first pass's scanner
// (runtime::CsvScanner) finds the records DataWindows::records reads.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "cli/data_windows.hpp"
#include "cli/driver.hpp"
#include "runtime/batch.hpp"
#include "runtime/csv.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/writers.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

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

// Bytes read_csv treats apart: a NUL, invalid and valid UTF-8, quoted cells read in
// place, a CR inside quotes, blank lines ended by lone CRs, and no final line end.
const std::string kBytes =
    "indicator,period,actual,target,previous,polarity,note\n"
    "\"X1\",\"2022-01\",\"70%\",80%,,higher,\"a, b\"\n"
    "X2,2022-01,12,10,,lower,caf\xC3\xA9\n"
    "X1,2022-02,76%,80%,,higher,bad \xFF byte\n"
    "X2,2022-02,9,10,,lower,\"cr\rinside\"\r\r\r"
    "X1,2022-03,81%,80%,,higher,nul \0 byte\n"
    "X\xC3\xA9,2022-01,5,10,,lower,\n"
    "X\xC3\xA9,2022-02,6,10,,lower,\n"
    "X3,2022-01,90%,80%,,higher,\"\"\n"
    "X3,2022-02,91%,80%,,higher,\"x\"\"y\"\r\n"
    "X2,2022-03,11,10,,lower,end"s;

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
  std::string text;
};

const std::vector<Case> kCases = {
    {"nnc", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", ""},
    {"ncc", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", ""},
    // `columns` maps the council's own headers: the passes begun before the rules were
    // loaded read the header otherwise, and are done again.
    {"export", "rules/nnc-2022-02-export.sk", "rules/nnc-2022-02-export.csv", ""},
    // Statuses set by hand (`manual`), with their reasons.
    {"manual", "rules/examples/manual.sk", "rules/examples/manual.csv", ""},
    {"tricky", "rules/nnc-2022-02.sk", "", kTricky},
    {"quotes", "rules/nnc-2022-02.sk", "", kQuotes},
    {"repeated", "rules/nnc-2022-02.sk", "", kRepeated},
    {"bytes", "rules/nnc-2022-02.sk", "", kBytes},
    {"overrides", "rules/nnc-2022-02.sk", "", kOverrides},
    {"sparse", "rules/nnc-2022-02.sk", "", kSparse},
    {"all errors", "rules/nnc-2022-02.sk", "", kAllErrors},
    {"no rows", "rules/nnc-2022-02.sk", "", kNoRows},
};

// `size` bytes of fields of up to 60,000 'a's separated by commas.
std::string line_of(std::size_t size) {
  std::string line;
  while (line.size() < size) {
    if (!line.empty()) line.push_back(',');
    line.append(std::min<std::size_t>(60000, size - line.size()), 'a');
  }
  return line;
}

struct ScanCase {
  const char* name;
  std::string text;   // a window's text after the header
  const char* plain;  // per record: 'p' when read in place, '-' when read by read_csv_record
};

const std::vector<ScanCase> kScanCases = {
    {"unquoted", "X1,2022-01,70%\nX2,2022-02,12\n", "pp"},
    {"quoted", "\"X1\",\"2022-01\",\"4,698\"\n\"a,\",b\n", "pp"},
    {"empty quoted", "X1,\"\",c\n\"\"\n", "pp"},
    {"doubled quotes", "X1,\"a \"\"b\"\"\",c\n\"\"\"\"\nX2,d\n", "--p"},
    {"text after a closing quote", "X1,\"x\"y,c\nX2,\"x\" ,c\n", "--"},
    {"quote inside an unquoted field", "X1,say \"hi\",c\nX2,a\"\n", "pp"},
    {"CRLF", "a,b\r\nc,d\r\n", "pp"},
    {"lone CR", "a,b\rc,d\r\r\ne,f", "ppp"},
    {"blank lines", "\n\r\n\ra,b\n\n\nc,d\n\r\r\n", "pp"},
    {"only blank lines", "\n\r\n\r", ""},
    {"LF inside quotes", "a,\"two\nlines\"\nb,c\n", "pp"},
    {"CR inside quotes", "a,\"two\rlines\"\r\nb,\"x\r\ny\"\rc,\"\r\"\nd,\"\r\r\"\re", "ppppp"},
    {"quote closing before a line end", "a,\"b\"\rc,\"d\"\r\ne,\"f\"\ng,\"h\"", "pppp"},
    {"valid UTF-8 and a BOM", "caf\xC3\xA9,\xC2\xA3\n\xEF\xBB\xBFx,\"\xE2\x80\x94\"\n", "pp"},
    {"invalid UTF-8", "a,\xFF\nb,c\nd,\"\xC3\"\ne,\xED\xA0\x80\n", "-p--"},
    {"NUL", "a,b\0c\nd,e\n\"\0\",f\n"s, "-p-"},
    {"unterminated", "a,b\nc,\"open\nto the end\n", "p-"},
    {"unterminated after a doubled quote", "a,\"x\"\"", "-"},
    {"unterminated quote alone", "a,b\n\"", "p-"},
    {"short and empty records", ",,\n,\nx\n", "ppp"},
    {"field at the limit", std::string(runtime::kMaxCsvFieldBytes, 'a') + ",b\n", "p"},
    {"field over the limit", std::string(runtime::kMaxCsvFieldBytes + 1, 'a') + ",b\nc,d\n", "-p"},
    {"quoted field over the limit", "\"" + std::string(runtime::kMaxCsvFieldBytes + 1, 'a') + "\"\nc\n", "-p"},
    {"line at the limit", line_of(runtime::kMaxCsvLineBytes) + "\r\n" + line_of(10) + "\n", "pp"},
    {"line over the limit", line_of(runtime::kMaxCsvLineBytes + 1) + "\nb\n", "-p"},
    {"quoted line over the limit", "\"" + line_of(runtime::kMaxCsvLineBytes - 1) + "\"\nb", "-p"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(stream)

// `rules` on `data` in windows of every size up to a few records gives what the whole
// file gives, as CSV and as JSON.
void check_windows(const std::string& name, const std::string& rules, const std::string& data) {
  for (const std::string format : {"csv", "json"}) {
    const Run whole = eval({"eval", rules, data, "--format", format});
    BOOST_TEST_CONTEXT(name << ", --format " << format) {
      BOOST_TEST(!whole.out.empty());
      // Every window size up to a few records, so that windows are cut at every place.
      std::vector<std::string> windows = {"500", "4096"};
      for (int size = 64; size <= 200; ++size) windows.push_back(std::to_string(size));
      for (const auto& window : windows) {
        BOOST_TEST_CONTEXT("--window " << window) {
          const Run windowed = eval({"eval", rules, data, "--format", format, "--window", window});
          BOOST_TEST(windowed.status == whole.status);
          BOOST_TEST(windowed.out == whole.out);
          BOOST_TEST(windowed.err == whole.err);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(windows_give_the_whole_file_output) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  for (const auto& test : kCases) {
    std::string data = test.data;
    if (data.empty()) {
      data = (fs::temp_directory_path() / (std::string("statuskey-stream-") + test.name + ".csv")).string();
      std::ofstream(data, std::ios::binary) << test.text;
    }
    check_windows(test.name, test.rules, data);
  }
}

// The first passes begin before the rules are loaded, reading the header by statuskey's
// own names. Here the rules' `columns` read another column as the indicator (the one
// named `indicator` is a title): keys, repeats and derived `previous` values must come
// from the rules' mapping, so the passes are done again.
BOOST_AUTO_TEST_CASE(rules_that_map_the_header_otherwise_read_the_file_again) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  const fs::path dir = fs::temp_directory_path();
  const std::string rules = (dir / "statuskey-stream-remapped.sk").string();
  std::ofstream(rules, std::ios::binary) << R"(council "Remapped"
columns {
  "indicator" -> title
  "code"      -> indicator
}
key rag "RAG" {
  status "Green"          colour #00703C symbol "G" means "on target or better"
  status "Red"            colour #D4351C symbol "R" means "behind target"
  status "No data"        colour #505A5F symbol "?" means "no actual reported"
  status "Trend"          colour #B1B4B6 symbol "T" means "no target"
  status "Not assessable" colour #6F777B symbol "x" means "the key cannot judge these figures"
}
key travel "Direction of travel" {
  status "Up"   colour #00703C symbol "U" means "higher than before"
  status "Same" colour #505A5F symbol "S" means "as before"
  status "Down" colour #D4351C symbol "D" means "lower than before"
  status "N/A"  colour #B1B4B6 symbol "-" means "no previous value"
}
direction moves uses travel {
  no actual or no previous or measure changed -> "N/A"
  cannot evaluate -> "N/A"
  change = difference from previous
  change > 0  -> "Up"
  change = 0  -> "Same"
  change < 0  -> "Down"
}
scheme plain uses rag default {
  direction moves
  no actual              -> "No data"
  no target or baseline  -> "Trend"
  cannot evaluate        -> "Not assessable"
  gap = difference from target
  gap >= 0               -> "Green"
  gap < 0                -> "Red"
}
)";
  // Each row's `indicator` cell is its own, so by statuskey's names no row has a row for
  // the month before; by the rules' no X1 row but the first lacks one.
  std::string text = "indicator,code,period,actual,target,polarity\n";
  for (int month = 1; month <= 12; ++month) {
    for (const char* code : {"X1", "X2"}) {
      text += fmt::format("title {} {},{},2022-{:02},{},50,higher\n", code, month, code, month, 40 + month * 3 % 17);
    }
  }
  const std::string data = (dir / "statuskey-stream-remapped.csv").string();
  std::ofstream(data, std::ios::binary) << text;
  check_windows("remapped", rules, data);
}

// Rows written straight to CSV (runtime::CsvDirect) quote what append_csv_row quotes:
// labels, symbols and a direction with commas, quotes and a line break, a rule file
// whose name has a comma (so every `rule` cell is quoted), an indicator and a section
// that need quotes, and rows without a target or actual.
BOOST_AUTO_TEST_CASE(rows_written_straight_to_csv_are_quoted_as_any_other) {
  fs::current_path(STATUSKEY_SOURCE_DIR);
  const fs::path dir = fs::temp_directory_path();
  const std::string rules = (dir / "statuskey-stream-quoted, labels.sk").string();
  std::ofstream(rules, std::ios::binary) << R"(council "Quoted"
key rag "RAG" {
  status "Green, on track" colour #00703C symbol "\"G\"" means "on target or better"
  status "Red"             colour #D4351C symbol "R,1" means "behind target"
  status "No data"         colour #505A5F symbol "line\nbreak" means "no actual reported"
  status "Trend"           colour #B1B4B6 symbol "T" means "no target"
  status "Not assessable"  colour #6F777B symbol "x" means "the key cannot judge these figures"
}
key travel "Direction of travel" {
  status "Up, \"better\"" colour #00703C symbol "U" means "higher than before"
  status "Same"           colour #505A5F symbol "S" means "as before"
  status "Down"           colour #D4351C symbol "D" means "lower than before"
  status "N/A"            colour #B1B4B6 symbol "-" means "no previous value"
}
direction moves uses travel {
  no actual or no previous or measure changed -> "N/A"
  cannot evaluate -> "N/A"
  change = difference from previous
  change > 0  -> "Up, \"better\""
  change = 0  -> "Same"
  change < 0  -> "Down"
}
scheme plain uses rag default {
  direction moves
  no actual              -> "No data"
  no target or baseline  -> "Trend"
  cannot evaluate        -> "Not assessable"
  gap = difference from target
  gap >= 0               -> "Green, on track"
  gap < 0                -> "Red"
}
indicator X1 "Declared" {
  section "Adults, \"older\""
  unit percent  polarity higher
  target 80%
}
)";
  std::string text = "indicator,period,actual,target,previous,polarity,section\n";
  for (int month = 1; month <= 6; ++month) {
    text += fmt::format("X1,2022-{:02},{}%,,,,\n", month, 70 + month * 7 % 20);
    text += fmt::format("\"Y, 2\",2022-{:02},{},10,,lower,\"North, \"\"east\"\"\"\n", month, 8 + month % 4);
    text += fmt::format("Z,2022-{:02},{},{},,higher,\n", month, month % 3 == 0 ? "" : "5", month % 2 == 0 ? "" : "4");
  }
  const std::string data = (dir / "statuskey-stream-quoted.csv").string();
  std::ofstream(data, std::ios::binary) << text;
  check_windows("quoted labels", rules, data);
}

// Rows written straight to CSV (runtime::CsvDirect) cite their rules from texts made once
// per evaluation (by file and line) and write their figures as the general path does: the
// same rows as evaluate() and write_csv give. Rules in two files whose lines overlap, and
// thirteen rules cited in turn.
BOOST_AUTO_TEST_CASE(rows_written_straight_cite_as_explanations_do) {
  const fs::path dir = fs::temp_directory_path() / "statuskey-stream-citations";
  fs::create_directories(dir);
  // The bands are on lines 20 to 27, as the direction's rules are in main.sk.
  std::ofstream(dir / "bands.sk", std::ios::binary) << std::string(12, '\n') << R"(# bands shared by the main file
scheme banded uses rag default {
  direction moves
  no actual              -> "No data"
  no target or baseline  -> "Trend"
  cannot evaluate        -> "Not assessable"
  gap = relative to target
  gap >= 20%             -> "Green"
  gap in [10%, 20%)      -> "Red"
  gap in [5%, 10%)       -> "Green"
  gap in [0%, 5%)        -> "Red"
  gap in [-5%, 0%)       -> "Green"
  gap in [-10%, -5%)     -> "Red"
  gap in [-20%, -10%)    -> "Green"
  gap < -20%             -> "Red"
}
)";
  const std::string rules = (dir / "main.sk").string();
  std::ofstream(rules, std::ios::binary) << R"(import "bands.sk"
council "Cited"
key rag "RAG" {
  status "Green"          colour #00703C symbol "G" means "on target or better"
  status "Red"            colour #D4351C symbol "R" means "behind target"
  status "No data"        colour #505A5F symbol "?" means "no actual reported"
  status "Trend"          colour #B1B4B6 symbol "T" means "no target"
  status "Not assessable" colour #6F777B symbol "x" means "the key cannot judge these figures"
}
key travel "Direction of travel" {
  status "Up"   colour #00703C symbol "U" means "higher than before"
  status "Same" colour #505A5F symbol "S" means "as before"
  status "Down" colour #D4351C symbol "D" means "lower than before"
  status "N/A"  colour #B1B4B6 symbol "-" means "no previous value"
}
direction moves uses travel {
  no actual or no previous or measure changed -> "N/A"
  cannot evaluate -> "N/A"
  change = difference from previous
  change > 5  -> "Up"
  change > 0  -> "Up"
  change = 0  -> "Same"
  change < -5 -> "Down"
  change < 0  -> "Down"
}
)";
  std::string text = "indicator,period,actual,target,previous,polarity\n";
  for (int row = 0; row < 60; ++row) {
    const bool percent = row % 2 == 0;
    text += fmt::format("K{},2022-{:02},{}{},{}{},{},{}\n", row % 7, row % 12 + 1, 50 + row * 37 % 60,
                        percent ? "%" : "", 80, percent ? "%" : "", row % 5 == 0 ? "" : std::to_string(40 + row * 13 % 90),
                        row % 3 == 0 ? "lower" : "higher");
  }
  const std::string data = (dir / "data.csv").string();
  std::ofstream(data, std::ios::binary) << text;

  cli::Output output;
  cli::RuleSet loaded = cli::load_rules({rules}, output);
  BOOST_TEST_REQUIRE(loaded.program.has_value(), output.err);
  const runtime::Program& program = *loaded.program;
  BOOST_TEST_REQUIRE(program.files.size() == 2U);
  const runtime::DataTable table = runtime::read_data(data, text, program.columns);
  const runtime::OutputInfo info{"sha256:test", "test", "Cited"};
  const std::string expected = runtime::write_csv(runtime::evaluate(program, table), info);

  std::string direct = runtime::csv_header();
  std::size_t straight = table.csv.records.size();
  const runtime::RowCallback each = [&](const runtime::RowResult& row) {
    --straight;
    runtime::append_csv_row(direct, row, info);
  };
  runtime::DecisionBatch batch(program);
  (void)runtime::evaluate(program, table, batch, each, runtime::CsvDirect{&direct, &info, 0});
  BOOST_TEST(straight > 50U);  // most rows are written straight
  BOOST_TEST(direct == expected);
  // Every band's rule is cited, from both files.
  for (int line = 20; line <= 27; ++line) {
    BOOST_TEST(expected.find(fmt::format("bands.sk:{})", line)) != std::string::npos, "bands.sk:" << line);
  }
  for (const int line : {17, 20, 21, 23, 24}) {
    BOOST_TEST(expected.find(fmt::format("main.sk:{})", line)) != std::string::npos, "main.sk:" << line);
  }
}

// Every record the scanner finds is the record the byte-by-byte reader reads (line,
// fields, error), whether read in place or by read_csv_record; and the simple ones are in
// place.
BOOST_AUTO_TEST_CASE(the_scanner_finds_read_csvs_records) {
  constexpr std::size_t kFirstLine = 7;
  for (const auto& test : kScanCases) {
    BOOST_TEST_CONTEXT(test.name) {
      // What the byte-by-byte reader reads after a stand-in header line, moved to the
      // window's lines (read_csv and DataWindows::records are built on the scanner).
      runtime::CsvTable expected = runtime::read_csv_in_full("-\n" + test.text);
      for (auto& record : expected.records) record.line += kFirstLine - 2;
      BOOST_TEST(cli::DataWindows::records(test.text, false, kFirstLine).records.size() == expected.records.size());
      runtime::CsvScanner scanner(test.text, kFirstLine);
      runtime::CsvSpan span;
      std::vector<std::string_view> fields;
      std::string plain;
      std::size_t index = 0;
      for (; scanner.next(span, fields); ++index) {
        plain.push_back(span.plain ? 'p' : '-');
        BOOST_TEST_CONTEXT("record " << index + 1) {
          BOOST_TEST_REQUIRE(index < expected.records.size());
          const runtime::CsvRecord& want = expected.records[index];
          BOOST_TEST(span.line == want.line);
          BOOST_TEST(span.begin <= span.end);
          BOOST_TEST(span.end <= test.text.size());
          const runtime::CsvRecord got =
              span.plain ? runtime::plain_csv_record(span, fields)
                         : runtime::read_csv_record(std::string_view(test.text).substr(span.begin, span.end - span.begin),
                                                    span.line);
          BOOST_TEST(got.line == want.line);
          BOOST_TEST(got.fields == want.fields, boost::test_tools::per_element());
          BOOST_TEST(got.error == want.error);
          BOOST_TEST(got.error_field == want.error_field);
        }
      }
      BOOST_TEST(index == expected.records.size());
      BOOST_TEST(plain == test.plain);
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
