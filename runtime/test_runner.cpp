// Test cases as observations: declared facts of the indicator, overridden by the case.
#include "runtime/test_runner.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/describe.hpp"
#include "runtime/evaluate.hpp"

namespace runtime {

std::vector<TestResult> run_tests(const Program& program) {
  std::vector<TestResult> results;
  for (const auto& block : program.tests) {
    for (const auto& test_case : block.cases) {
      Observation facts;
      facts.indicator = test_case.indicator;
      if (!test_case.period.empty()) facts.period = Period::parse(test_case.period);
      facts.scheme = program.default_scheme;
      if (const auto found = program.indicator_by_id.find(test_case.indicator); found != program.indicator_by_id.end()) {
        const Indicator& indicator = program.indicators[found->second];
        facts.scheme = indicator.scheme;
        facts.direction = indicator.direction;
        if (indicator.polarity_declared) facts.polarity = indicator.polarity;
        facts.percent = indicator.unit == "percent";
        facts.target = indicator.target;
        if (indicator.resolved_target) facts.resolved = &*indicator.resolved_target;
        if (facts.period) {
          for (std::size_t i = 0; i < indicator.period_targets.size(); ++i) {
            if (indicator.period_targets[i].first != *facts.period) continue;
            facts.target = indicator.period_targets[i].second;
            facts.resolved = i < indicator.resolved_period_targets.size() ? &indicator.resolved_period_targets[i]
                                                                          : nullptr;
          }
          facts.measure_changed = std::find(indicator.measure_changed.begin(), indicator.measure_changed.end(),
                                            *facts.period) != indicator.measure_changed.end();
        }
        facts.tolerance = indicator.tolerance;
        attach_references(indicator, facts);
        if (indicator.manual_key) {
          facts.manual = &indicator;
          facts.scheme.reset();
          facts.manual_status = test_case.status.value_or("");
          facts.manual_reason = test_case.reason.value_or("");
        }
      }
      if (facts.tolerance.kind == Tolerance::Kind::none && facts.scheme &&
          program.schemes[*facts.scheme].default_tolerance) {
        facts.tolerance = Tolerance{Tolerance::Kind::relative, *program.schemes[*facts.scheme].default_tolerance, {}};
      }
      if (test_case.polarity) facts.polarity = test_case.polarity;
      if (test_case.target) {
        facts.target = test_case.target;
        facts.resolved = nullptr;
      }
      if (test_case.polarity) facts.resolved = nullptr;
      facts.actual = test_case.actual;
      facts.previous = test_case.previous;
      if (test_case.last_year) facts.last_year = test_case.last_year;
      if (test_case.tolerance) facts.tolerance = *test_case.tolerance;
      if (test_case.floor) facts.floor = test_case.floor;
      for (const auto& given : test_case.benchmarks) {  // (name index, value)
        const auto declared = std::find_if(facts.benchmarks.begin(), facts.benchmarks.end(),
                                           [&](const auto& benchmark) { return benchmark.first == given.first; });
        if (declared != facts.benchmarks.end()) {
          declared->second = given.second;
        } else {
          facts.benchmarks.push_back(given);
        }
      }
      if (test_case.percent && program.indicator_by_id.count(test_case.indicator) == 0) facts.percent = true;
      if (const auto found = program.indicator_by_id.find(test_case.indicator); found != program.indicator_by_id.end()) {
        apply_precision(program.indicators[found->second], facts);
      }

      TestResult result;
      result.block = block.name;
      result.where = fmt::format("{}:{}", program.files.at(test_case.source.file), test_case.source.line);
      result.description = fmt::format("{}{}{}", test_case.indicator, test_case.period.empty() ? "" : " ",
                                       test_case.period);
      if (facts.actual) result.description += fmt::format(" actual {}", display(*facts.actual, facts.percent));
      if (facts.previous) result.description += fmt::format(" previous {}", display(*facts.previous, facts.percent));
      if (test_case.last_year) {
        result.description += fmt::format(" last year {}", display(*test_case.last_year, facts.percent));
      }
      if (test_case.target) result.description += fmt::format(" target {}", describe_target_setting(*test_case.target, facts.percent));
      if (test_case.polarity) result.description += fmt::format(" polarity {}", polarity_name(*test_case.polarity));
      if (test_case.status) result.description += fmt::format(" status \"{}\"", *test_case.status);

      const Outcome outcome = decide(program, facts);
      std::string got_status;
      std::string got_direction;
      if (outcome.error.empty() && outcome.status && (facts.scheme || facts.manual != nullptr)) {
        got_status = status_key(program, facts).statuses[*outcome.status].label;
        const auto direction = facts.direction ? facts.direction
                                               : (facts.scheme ? program.schemes[*facts.scheme].direction : std::nullopt);
        if (outcome.direction && direction) {
          got_direction = program.keys[program.directions[*direction].key].statuses[*outcome.direction].label;
        }
      }
      result.passed = outcome.error.empty();
      if (test_case.expect_status) {
        result.expected = fmt::format("\"{}\"", *test_case.expect_status);
        result.actual = fmt::format("\"{}\"", got_status);
        result.passed = result.passed && got_status == *test_case.expect_status;
      }
      if (test_case.expect_direction) {
        result.expected += fmt::format("{}direction \"{}\"", result.expected.empty() ? "" : " ", *test_case.expect_direction);
        result.actual += fmt::format("{}direction \"{}\"", result.actual.empty() ? "" : " ", got_direction);
        result.passed = result.passed && got_direction == *test_case.expect_direction;
      }
      result.explanation = outcome.error.empty() ? outcome.explanation : outcome.error;
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace runtime
