// `statuskey report` and `eval --format html`: the performance report page. Its summary
// counts against the evaluated rows of the bundled data sets, a status cell's symbol and
// label, the page's structure (self-contained, accessible), and escaping of every string
// from rule files and data. tests/browser/run checks the same pages in Chromium.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/driver.hpp"
#include "runtime/csv.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

std::string report_of(const std::vector<std::string>& args) {
  cli::Output output;
  const int code = cli::run(args, output);
  BOOST_TEST_REQUIRE(code == cli::kExitOk, output.err);
  return output.out;
}

std::vector<std::smatch> all_matches(const std::string& text, const std::regex& pattern) {
  return {std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()};
}

// The first capture of every match.
std::vector<std::string> captures(const std::string& text, const std::regex& pattern) {
  std::vector<std::string> found;
  for (const auto& match : all_matches(text, pattern)) found.push_back(match[1].str());
  return found;
}

// The indicator rows of a report: indicator -> (period, status); status is empty on error rows.
struct ShownRow {
  std::string period;
  std::string status;
};
std::map<std::string, ShownRow> shown_rows(const std::string& page) {
  static const std::regex row(
      R"re(<tr class="indicator" id="[^"]*" data-indicator="([^"]*)" data-period="([^"]*)">.*?<td class="status[^"]*" data-label="Status" data-status="([^"]*)")re");
  std::map<std::string, ShownRow> rows;
  for (const auto& match : all_matches(page, row)) rows[match[1].str()] = {match[2].str(), match[3].str()};
  return rows;
}

// status -> count from `<span class="count" data-status="X" data-count="N">` within `html`.
std::map<std::string, std::size_t> counts_in(const std::string& html) {
  static const std::regex count(R"re(<span class="count" data-status="([^"]*)" data-count="([0-9]+)">)re");
  std::map<std::string, std::size_t> counts;
  for (const auto& match : all_matches(html, count)) counts[match[1].str()] = std::stoul(match[2].str());
  return counts;
}

std::string between(const std::string& text, const std::string& start, const std::string& end) {
  const auto from = text.find(start);
  BOOST_TEST_REQUIRE(from != std::string::npos, start);
  const auto to = text.find(end, from);
  BOOST_TEST_REQUIRE(to != std::string::npos, end);
  return text.substr(from, to - from);
}

struct DataSet {
  std::string rules;
  std::string data;
  // The reporting periods and how many indicators are judged on each (NNC's public health
  // figures are a month in arrears; some NCC figures are annual or lag a quarter).
  std::map<std::string, std::size_t> judged_on;
};

std::ostream& operator<<(std::ostream& stream, const DataSet& set) { return stream << set.data; }

const std::vector<DataSet> kDataSets = {
    {"rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", {{"2022-02", 61}, {"2022-01", 6}}},
    {"rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", {{"2013-14 Q2", 37}, {"2013-14", 7}, {"2013-14 Q1", 5}}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

// The summary counts are the evaluated rows': each indicator's row in the report has the
// status `eval` gives that (indicator, period), the headline and the section counts tally
// those rows, and the all-rows counts equal `eval`'s.
BOOST_DATA_TEST_CASE_F(InRepo, summary_counts_equal_the_evaluated_rows, bdata::make(kDataSets), set) {
  const std::string page = report_of({"report", set.rules, set.data});
  const std::string csv_text = report_of({"eval", set.rules, set.data});
  const runtime::CsvTable csv = runtime::read_csv(csv_text);
  BOOST_TEST_REQUIRE(csv.error.empty());
  const auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < csv.header.size(); ++i) {
      if (csv.header[i] == name) return i;
    }
    BOOST_FAIL("no column " << name);
    return std::size_t{0};
  };
  const std::size_t indicator = column("indicator");
  const std::size_t period = column("period");
  const std::size_t status = column("status");
  std::map<std::pair<std::string, std::string>, std::string> evaluated;
  std::map<std::string, std::size_t> all_rows;
  std::set<std::string> indicators;
  for (const auto& record : csv.records) {
    evaluated[{record.fields[indicator], record.fields[period]}] = record.fields[status];
    indicators.insert(record.fields[indicator]);
    ++all_rows[record.fields[status]];
  }

  const auto shown = shown_rows(page);
  BOOST_TEST(shown.size() == indicators.size());
  std::map<std::string, std::size_t> tally;
  std::map<std::string, std::size_t> periods;
  for (const auto& [id, row] : shown) {
    const auto found = evaluated.find({id, row.period});
    BOOST_TEST_REQUIRE((found != evaluated.end()), id << " " << row.period);
    BOOST_TEST(found->second == row.status, id << " " << row.period);
    ++tally[row.status];
    ++periods[row.period];
  }
  BOOST_TEST(periods == set.judged_on);

  const std::string headline = between(page, "<p class=\"headline\"", "</p>");
  BOOST_TEST(headline.find(fmt::format("data-indicators=\"{}\"", indicators.size())) != std::string::npos);
  BOOST_TEST(counts_in(headline) == tally);

  // Each section's counts tally its own rows.
  std::size_t section_total = 0;
  for (const auto& match : all_matches(page, std::regex(R"re(<tr data-section="[^"]*">(.*?)</tr>)re"))) {
    for (const auto& [label, count] : counts_in(match[1].str())) section_total += count;
  }
  BOOST_TEST(section_total == indicators.size());

  const std::string every_row = between(page, "<p class=\"all-rows\"", "</p>");
  BOOST_TEST(every_row.find(fmt::format("data-rows=\"{}\"", csv.records.size())) != std::string::npos);
  BOOST_TEST(counts_in(every_row) == all_rows);
}

// Every status cell shows the status's symbol and its label, never the colour alone, and
// its text colour reaches 4.5:1 against the background.
BOOST_DATA_TEST_CASE_F(InRepo, status_cells_show_symbol_and_label, bdata::make(kDataSets), set) {
  const std::string page = report_of({"report", set.rules, set.data});
  static const std::regex cell(R"re(<td class="status[^"]*" data-label="Status" data-status="([^"]*)"([^>]*)>(.*?)</td>)re");
  static const std::regex label(R"re(<span class="label">([^<]+)</span>)re");
  static const std::regex symbol(R"re(<span class="symbol" aria-hidden="true">([^<]+)</span>)re");
  static const std::regex contrast(R"re(data-contrast="([0-9.]+)")re");
  const auto cells = all_matches(page, cell);
  BOOST_TEST(cells.size() == shown_rows(page).size());
  for (const auto& match : cells) {
    const std::string content = match[3].str();
    std::smatch found;
    BOOST_TEST_REQUIRE(std::regex_search(content, found, label), content);
    BOOST_TEST((match[1].str().empty() ? found[1].str() == "Error row" : found[1].str() == match[1].str()));
    BOOST_TEST(std::regex_search(content, found, symbol), content);
    const std::string attributes = match[2].str();
    BOOST_TEST_REQUIRE(std::regex_search(attributes, found, contrast), attributes);
    BOOST_TEST(std::stod(found[1].str()) >= 4.5, attributes);
  }
}

// The page's landmarks in order, and nothing that would fetch or run anything.
BOOST_DATA_TEST_CASE_F(InRepo, page_structure, bdata::make(kDataSets), set) {
  const std::string page = report_of({"report", set.rules, set.data});
  const std::vector<std::string> landmarks = {
      "<!DOCTYPE html>",
      "<html lang=\"en-GB\">",
      "<meta charset=\"utf-8\">",
      "<meta name=\"viewport\"",
      "<title>",
      "<style>",
      "@media print",
      "size: A4 landscape",
      "@media (max-width: 40em)",
      "<header class=\"masthead\">",
      "<h1>",
      "<code class=\"fingerprint\">sha256:",
      "<section class=\"summary\"",
      "<p class=\"headline\"",
      "<table class=\"sections\">",
      "<caption>",
      "<section class=\"section\" id=\"section-1\"",
      "<table class=\"indicators\">",
      "<th scope=\"col\">Status</th>",
      "<svg class=\"chart chart-spark\" role=\"img\"",
      "<details><summary>",
      "<svg class=\"chart chart-large\" role=\"img\"",
      "<table class=\"history\">",
      "<section class=\"key\" id=\"key\"",
      "<h3>Keys</h3>",
      "<footer>",
      "</html>",
  };
  std::size_t at = 0;
  for (const auto& landmark : landmarks) {
    const auto found = page.find(landmark, at);
    BOOST_TEST_REQUIRE(found != std::string::npos, "missing or out of order: " << landmark);
    at = found;
  }
  BOOST_TEST(page.find("<script") == std::string::npos);
  BOOST_TEST(page.find("src=") == std::string::npos);
  BOOST_TEST(page.find("<link") == std::string::npos);
  BOOST_TEST(page.find("url(") == std::string::npos);
  BOOST_TEST(page.find("@import") == std::string::npos);
  // The only absolute URL is the SVG namespace, which is a name, not a request.
  for (const auto& url : captures(page, std::regex(R"re((https?://[^"\s<]*))re"))) {
    BOOST_TEST(url == "http://www.w3.org/2000/svg");
  }
  // Every table has a caption and column headers.
  const auto tables = all_matches(page, std::regex("<table[ >]")).size();
  const auto key_tables = all_matches(between(page, "<section class=\"key\"", "</section>"), std::regex("<table[ >]")).size();
  BOOST_TEST(all_matches(page, std::regex("<caption>")).size() == tables - key_tables);
  BOOST_TEST(all_matches(page, std::regex("<thead>")).size() == tables);
  // The fingerprint in the header is the one `check --fingerprint` prints.
  cli::Output check;
  BOOST_TEST_REQUIRE(cli::run({"check", "--fingerprint", set.rules}, check) == cli::kExitOk);
  const auto printed = captures(check.out, std::regex("([0-9a-f]{64})"));
  BOOST_TEST_REQUIRE(!printed.empty());
  BOOST_TEST(page.find("sha256:" + printed.front()) != std::string::npos);
  // The key at the foot uses `statuskey doc`'s words: each of its key tables appears verbatim.
  const std::string doc = report_of({"doc", "--format", "html", set.rules});
  std::size_t key_tables_seen = 0;
  for (auto start = doc.find("<table>\n  <thead><tr><th scope=\"col\">#</th>"); start != std::string::npos;
       start = doc.find("<table>\n  <thead><tr><th scope=\"col\">#</th>", start + 1)) {
    const std::string table = doc.substr(start, doc.find("</table>", start) - start);
    BOOST_TEST(page.find(table) != std::string::npos);
    ++key_tables_seen;
  }
  BOOST_TEST(key_tables_seen > 0U);
}

BOOST_FIXTURE_TEST_CASE(eval_format_html_is_the_report, InRepo) {
  const std::string report = report_of({"report", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"});
  const std::string eval = report_of({"eval", "--format", "html", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"});
  BOOST_TEST(report == eval);
}

// Markup in every string that reaches the page (council, key title, status labels, symbols
// and meanings, indicator titles and sections from the rule file; indicator ids, titles,
// sections and cells from the data) comes out as text.
BOOST_FIXTURE_TEST_CASE(markup_from_rules_and_data_is_escaped, InRepo) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("statuskey-report-{}", std::rand());
  fs::create_directories(dir);
  {
    std::ofstream rules(dir / "evil.sk", std::ios::binary);
    rules << R"(council "Evil <script>alert('council')</script> & Co"
key k "Key <b>bold</b> & more" {
  status "Good <i>x</i>" colour #00703C symbol "<s>" means "<script>alert('means')</script>"
  status "Bad & worse" colour #FFBF00 symbol "!" means "not <em>good</em>"
}
scheme s uses k {
  actual meets target -> "Good <i>x</i>"
  otherwise           -> "Bad & worse"
}
indicator ok1 "Title <script>alert('title')</script>" {
  section "Section <img src=x onerror=alert('section')>"
  unit percent
  polarity higher
  target 80%
}
)";
    std::ofstream data(dir / "evil.csv", std::ios::binary);
    data << "indicator,period,actual,target,section,title,polarity\n"
            "ok1,2022-01,85%,,,,\n"
            "ok1,2022-02,70%,,,,\n"
            "\"y<script>alert(1)</script>\",2022-02,5,10,\"Data <img src=x onerror=alert(2)>\","
            "\"Row title <script>alert(3)</script> & more\",higher\n"
            "z1,2022-02,\"<img src=x onerror=alert(4)>\",10,,,higher\n";
  }
  const std::string page = report_of({"report", (dir / "evil.sk").string(), (dir / "evil.csv").string()});
  fs::remove_all(dir);

  // No element or attribute came from the input: no script, img, b, i, s or em tags at all
  // (the page uses none of them), and no event handler inside a tag.
  static const std::regex injected(R"re(<\s*/?\s*(script|img|b|i|s|em)[\s>/])re", std::regex::icase);
  BOOST_TEST(all_matches(page, injected).empty());
  // Attribute values are quoted and escaped, so outside the quotes of every tag there is
  // nothing but the page's own attribute names.
  for (const auto& tag : all_matches(page, std::regex(R"re(<[a-zA-Z][^>]*>)re"))) {
    const std::string names = std::regex_replace(tag.str(), std::regex(R"re("[^"]*")re"), "\"\"");
    BOOST_TEST(names.find("onerror") == std::string::npos, tag.str());
    BOOST_TEST(names.find('<', 1) == std::string::npos, tag.str());
  }
  // ... and each string is there as text.
  const std::vector<std::string> expected = {
      "Evil &lt;script&gt;alert(&#39;council&#39;)&lt;/script&gt; &amp; Co",
      "Key &lt;b&gt;bold&lt;/b&gt; &amp; more",
      "Good &lt;i&gt;x&lt;/i&gt;",
      "&lt;s&gt;",
      "&lt;script&gt;alert(&#39;means&#39;)&lt;/script&gt;",
      "Bad &amp; worse",
      "not &lt;em&gt;good&lt;/em&gt;",
      "Title &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
      "Section &lt;img src=x onerror=alert(&#39;section&#39;)&gt;",
      "y&lt;script&gt;alert(1)&lt;/script&gt;",
      "Data &lt;img src=x onerror=alert(2)&gt;",
      "Row title &lt;script&gt;alert(3)&lt;/script&gt; &amp; more",
      "&lt;img src=x onerror=alert(4)&gt;",
  };
  for (const auto& text : expected) BOOST_TEST(page.find(text) != std::string::npos, text);
  // The unparseable cell made an error row, shown with its symbol and label.
  BOOST_TEST(page.find("data-indicator=\"z1\"") != std::string::npos);
  BOOST_TEST(page.find("<span class=\"label\">Error row</span>") != std::string::npos);
}

struct UsageCase {
  std::vector<std::string> args;
  int code;
  std::string message;
};

std::ostream& operator<<(std::ostream& stream, const UsageCase& row) {
  for (const auto& arg : row.args) stream << arg << ' ';
  return stream;
}

const std::vector<UsageCase> kUsageCases = {
    {{"report"}, cli::kExitUsage, "give the rule files and then the data file"},
    {{"report", "rules/nnc-2022-02.sk"}, cli::kExitUsage, "give the rule files and then the data file"},
    {{"report", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "--format", "csv"}, cli::kExitUsage,
     "unknown option `--format`"},
    {{"report", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "-o"}, cli::kExitUsage, "`-o` needs a value"},
    {{"report", "rules/nnc-2022-02.sk", "no-such-file.csv"}, cli::kExitUsage, "cannot read `no-such-file.csv`"},
    {{"report", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "-o", "rules/nnc-2022-02.csv"}, cli::kExitUsage,
     "exists; pass --force"},
    {{"eval", "--format", "pdf", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"}, cli::kExitUsage,
     "use csv, json or html"},
};

BOOST_DATA_TEST_CASE_F(InRepo, bad_command_lines, bdata::make(kUsageCases), row) {
  cli::Output output;
  BOOST_TEST(cli::run(row.args, output) == row.code);
  BOOST_TEST(output.err.find(row.message) != std::string::npos, output.err);
}

BOOST_AUTO_TEST_SUITE_END()
