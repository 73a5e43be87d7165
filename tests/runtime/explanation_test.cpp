// Explanations (runtime/explanation.cpp): the gap in words for each kind of target and
// polarity, and whole explanations whose pieces are long enough to fill the buffer they are
// gathered in, at every offset.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decimal.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/program.hpp"

using runtime::Decimal;
using runtime::Observation;
using runtime::Polarity;
using runtime::Target;
using runtime::Tolerance;

namespace {

Decimal number(std::string_view text) { return Decimal::parse(text).value(); }

Target value_target(std::string_view value) {
  Target target;
  target.kind = Target::Kind::value;
  target.value = number(value);
  return target;
}

Observation observed(std::string_view actual, Target target, std::optional<Polarity> polarity, bool percent) {
  Observation facts;
  facts.actual = number(actual);
  facts.target = target;
  facts.polarity = polarity;
  facts.percent = percent;
  return facts;
}

// A program with one file, one key of one status, one scheme of one rule and one
// direction block: what append_explanation reads.
runtime::Program one_rule_program(std::string file, std::string label, std::string rule_text) {
  runtime::Program program;
  program.files.push_back(std::move(file));
  runtime::Key key;
  key.statuses.push_back(runtime::Status{std::move(label), {}, {}, {}, {}, {}});
  program.keys.push_back(std::move(key));
  runtime::RuleSet scheme;
  runtime::Rule rule;
  rule.source = runtime::SourceRef{0, 47};
  rule.text = std::move(rule_text);
  scheme.rules.push_back(std::move(rule));
  program.schemes.push_back(std::move(scheme));
  program.directions.emplace_back();
  return program;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explanation)

BOOST_AUTO_TEST_CASE(describes_the_gap_in_words) {
  Target range;
  range.kind = Target::Kind::range;
  range.value = number("10");
  range.high = number("20");
  Target at_least;
  at_least.kind = Target::Kind::bound;
  at_least.bound_below = false;
  at_least.value = number("95");
  Observation with_tolerance = observed("94.94", value_target("96"), Polarity::higher, true);
  with_tolerance.tolerance.kind = Tolerance::Kind::relative;
  with_tolerance.tolerance.value = number("0.05");
  struct Row {
    Observation facts;
    std::string_view expected;
  };
  const std::vector<Row> rows = {
      {observed("68.87", value_target("75"), Polarity::higher, true),
       "68.87% is 8.17% (6.13 points) worse than the 75% target"},
      {observed("80", value_target("75"), Polarity::higher, false), "80 is 6.67% (5) better than the 75 target"},
      {observed("12", value_target("10"), Polarity::lower, false), "12 is 20% (2) worse than the 10 target"},
      {observed("75.0", value_target("75"), Polarity::higher, true), "75.0% is exactly on the 75% target"},
      {observed("3", value_target("0"), Polarity::higher, false), "3 is 3 better than the 0 target"},
      {observed("5", value_target("7"), Polarity::none, false), "5 against a target of 7"},
      {observed("5", value_target("7"), std::nullopt, true), "5% against a target of 7%"},
      {observed("25", range, Polarity::lower, false), "25 is 25% (5) worse than the 10 to 20 target"},
      {observed("96", at_least, Polarity::higher, true), "96% is 1.05% (1 points) better than the >=95% target"},
      {observed("-0.5", value_target("-2"), Polarity::higher, false), "-0.5 is 75% (1.5) better than the -2 target"},
      {observed("0.1250000", value_target("1"), Polarity::none, false), "0.13 against a target of 1"},
      {observed("-0.1250000", value_target("1"), Polarity::none, false), "-0.13 against a target of 1"},
      {with_tolerance,
       "94.94% is 1.1% (1.06 points) worse than the 96% target, tolerance 5% of target (down to 91.2%)"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.expected) { BOOST_TEST(runtime::describe_against_target(row.facts) == row.expected); }
  }
}

// The pieces are gathered in a buffer of a few hundred bytes: labels, rule texts and file
// names of every length up to several buffers long, after text already in the string.
BOOST_AUTO_TEST_CASE(explanations_of_any_length) {
  const Observation facts = [] {
    Observation observation = observed("68.87", value_target("75"), Polarity::higher, true);
    observation.scheme = 0;
    return observation;
  }();
  runtime::Outcome outcome;
  outcome.status = 0;
  outcome.status_rule = 0;
  outcome.status_source = runtime::SourceRef{0, 47};
  outcome.direction_block = 0;
  outcome.direction_special = runtime::Special::no_previous;
  outcome.direction = 0;
  outcome.direction_source = runtime::SourceRef{0, 4'294'967'295U};
  for (std::size_t length = 0; length < 900; ++length) {
    const std::string label(length % 37, 'L');
    const std::string rule_text(length, 'r');
    const std::string file(length % 300 + 1, 'f');
    const std::string before(length % 5, '>');
    const runtime::Program program = one_rule_program(file, label, rule_text);
    const std::string expected = label + ": 68.87% is 8.17% (6.13 points) worse than the 75% target; `" + rule_text +
                                 "` applies (" + file + ":47). direction " + label + ": no previous (" + file +
                                 ":4294967295)";
    std::string out = before;
    runtime::append_explanation(out, program, facts, outcome);
    BOOST_TEST_CONTEXT("rule text of " << length << " characters") {
      BOOST_TEST(out == before + expected);
      BOOST_TEST(runtime::explanation(program, facts, outcome) == expected);
    }
  }
}

// append_display and append_target append to what is already there.
BOOST_AUTO_TEST_CASE(displays_after_existing_text) {
  std::string out = "actual ";
  runtime::append_display(out, number("88.10"), true);
  out += ", target ";
  Target range;
  range.kind = Target::Kind::range;
  range.value = number("95");
  range.high = number("97.5");
  runtime::append_target(out, range, true);
  BOOST_TEST(out == "actual 88.10%, target 95% to 97.5%");
  BOOST_TEST(runtime::display(number("-1688"), false) == "-1688");
  BOOST_TEST(runtime::target_text(Target{}, false) == "none");
}

BOOST_AUTO_TEST_SUITE_END()
