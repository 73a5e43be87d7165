// Explanations: the text that says why a row got its status and direction, built from a
// decision already taken (decide_outcome or the batch path), never while deciding.
#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <fmt/format.h>

#include "runtime/evaluate.hpp"

namespace runtime {
namespace {

// Explanations are written for every row: literals as string views, their lengths known
// without strlen.
using namespace std::string_view_literals;

bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

void append_where(std::string& out, const Program& program, SourceRef source) {
  out += program.files.at(source.file);
  out.push_back(':');
  char digits[16];  // written for every row: no format string to read each time
  const auto written = std::to_chars(std::begin(digits), std::end(digits), source.line);
  out.append(digits, written.ptr);
}

// "8.17%": |difference| as a share of |base|, or nothing when base is zero.
void append_share(std::string& out, const Decimal& difference, const Decimal& base) {
  if (base.is_zero()) return;
  out += share_text(difference, base);
}

// "76% is 5% worse than the 80% target" and similar, for explanations.
void describe_gap(std::string& out, const Observation& facts) {
  const bool percent = facts.percent;
  const Target& target = *facts.target;
  append_display(out, *facts.actual, percent);
  const auto against = [&] {
    out += " against a target of "sv;
    append_target(out, target, percent);
  };
  if (!facts.polarity || *facts.polarity == Polarity::none) return against();
  const Decimal base = gap_base(target, *facts.polarity);
  auto difference = facts.actual->minus(base);
  if (!difference) return against();
  if (*facts.polarity == Polarity::lower) difference = difference->negated();
  if (difference->is_zero()) {
    out += " is exactly on the "sv;
    append_target(out, target, percent);
    out += " target"sv;
    return;
  }
  out += " is "sv;
  std::string share;
  append_share(share, *difference, base);
  if (!share.empty()) {
    out += share;
    out += " ("sv;
  }
  append_display(out, difference->abs(), false);
  if (percent) out += " points"sv;
  if (!share.empty()) out.push_back(')');
  out += difference->is_negative() ? " worse than the "sv : " better than the "sv;
  append_target(out, target, percent);
  out += " target"sv;
}

bool uses_tolerance(const RuleSet& rules, const Rule& rule) {
  for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
    const Instruction& instruction = rules.code[pc];
    if (instruction.code == OpCode::actual && instruction.reference == Reference::tolerance) return true;
  }
  return false;
}

// ", tolerance 5% of target (down to 91.2%)" and similar.
void describe_tolerance(std::string& out, const Observation& facts) {
  const Tolerance& tolerance = facts.tolerance;
  const bool percent = facts.percent;
  switch (tolerance.kind) {
    case Tolerance::Kind::none:
      out += ", no tolerance set"sv;
      return;
    case Tolerance::Kind::range:
      out += ", tolerance "sv;
      append_display(out, tolerance.value, percent);
      out += " to "sv;
      append_display(out, tolerance.high, percent);
      return;
    case Tolerance::Kind::absolute:
      out += ", tolerance "sv;
      append_display(out, tolerance.value, false);
      if (percent) out += " points"sv;
      return;
    case Tolerance::Kind::relative:
      break;
  }
  out += ", tolerance "sv;
  if (const auto share = tolerance.value.times(Decimal::from_integer(100))) {
    append_display(out, share->normalized(), true);
  } else {
    out.push_back('?');
  }
  out += " of target"sv;
  if (numeric(facts.target) && facts.polarity && *facts.polarity != Polarity::none) {
    const Decimal base = gap_base(*facts.target, *facts.polarity);
    const auto allowed = tolerance.value.times(base.abs());
    const auto limit = allowed ? (*facts.polarity == Polarity::lower ? base.plus(*allowed) : base.minus(*allowed))
                               : std::nullopt;
    if (limit) {
      out += *facts.polarity == Polarity::lower ? " (up to "sv : " (down to "sv;
      append_display(out, limit->normalized(), percent);
      out.push_back(')');
    }
  }
}

// "76% is 2.7% up from 74% (better: higher is better)" and similar; `previous` is what
// the actual is compared with.
void describe_change(std::string& out, const Observation& facts, const Decimal& previous) {
  const bool percent = facts.percent;
  append_display(out, *facts.actual, percent);
  auto difference = facts.actual->minus(previous);
  if (!difference) {
    out += " against "sv;
    append_display(out, previous, percent);
    out += " before"sv;
    return;
  }
  if (difference->is_zero()) {
    out += " is the same as before"sv;
    return;
  }
  out += " is "sv;
  const std::size_t share_at = out.size();
  append_share(out, *difference, previous);
  if (out.size() != share_at) out.push_back(' ');
  out += difference->is_negative() ? "down from "sv : "up from "sv;
  append_display(out, previous, percent);
  if (facts.polarity == Polarity::higher || facts.polarity == Polarity::lower) {
    const bool better = difference->is_negative() == (*facts.polarity == Polarity::lower);
    out += better ? " (better: "sv : " (worse: "sv;
    out += *facts.polarity == Polarity::lower ? "lower is better)"sv : "higher is better)"sv;
  }
}

}  // namespace

