// `statuskey diff`: the rule changes and exactly the rows whose status or arrow changes,
// proved against two independent `eval` runs.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "cli/driver.hpp"
#include "runtime/csv.hpp"

namespace {

namespace fs = std::filesystem;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

std::string slurp(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// A copy of a bundled rule file with one line replaced (the line must be there).
fs::path edited_copy(const fs::path& from, const std::string& old_line, const std::string& new_line) {
  std::string text = slurp(from);
  const auto at = text.find(old_line);
  BOOST_TEST_REQUIRE(at != std::string::npos, "`" << old_line << "` is not in " << from);
  text.replace(at, old_line.size(), new_line);
  const fs::path copy = fs::temp_directory_path() / ("statuskey-diff-" + from.filename().string());
  std::ofstream(copy, std::ios::binary) << text;
  return copy;
}

// Data-file line of every row whose status or direction differs between two evaluations.
std::set<std::size_t> changed_rows(const std::string& old_rules, const std::string& new_rules,
                                   const std::string& data) {
  cli::Output before;
  cli::Output after;
  BOOST_TEST_REQUIRE(cli::run({"eval", old_rules, data}, before) == cli::kExitOk);
  BOOST_TEST_REQUIRE(cli::run({"eval", new_rules, data}, after) == cli::kExitOk);
  const auto input = runtime::read_csv(slurp(data));
  const auto a = runtime::read_csv(before.out);
  const auto b = runtime::read_csv(after.out);
  BOOST_TEST_REQUIRE(a.records.size() == input.records.size());
  BOOST_TEST_REQUIRE(b.records.size() == input.records.size());
  std::size_t status = 0;
  std::size_t direction = 0;
  for (std::size_t i = 0; i < a.header.size(); ++i) {
    if (a.header[i] == "status") status = i;
    if (a.header[i] == "direction") direction = i;
  }
  std::set<std::size_t> lines;
  for (std::size_t i = 0; i < input.records.size(); ++i) {
    const auto& x = a.records[i].fields;
    const auto& y = b.records[i].fields;
    if (x.at(status) != y.at(status) || x.at(direction) != y.at(direction)) lines.insert(input.records[i].line);
  }
  return lines;
}

// The data lines `diff` lists under "row changes".
std::set<std::size_t> listed_rows(const std::string& out) {
  std::set<std::size_t> lines;
  static const std::regex row("\\n  line ([0-9]+) ");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), row); it != std::sregex_iterator(); ++it) {
    lines.insert(std::stoul((*it)[1]));
  }
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_command)

BOOST_FIXTURE_TEST_CASE(a_wider_tolerance_lists_exactly_the_rows_that_change_colour, InRepo) {
  const fs::path wider = edited_copy("rules/nnc-2022-02.sk", "  tolerance 5%  #", "  tolerance 10%  #");
  const std::set<std::size_t> expected = changed_rows("rules/nnc-2022-02.sk", wider.string(), "rules/nnc-2022-02.csv");
  BOOST_TEST(!expected.empty());
  cli::Output output;
  BOOST_TEST(cli::run({"diff", "rules/nnc-2022-02.sk", wider.string(), "rules/nnc-2022-02.csv"}, output) ==
             cli::kExitErrors);
  BOOST_TEST((listed_rows(output.out) == expected), output.out);
  BOOST_TEST(output.out.find("default tolerance: 5% → 10%") != std::string::npos, output.out);
  // Each changed row carries both explanations, with the deciding lines.
  BOOST_TEST(output.out.find("old: Red:") != std::string::npos);
  BOOST_TEST(output.out.find("new: Amber:") != std::string::npos);
  BOOST_TEST(output.out.find("tolerance 10% of target") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_moved_band_is_a_rule_change, InRepo) {
  // Green+ starts at 3% better instead of 10% (both bands move, or coverage fails).
  const fs::path first = edited_copy("rules/ncc-2013-q2.sk", "gap > 10% ", "gap > 3%  ");
  const fs::path moved = edited_copy(first, "gap in [-5%, 10%]", "gap in [-5%, 3%] ");
  cli::Output output;
  const int status = cli::run({"diff", "rules/ncc-2013-q2.sk", moved.string(), "rules/ncc-2013-q2.csv"}, output);
  const std::set<std::size_t> expected = changed_rows("rules/ncc-2013-q2.sk", moved.string(), "rules/ncc-2013-q2.csv");
  BOOST_TEST(status == (expected.empty() ? cli::kExitOk : cli::kExitErrors));
  BOOST_TEST((listed_rows(output.out) == expected), output.out);
  BOOST_TEST(output.out.find("rule changes (") != std::string::npos, output.out);
}

BOOST_FIXTURE_TEST_CASE(identical_rules_change_nothing, InRepo) {
  cli::Output output;
  BOOST_TEST(cli::run({"diff", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"}, output) ==
             cli::kExitOk);
  BOOST_TEST(listed_rows(output.out).empty());
}

BOOST_FIXTURE_TEST_CASE(bad_arguments_are_usage_errors, InRepo) {
  cli::Output missing;
  BOOST_TEST(cli::run({"diff", "rules/nnc-2022-02.sk"}, missing) == cli::kExitUsage);
  cli::Output unreadable;
  BOOST_TEST(cli::run({"diff", "rules/nnc-2022-02.sk", "no-such.sk", "rules/nnc-2022-02.csv"}, unreadable) !=
             cli::kExitOk);
  BOOST_TEST(!unreadable.err.empty());
}

BOOST_AUTO_TEST_SUITE_END()
