// Acceptance: `statuskey eval` on the two seed reports reproduces every printed status and
// arrow that follows the council's own key; the rows where the report departs from its key
// carry overrides, and this file lists them.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "compiler/compile.hpp"
#include "dsl/parser.hpp"
#include "runtime/csv.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// Rows of a CSV as column-name -> value maps.
std::vector<std::map<std::string, std::string>> rows_of(std::string_view text) {
  const auto table = runtime::read_csv(text);
  std::vector<std::map<std::string, std::string>> rows;
  for (const auto& record : table.records) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < table.header.size() && i < record.fields.size(); ++i) {
      row[table.header[i]] = record.fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Every label with its aliases, across the keys of a rule file.
std::map<std::string, std::set<std::string>> spellings(const std::string& rule_path) {
  dsl::SourceSet sources;
  sources.add(rule_path, slurp(rule_path));
  dsl::DiagnosticSink sink;
  std::vector<dsl::RuleFile> files{dsl::parse(sources, 0, sink)};
  const auto program = compiler::compile(sources, files, sink);
  BOOST_REQUIRE(program.has_value());
  std::map<std::string, std::set<std::string>> result;
  for (const auto& key : program->keys) {
    for (const auto& status : key.statuses) {
      result[status.label].insert(status.label);
      result[status.label].insert(status.aliases.begin(), status.aliases.end());
    }
  }
  return result;
}

struct Seed {
  std::string rules;
  std::string data;
  std::size_t rows;
  // (indicator, period) of every row whose printed outcome departs from the key.
  std::set<std::pair<std::string, std::string>> departures;
};

const std::vector<Seed>& seeds() {
  static const std::vector<Seed> list = {
      {"rules/ncc-2013-q2.sk",
       "rules/ncc-2013-q2.csv",
       210,
       {{"app_downloads", "2013-14 Q2"},
        {"caf_completed", "2013-14 Q2"},
        {"cp_closed_2yrs", "2013-14 Q2"},
        {"smoking_quitters_4wk", "2013-14 Q1"},
        {"revenue_forecast_variance", "2013-14 Q2"},
        {"capital_spend", "2013-14 Q2"},
        {"mtfp_proposals", "2013-14 Q2"},
        {"co2_emissions", "2013-14 Q2"}}},
      {"rules/nnc-2022-02.sk",
       "rules/nnc-2022-02.csv",
       134,
       {{"T15", "2022-02"}, {"T21b", "2022-02"}, {"T58", "2022-02"}}},
  };
  return list;
}

struct InRepo {
  InRepo() { std::filesystem::current_path(STATUSKEY_SOURCE_DIR); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(acceptance)

BOOST_FIXTURE_TEST_CASE(seed_reports_reproduce_printed_outcomes, InRepo) {
  for (const Seed& seed : seeds()) {
    BOOST_TEST_CONTEXT(seed.data) {
      cli::Output output;
      const int status = cli::run({"eval", seed.rules, seed.data}, output);
      BOOST_TEST(status == cli::kExitOk);
      const auto input = rows_of(slurp(seed.data));
      const auto result = rows_of(output.out);
      BOOST_TEST(input.size() == seed.rows);
      BOOST_REQUIRE(result.size() == input.size());
      const auto known = spellings(seed.rules);
      const auto matches = [&](const std::string& label, const std::string& printed) {
        const auto found = known.find(label);
        return found != known.end() && found->second.count(printed) > 0;
      };
      std::set<std::pair<std::string, std::string>> departures;
      std::size_t checked = 0;
      for (std::size_t i = 0; i < input.size(); ++i) {
        const auto& in = input[i];
        const auto& out = result[i];
        BOOST_TEST_CONTEXT(in.at("indicator") << " " << in.at("period")) {
          BOOST_TEST(out.at("error").empty());
          BOOST_TEST(out.at("indicator") == in.at("indicator"));
          BOOST_TEST(out.at("fingerprint").rfind("sha256:", 0) == 0U);
          const bool overridden = !in.at("override_reason").empty();
          if (overridden) departures.emplace(in.at("indicator"), in.at("period"));
          const std::string& printed_status = in.at("reported_status");
          const std::string& printed_direction = in.at("reported_direction");
          if (!printed_status.empty()) {
            ++checked;
            BOOST_TEST(matches(out.at("status"), printed_status), "printed " << printed_status << ", got " << out.at("status"));
            if (!in.at("status_override").empty()) {
              BOOST_TEST(!matches(out.at("computed_status"), printed_status),
                         "an override where the key already gives the printed status");
            }
          }
          if (!printed_direction.empty()) {
            ++checked;
            BOOST_TEST(matches(out.at("direction"), printed_direction),
                       "printed " << printed_direction << ", got " << out.at("direction"));
            if (!in.at("direction_override").empty()) {
              BOOST_TEST(!matches(out.at("computed_direction"), printed_direction),
                         "an override where the key already gives the printed arrow");
            }
          }
        }
      }
      BOOST_TEST(checked > 40U);
      BOOST_TEST((departures == seed.departures));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(seed_rule_files_check_and_test_cleanly, InRepo) {
  for (const Seed& seed : seeds()) {
    cli::Output check;
    BOOST_TEST(cli::run({"check", seed.rules}, check) == cli::kExitOk);
    BOOST_TEST(check.err.empty(), check.err);
    cli::Output test;
    BOOST_TEST(cli::run({"test", seed.rules}, test) == cli::kExitOk);
    BOOST_TEST(test.out.find(" 0 failed") != std::string::npos, test.out);
  }
}

BOOST_AUTO_TEST_SUITE_END()