std::string display(Decimal value, bool percent) {
  std::string text;
  append_display(text, value, percent);
  return text;
}

void append_display(std::string& out, Decimal value, bool percent) {
  // Exact values keep the places they were written with ("88.10%"); shares computed by
  // division are rounded to two places for reading.
  if (value.scale() > 6) {
    // A computed quotient: round half away from zero to 2 places for reading.
    Decimal::Mantissa mantissa = value.mantissa();
    Decimal::Mantissa divisor = 1;
    for (int i = 2; i < value.scale(); ++i) divisor *= 10;
    Decimal::Mantissa quotient = mantissa / divisor;
    const Decimal::Mantissa remainder = mantissa % divisor;
    if (remainder * 2 >= divisor) ++quotient;
    if (remainder * 2 <= -divisor) --quotient;
    Decimal::from_parts(quotient, 2).normalized().append_to(out);
  } else {
    value.append_to(out);
  }
  if (percent) out.push_back('%');
}

void append_target(std::string& out, const Target& target, bool percent) {
  switch (target.kind) {
    case Target::Kind::value:
      append_display(out, target.value, percent);
      return;
    case Target::Kind::range:
      append_display(out, target.value, percent);
      out += " to "sv;
      append_display(out, target.high, percent);
      return;
    case Target::Kind::bound:
      out += target.bound_below ? "<"sv : ">"sv;
      if (!target.strict) out.push_back('=');
      append_display(out, target.value, percent);
      return;
    case Target::Kind::none:
      out += "none"sv;
      return;
    case Target::Kind::under_review:
      out += "under review"sv;
      return;
    case Target::Kind::baseline:
      out += "baseline"sv;
      return;
  }
}

std::string target_text(const Target& target, bool percent) {
  std::string text;
  append_target(text, target, percent);
  return text;
}

std::string share_text_in_full(Decimal part, Decimal whole) {
  std::string text;
  if (const auto ratio = part.abs().divided_by(whole.abs())) {
    if (const auto hundred = ratio->times(Decimal::from_integer(100))) append_display(text, hundred->normalized(), true);
  }
  return text;
}

