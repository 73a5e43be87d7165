// `statuskey explain` and `statuskey audit` on the bundled seed reports: explanations are
// golden files; the audit's departures are exactly the overrides on file. On the bundled
// examples, explanations name the floor, expected range, benchmarks and quartile cut points.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "runtime/csv.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

std::string slurp(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// Fingerprints change with every edit of a bundled rule file, comments included.
std::string without_fingerprints(const std::string& text) {
  static const std::regex fingerprint("sha256:[0-9a-f]{64}");
  return std::regex_replace(text, fingerprint, "sha256:FINGERPRINT");
}

void check_golden(const fs::path& golden, const std::string& actual) {
  const std::string normalised = without_fingerprints(actual);
  if (const char* update = std::getenv("STATUSKEY_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << normalised;
    return;
  }
  BOOST_TEST(fs::exists(golden), golden.string() << " is missing; run with STATUSKEY_UPDATE_GOLDEN=1");
  BOOST_TEST(slurp(golden) == normalised, "output differs from " << golden.string());
}

struct Seed {
  const char* rules;
  const char* data;
  const char* name;
};

constexpr Seed kSeeds[] = {
    {"rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "ncc-2013-q2"},
    {"rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv", "nnc-2022-02"},
};

// (line, aspect) of every override on file, from the data.
std::set<std::pair<std::size_t, std::string>> overrides(const std::string& data_path) {
  const auto table = runtime::read_csv(slurp(data_path));
  std::set<std::pair<std::size_t, std::string>> result;
  std::size_t status_column = 0;
  std::size_t direction_column = 0;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] == "status_override") status_column = i;
    if (table.header[i] == "direction_override") direction_column = i;
  }
  for (const auto& record : table.records) {
    if (!record.fields.at(status_column).empty()) result.emplace(record.line, "status");
    if (!record.fields.at(direction_column).empty()) result.emplace(record.line, "direction");
  }
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_and_audit)

BOOST_FIXTURE_TEST_CASE(explanations_of_the_seed_reports, InRepo) {
  for (const Seed& seed : kSeeds) {
    cli::Output output;
    BOOST_TEST(cli::run({"explain", seed.rules, seed.data}, output) == cli::kExitOk);
    check_golden(fs::path("tests/golden/explain") / (std::string(seed.name) + ".txt"), output.out);
  }
}

