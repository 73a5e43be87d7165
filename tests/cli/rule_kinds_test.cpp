// Rule kinds beyond the seed reports' own: a council's own column names, floors and
// expected ranges given in data rows, the standard library example, annual targets spread
// over their year and statuses set by hand, end to end.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "runtime/csv.hpp"
#include "runtime/period.hpp"

namespace {

namespace fs = std::filesystem;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

fs::path write_temp(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("statuskey-kinds-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// column name -> value, for every output row of `eval`.
std::vector<std::pair<std::string, std::string>> column(const std::string& csv, const std::string& name,
                                                        const std::string& key = "indicator") {
  const auto table = runtime::read_csv(csv);
  std::size_t at = 0;
  std::size_t key_at = 0;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] == name) at = i;
    if (table.header[i] == key) key_at = i;
  }
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto& record : table.records) values.emplace_back(record.fields.at(key_at), record.fields.at(at));
  return values;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_kinds)

BOOST_FIXTURE_TEST_CASE(a_councils_own_headers_evaluate_like_the_bundled_data, InRepo) {
  cli::Output mapped;
  BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02-export.sk", "rules/nnc-2022-02-export.csv"}, mapped) ==
             cli::kExitOk);
  // The same indicators and period in the bundled data, under the same rules.
  cli::Output bundled;
  BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"}, bundled) == cli::kExitOk);
  Pairs expected;
  const auto statuses = column(bundled.out, "status", "indicator");
  const auto directions = column(bundled.out, "direction", "indicator");
  const auto periods = column(bundled.out, "period", "indicator");
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const std::string& id = periods[i].first;
    if (periods[i].second == "2022-02" && (id == "T11" || id == "T12" || id == "T13" || id == "T14")) {
      expected.emplace_back(id, statuses[i].second + " " + directions[i].second);
    }
  }
  Pairs actual;
  const auto mapped_statuses = column(mapped.out, "status");
  const auto mapped_directions = column(mapped.out, "direction");
  for (std::size_t i = 0; i < mapped_statuses.size(); ++i) {
    actual.emplace_back(mapped_statuses[i].first, mapped_statuses[i].second + " " + mapped_directions[i].second);
  }
  BOOST_TEST(expected.size() == 4U);
  BOOST_TEST((actual == expected), mapped.out);
  // Every printed arrow in the council's own export agrees with the rules.
  cli::Output audit;
  BOOST_TEST(cli::run({"audit", "rules/nnc-2022-02-export.sk", "rules/nnc-2022-02-export.csv"}, audit) ==
             cli::kExitOk);
  BOOST_TEST(audit.out.find("4 printed arrows checked; 0 departures") != std::string::npos, audit.out);
}

BOOST_FIXTURE_TEST_CASE(a_mapped_header_missing_from_the_data_is_named, InRepo) {
  const fs::path data = write_temp("no-actual.csv", "Ref No.,January 2021/22\nT11,88.10%\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/nnc-2022-02-export.sk", data.string()}, output) != cli::kExitOk);
  BOOST_TEST(output.err.find("\"February 2021/22\", which the rule file's `columns` maps to `actual`") !=
                 std::string::npos,
             output.err);
}

