// Applying a scheme and a direction block to one observation: special outcomes, then
// the rules in order, first match wins. The decision only: its explanation is written
// from it afterwards (explanation.cpp). Every comparison is exact: relative measures
// compare s x (actual - base) with k x |base| (cross-multiplied, no division).
#include <algorithm>
#include <fmt/format.h>

#include "runtime/evaluate.hpp"

namespace runtime {
namespace {

// Why a condition could not be evaluated, or nothing.
struct Verdict {
  std::optional<bool> value;
  std::string reason;
};

Verdict unknown(std::string reason) { return Verdict{std::nullopt, std::move(reason)}; }

int orientation(Polarity polarity) { return polarity == Polarity::lower ? -1 : 1; }

bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

class Evaluator {
 public:
  // `resolved`: the scheme's gap thresholds pre-resolved for this target, or null.
  Evaluator(const RuleSet& rules, const Observation& facts, std::string_view status, const ResolvedBands* resolved)
      : rules_(rules), facts_(facts), status_(status), resolved_(resolved) {}

  // The first rule that matches, or a reason why none could be decided.
  std::optional<std::size_t> first_match(std::string& reason) {
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      const Rule& rule = rules_.rules[i];
      const Verdict verdict = run(rule);
      if (!verdict.value) {
        reason = verdict.reason;
        return std::nullopt;
      }
      if (*verdict.value) return i;
    }
    reason = "no rule matched";
    return std::nullopt;
  }

  Verdict run(const Rule& rule) {
    if (rule.count == 0) return Verdict{true, {}};
    std::vector<bool>& stack = stack_;  // reused: one allocation per evaluator, not per rule
    stack.clear();
    for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
      const Instruction& instruction = rules_.code[pc];
      switch (instruction.code) {
        case OpCode::negate:
          stack.back() = !stack.back();
          continue;
        case OpCode::all:
        case OpCode::any: {
          bool result = instruction.code == OpCode::all;
          for (std::uint16_t k = 0; k < instruction.arity; ++k) {
            result = instruction.code == OpCode::all ? (result && stack.back()) : (result || stack.back());
            stack.pop_back();
          }
          stack.push_back(result);
          continue;
        }
        default:
          break;
      }
      const Verdict verdict = atom(instruction);
      if (!verdict.value) return verdict;
      stack.push_back(*verdict.value);
    }
    if (stack.size() != 1) throw std::logic_error("internal error: unbalanced condition program");
    return Verdict{stack.back(), {}};
  }

 private:
  Verdict atom(const Instruction& instruction) {
    switch (instruction.code) {
      case OpCode::measure:
        return measure(instruction);
      case OpCode::actual:
        return actual(instruction);
      case OpCode::margin:
        return margin(instruction);
      case OpCode::quartile:
        return quartile(instruction);
      case OpCode::polarity:
        if (!facts_.polarity) return unknown("the indicator has no polarity");
        return Verdict{*facts_.polarity == instruction.polarity, {}};
      case OpCode::status: {
        for (const auto& label : rules_.status_sets[instruction.status_set]) {
          if (label == status_) return Verdict{true, {}};
        }
        return Verdict{false, {}};
      }
      case OpCode::moved: {
        if (!facts_.actual || !facts_.previous) return unknown("no previous value");
        const auto order = *facts_.actual <=> *facts_.previous;
        const bool result = instruction.move == ValueMove::rose   ? order > 0
                            : instruction.move == ValueMove::fell ? order < 0
                                                                  : order == 0;
        return Verdict{result, {}};
      }
      default:
        throw std::logic_error("internal error: operator in atom position");
    }
  }

