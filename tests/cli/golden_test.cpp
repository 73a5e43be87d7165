// Golden diagnostics: every tests/golden/NAME.sk is checked in-process with
// `statuskey check tests/golden/NAME.sk` (from the repository root, so paths in messages
// are relative) and its standard error compared byte for byte with NAME.err beside it
// (an absent .err means no output). `fail_` files must fail with exit status 1; all other
// files must compile (exit 0, warnings allowed).
//
// Update switch: STATUSKEY_UPDATE_GOLDEN=1 rewrites the .err files instead of comparing
// (and removes those that would be empty); review the diff before committing it.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "cli/driver.hpp"
#include "dsl/diagnostics.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

constexpr std::string_view kGoldenDir = "tests/golden";

// Kinds in the registry that no compiler pass reports yet, so no golden file can show
// them. Each entry is a known gap, not a pass: the coverage test below fails once a kind
// here starts to appear, so that it moves to a golden file instead.
//   missing-tolerance: blocks.cpp notes `uses_tolerance_` (a rule compares with the
//     tolerance) but nothing checks that the indicator or scheme declares one.
//   unused-key: no pass looks for keys that no scheme or direction block uses.
constexpr std::array<std::string_view, 0> kNotProducedYet{};

fs::path source_dir() { return fs::path(STATUSKEY_SOURCE_DIR); }

// The NAME of every tests/golden/NAME.sk, sorted so that the run order is stable.
std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(source_dir() / kGoldenDir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sk") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_or_empty(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

bool update_requested() {
  const char* value = std::getenv("STATUSKEY_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

struct InRepo {
  InRepo() { fs::current_path(source_dir()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(golden)

BOOST_AUTO_TEST_CASE(directory_has_both_kinds_of_file) {
  const auto names = golden_names();
  BOOST_TEST(std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("fail_"); }));
  BOOST_TEST(std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("ok_"); }));
}

BOOST_DATA_TEST_CASE_F(InRepo, check_output_matches, bdata::make(golden_names()), name) {
  const std::string rule_file = std::string(kGoldenDir) + "/" + name + ".sk";
  const fs::path expected_file = fs::path(kGoldenDir) / (name + ".err");

  cli::Output output;
  const int status = cli::run({"check", rule_file}, output);
  const bool must_fail = name.starts_with("fail_");
  BOOST_TEST(status == (must_fail ? cli::kExitErrors : cli::kExitOk));

  if (update_requested()) {
    if (output.err.empty()) {
      fs::remove(expected_file);
    } else {
      std::ofstream(expected_file, std::ios::binary | std::ios::trunc) << output.err;
    }
    BOOST_TEST_MESSAGE("updated " << expected_file.string());
    return;
  }
  // Compared as whole strings: Boost.Test prints both when they differ.
  BOOST_TEST(output.err == read_or_empty(expected_file));
  if (!must_fail) BOOST_TEST(output.err.find(": error: ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(known_gaps_name_registered_kinds) {
  for (const std::string_view gap : kNotProducedYet) {
    const auto& kinds = dsl::all_kinds();
    BOOST_TEST(std::any_of(kinds.begin(), kinds.end(), [&](dsl::DiagnosticKind k) { return dsl::kind_name(k) == gap; }),
               gap);
  }
}

BOOST_AUTO_TEST_CASE(every_diagnostic_kind_is_produced_by_a_golden_file) {
  std::string all_expected;
  for (const auto& name : golden_names()) {
    all_expected += read_or_empty(source_dir() / kGoldenDir / (name + ".err"));
  }
  for (const dsl::DiagnosticKind kind : dsl::all_kinds()) {
    const std::string_view kind_name = dsl::kind_name(kind);
    const bool produced = all_expected.find("[" + std::string(kind_name) + "]") != std::string::npos;
    const bool known_gap =
        std::find(std::begin(kNotProducedYet), std::end(kNotProducedYet), kind_name) != std::end(kNotProducedYet);
    BOOST_TEST_CONTEXT("kind " << kind_name) {
      if (known_gap) {
        BOOST_TEST_MESSAGE("not produced by any compiler pass yet: [" << kind_name << "]");
        BOOST_TEST(!produced, "[" << kind_name << "] is produced now: remove it from kNotProducedYet");
      } else {
        BOOST_TEST(produced, "no golden .err file shows [" << kind_name << "]");
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