BOOST_FIXTURE_TEST_CASE(explain_selects_rows_and_speaks_json, InRepo) {
  cli::Output text;
  BOOST_TEST(cli::run({"explain", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--indicator", "calls_20s",
                       "--period", "2013-14 Q2"},
                      text) == cli::kExitOk);
  BOOST_TEST(text.out.find("gap = (actual - target) / |target| = (47 - 80) / 80 = -41.25%") != std::string::npos,
             text.out);
  BOOST_TEST(text.out.find("rules/ncc-2013-q2.sk:61") != std::string::npos);
  BOOST_TEST(text.out.find("fire_incidents") == std::string::npos);
  cli::Output json;
  BOOST_TEST(cli::run({"explain", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--indicator", "calls_20s",
                       "--format", "json"},
                      json) == cli::kExitOk);
  BOOST_TEST(json.out.find("\"fingerprint\": \"sha256:") != std::string::npos);
  BOOST_TEST(json.out.find("\"topic\": \"measure\"") != std::string::npos);
  cli::Output none;
  BOOST_TEST(cli::run({"explain", "rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv", "--indicator", "no_such"}, none) ==
             cli::kExitOk);
  BOOST_TEST(none.err.find("no row matches") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(audit_departures_are_exactly_the_overrides_on_file, InRepo) {
  for (const Seed& seed : kSeeds) {
    BOOST_TEST_CONTEXT(seed.data) {
      cli::Output json;
      BOOST_TEST(cli::run({"audit", seed.rules, seed.data, "--format", "json"}, json) == cli::kExitOk);
      std::set<std::pair<std::size_t, std::string>> found;
      static const std::regex finding("\"line\": ([0-9]+), [^\\n]*\"aspect\": \"([a-z]+)\"");
      for (auto it = std::sregex_iterator(json.out.begin(), json.out.end(), finding); it != std::sregex_iterator();
           ++it) {
        found.emplace(std::stoul((*it)[1]), (*it)[2]);
      }
      BOOST_TEST((found == overrides(seed.data)));
      BOOST_TEST(json.out.find("\"covered_by_override\": " + std::to_string(found.size())) != std::string::npos);
      cli::Output text;
      BOOST_TEST(cli::run({"audit", seed.rules, seed.data}, text) == cli::kExitOk);
      check_golden(fs::path("tests/golden/audit") / (std::string(seed.name) + ".txt"), text.out);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(audit_classifies_and_fails_on_uncovered_departures, InRepo) {
  const fs::path data = fs::temp_directory_path() / "statuskey-audit.csv";
  // Row 2: printed Amber where the key gives Green (76% is exactly 5% under: a boundary).
  // Row 3: printed ↓ for a fall in a lower-is-better count (polarity).
  // Row 4: printed Amber where the key gives Green+, far from any boundary; the opposite
  // polarity would give Red, so nothing reproduces Amber.
  std::ofstream(data) << "indicator,period,actual,previous,reported_status,reported_direction\n"
                      << "calls_20s,2013-14 Q2,76%,,Amber,\n"
                      << "fire_incidents,2013-14 Q2,2886,3000,,↓\n"
                      << "volunteers_libraries,2013-14 Q2,763,,Amber,\n";
  cli::Output output;
  BOOST_TEST(cli::run({"audit", "rules/ncc-2013-q2.sk", data.string()}, output) == cli::kExitErrors);
  BOOST_TEST(output.out.find("calls_20s 2013-14 Q2 status: printed Amber, the key gives Green [boundary]") !=
                 std::string::npos,
             output.out);
  BOOST_TEST(output.out.find("fire_incidents 2013-14 Q2 direction: printed ↓, the key gives ↑ [polarity]") !=
                 std::string::npos,
             output.out);
  BOOST_TEST(output.out.find("volunteers_libraries 2013-14 Q2 status: printed Amber, the key gives Green+ [no rule "
                             "reproduces it]") != std::string::npos,
             output.out);
  BOOST_TEST(output.out.find("3 departures") != std::string::npos);
  BOOST_TEST(output.out.find("0 covered by overrides on file, 3 not") != std::string::npos);
  fs::remove(data);
}

namespace {

// A row of a bundled example (rules/examples/EXAMPLE.sk and .csv) and what `explain` must
// name in its inputs besides the target: the floor, expected range, benchmark or cut points.
struct ExplainCase {
  std::string example;
  std::string indicator;
  std::string period;
  std::string inputs;  // expected in the `inputs` line
};

std::ostream& operator<<(std::ostream& stream, const ExplainCase& row) {
  return stream << row.example << " " << row.indicator << " " << row.period;
}

const std::vector<ExplainCase> kExplainCases{
    {"floor", "delayed_transfers", "2012-13 Q4", "; lower is better; floor 2.5; scheme `floor_standard`"},
    {"expected-range", "lac_count", "2013-14 Q3", "; expected range 720 to 780; scheme"},
    {"benchmark", "repeat_plans", "2023-24", "; statistical_neighbours benchmark 22.4%; scheme"},
    {"quartiles", "benefit_days", "2021-22", "; quartile cut points 16, 19, 23; scheme"},
};

}  // namespace

BOOST_DATA_TEST_CASE_F(InRepo, explain_names_floors_ranges_benchmarks_and_cut_points, bdata::make(kExplainCases), row) {
  cli::Output output;
  BOOST_TEST(cli::run({"explain", "rules/examples/" + row.example + ".sk", "rules/examples/" + row.example + ".csv",
                       "--indicator", row.indicator, "--period", row.period},
                      output) == cli::kExitOk);
  BOOST_TEST(output.out.find(row.inputs) != std::string::npos, output.out);
}

BOOST_AUTO_TEST_SUITE_END()