  Verdict measure(const Instruction& instruction) {
    const bool is_gap = instruction.quantity == Quantity::gap;
    const auto kind = is_gap ? rules_.gap_measure : rules_.change_measure;
    if (!kind || !facts_.actual) return unknown("no actual value");
    if (is_gap && resolved_ != nullptr && !resolved_->thresholds.empty()) {
      const std::size_t index = static_cast<std::size_t>(&instruction - rules_.code.data());
      const ResolvedThreshold& resolved = resolved_->thresholds.at(index);
      if (!resolved.valid) return unknown(resolved.reason);
      return Verdict{holds(*facts_.actual, resolved.op, resolved.threshold), {}};
    }
    Decimal base;
    if (is_gap) {
      if (!numeric(facts_.target)) return unknown("no target to measure the gap from");
      if (!facts_.polarity || *facts_.polarity == Polarity::none) {
        return unknown("the gap to target needs a polarity (higher or lower is better)");
      }
      base = gap_base(*facts_.target, *facts_.polarity);
    } else {
      if (!facts_.previous) return unknown("no previous value");
      base = *facts_.previous;
    }
    const int sign = orientation(facts_.polarity.value_or(Polarity::none));
    auto difference = facts_.actual->minus(base);
    if (!difference) return unknown("the numbers are too large to compare exactly");
    if (sign < 0) difference = difference->negated();
    if (*kind == MeasureKind::difference) return Verdict{holds(*difference, instruction.compare, instruction.threshold), {}};
    if (base.is_zero()) {
      return unknown(fmt::format("a relative {} is undefined when the {} is zero", is_gap ? "gap" : "change",
                                 is_gap ? "target" : "previous value"));
    }
    const auto scaled = instruction.threshold.times(base.abs());
    if (!scaled) return unknown("the numbers are too large to compare exactly");
    return Verdict{holds(*difference, instruction.compare, *scaled), {}};
  }

  std::optional<Decimal> benchmark(std::uint16_t index) const {
    for (const auto& [name, value] : facts_.benchmarks) {
      if (name == index) return value;
    }
    return facts_.row_benchmark;
  }

  std::string no_benchmark(std::uint16_t index) const {
    const auto& names = rules_.benchmark_names;
    const std::string_view name = index < names.size() ? std::string_view(names[index]) : std::string_view("?");
    return fmt::format("no `{}` benchmark for this indicator and period", name);
  }

  // |actual - benchmark| within the margin, in the unit or as a share of the benchmark.
  Verdict margin(const Instruction& instruction) {
    if (!facts_.actual) return unknown("no actual value");
    const auto value = benchmark(instruction.benchmark);
    if (!value) return unknown(no_benchmark(instruction.benchmark));
    const auto difference = facts_.actual->minus(*value);
    const auto allowed =
        instruction.relative_margin ? instruction.threshold.times(value->abs()) : std::optional<Decimal>(instruction.threshold);
    if (!difference || !allowed) return unknown("the numbers are too large to compare exactly");
    return Verdict{difference->abs() <= *allowed, {}};
  }

  // The actual's quartile among the cut points, 1 = best by polarity; a value on a cut
  // point is in the better quartile.
  Verdict quartile(const Instruction& instruction) {
    if (!facts_.actual) return unknown("no actual value");
    if (!facts_.quartiles) return unknown("no quartile cut points for this indicator");
    const Polarity polarity = facts_.polarity.value_or(Polarity::none);
    if (polarity == Polarity::none) return unknown("quartile position needs a polarity (which end is best)");
    const auto& cuts = *facts_.quartiles;
    const Decimal a = *facts_.actual;
    int position = 4;
    if (polarity == Polarity::higher) {
      position = a >= cuts[2] ? 1 : a >= cuts[1] ? 2 : a >= cuts[0] ? 3 : 4;
    } else {
      position = a <= cuts[0] ? 1 : a <= cuts[1] ? 2 : a <= cuts[2] ? 3 : 4;
    }
    return Verdict{position == instruction.arity, {}};
  }

  // Plain comparisons of the actual with a single value, by polarity for meets/better/worse.
  Verdict against(Decimal a, Decimal reference, ActualTest test, Polarity polarity, std::string_view what) {
    switch (test) {
      case ActualTest::below:
        return Verdict{a < reference, {}};
      case ActualTest::above:
        return Verdict{a > reference, {}};
      default:
        break;
    }
    if (polarity == Polarity::none) return unknown(fmt::format("comparing with the {} needs a polarity", what));
    const bool meets = polarity == Polarity::higher ? a >= reference : a <= reference;
    const bool better = polarity == Polarity::higher ? a > reference : a < reference;
    return Verdict{test == ActualTest::meets ? meets : test == ActualTest::better_than ? better : !meets, {}};
  }