BOOST_FIXTURE_TEST_CASE(floors_and_expected_ranges_from_data_rows, InRepo) {
  const fs::path rules = write_temp("floor.sk", R"(import ")" + fs::absolute("rules/common/floor.sk").string() + R"("
import ")" + fs::absolute("rules/common/expected-range.sk").string() + R"("
key rag { status "Green" status "Amber" status "Red" status "No data" status "Tracking" }
key activity { status "Below expected" status "Within expected" status "Above expected" status "No data" }
indicator declared "Declared floor" { unit percent polarity higher scheme floor_rag target 80% floor 70% }
)");
  const fs::path data = write_temp("floor.csv",
                                   "indicator,period,actual,target,polarity,unit,floor,lower,upper,scheme\n"
                                   "a,2022-01,75%,80%,higher,percent,70%,,,floor_rag\n"
                                   "b,2022-01,69.99%,80%,higher,percent,70%,,,floor_rag\n"
                                   "c,2022-01,31,30,lower,count,35,,,floor_rag\n"
                                   "d,2022-01,36,30,lower,count,35,,,floor_rag\n"
                                   "e,2022-01,120,,none,count,,100,120,expected_range\n"
                                   "f,2022-01,121,,none,count,,100,120,expected_range\n"
                                   "g,2022-01,99,,none,count,,100,,expected_range\n"
                                   "declared,2022-01,75%,,,,70%,,,\n"
                                   "declared,2022-02,75%,,,,65%,,,\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", rules.string(), data.string()}, output) == cli::kExitOk, output.err);
  const Pairs expected{{"a", "Amber"},          {"b", "Red"},   {"c", "Amber"},
                       {"d", "Red"},            {"e", "Within expected"}, {"f", "Above expected"},
                       {"g", ""},               {"declared", "Amber"},    {"declared", ""}};
  BOOST_TEST((column(output.out, "status") == expected), output.out);
  const auto errors = column(output.out, "error");
  BOOST_TEST(errors.at(6).second.find("needs both `lower` and `upper`") != std::string::npos);
  BOOST_TEST(errors.at(8).second.find("disagrees with the floor 70% declared") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_standard_library_example_evaluates, InRepo) {
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/standard-library-example.sk", "rules/standard-library-example.csv"}, output) ==
             cli::kExitOk);
  const Pairs expected{{"gcse_5ac_em", "Tracking"},          {"gcse_5ac_em", "Amber"},
                       {"lac_review_participation", "Green"}, {"lac_review_participation", "Green"},
                       {"delayed_transfers", "Amber"},        {"delayed_transfers", "Red"},
                       {"lac_count", "Above expected"},       {"lac_count", "Above expected"}};
  BOOST_TEST((column(output.out, "status") == expected), output.out);
  const Pairs directions{{"gcse_5ac_em", "Not comparable"}, {"gcse_5ac_em", "Improving"},
                         {"lac_review_participation", "Not comparable"}, {"lac_review_participation", "No change"},
                         {"delayed_transfers", "Not comparable"}, {"delayed_transfers", "Worsening"},
                         {"lac_count", "Increasing"}, {"lac_count", "No change"}};
  BOOST_TEST((column(output.out, "direction") == directions), output.out);
  BOOST_TEST(output.out.find("floor 55%") != std::string::npos);
  BOOST_TEST(output.out.find("expected range 700 to 760") != std::string::npos);
  cli::Output tests;
  BOOST_TEST(cli::run({"test", "rules/standard-library-example.sk"}, tests) == cli::kExitOk);
  BOOST_TEST(tests.out.find(" 0 failed") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_summary_counts_rolls_up_and_escalates, InRepo) {
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--summary"}, output) == cli::kExitOk);
  // Every indicator once, on its latest period; the counts add up to the indicators.
  static const std::regex counts("of ([0-9]+) indicators \\(each on its latest period\\): ([^\\n]*)\\n");
  std::smatch match;
  BOOST_TEST_REQUIRE(std::regex_search(output.out, match, counts), output.out);
  std::size_t total = 0;
  std::size_t red = 0;
  static const std::regex part("([0-9]+) ([^,]+)");
  const std::string list = match[2];
  for (auto it = std::sregex_iterator(list.begin(), list.end(), part); it != std::sregex_iterator(); ++it) {
    total += std::stoul((*it)[1]);
    if ((*it)[2] == "Red") red = std::stoul((*it)[1]);
  }
  BOOST_TEST(total == std::stoul(match[1]));
  BOOST_TEST(red > 0U);
  // `escalate "Red" for 1 period`: every indicator whose latest status is Red, once.
  BOOST_TEST(output.out.find("escalations (" + std::to_string(red) + "):") != std::string::npos, output.out);
  BOOST_TEST(output.out.find("overall roll-up: Red") != std::string::npos);
  BOOST_TEST(output.out.find("calls_20s \"Percentage of calls to Customer Service Centre answered within 20 "
                             "seconds\": Red for 2 consecutive periods since 2013-14 Q1") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(precision_rounds_figures_before_comparison, InRepo) {
  cli::Output tests;
  BOOST_TEST(cli::run({"test", "tests/golden/ok_precision.sk"}, tests) == cli::kExitOk, tests.out);
  BOOST_TEST(tests.out.find("5 passed, 0 failed") != std::string::npos, tests.out);
  // Edge rows step by one unit of the declared precision (0.1 points), either side of 76%.
  cli::Output edges;
  BOOST_TEST(cli::run({"test", "--edges", "tests/golden/ok_precision.sk"}, edges) == cli::kExitOk);
  static const std::regex switch_point("  75\\.9% +-5\\.125% +Amber[^\\n]*\\n  76% +-5% +Green");
  BOOST_TEST(std::regex_search(edges.out, switch_point), edges.out);
  // Rows are rounded too, and the explanation says so.
  const fs::path data = write_temp("precision.csv", "indicator,period,actual\nprinted,2022-01,75.95%\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "tests/golden/ok_precision.sk", data.string()}, output) == cli::kExitOk);
  BOOST_TEST(output.out.find("75.95% rounds to 76.0%") != std::string::npos, output.out);
  BOOST_TEST((column(output.out, "status") == Pairs{{"printed", "Green"}}));
}

BOOST_FIXTURE_TEST_CASE(benchmarks_and_quartiles_decide_at_their_edges, InRepo) {
  cli::Output tests;
  BOOST_TEST(cli::run({"test", "tests/golden/ok_benchmarks.sk"}, tests) == cli::kExitOk, tests.out);
  BOOST_TEST(tests.out.find("18 passed, 0 failed") != std::string::npos, tests.out);
  // A row's `benchmark` cell stands in for a benchmark the rule file does not give.
  const fs::path data = write_temp("benchmark.csv",
                                   "indicator,period,actual,polarity,unit,benchmark,scheme\n"
                                   "schools,2022-02,75%,higher,percent,78%,benchmark_national\n"
                                   "schools,2022-03,77%,higher,percent,78%,benchmark_national\n"
                                   "schools,2022-04,77%,higher,percent,,benchmark_national\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "tests/golden/ok_benchmarks.sk", data.string()}, output) == cli::kExitOk);
  BOOST_TEST((column(output.out, "status") ==
              Pairs{{"schools", "Worse"}, {"schools", "Similar"}, {"schools", "No benchmark"}}),
             output.out);
  BOOST_TEST(output.out.find("benchmark 78% (from the row)") != std::string::npos, output.out);
}

BOOST_FIXTURE_TEST_CASE(direction_against_the_same_period_last_year, InRepo) {
  const fs::path data = write_temp("year-on-year.csv",
                                   "indicator,period,actual\n"
                                   "admissions,2021-01,1100\n"
                                   "admissions,2021-02,900\n"
                                   "admissions,2022-01,1000\n"
                                   "admissions,2022-02,990\n"
                                   "admissions,2022-03,950\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "tests/golden/ok_year_on_year.sk", data.string()}, output) == cli::kExitOk);
  // 2022-01 against 2021-01 (not 2021-12, absent); 2022-02 against 2021-02, not 2022-01.
  const Pairs expected{{"admissions", "Not comparable"}, {"admissions", "Not comparable"},
                       {"admissions", "Improving"},      {"admissions", "Worsening"},
                       {"admissions", "Not comparable"}};
  BOOST_TEST((column(output.out, "direction") == expected), output.out);
  BOOST_TEST(output.out.find("against the same period last year, 990 is 10% up from 900") != std::string::npos,
             output.out);
}

BOOST_FIXTURE_TEST_CASE(a_directory_where_a_file_belongs_is_a_usage_error, InRepo) {
  const std::vector<std::vector<std::string>> commands{
      {"check", "rules/"}, {"fmt", "--check", "rules"}, {"eval", "rules/ncc-2013-q2.sk", "rules/"}, {"test", "rules"}};
  for (const auto& args : commands) {
    cli::Output output;
    BOOST_TEST(cli::run(args, output) == cli::kExitUsage, args.front());
    BOOST_TEST(output.err.find("is a directory; name the files, e.g. `rules/*.sk`") != std::string::npos, output.err);
  }
}

BOOST_FIXTURE_TEST_CASE(themes_and_count_based_roll_up, InRepo) {
  const fs::path rules = write_temp("rollup.sk",
                                    "rollup \"Red\" when 3 or more \"Red\"\n"
                                    "rollup \"Amber\" when 2 or more \"Red\"\n"
                                    "theme \"Resources and quality\" {\n"
                                    "  section \"Quality and Performance of Services\"\n"
                                    "  section \"Managing Resources\"\n"
                                    "}\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", rules.string(), "rules/ncc-2013-q2.csv", "--summary"}, output) ==
             cli::kExitOk, output.err);
  // The bundled theme: 2 Red among its sections' indicators, so the second rule applies.
  BOOST_TEST(output.out.find("  Outcomes for Northamptonshire People (2 sections): 10 indicators: 5 Green+, 1 Green, "
                             "2 Red, 2 Trend; roll-up Amber") != std::string::npos,
             output.out);
  // 5 Red: the first rule; a section with one Red falls through to the worst-of order.
  BOOST_TEST(output.out.find("  Resources and quality (2 sections): 32 indicators: 4 Green+, 7 Green, 3 Amber, 5 Red, "
                             "13 Trend; roll-up Red") != std::string::npos,
             output.out);
  BOOST_TEST(output.out.find("Managing Resources                                  5 indicators: 1 Green+, 4 Green; "
                             "roll-up Green") != std::string::npos,
             output.out);
}

BOOST_FIXTURE_TEST_CASE(a_byte_order_mark_inside_joined_files_is_not_part_of_the_cell, InRepo) {
  const fs::path data = write_temp("joined.csv",
                                   "indicator,period,actual\n"
                                   "calls_20s,2013-14 Q1,70%\n"
                                   "\xEF\xBB\xBF" "calls_20s,2013-14 Q2,76%\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", data.string()}, output) == cli::kExitOk, output.err);
  // Both rows are the declared indicator: the second is judged against its declared 80%.
  BOOST_TEST((column(output.out, "status") == Pairs{{"calls_20s", "Red"}, {"calls_20s", "Green"}}), output.out);
}


// --- annual targets through the year, and statuses set by hand ---------------------------

namespace {

const char* const kAnnualRules = R"(key rag { status "Green" status "Amber" status "Red" status "No data" }
scheme kpi uses rag {
  gap = relative to target
  no actual -> "No data"
  gap >= 0% -> "Green"
  gap >= -5% and gap < 0% -> "Amber"
  otherwise -> "Red"
}
indicator fire_incidents { unit count polarity lower frequency quarter cumulative target 2013-14 6755 pro rata }
indicator complaints { unit count polarity lower frequency quarter target 2013-14 100 pro rata }
indicator visits { unit count polarity higher frequency month cumulative precision 0
  target 2022-23 1000 pro rata, 2022-06 260 }
indicator satisfaction { unit percent polarity higher frequency quarter target 2013-14 80% in full }
)";

struct AnnualCase {
  const char* row;     // indicator,period,actual
  const char* target;  // the target the row is judged against
  const char* status;
};

std::ostream& operator<<(std::ostream& out, const AnnualCase& c) { return out << c.row; }

const AnnualCase kAnnualCases[] = {
    // Cumulative quarters: k/4 of the annual target; lower is better, so at or under it is Green.
    {"fire_incidents,2013-14 Q1,1688.75", "1688.75", "Green"},
    {"fire_incidents,2013-14 Q2,3377.5", "3377.5", "Green"},
    {"fire_incidents,2013-14 Q2,3377.51", "3377.5", "Amber"},
    {"fire_incidents,2013-14 Q3,5066.25", "5066.25", "Green"},
    {"fire_incidents,2013-14 Q4,6755", "6755", "Green"},
    {"fire_incidents,2013-14 Q4,7092.76", "6755", "Red"},  // more than 5% over
    // Not cumulative: each quarter has a quarter of the year.
    {"complaints,2013-14 Q3,25", "25", "Green"},
    {"complaints,2013-14 Q3,26.25", "25", "Amber"},  // exactly 5% worse
    // Monthly, cumulative, rounded to the indicator's precision (0 places, half up).
    {"visits,2022-04,83", "83", "Green"},     // 1000/12 = 83.33... -> 83
    {"visits,2022-05,167", "167", "Green"},   // 166.66... -> 167
    {"visits,2022-05,166", "167", "Amber"},
    {"visits,2022-06,259", "260", "Amber"},   // a period's own target wins
    {"visits,2023-03,1000", "1000", "Green"},
    // In full: every quarter against the annual figure.
    {"satisfaction,2013-14 Q1,79%", "80%", "Amber"},
    {"satisfaction,2013-14 Q4,80%", "80%", "Green"},
};

}  // namespace