std::string share_text(Decimal part, Decimal whole) {
  // The general path divides to Decimal::kQuotientScale places (rounding half-even), and
  // display() then shows the share exactly when it has at most 6 places, else rounded
  // half away from zero to 2. Here V = 100 |part| / |whole| = numerator / denominator in
  // integers: when V has at most 6 places it is shown exactly, else rounded to 2. The two
  // agree whenever the denominator is below 10^16: V is then at least 1 / (10^6 x 10^16)
  // from any 6-place number it is not equal to, and from any rounding tie, while the
  // general path's quotient is within 100 x 0.5 x 10^-24 of V.
  __extension__ using Wide = unsigned __int128;
  constexpr Wide kDenominatorLimit = 10'000'000'000'000'000ULL;  // 10^16
  constexpr Wide kPartLimit = 1'000'000'000'000'000'000ULL;       // 10^18
  const Wide part_mantissa = static_cast<Wide>(part.mantissa() < 0 ? -part.mantissa() : part.mantissa());
  const Wide whole_mantissa = static_cast<Wide>(whole.mantissa() < 0 ? -whole.mantissa() : whole.mantissa());
  const int exponent = whole.scale() - part.scale() + 2;  // V = part x 10^exponent / whole
  if (whole_mantissa == 0 || part_mantissa >= kPartLimit || exponent > 12 || exponent < -12) {
    return share_text_in_full(part, whole);
  }
  const auto power = [](int digits) {
    Wide value = 1;
    for (int i = 0; i < digits; ++i) value *= 10U;
    return value;
  };
  const Wide denominator = whole_mantissa * power(exponent < 0 ? -exponent : 0);
  if (denominator >= kDenominatorLimit) return share_text_in_full(part, whole);
  const Wide numerator = part_mantissa * power(exponent > 0 ? exponent : 0);  // < 10^30
  // The general path gives no text when the quotient overflows its 128 bits (V near
  // 10^14 and above): left to it from 10^12.
  if (numerator / denominator >= power(12)) return share_text_in_full(part, whole);
  std::string text;
  const auto write = [&text](auto numerator, auto denominator) {  // in 64 or 128 bits
    const auto scaled = numerator * 1'000'000U;
    if (scaled % denominator == 0) {
      Decimal::from_parts(static_cast<Decimal::Mantissa>(scaled / denominator), 6).normalized().append_to(text);
    } else {
      auto hundredths = numerator * 100U / denominator;
      if ((numerator * 100U % denominator) * 2U >= denominator) ++hundredths;
      Decimal::from_parts(static_cast<Decimal::Mantissa>(hundredths), 2).normalized().append_to(text);
    }
  };
  // Most shares fit in 64 bits, where division is one instruction, not a library call.
  if (numerator * power(6) <= std::numeric_limits<std::uint64_t>::max()) {
    write(static_cast<std::uint64_t>(numerator), static_cast<std::uint64_t>(denominator));
  } else {
    write(numerator, denominator);
  }
  text.push_back('%');
  return text;
}

std::string describe_against_target(const Observation& facts) {
  if (!facts.actual || !numeric(facts.target)) return {};
  std::string text;
  describe_gap(text, facts);
  if (facts.tolerance.kind != Tolerance::Kind::none) describe_tolerance(text, facts);
  return text;
}

std::string explanation(const Program& program, const Observation& facts, const Outcome& outcome) {
  std::string out;
  append_explanation(out, program, facts, outcome);
  return out;
}