  Verdict actual(const Instruction& instruction) {
    if (!facts_.actual) return unknown("no actual value");
    const Polarity row_polarity = facts_.polarity.value_or(Polarity::none);
    if (instruction.reference == Reference::floor) {
      if (!facts_.floor) return unknown("no floor is set for this indicator and period");
      return against(*facts_.actual, *facts_.floor, instruction.test, row_polarity, "floor");
    }
    if (instruction.reference == Reference::benchmark) {
      const auto value = benchmark(instruction.benchmark);
      if (!value) return unknown(no_benchmark(instruction.benchmark));
      return against(*facts_.actual, *value, instruction.test, row_polarity, "benchmark");
    }
    if (instruction.reference == Reference::expected) {
      if (!facts_.expected) return unknown("no expected range is set for this indicator and period");
      const Decimal a = *facts_.actual;
      switch (instruction.test) {
        case ActualTest::below:
          return Verdict{a < facts_.expected->low, {}};
        case ActualTest::above:
          return Verdict{a > facts_.expected->high, {}};
        default:
          return Verdict{a >= facts_.expected->low && a <= facts_.expected->high, {}};
      }
    }
    if (instruction.test == ActualTest::below || instruction.test == ActualTest::above) {
      if (instruction.reference == Reference::target && numeric(facts_.target)) {
        return against(*facts_.actual, facts_.target->value, instruction.test, row_polarity, "target");
      }
      if (instruction.reference == Reference::target) return Verdict{false, {}};
    }
    if (!numeric(facts_.target)) {
      return Verdict{false, {}};  // nothing to meet: "actual meets target" is simply false
    }
    const Target& target = *facts_.target;
    const Decimal a = *facts_.actual;
    const Polarity polarity = facts_.polarity.value_or(Polarity::none);
    if (instruction.reference == Reference::target) {
      bool meets = false;
      bool better = false;
      switch (target.kind) {
        case Target::Kind::bound:
          meets = target.bound_below ? (target.strict ? a < target.value : a <= target.value)
                                     : (target.strict ? a > target.value : a >= target.value);
          better = target.bound_below ? a < target.value : a > target.value;
          break;
        case Target::Kind::range:
          meets = polarity == Polarity::higher  ? a >= target.value
                  : polarity == Polarity::lower ? a <= target.high
                                                : (a >= target.value && a <= target.high);
          better = polarity == Polarity::higher ? a > target.high : polarity == Polarity::lower && a < target.value;
          break;
        default:
          if (polarity == Polarity::none && instruction.test != ActualTest::meets) {
            return unknown("better or worse than target needs a polarity");
          }
          meets = polarity == Polarity::higher ? a >= target.value
                  : polarity == Polarity::lower ? a <= target.value
                                                : a == target.value;
          better = polarity == Polarity::higher ? a > target.value : a < target.value;
          break;
      }
      return Verdict{instruction.test == ActualTest::meets         ? meets
                     : instruction.test == ActualTest::better_than ? better
                                                                   : !meets,
                     {}};
    }
    // Tolerance: the limit on the worse side of the target.
    const Tolerance& tolerance = facts_.tolerance;
    bool within = false;
    bool strictly_inside = false;
    if (tolerance.kind == Tolerance::Kind::range) {
      within = polarity == Polarity::higher  ? a >= tolerance.value
               : polarity == Polarity::lower ? a <= tolerance.high
                                             : (a >= tolerance.value && a <= tolerance.high);
      strictly_inside = polarity == Polarity::higher ? a > tolerance.value : a < tolerance.high;
    } else if (tolerance.kind == Tolerance::Kind::none) {
      return unknown("no tolerance is set for this indicator or scheme");
    } else {
      if (polarity == Polarity::none) return unknown("a tolerance around target needs a polarity");
      const Decimal base = gap_base(target, polarity);
      auto difference = a.minus(base);
      std::optional<Decimal> allowed =
          tolerance.kind == Tolerance::Kind::relative ? tolerance.value.times(base.abs()) : tolerance.value;
      if (!difference || !allowed) return unknown("the numbers are too large to compare exactly");
      if (polarity == Polarity::lower) difference = difference->negated();
      within = *difference >= allowed->negated();
      strictly_inside = *difference > allowed->negated();
    }
    return Verdict{instruction.test == ActualTest::meets         ? within
                   : instruction.test == ActualTest::better_than ? strictly_inside
                                                                 : !within,
                   {}};
  }

  const RuleSet& rules_;
  const Observation& facts_;
  std::string_view status_;
  const ResolvedBands* resolved_;
  std::vector<bool> stack_;
};

}  // namespace

std::vector<std::optional<bool>> rule_truths(const RuleSet& rules, const Observation& facts, std::string_view status,
                                             const ResolvedBands* resolved) {
  Evaluator evaluator(rules, facts, status, resolved);
  std::vector<std::optional<bool>> truths;
  truths.reserve(rules.rules.size());
  for (const Rule& rule : rules.rules) truths.push_back(evaluator.run(rule).value);
  return truths;
}