BOOST_DATA_TEST_CASE(an_annual_target_is_judged_in_each_period_of_its_year, boost::unit_test::data::make(kAnnualCases),
                     annual_case) {
  const fs::path rules = write_temp("annual.sk", kAnnualRules);
  const fs::path data = write_temp("annual.csv", std::string("indicator,period,actual\n") + annual_case.row + "\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", rules.string(), data.string(), "--strict"}, output) == cli::kExitOk, output.err);
  const std::string id = std::string(annual_case.row).substr(0, std::string(annual_case.row).find(','));
  BOOST_TEST((column(output.out, "target") == Pairs{{id, annual_case.target}}), output.out);
  BOOST_TEST((column(output.out, "status") == Pairs{{id, annual_case.status}}), output.out);
}

BOOST_AUTO_TEST_CASE(explain_says_where_a_pro_rata_target_came_from) {
  const fs::path rules = write_temp("annual.sk", kAnnualRules);
  const fs::path data = write_temp("annual.csv", "indicator,period,actual\nfire_incidents,2013-14 Q3,5000\n");
  cli::Output output;
  BOOST_TEST(cli::run({"explain", rules.string(), data.string()}, output) == cli::kExitOk, output.err);
  BOOST_TEST(output.out.find("target 5066.25 (declared in the rule file; pro rata: 3/4 of the 2013-14 annual target "
                             "6755)") != std::string::npos,
             output.out);
}

