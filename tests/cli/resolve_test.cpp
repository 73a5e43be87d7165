// The thresholds the compiler resolves per indicator and target give exactly the same
// statuses as evaluating the scheme's comparisons row by row, at and around every
// threshold of every bundled indicator.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "dsl/parser.hpp"
#include "runtime/evaluate.hpp"

namespace {

runtime::Program compile_file(const std::string& path) {
  std::ifstream stream(std::string(STATUSKEY_SOURCE_DIR) + "/" + path, std::ios::binary);
  dsl::SourceSet sources;
  sources.add(path, std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()));
  dsl::DiagnosticSink sink;
  const std::vector<dsl::RuleFile> files{dsl::parse(sources, 0, sink)};
  auto program = compiler::compile(sources, files, sink);
  BOOST_REQUIRE(program.has_value());
  return std::move(*program);
}

// Values at, just below and just above every threshold, plus the target itself.
std::vector<runtime::Decimal> probes(const runtime::ResolvedBands& bands, const runtime::Target& target) {
  std::vector<runtime::Decimal> values{target.value, target.high};
  const runtime::Decimal step = runtime::Decimal::from_parts(1, 4);  // 0.0001
  for (const auto& threshold : bands.thresholds) {
    if (!threshold.valid) continue;
    values.push_back(threshold.threshold);
    values.push_back(*threshold.threshold.minus(step));
    values.push_back(*threshold.threshold.plus(step));
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resolved_thresholds)

BOOST_AUTO_TEST_CASE(agree_with_row_by_row_evaluation) {
  std::size_t compared = 0;
  for (const std::string file : {"rules/ncc-2013-q2.sk", "rules/nnc-2022-02.sk"}) {
    const runtime::Program program = compile_file(file);
    for (const auto& indicator : program.indicators) {
      std::vector<std::pair<runtime::Target, const runtime::ResolvedBands*>> targets;
      if (indicator.target && indicator.resolved_target) targets.emplace_back(*indicator.target, &*indicator.resolved_target);
      for (std::size_t i = 0; i < indicator.resolved_period_targets.size(); ++i) {
        targets.emplace_back(indicator.period_targets[i].second, &indicator.resolved_period_targets[i]);
      }
      for (const auto& [target, bands] : targets) {
        for (const runtime::Decimal actual : probes(*bands, target)) {
          runtime::Observation facts;
          facts.indicator = indicator.id;
          facts.actual = actual;
          facts.target = target;
          facts.polarity = indicator.polarity;
          facts.scheme = indicator.scheme;
          facts.tolerance = indicator.tolerance;
          const runtime::Outcome row_by_row = runtime::decide(program, facts);
          facts.resolved = bands;
          const runtime::Outcome resolved = runtime::decide(program, facts);
          BOOST_TEST_CONTEXT(indicator.id << " actual " << actual.to_plain()) {
            BOOST_TEST(row_by_row.error == resolved.error);
            BOOST_TEST((row_by_row.status == resolved.status));
          }
          ++compared;
        }
      }
    }
  }
  BOOST_TEST(compared > 100U);
}

BOOST_AUTO_TEST_SUITE_END()