void attach_references(const Indicator& indicator, Observation& facts) {
  facts.benchmarks.clear();
  for (const auto& [name, values] : indicator.benchmarks) {
    if (const Decimal* value = values.find(facts.period)) facts.benchmarks.emplace_back(name, *value);
  }
  const auto* quartiles = indicator.quartiles.find(facts.period);
  facts.quartiles = quartiles != nullptr ? std::optional<std::array<Decimal, 3>>(*quartiles) : std::nullopt;
  const Decimal* floor = indicator.floor.find(facts.period);
  facts.floor = floor != nullptr ? std::optional<Decimal>(*floor) : std::nullopt;
  const ExpectedRange* expected = indicator.expected.find(facts.period);
  facts.expected = expected != nullptr ? std::optional<ExpectedRange>(*expected) : std::nullopt;
}

void apply_precision(const Indicator& indicator, Observation& facts) {
  if (!indicator.precision) return;
  if (facts.actual) {
    const Decimal rounded = facts.actual->rounded(*indicator.precision, indicator.rounding);
    if (!(rounded == *facts.actual)) facts.unrounded_actual = facts.actual;
    facts.actual = rounded;
  }
  if (facts.previous) facts.previous = facts.previous->rounded(*indicator.precision, indicator.rounding);
  if (facts.last_year) facts.last_year = facts.last_year->rounded(*indicator.precision, indicator.rounding);
}

const Key& status_key(const Program& program, const Observation& facts) {
  if (facts.manual != nullptr) return program.keys[*facts.manual->manual_key];
  return program.keys[program.schemes[*facts.scheme].key];
}

namespace {

std::string quoted_labels(const Key& key) {
  std::string labels;
  for (const auto& status : key.statuses) {
    labels += fmt::format("{}\"{}\"", labels.empty() ? "" : ", ", status.label);
  }
  return labels;
}

// A status set by a person: one of the manual key's statuses (label or alias), with a reason.
Outcome decide_manual(const Program& program, const Observation& facts) {
  Outcome outcome;
  const Indicator& indicator = *facts.manual;
  const Key& key = program.keys[*indicator.manual_key];
  if (facts.manual_status.empty()) {
    outcome.error = fmt::format("`{}`'s status is set by hand (`manual`, {}:{}) but the status cell is empty; give one "
                                "of {}",
                                indicator.id, program.files.at(indicator.manual_source.file),
                                indicator.manual_source.line, quoted_labels(key));
    return outcome;
  }
  const Status* found = find_status(key, facts.manual_status);
  if (found == nullptr) {
    outcome.error = fmt::format("status \"{}\" is not a status of key `{}`; use one of {}", facts.manual_status,
                                key.name, quoted_labels(key));
    return outcome;
  }
  if (facts.manual_reason.empty()) {
    outcome.error = "a status set by hand needs a reason: the reason cell is empty";
    return outcome;
  }
  outcome.status = static_cast<std::uint16_t>(found - key.statuses.data());
  outcome.manual = true;
  outcome.status_source = indicator.manual_source;
  return outcome;
}

}  // namespace

