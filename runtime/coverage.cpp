// Critical points of a rule set's comparisons, from the same thresholds the evaluator uses.
#include "runtime/coverage.hpp"

#include <algorithm>

namespace runtime {
namespace {

void add(std::vector<Decimal>& points, std::optional<Decimal> value) {
  if (value) points.push_back(value->normalized());
}

// base + s * k * |base| (relative) or base + s * k (difference): where `measure OP k` flips.
std::optional<Decimal> flip_point(Decimal base, Decimal k, MeasureKind kind, int sign) {
  const auto offset = kind == MeasureKind::relative ? k.times(base.abs()) : std::optional<Decimal>(k);
  if (!offset) return std::nullopt;
  return sign < 0 ? base.minus(*offset) : base.plus(*offset);
}

}  // namespace

std::vector<Decimal> critical_actuals(const RuleSet& rules, const Observation& facts) {
  std::vector<Decimal> points;
  const Polarity polarity = facts.polarity.value_or(Polarity::none);
  const int sign = polarity == Polarity::lower ? -1 : 1;
  const bool has_target = facts.target && (facts.target->kind == Target::Kind::value ||
                                           facts.target->kind == Target::Kind::range ||
                                           facts.target->kind == Target::Kind::bound);
  if (has_target) {
    points.push_back(facts.target->value.normalized());
    if (facts.target->kind == Target::Kind::range) points.push_back(facts.target->high.normalized());
    if (facts.tolerance.kind == Tolerance::Kind::range) {
      points.push_back(facts.tolerance.value.normalized());
      points.push_back(facts.tolerance.high.normalized());
    } else if (facts.tolerance.kind != Tolerance::Kind::none && polarity != Polarity::none) {
      const MeasureKind kind =
          facts.tolerance.kind == Tolerance::Kind::relative ? MeasureKind::relative : MeasureKind::difference;
      add(points, flip_point(gap_base(*facts.target, polarity), facts.tolerance.value.negated(), kind, sign));
    }
  }
  if (facts.floor) points.push_back(facts.floor->normalized());
  for (const auto& [name, value] : facts.benchmarks) {
    points.push_back(value.normalized());
    for (const Instruction& instruction : rules.code) {
      if (instruction.code != OpCode::margin || instruction.benchmark != name) continue;
      const MeasureKind kind = instruction.relative_margin ? MeasureKind::relative : MeasureKind::difference;
      add(points, flip_point(value, instruction.threshold, kind, 1));
      add(points, flip_point(value, instruction.threshold, kind, -1));
    }
  }
  if (facts.quartiles) {
    for (const Decimal& cut : *facts.quartiles) points.push_back(cut.normalized());
  }
  if (facts.expected) {
    points.push_back(facts.expected->low.normalized());
    points.push_back(facts.expected->high.normalized());
  }
  if (facts.previous) points.push_back(facts.previous->normalized());
  for (const Instruction& instruction : rules.code) {
    if (instruction.code != OpCode::measure) continue;
    if (instruction.quantity == Quantity::gap && has_target && rules.gap_measure && polarity != Polarity::none) {
      add(points, flip_point(gap_base(*facts.target, polarity), instruction.threshold, *rules.gap_measure, sign));
    }
    if (instruction.quantity == Quantity::change && facts.previous && rules.change_measure) {
      add(points, flip_point(*facts.previous, instruction.threshold, *rules.change_measure, sign));
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

std::vector<Decimal> sample_actuals(const std::vector<Decimal>& critical) {
  const Decimal one = Decimal::from_integer(1);
  const Decimal half = Decimal::from_parts(5, 1);
  if (critical.empty()) return {Decimal::from_integer(-1), Decimal(), one};
  std::vector<Decimal> samples;
  // One unit (or a tenth of the span) beyond each end.
  const Decimal span = critical.size() > 1 ? *critical.back().minus(critical.front()) : one;
  const Decimal step = span.is_zero() ? one : span;
  if (const auto below = critical.front().minus(step)) samples.push_back(*below);
  for (std::size_t i = 0; i < critical.size(); ++i) {
    samples.push_back(critical[i]);
    if (i + 1 < critical.size()) {
      const auto sum = critical[i].plus(critical[i + 1]);
      const auto middle = sum ? sum->times(half) : std::nullopt;
      if (middle) samples.push_back(middle->normalized());
    }
  }
  if (const auto above = critical.back().plus(step)) samples.push_back(*above);
  return samples;
}

}  // namespace runtime