namespace {

const char* const kManualRules = R"(key rag { status "Green" status "Red" }
key project "Programme RAG" { status "Green" alias "G" status "Amber" alias "A" status "Red" alias "R" }
scheme kpi uses rag {
  actual meets target -> "Green"
  otherwise -> "Red"
}
indicator library "New central library" { manual key project owner "Head of Libraries" }
indicator calls { unit percent polarity higher target 80% }
)";

struct ManualCase {
  const char* row;  // indicator,period,actual,status,reason
  const char* status;
  const char* error;  // part of the error, when the row is an error row
};

std::ostream& operator<<(std::ostream& out, const ManualCase& c) { return out << c.row; }

const ManualCase kManualCases[] = {
    {"library,2022-05,,Red,Contractor went into administration", "Red", ""},
    {"library,2022-05,,A,Planning permission delayed", "Amber", ""},  // an alias of the key
    {"library,2022-05,,Purple,x", "", "status \"Purple\" is not a status of key `project`"},
    {"library,2022-05,,Green,", "", "needs a reason"},
    {"library,2022-05,,,On track", "", "the status cell is empty"},
    {"calls,2022-05,81%,Green,set by the manager", "", "status_override"},
    {"calls,2022-05,81%,,", "Green", ""},
};

}  // namespace