Outcome decide_outcome(const Program& program, const Observation& facts) {
  if (facts.manual != nullptr) return decide_manual(program, facts);
  Outcome outcome;
  if (!facts.scheme) {
    outcome.error = "no scheme applies to this row";
    return outcome;
  }
  const RuleSet& scheme = program.schemes[*facts.scheme];
  const Key& key = program.keys[scheme.key];
  const auto special = [](const RuleSet& rules, Special which) -> const std::optional<SpecialOutcome>& {
    return rules.specials[static_cast<std::size_t>(which)];
  };

  // --- status ---
  const std::optional<Special> applies = status_case(scheme, facts);
  if (applies) {
    const auto& handled = special(scheme, *applies);
    const auto& fallback = special(scheme, Special::cannot_evaluate);
    if (handled || fallback) {
      const SpecialOutcome& chosen = handled ? *handled : *fallback;
      outcome.status = chosen.outcome;
      outcome.status_case = applies;
      outcome.status_special = handled ? *applies : Special::cannot_evaluate;
      if (!handled) outcome.status_reason = std::string(special_name(*applies));
      outcome.status_source = chosen.source;
    } else {
      outcome.error = fmt::format("{}, and scheme `{}` has no `{}` rule", special_name(*applies), scheme.name,
                                  special_name(*applies));
      return outcome;
    }
  } else {
    std::string reason;
    Evaluator evaluator(scheme, facts, {}, facts.resolved);
    if (const auto index = evaluator.first_match(reason)) {
      const Rule& rule = scheme.rules[*index];
      outcome.status = rule.outcome;
      outcome.status_rule = *index;
      outcome.status_source = rule.source;
    } else if (const auto& fallback = special(scheme, Special::cannot_evaluate)) {
      outcome.status = fallback->outcome;
      outcome.status_special = Special::cannot_evaluate;
      outcome.status_reason = reason;
      outcome.status_source = fallback->source;
    } else {
      outcome.error = fmt::format("scheme `{}` gives no status: {}", scheme.name, reason);
      return outcome;
    }
  }

  // --- direction of travel ---
  const std::optional<std::uint32_t> direction_index = facts.direction ? facts.direction : scheme.direction;
  if (!direction_index) return outcome;
  const RuleSet& direction = program.directions[*direction_index];
  outcome.direction_block = direction_index;
  // A block that compares with the same period last year sees that value as `previous`.
  std::optional<Observation> year_on_year;
  if (direction.change_from_last_year) {
    year_on_year = facts;
    year_on_year->previous = facts.last_year;
  }
  const Observation& compared = year_on_year ? *year_on_year : facts;
  if (const auto direction_special = direction_case(facts, compared.previous.has_value())) {
    const auto& handled = special(direction, *direction_special);
    outcome.direction_special = direction_special;
    if (handled) {
      outcome.direction = handled->outcome;
      outcome.direction_source = handled->source;
    }
    return outcome;
  }
  Evaluator evaluator(direction, compared, key.statuses[*outcome.status].label, nullptr);
  std::string direction_reason;
  if (const auto index = evaluator.first_match(direction_reason)) {
    const Rule& rule = direction.rules[*index];
    outcome.direction = rule.outcome;
    outcome.direction_rule = *index;
    outcome.direction_source = rule.source;
  } else if (const auto& fallback = special(direction, Special::cannot_evaluate)) {
    outcome.direction = fallback->outcome;
    outcome.direction_special = Special::cannot_evaluate;
    outcome.direction_reason = direction_reason;
    outcome.direction_source = fallback->source;
  } else {
    outcome.direction_reason = direction_reason;
  }
  return outcome;
}

std::optional<Special> status_case(const RuleSet& scheme, const Observation& facts) {
  const auto handles = [&](Special which) { return scheme.specials[static_cast<std::size_t>(which)].has_value(); };
  if (!facts.actual) return Special::no_actual;
  if (facts.target && facts.target->kind == Target::Kind::under_review) return Special::under_review;
  if (facts.target && facts.target->kind == Target::Kind::baseline) return Special::baseline;
  if (!numeric(facts.target) && (scheme.needs_target || handles(Special::no_target))) return Special::no_target;
  if (facts.measure_changed && handles(Special::measure_changed)) return Special::measure_changed;
  return std::nullopt;
}

std::optional<Special> direction_case(const Observation& facts, bool has_previous) {
  if (!facts.actual) return Special::no_actual;
  if (facts.measure_changed) return Special::measure_changed;
  if (!has_previous) return Special::no_previous;
  return std::nullopt;
}


Decimal gap_base(const Target& target, Polarity polarity) {
  if (target.kind == Target::Kind::range && polarity == Polarity::lower) return target.high;
  return target.value;
}

std::string_view polarity_name(Polarity polarity) {
  switch (polarity) {
    case Polarity::higher:
      return "higher";
    case Polarity::lower:
      return "lower";
    case Polarity::none:
      return "none";
  }
  return "none";
}

std::string_view actual_test_name(ActualTest test) {
  switch (test) {
    case ActualTest::meets:
      return "meets";
    case ActualTest::better_than:
      return "better than";
    case ActualTest::worse_than:
      return "worse than";
    case ActualTest::below:
      return "below";
    case ActualTest::above:
      return "above";
  }
  return "meets";
}

std::string_view reference_name(Reference reference) {
  switch (reference) {
    case Reference::target:
      return "target";
    case Reference::tolerance:
      return "tolerance";
    case Reference::floor:
      return "floor";
    case Reference::expected:
      return "expected range";
    case Reference::benchmark:
      return "benchmark";
  }
  return "target";
}

std::string_view special_name(Special special) {
  switch (special) {
    case Special::no_actual:
      return "no actual";
    case Special::no_target:
      return "no target";
    case Special::no_previous:
      return "no previous";
    case Special::under_review:
      return "under review";
    case Special::baseline:
      return "baseline";
    case Special::measure_changed:
      return "measure changed";
    case Special::cannot_evaluate:
      return "cannot evaluate";
  }
  return "special";
}

}  // namespace runtime