void append_explanation(std::string& out, const Program& program, const Observation& facts, const Outcome& outcome) {
  if (outcome.error.empty() && outcome.status && outcome.manual && facts.manual != nullptr) {
    out += status_key(program, facts).statuses[*outcome.status].label;
    out += ": set by hand: "sv;
    out += facts.manual_reason;
    out += " ("sv;
    append_where(out, program, facts.manual->manual_source);
    out.push_back(')');
    return;
  }
  if (!outcome.error.empty() || !outcome.status || !facts.scheme) return;
  const RuleSet& scheme = program.schemes[*facts.scheme];
  const Key& key = program.keys[scheme.key];
  const auto cite = [&](SourceRef source) {
    out += " ("sv;
    append_where(out, program, source);
    out.push_back(')');
  };
  if (outcome.status_rule) {
    const Rule& rule = scheme.rules[*outcome.status_rule];
    const bool percent = facts.percent;
    out += key.statuses[rule.outcome].label;
    out += ": "sv;
    if (facts.unrounded_actual) {
      append_display(out, *facts.unrounded_actual, percent);
      out += " rounds to "sv;
      append_display(out, *facts.actual, percent);
      out += "; "sv;
    }
    if (numeric(facts.target)) {
      describe_gap(out, facts);
    } else {
      append_display(out, *facts.actual, percent);
    }
    if (uses_tolerance(scheme, rule)) describe_tolerance(out, facts);
    if (scheme.uses_floor && facts.floor) {
      out += ", floor "sv;
      append_display(out, *facts.floor, percent);
    }
    if (scheme.uses_benchmark) {
      for (const auto& [name, value] : facts.benchmarks) {
        out += ", "sv;
        out += name < scheme.benchmark_names.size() ? scheme.benchmark_names[name] : "?";
        out += " benchmark "sv;
        append_display(out, value, percent);
      }
      if (facts.benchmarks.empty() && facts.row_benchmark) {
        out += ", benchmark "sv;
        append_display(out, *facts.row_benchmark, percent);
        out += " (from the row)"sv;
      }
    }
    if (facts.quartiles && std::any_of(scheme.code.begin(), scheme.code.end(), [](const Instruction& instruction) {
          return instruction.code == OpCode::quartile;
        })) {
      const auto& cuts = *facts.quartiles;
      out += ", quartile cut points "sv;
      append_display(out, cuts[0], percent);
      out += ", "sv;
      append_display(out, cuts[1], percent);
      out += ", "sv;
      append_display(out, cuts[2], percent);
    }
    if (scheme.uses_expected && facts.expected) {
      out += ", expected range "sv;
      append_display(out, facts.expected->low, percent);
      out += " to "sv;
      append_display(out, facts.expected->high, percent);
    }
    out += "; `"sv;
    out += rule.text;
    out += "` applies"sv;
    cite(rule.source);
  } else if (outcome.status_case) {
    out += key.statuses[*outcome.status].label;
    out += ": "sv;
    out += special_name(*outcome.status_case);
    cite(outcome.status_source);
  } else {
    out += key.statuses[*outcome.status].label;
    out += ": could not evaluate: "sv;
    out += outcome.status_reason;
    cite(outcome.status_source);
  }
  if (!outcome.direction_block) return;

  const RuleSet& direction = program.directions[*outcome.direction_block];
  const Key& arrows = program.keys[direction.key];
  out += ". "sv;
  if (outcome.direction_rule) {
    const Rule& rule = direction.rules[*outcome.direction_rule];
    out += "direction "sv;
    out += arrows.statuses[rule.outcome].label;
    out += ": "sv;
    if (direction.change_from_last_year) {
      out += "against the same period last year, "sv;
      describe_change(out, facts, *facts.last_year);
    } else {
      describe_change(out, facts, *facts.previous);
    }
    out += "; `"sv;
    out += rule.text;
    out += "` applies"sv;
    cite(rule.source);
  } else if (outcome.direction_special == Special::cannot_evaluate && outcome.direction) {
    out += "direction "sv;
    out += arrows.statuses[*outcome.direction].label;
    out += ": could not evaluate: "sv;
    out += outcome.direction_reason;
    cite(outcome.direction_source);
  } else if (outcome.direction_special && outcome.direction) {
    out += "direction "sv;
    out += arrows.statuses[*outcome.direction].label;
    out += ": "sv;
    out += special_name(*outcome.direction_special);
    cite(outcome.direction_source);
  } else if (outcome.direction_special) {
    out += "no direction: "sv;
    out += special_name(*outcome.direction_special);
  } else {
    out += "no direction: "sv;
    out += outcome.direction_reason;
  }
}

Outcome decide(const Program& program, const Observation& facts) {
  Outcome outcome = decide_outcome(program, facts);
  outcome.explanation = explanation(program, facts, outcome);
  return outcome;
}

}  // namespace runtime
