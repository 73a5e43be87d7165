// Lowering of small rule texts: band conditions to postfix code with exact decimal
// thresholds, targets per period, tolerances, keys, and which scheme an indicator gets.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compile_text.hpp"

namespace {

using compiler_test::compile_files;
using compiler_test::compile_text;
using compiler_test::describe_rules;
using compiler_test::describe_targets;

constexpr std::string_view kKey = "key k {\n  status \"Good\"\n  status \"Bad\"\n}\n";

const runtime::Indicator& indicator(const runtime::Program& program, const std::string& id) {
  return program.indicators.at(program.indicator_by_id.at(id));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lowering)

BOOST_AUTO_TEST_CASE(band_conditions_become_postfix_code_with_exact_thresholds) {
  struct Row {
    std::string_view measures;  // `gap = ...` / `change = ...` lines
    std::string_view rule;      // one band rule, then `otherwise -> "Bad"` follows
    std::string_view code;
  };
  const Row rows[] = {
      {"gap = relative to target", "gap > 10%", "gap > 0.10"},
      {"gap = relative to target", "gap >= -5%", "gap >= -0.05"},
      {"gap = relative to target", "gap > 0.5%", "gap > 0.005"},
      {"gap = relative to target", "gap > +2.50%", "gap > 0.0250"},
      {"gap = relative to target", "gap >= 100%", "gap >= 1.00"},
      {"gap = relative to target", "gap == 0%", "gap == 0.00"},
      {"gap = relative to target", "gap in [-5%, 10%)", "gap >= -0.05; gap < 0.10; and/2"},
      {"gap = relative to target", "gap in (-5%, 10%]", "gap > -0.05; gap <= 0.10; and/2"},
      {"gap = difference from target", "gap > 5 points", "gap > 5"},
      {"gap = difference from target", "gap >= -2.5 days", "gap >= -2.5"},
      {"gap = difference from target", "gap > 3", "gap > 3"},
      {"change = relative to previous", "change > 2%", "change > 0.02"},
      {"change = difference from previous", "change <= -1 points", "change <= -1"},
      {"gap = relative to target", "not gap < 1%", "gap < 0.01; not"},
      {"gap = relative to target", "polarity higher and gap > 1%", "polarity higher; gap > 0.01; and/2"},
      {"gap = relative to target\n  change = relative to previous", "gap > 1% or change > 1% or gap > 2%",
       "gap > 0.01; change > 0.01; gap > 0.02; or/3"},
      {"gap = relative to target", "(gap > 1% or gap < -1%) and not polarity none",
       "gap > 0.01; gap < -0.01; or/2; polarity none; not; and/2"},
      {"", "actual meets target", "actual meets target"},
      {"", "actual better than tolerance", "actual better than tolerance"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.rule) {
      const auto compiled = compile_text(fmt::format(
          "{}scheme s uses k {{\n  {}\n  {} -> \"Good\"\n  otherwise -> \"Bad\"\n}}\n", kKey, row.measures, row.rule));
      BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
      const auto& program = *compiled.program;
      const std::vector<std::string> expected{fmt::format("{} -> \"Good\"", row.code), "otherwise -> \"Bad\""};
      BOOST_TEST(describe_rules(program, program.schemes.at(0)) == expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(thresholds_compare_as_exact_decimals) {
  const auto compiled = compile_text(fmt::format(
      "{}scheme s uses k {{\n  gap = relative to target\n  gap > 10% -> \"Good\"\n  otherwise -> \"Bad\"\n}}\n", kKey));
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const runtime::Decimal threshold = compiled.program->schemes.at(0).code.at(0).threshold;
  BOOST_TEST((threshold == *runtime::Decimal::parse("0.10")));
  BOOST_TEST((threshold == *runtime::Decimal::parse("0.1")));
  BOOST_TEST((threshold != *runtime::Decimal::parse("0.1000000000000000000000000001")));
}

BOOST_AUTO_TEST_CASE(directions_and_direction_only_conditions) {
  const auto compiled = compile_text(fmt::format(
      "{}direction d uses k {{\n  no previous -> \"Bad\"\n  status in (\"Good\") and value rose -> \"Good\"\n"
      "  value unchanged -> \"Good\"\n  otherwise -> \"Bad\"\n}}\n"
      "scheme s uses k {{\n  direction d\n  otherwise -> \"Good\"\n}}\n",
      kKey));
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const auto& program = *compiled.program;
  BOOST_TEST_REQUIRE(program.directions.size() == 1U);
  const std::vector<std::string> expected{"status Good; value rose; and/2 -> \"Good\"", "value unchanged -> \"Good\"",
                                          "otherwise -> \"Bad\""};
  BOOST_TEST(describe_rules(program, program.directions.at(0)) == expected, boost::test_tools::per_element());
  BOOST_TEST((program.schemes.at(0).direction == std::optional<std::uint32_t>(0)));
  const auto& special = program.directions.at(0).specials[static_cast<std::size_t>(runtime::Special::no_previous)];
  BOOST_TEST_REQUIRE(special.has_value());
  BOOST_TEST(special->outcome == 1U);
  BOOST_TEST(special->source.line == 6U);
}

BOOST_AUTO_TEST_CASE(specials_and_what_a_scheme_needs) {
  const auto compiled = compile_text(fmt::format(
      "{}scheme s uses k {{\n  no actual or cannot evaluate -> \"Bad\"\n  no target or baseline -> \"Good\"\n"
      "  gap = relative to target\n  gap >= 0% -> \"Good\"\n  otherwise -> \"Bad\"\n}}\n"
      "scheme plain uses k {{\n  otherwise -> \"Good\"\n}}\n",
      kKey));
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const auto& scheme = compiled.program->schemes.at(0);
  std::vector<std::string> specials;
  for (std::size_t i = 0; i < runtime::kSpecialCount; ++i) {
    if (scheme.specials[i]) {
      specials.push_back(fmt::format("{} -> {}", runtime::special_name(static_cast<runtime::Special>(i)),
                                     scheme.specials[i]->outcome));
    }
  }
  BOOST_TEST(fmt::format("{}", fmt::join(specials, ", ")) ==
             fmt::format("{} -> 1, {} -> 0, {} -> 0, {} -> 1", runtime::special_name(runtime::Special::no_actual),
                         runtime::special_name(runtime::Special::no_target),
                         runtime::special_name(runtime::Special::baseline),
                         runtime::special_name(runtime::Special::cannot_evaluate)));
  BOOST_TEST((scheme.gap_measure == std::optional(runtime::MeasureKind::relative)));
  BOOST_TEST(!scheme.change_measure.has_value());
  BOOST_TEST(scheme.needs_target);
  BOOST_TEST(scheme.needs_polarity);
  BOOST_TEST(scheme.rules.at(0).text == "gap >= 0%");
  BOOST_TEST(scheme.rules.at(0).source.line == 9U);
  const auto& plain = compiled.program->schemes.at(1);
  BOOST_TEST(!plain.needs_target);
  BOOST_TEST(!plain.needs_polarity);
}

BOOST_AUTO_TEST_CASE(targets_per_period_with_quarter_shorthand) {
  struct Row {
    std::string_view frequency;
    std::string_view target;
    std::vector<std::string> targets;
  };
  const Row rows[] = {
      {"quarter", "80%", {"80"}},
      {"quarter", "75.00%", {"75.00"}},
      {"quarter", "2013-14 Q1 75%, Q2 78%", {"2013-14 Q1: 75", "2013-14 Q2: 78"}},
      {"quarter",
       "2013-14 Q1 1,\n  Q2 2,\n  Q3 3,\n  Q4 4",
       {"2013-14 Q1: 1", "2013-14 Q2: 2", "2013-14 Q3: 3", "2013-14 Q4: 4"}},
      // The shorthand takes the year of the entry just before it, not the first one.
      {"quarter", "2013-14 Q2 1, 2014-15 Q1 2, Q3 3", {"2013-14 Q2: 1", "2014-15 Q1: 2", "2014-15 Q3: 3"}},
      // ... and stays in that year even when the quarter is an earlier one.
      {"quarter", "2013-14 Q4 1, Q1 2", {"2013-14 Q4: 1", "2013-14 Q1: 2"}},
      {"quarter", "80%, 2013-14 Q4 90%", {"80", "2013-14 Q4: 90"}},
      {"quarter",
       "2013-14 Q1 none, Q2 under review, Q3 baseline",
       {"2013-14 Q1: none", "2013-14 Q2: under review", "2013-14 Q3: baseline"}},
      {"quarter", "2013-14 Q1 < 10.00%, Q2 >= 5", {"2013-14 Q1: < 10.00", "2013-14 Q2: >= 5"}},
      {"quarter", "95% to 97%", {"95 to 97"}},
      {"year", "2013-14 59.0%", {"2013-14: 59.0"}},
      {"year", "2013/14 59%", {"2013-14: 59"}},
      {"month", "2022-02 < 28, 2022-03 28 - 30", {"2022-02: < 28", "2022-03: 28 to 30"}},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.target) {
      const auto compiled =
          compile_text(fmt::format("{}scheme s uses k {{\n  otherwise -> \"Good\"\n}}\n"
                                   "indicator i {{\n  unit percent\n  frequency {}\n  target {}\n}}\n",
                                   kKey, row.frequency, row.target));
      BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
      BOOST_TEST(describe_targets(indicator(*compiled.program, "i")) == row.targets, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(tolerances_and_indicator_properties) {
  struct Row {
    std::string_view tolerance;
    runtime::Tolerance::Kind kind;
    std::string_view value;
    std::string_view high;
  };
  const Row rows[] = {
      {"10%", runtime::Tolerance::Kind::relative, "0.10", "0"},
      {"2.5%", runtime::Tolerance::Kind::relative, "0.025", "0"},
      {"3", runtime::Tolerance::Kind::absolute, "3", "0"},
      {"15% - 35%", runtime::Tolerance::Kind::range, "15", "35"},
      {"15% to 35%", runtime::Tolerance::Kind::range, "15", "35"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.tolerance) {
      const auto compiled = compile_text(
          fmt::format("{}scheme s uses k {{\n  otherwise -> \"Good\"\n}}\n"
                      "indicator i \"Title\" {{\n  section \"S\"\n  owner \"O\"\n  unit percent\n  polarity lower\n"
                      "  frequency quarterly\n  cumulative\n  measure changed in 2013-14 Q3\n  tolerance {}\n}}\n",
                      kKey, row.tolerance));
      BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
      const runtime::Indicator& lowered = indicator(*compiled.program, "i");
      BOOST_TEST((lowered.tolerance.kind == row.kind));
      BOOST_TEST(lowered.tolerance.value.to_string() == row.value);
      BOOST_TEST(lowered.tolerance.high.to_string() == row.high);
      BOOST_TEST(lowered.title == "Title");
      BOOST_TEST(lowered.section == "S");
      BOOST_TEST(lowered.owner == "O");
      BOOST_TEST(lowered.unit == "percent");
      BOOST_TEST(lowered.frequency == "quarter");
      BOOST_TEST((lowered.polarity == runtime::Polarity::lower));
      BOOST_TEST(lowered.polarity_declared);
      BOOST_TEST(lowered.cumulative);
      BOOST_TEST_REQUIRE(lowered.measure_changed.size() == 1U);
      BOOST_TEST(lowered.measure_changed.at(0).to_string() == "2013-14 Q3");
      BOOST_TEST(lowered.source.line == 8U);
    }
  }
}

BOOST_AUTO_TEST_CASE(keys_keep_their_order_and_attributes) {
  const auto compiled = compile_text(
      "council \"Test Council\"\n"
      "key k \"Title\" {\n  status \"Green\" colour #00703C symbol \"★\" means \"on target\" alias \"G\" alias \"OK\"\n"
      "  status \"Red\"\n}\n");
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const runtime::Program& program = *compiled.program;
  BOOST_TEST(program.council == "Test Council");
  BOOST_TEST_REQUIRE(program.keys.size() == 1U);
  const runtime::Key& key = program.keys.at(0);
  BOOST_TEST(key.name == "k");
  BOOST_TEST(key.title == "Title");
  BOOST_TEST_REQUIRE(key.statuses.size() == 2U);
  BOOST_TEST(key.statuses.at(0).label == "Green");
  BOOST_TEST(key.statuses.at(0).colour == "#00703C");
  BOOST_TEST(key.statuses.at(0).symbol == "★");
  BOOST_TEST(key.statuses.at(0).means == "on target");
  BOOST_TEST(key.statuses.at(0).aliases == (std::vector<std::string>{"G", "OK"}), boost::test_tools::per_element());
  BOOST_TEST(key.statuses.at(1).symbol == "Red");  // the label when no symbol is given
  BOOST_TEST(key.statuses.at(1).colour == "");
}

BOOST_AUTO_TEST_CASE(scheme_selection) {
  struct Row {
    std::string_view name;
    std::string_view schemes;
    std::string_view indicator_scheme;  // the `scheme` property, or empty
    std::string_view chosen;
  };
  const Row rows[] = {
      {"the only scheme", "scheme a uses k {\n  otherwise -> \"Good\"\n}\n", "", "a"},
      {"the first declared when none is default",
       "scheme a uses k {\n  otherwise -> \"Good\"\n}\nscheme b uses k {\n  otherwise -> \"Good\"\n}\n", "", "a"},
      {"the one marked default",
       "scheme a uses k {\n  otherwise -> \"Good\"\n}\nscheme b uses k default {\n  otherwise -> \"Good\"\n}\n", "",
       "b"},
      {"the one the indicator names",
       "scheme a uses k default {\n  otherwise -> \"Good\"\n}\nscheme b uses k {\n  otherwise -> \"Good\"\n}\n", "a",
       "a"},
      {"the one the indicator names over the default",
       "scheme a uses k default {\n  otherwise -> \"Good\"\n}\nscheme b uses k {\n  otherwise -> \"Good\"\n}\n", "b",
       "b"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const std::string property =
          row.indicator_scheme.empty() ? "" : fmt::format("  scheme {}\n", row.indicator_scheme);
      const auto compiled = compile_text(fmt::format("{}{}indicator i {{\n{}}}\n", kKey, row.schemes, property));
      BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
      const auto& program = *compiled.program;
      BOOST_TEST(program.schemes.at(indicator(program, "i").scheme).name == row.chosen);
    }
  }
}

BOOST_AUTO_TEST_CASE(files_of_a_rule_set_share_one_name_space) {
  const auto compiled = compile_files({
      "# shared key\nkey k {\n  status \"Good\"\n}\n",
      "scheme s uses k {\n  otherwise -> \"Good\"\n}\n",
      "indicator i {\n  scheme s\n}\n",
  });
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const auto& program = *compiled.program;
  BOOST_TEST(program.files == (std::vector<std::string>{"f0.sk", "f1.sk", "f2.sk"}), boost::test_tools::per_element());
  BOOST_TEST(program.schemes.at(0).source.file == 1U);
  BOOST_TEST(indicator(program, "i").source.file == 2U);
  BOOST_TEST(indicator(program, "i").source.line == 1U);
  BOOST_TEST(program.fingerprint.size() == 64U);
}

BOOST_AUTO_TEST_CASE(test_blocks_are_lowered) {
  const auto compiled =
      compile_text(fmt::format("{}scheme s uses k {{\n  otherwise -> \"Good\"\n}}\nindicator i {{\n}}\n"
                               "test \"t\" {{\n  i 2013-14 Q2 actual 76% previous 75 -> \"Good\" direction \"↑\"\n"
                               "  other actual 5 target < 10 polarity lower -> \"Good\"\n}}\n",
                               kKey));
  BOOST_TEST_REQUIRE(compiled.program.has_value(), compiled.kinds());
  const auto& tests = compiled.program->tests;
  BOOST_TEST_REQUIRE(tests.size() == 1U);
  BOOST_TEST(tests.at(0).name == "t");
  BOOST_TEST_REQUIRE(tests.at(0).cases.size() == 2U);
  const runtime::TestCase& first = tests.at(0).cases.at(0);
  BOOST_TEST(first.indicator == "i");
  BOOST_TEST(first.period == "2013-14 Q2");
  BOOST_TEST(first.actual->to_string() == "76");
  BOOST_TEST(first.previous->to_string() == "75");
  BOOST_TEST(*first.expect_status == "Good");
  BOOST_TEST(*first.expect_direction == "↑");
  BOOST_TEST(first.source.line == 11U);
  const runtime::TestCase& second = tests.at(0).cases.at(1);
  BOOST_TEST(compiler_test::describe(*second.target) == "< 10");
  BOOST_TEST((*second.polarity == runtime::Polarity::lower));
  BOOST_TEST(!second.expect_direction.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
