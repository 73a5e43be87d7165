// Explanations: the text that says why a row got its status and direction, built from a
// decision already taken (decide_outcome or the batch path), never while deciding.
#include <algorithm>
#include <fmt/format.h>

#include "runtime/evaluate.hpp"

namespace runtime {
namespace {

bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

std::string where(const Program& program, SourceRef source) {
  return fmt::format("{}:{}", program.files.at(source.file), source.line);
}

// "76% is 5% worse than the 80% target" and similar, for explanations.
std::string describe_gap(const Observation& facts) {
  const bool percent = facts.percent;
  const std::string actual = display(*facts.actual, percent);
  const Target& target = *facts.target;
  std::string target_text;
  switch (target.kind) {
    case Target::Kind::range:
      target_text = fmt::format("{} to {}", display(target.value, percent), display(target.high, percent));
      break;
    case Target::Kind::bound:
      target_text = fmt::format("{}{}{}", target.bound_below ? "<" : ">", target.strict ? "" : "=",
                                display(target.value, percent));
      break;
    default:
      target_text = display(target.value, percent);
      break;
  }
  if (!facts.polarity || *facts.polarity == Polarity::none) {
    return fmt::format("{} against a target of {}", actual, target_text);
  }
  const Decimal base = gap_base(target, *facts.polarity);
  auto difference = facts.actual->minus(base);
  if (!difference) return fmt::format("{} against a target of {}", actual, target_text);
  if (*facts.polarity == Polarity::lower) difference = difference->negated();
  if (difference->is_zero()) return fmt::format("{} is exactly on the {} target", actual, target_text);
  const std::string_view side = difference->is_negative() ? "worse" : "better";
  std::string share;
  if (!base.is_zero()) {
    if (const auto ratio = difference->abs().divided_by(base.abs())) {
      if (const auto hundred = ratio->times(Decimal::from_integer(100))) share = display(hundred->normalized(), true);
    }
  }
  const std::string amount = display(difference->abs(), false) + (percent ? " points" : "");
  if (share.empty()) return fmt::format("{} is {} {} than the {} target", actual, amount, side, target_text);
  return fmt::format("{} is {} ({}) {} than the {} target", actual, share, amount, side, target_text);
}

bool uses_tolerance(const RuleSet& rules, const Rule& rule) {
  for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
    const Instruction& instruction = rules.code[pc];
    if (instruction.code == OpCode::actual && instruction.reference == Reference::tolerance) return true;
  }
  return false;
}

// ", tolerance 5% of target (down to 91.2%)" and similar.
std::string describe_tolerance(const Observation& facts) {
  const Tolerance& tolerance = facts.tolerance;
  const bool percent = facts.percent;
  switch (tolerance.kind) {
    case Tolerance::Kind::none:
      return ", no tolerance set";
    case Tolerance::Kind::range:
      return fmt::format(", tolerance {} to {}", display(tolerance.value, percent), display(tolerance.high, percent));
    case Tolerance::Kind::absolute:
      return fmt::format(", tolerance {}{}", display(tolerance.value, false), percent ? " points" : "");
    case Tolerance::Kind::relative:
      break;
  }
  const auto share = tolerance.value.times(Decimal::from_integer(100));
  std::string text = fmt::format(", tolerance {} of target", share ? display(share->normalized(), true) : "?");
  if (numeric(facts.target) && facts.polarity && *facts.polarity != Polarity::none) {
    const Decimal base = gap_base(*facts.target, *facts.polarity);
    const auto allowed = tolerance.value.times(base.abs());
    const auto limit = allowed ? (*facts.polarity == Polarity::lower ? base.plus(*allowed) : base.minus(*allowed))
                               : std::nullopt;
    if (limit) {
      text += fmt::format(" ({} {})", *facts.polarity == Polarity::lower ? "up to" : "down to",
                          display(limit->normalized(), percent));
    }
  }
  return text;
}

std::string describe_change(const Observation& facts) {
  const bool percent = facts.percent;
  const std::string now = display(*facts.actual, percent);
  const std::string before = display(*facts.previous, percent);
  auto difference = facts.actual->minus(*facts.previous);
  if (!difference) return fmt::format("{} against {} before", now, before);
  if (difference->is_zero()) return fmt::format("{} is the same as before", now);
  const std::string_view moved = difference->is_negative() ? "down" : "up";
  std::string share;
  if (!facts.previous->is_zero()) {
    if (const auto ratio = difference->abs().divided_by(facts.previous->abs())) {
      if (const auto hundred = ratio->times(Decimal::from_integer(100))) share = display(hundred->normalized(), true) + " ";
    }
  }
  std::string judged;
  if (facts.polarity == Polarity::higher || facts.polarity == Polarity::lower) {
    const bool better = difference->is_negative() == (*facts.polarity == Polarity::lower);
    judged = fmt::format(" ({}: {} is better)", better ? "better" : "worse",
                         *facts.polarity == Polarity::lower ? "lower" : "higher");
  }
  return fmt::format("{} is {}{} from {}{}", now, share, moved, before, judged);
}


}  // namespace