BOOST_DATA_TEST_CASE(a_status_set_by_hand_comes_from_the_data_with_a_reason,
                     boost::unit_test::data::make(kManualCases), manual_case) {
  const fs::path rules = write_temp("manual.sk", kManualRules);
  const fs::path data =
      write_temp("manual.csv", std::string("indicator,period,actual,status,reason\n") + manual_case.row + "\n");
  cli::Output output;
  const int exit_code = cli::run({"eval", rules.string(), data.string()}, output);
  BOOST_TEST(exit_code == cli::kExitOk);  // error rows do not stop the run (no --strict)
  const std::string id = std::string(manual_case.row).substr(0, std::string(manual_case.row).find(','));
  BOOST_TEST((column(output.out, "status") == Pairs{{id, manual_case.status}}), output.out);
  const auto errors = column(output.out, "error");
  BOOST_TEST_REQUIRE(errors.size() == 1U);
  if (std::string(manual_case.error).empty()) {
    BOOST_TEST(errors[0].second.empty(), errors[0].second);
  } else {
    BOOST_TEST(errors[0].second.find(manual_case.error) != std::string::npos, errors[0].second);
  }
}

BOOST_AUTO_TEST_CASE(themes_inside_themes_add_up_their_sections) {
  const fs::path rules = write_temp("themes.sk", R"(key rag { status "Red" status "Green" }
scheme kpi uses rag {
  actual meets target -> "Green"
  otherwise -> "Red"
}
indicator a { section "One" polarity higher target 5 }
indicator b { section "Two" polarity higher target 5 }
indicator c { section "Three" polarity higher target 5 }
indicator d { section "Four" polarity higher target 5 }
theme "People" { section "One" section "Two" }
theme "Plan" { theme "People" section "Three" }
rollup worst of ("Red", "Green")
)");
  const fs::path data = write_temp("themes.csv", "indicator,period,actual\na,2022-01,6\nb,2022-01,4\nc,2022-01,7\nd,2022-01,1\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", rules.string(), data.string(), "--summary"}, output) == cli::kExitOk, output.err);
  BOOST_TEST(output.out.find("by theme:\n"
                             "  Plan (1 theme, 3 sections): 3 indicators: 1 Red, 2 Green; roll-up Red\n"
                             "    People (2 sections): 2 indicators: 1 Red, 1 Green; roll-up Red\n"
                             "overall roll-up: Red") != std::string::npos,
             output.out);
}

