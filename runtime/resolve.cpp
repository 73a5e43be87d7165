// Resolving a scheme's gap comparisons against a known target: exact thresholds on the
// actual value, computed once per indicator and target instead of once per row.
#include <fmt/format.h>

#include "runtime/program.hpp"

namespace runtime {
namespace {

CompareOp mirrored(CompareOp op) {
  switch (op) {
    case CompareOp::less:
      return CompareOp::greater;
    case CompareOp::less_equal:
      return CompareOp::greater_equal;
    case CompareOp::greater:
      return CompareOp::less;
    case CompareOp::greater_equal:
      return CompareOp::less_equal;
    case CompareOp::equal:
      return CompareOp::equal;
  }
  return op;
}

}  // namespace

ResolvedBands resolve_bands(const RuleSet& scheme, const Target& target, Polarity polarity) {
  ResolvedBands bands;
  const bool numeric =
      target.kind == Target::Kind::value || target.kind == Target::Kind::range || target.kind == Target::Kind::bound;
  if (!scheme.gap_measure || !numeric || polarity == Polarity::none) return bands;
  const Decimal base = gap_base(target, polarity);
  const bool lower = polarity == Polarity::lower;
  bands.thresholds.resize(scheme.code.size());
  for (std::size_t i = 0; i < scheme.code.size(); ++i) {
    const Instruction& instruction = scheme.code[i];
    if (instruction.code != OpCode::measure || instruction.quantity != Quantity::gap) continue;
    ResolvedThreshold& resolved = bands.thresholds[i];
    std::optional<Decimal> offset;
    if (*scheme.gap_measure == MeasureKind::relative) {
      if (base.is_zero()) {
        resolved.reason = "a relative gap is undefined when the target is zero";
        continue;
      }
      offset = instruction.threshold.times(base.abs());
    } else {
      offset = instruction.threshold;
    }
    const auto threshold = offset ? (lower ? base.minus(*offset) : base.plus(*offset)) : std::nullopt;
    if (!threshold) {
      resolved.reason = "the numbers are too large to compare exactly";
      continue;
    }
    resolved.valid = true;
    resolved.op = lower ? mirrored(instruction.compare) : instruction.compare;
    resolved.threshold = *threshold;
  }
  return bands;
}

}  // namespace runtime