std::string display(Decimal value, bool percent) {
  // Exact values keep the places they were written with ("88.10%"); shares computed by
  // division are rounded to two places for reading.
  std::string text = value.to_string();
  if (value.scale() > 6) {
    // A computed quotient: round half away from zero to 2 places for reading.
    Decimal::Mantissa mantissa = value.mantissa();
    Decimal::Mantissa divisor = 1;
    for (int i = 2; i < value.scale(); ++i) divisor *= 10;
    Decimal::Mantissa quotient = mantissa / divisor;
    const Decimal::Mantissa remainder = mantissa % divisor;
    if (remainder * 2 >= divisor) ++quotient;
    if (remainder * 2 <= -divisor) --quotient;
    text = Decimal::from_parts(quotient, 2).to_plain();
  }
  return percent ? text + "%" : text;
}

std::string describe_against_target(const Observation& facts) {
  if (!facts.actual || !numeric(facts.target)) return {};
  std::string text = describe_gap(facts);
  if (facts.tolerance.kind != Tolerance::Kind::none) text += describe_tolerance(facts);
  return text;
}

std::string explanation(const Program& program, const Observation& facts, const Outcome& outcome) {
  if (outcome.error.empty() && outcome.status && outcome.manual && facts.manual != nullptr) {
    return fmt::format("{}: set by hand: {} ({})", status_key(program, facts).statuses[*outcome.status].label,
                       facts.manual_reason, where(program, facts.manual->manual_source));
  }
  if (!outcome.error.empty() || !outcome.status || !facts.scheme) return {};
  const RuleSet& scheme = program.schemes[*facts.scheme];
  const Key& key = program.keys[scheme.key];
  std::string status_text;
  if (outcome.status_rule) {
    const Rule& rule = scheme.rules[*outcome.status_rule];
    std::string measured = numeric(facts.target) ? describe_gap(facts) : display(*facts.actual, facts.percent);
    if (facts.unrounded_actual) {
      measured = fmt::format("{} rounds to {}; {}", display(*facts.unrounded_actual, facts.percent),
                             display(*facts.actual, facts.percent), measured);
    }
    if (uses_tolerance(scheme, rule)) measured += describe_tolerance(facts);
    if (scheme.uses_floor && facts.floor) measured += fmt::format(", floor {}", display(*facts.floor, facts.percent));
    if (scheme.uses_benchmark) {
      for (const auto& [name, value] : facts.benchmarks) {
        const std::string& label = name < scheme.benchmark_names.size() ? scheme.benchmark_names[name] : "?";
        measured += fmt::format(", {} benchmark {}", label, display(value, facts.percent));
      }
      if (facts.benchmarks.empty() && facts.row_benchmark) {
        measured += fmt::format(", benchmark {} (from the row)", display(*facts.row_benchmark, facts.percent));
      }
    }
    if (facts.quartiles && std::any_of(scheme.code.begin(), scheme.code.end(), [](const Instruction& instruction) {
          return instruction.code == OpCode::quartile;
        })) {
      const auto& cuts = *facts.quartiles;
      measured += fmt::format(", quartile cut points {}, {}, {}", display(cuts[0], facts.percent),
                              display(cuts[1], facts.percent), display(cuts[2], facts.percent));
    }
    if (scheme.uses_expected && facts.expected) {
      measured += fmt::format(", expected range {} to {}", display(facts.expected->low, facts.percent),
                              display(facts.expected->high, facts.percent));
    }
    status_text = fmt::format("{}: {}; `{}` applies ({})", key.statuses[rule.outcome].label, measured, rule.text,
                              where(program, rule.source));
  } else if (outcome.status_case) {
    status_text = fmt::format("{}: {} ({})", key.statuses[*outcome.status].label, special_name(*outcome.status_case),
                              where(program, outcome.status_source));
  } else {
    status_text = fmt::format("{}: could not evaluate: {} ({})", key.statuses[*outcome.status].label,
                              outcome.status_reason, where(program, outcome.status_source));
  }
  if (!outcome.direction_block) return status_text;

  const RuleSet& direction = program.directions[*outcome.direction_block];
  const Key& arrows = program.keys[direction.key];
  std::string direction_text;
  if (outcome.direction_rule) {
    const Rule& rule = direction.rules[*outcome.direction_rule];
    std::string change;
    if (direction.change_from_last_year) {
      Observation compared = facts;
      compared.previous = facts.last_year;
      change = "against the same period last year, " + describe_change(compared);
    } else {
      change = describe_change(facts);
    }
    direction_text = fmt::format("direction {}: {}; `{}` applies ({})", arrows.statuses[rule.outcome].label, change,
                                 rule.text, where(program, rule.source));
  } else if (outcome.direction_special == Special::cannot_evaluate && outcome.direction) {
    direction_text = fmt::format("direction {}: could not evaluate: {} ({})", arrows.statuses[*outcome.direction].label,
                                 outcome.direction_reason, where(program, outcome.direction_source));
  } else if (outcome.direction_special && outcome.direction) {
    direction_text = fmt::format("direction {}: {} ({})", arrows.statuses[*outcome.direction].label,
                                 special_name(*outcome.direction_special), where(program, outcome.direction_source));
  } else if (outcome.direction_special) {
    direction_text = fmt::format("no direction: {}", special_name(*outcome.direction_special));
  } else {
    direction_text = fmt::format("no direction: {}", outcome.direction_reason);
  }
  return fmt::format("{}. {}", status_text, direction_text);
}

Outcome decide(const Program& program, const Observation& facts) {
  Outcome outcome = decide_outcome(program, facts);
  outcome.explanation = explanation(program, facts, outcome);
  return outcome;
}

}  // namespace runtime