BOOST_FIXTURE_TEST_CASE(indicators_reported_in_arrears_are_up_to_date_and_the_rest_are_overdue, InRepo) {
  // NCC's Q2 report prints Q1 figures for the three indicators "reported quarterly in
  // arrears" (declared `lag 1 quarter`); employment (September data not available) and the
  // Ofsted children's centres figure (as at June) are behind.
  cli::Output output;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--summary"}, output) ==
             cli::kExitOk);
  BOOST_TEST(output.out.find("up to date: 47 of 49 indicators (each due for the latest period of its kind reported in "
                             "the data, less its declared lag: 3 declare one)\n"
                             "overdue (2):\n"
                             "  employment_18_64 \"Percentage of 18-64 yr olds in Employment\": latest 2013-14 Q1, due "
                             "2013-14 Q2\n"
                             "  ofsted_childrens_centres_good \"Percentage of children's centres rated good or better by "
                             "Ofsted\": latest 2013-14 Q1, due 2013-14 Q2\n") != std::string::npos,
             output.out);
}

BOOST_FIXTURE_TEST_CASE(the_summary_by_section_is_what_a_reader_counts_from_the_rows, InRepo) {
  // By hand, from `eval`'s rows: for each kind of period the reporting period is the latest
  // with an actual; each indicator is judged on its latest row up to it; count statuses by
  // section, and list the Red ones.
  cli::Output rows;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv"}, rows) == cli::kExitOk);
  const auto table = runtime::read_csv(rows.out);
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < table.header.size(); ++i) at[table.header[i]] = i;
  std::map<runtime::Period::Kind, runtime::Period> reporting;
  for (const auto& record : table.records) {
    const auto period = runtime::Period::parse(record.fields.at(at["period"]));
    BOOST_TEST_REQUIRE(period.has_value());
    if (record.fields.at(at["actual"]).empty()) continue;
    const auto [it, inserted] = reporting.emplace(period->kind, *period);
    if (!inserted && it->second < *period) it->second = *period;
  }
  std::map<std::string, std::pair<runtime::Period, const runtime::CsvRecord*>> judged;
  std::vector<std::string> order;
  for (const auto& record : table.records) {
    const auto period = *runtime::Period::parse(record.fields.at(at["period"]));
    if (reporting.at(period.kind) < period) continue;
    const std::string& id = record.fields.at(at["indicator"]);
    const auto [it, inserted] = judged.emplace(id, std::make_pair(period, &record));
    if (inserted) order.push_back(id);
    if (it->second.first < period) it->second = {period, &record};
  }
  std::map<std::string, std::map<std::string, std::size_t>> by_section;
  std::vector<std::string> red;
  for (const auto& id : order) {
    const auto& record = *judged.at(id).second;
    by_section[record.fields.at(at["section"])][record.fields.at(at["status"])] += 1;
    if (record.fields.at(at["status"]) == "Red") red.push_back(id);
  }
  cli::Output summary;
  BOOST_TEST(cli::run({"eval", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--summary"}, summary) ==
             cli::kExitOk);
  std::size_t sections = 0;
  for (const auto& [section, counts] : by_section) {
    // "  NAME   N indicators: 1 Green, 3 Red; roll-up Red": the same counts, in any order.
    const auto line_at = summary.out.find("\n  " + section + " ");
    BOOST_TEST_REQUIRE(line_at != std::string::npos, section);
    const std::string line = summary.out.substr(line_at + 1, summary.out.find('\n', line_at + 1) - line_at - 1);
    std::size_t total = 0;
    for (const auto& [status, count] : counts) {
      total += count;
      BOOST_TEST(line.find(" " + std::to_string(count) + " " + status) != std::string::npos,
                 line << " lacks " << count << " " << status);
    }
    BOOST_TEST(line.find(std::to_string(total) + " indicator") != std::string::npos, line);
    ++sections;
  }
  BOOST_TEST(sections == 5U);
  // The escalation list names exactly the Red ones.
  BOOST_TEST(summary.out.find("escalations (" + std::to_string(red.size()) + "):") != std::string::npos);
  for (const auto& id : red) BOOST_TEST(summary.out.find("\n  " + id + " \"") != std::string::npos, id);
}

BOOST_FIXTURE_TEST_CASE(the_escalation_list_names_each_owner, InRepo) {
  cli::Output summary;
  BOOST_TEST(cli::run({"eval", "rules/examples/rollup.sk", "rules/examples/rollup.csv", "--summary"}, summary) ==
             cli::kExitOk);
  const auto list = summary.out.substr(summary.out.find("escalations ("));
  std::size_t entries = 0;
  for (auto line = list.find("\n  "); line != std::string::npos; line = list.find("\n  ", line + 1)) {
    const std::string text = list.substr(line + 1, list.find('\n', line + 1) - line - 1);
    BOOST_TEST(text.find(", owner ") != std::string::npos, text);
    ++entries;
  }
  BOOST_TEST(entries > 0U, summary.out);
}

BOOST_AUTO_TEST_CASE(quartile_cut_points_are_published_per_year) {
  const fs::path rules = write_temp("quartiles.sk", R"(key ranking { status "Top" status "Second" status "Third" status "Bottom" }
scheme position uses ranking {
  quartile 1 -> "Top"
  quartile 2 -> "Second"
  quartile 3 -> "Third"
  quartile 4 -> "Bottom"
}
indicator primary_good { unit percent polarity higher frequency year
  quartiles 84%, 88%, 91%
  quartiles 2022-23 85%, 89%, 92%
}
)");
  // 91% is the upper quartile in 2021-22 (the cut points for every year) but below the
  // 2022-23 one.
  const fs::path data =
      write_temp("quartiles.csv", "indicator,period,actual\nprimary_good,2021-22,91%\nprimary_good,2022-23,91%\n");
  cli::Output output;
  BOOST_TEST(cli::run({"eval", rules.string(), data.string(), "--strict"}, output) == cli::kExitOk, output.err);
  BOOST_TEST((column(output.out, "status") == Pairs{{"primary_good", "Top"}, {"primary_good", "Second"}}), output.out);
}

BOOST_AUTO_TEST_CASE(test_cases_give_what_a_data_row_would) {
  const fs::path rules = write_temp("givens.sk", R"(key rag { status "Green" status "Amber" status "Red" }
scheme trust uses rag {
  first match
  actual meets target -> "Green"
  actual meets tolerance -> "Amber"
  otherwise -> "Red"
}
scheme floors uses rag {
  first match
  actual meets target -> "Green"
  actual meets floor -> "Amber"
  otherwise -> "Red"
}
scheme versus uses rag {
  first match
  actual within 1 points of benchmark national -> "Amber"
  actual better than benchmark national -> "Green"
  otherwise -> "Red"
}
indicator ks2 { unit percent polarity higher scheme floors target 65% floor 55% }
indicator ofsted { unit percent polarity higher scheme versus }
test "givens" {
  T37 polarity lower target 30% tolerance 15% - 45% actual 45% -> "Amber"
  T37 polarity lower target 30% tolerance 15% - 45% actual 45.01% -> "Red"
  ks2 actual 60% floor 60% -> "Amber"
  ks2 actual 59.9% floor 60% -> "Red"
  ofsted actual 86% benchmark national 85% -> "Amber"
  ofsted actual 86.01% benchmark national 85% -> "Green"
  ofsted actual 86.01% benchmark national 85% -> "Red"
}
)");
  cli::Output output;
  BOOST_TEST(cli::run({"test", rules.string()}, output) == cli::kExitErrors);
  BOOST_TEST(output.out.find("6 passed, 1 failed") != std::string::npos, output.out);
  BOOST_TEST(output.out.find("FAIL " + rules.string() + ":29") != std::string::npos, output.out);
}

BOOST_FIXTURE_TEST_CASE(doc_shows_an_annual_target_once_with_its_shares, InRepo) {
  cli::Output output;
  BOOST_TEST(cli::run({"doc", "rules/examples/annual.sk"}, output) == cli::kExitOk);
  BOOST_TEST(output.out.find("2013-14: 5800 for the year, pro rata: Q1 1450, Q2 2900, Q3 4350, Q4 5800") !=
                 std::string::npos,
             output.out);
  BOOST_TEST(output.out.find("2013-14: 48% for the year, in full: Q1 48%, Q2 48%, Q3 48%, Q4 48%") != std::string::npos);
  BOOST_TEST(output.out.find("pro rata (rounded to the indicator's precision): 2013-04 166667, 2013-05 333333") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
