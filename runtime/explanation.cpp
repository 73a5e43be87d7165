// Explanations: the text that says why a row got its status and direction, built from a
// decision already taken (decide_outcome or the batch path), never while deciding.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>
#include <fmt/format.h>

#include "runtime/evaluate.hpp"

namespace runtime {
namespace {

// Explanations are written for every row: literals as string views, their lengths known
// without strlen.
using namespace std::string_view_literals;

// An explanation is some forty small pieces. They are gathered in a buffer on the stack and
// appended to the string in one go (or whenever the buffer is full), so that a piece costs
// a copy, inlined for literals, instead of a call that checks the string's capacity.
// flush() before the string is read.
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  // Characters written so far, flushed or not.
  [[nodiscard]] std::size_t size() const { return out_.size() + buffered(); }

  void text(std::string_view piece) {
    if (piece.size() > room()) {
      flush();
      if (piece.size() > buffer_.size()) {
        out_.append(piece);
        return;
      }
    }
    std::memcpy(cursor_, piece.data(), piece.size());
    cursor_ += piece.size();
  }
  void character(char value) {
    if (room() == 0) flush();
    *cursor_++ = value;
  }
  // Decimal::to_string().
  void decimal(const Decimal& value) {
    if (room() < Decimal::kMaxTextSize) flush();
    cursor_ = value.write_to(cursor_);
  }
  void number(std::uint32_t value) {
    constexpr std::size_t kMaxDigits = 10;
    if (room() < kMaxDigits) flush();
    cursor_ = std::to_chars(cursor_, cursor_ + kMaxDigits, value).ptr;
  }

  // Out of line: a full buffer is rare, and the pieces' code stays small without it.
  [[gnu::noinline]] void flush() {
    out_.append(buffer_.data(), buffered());
    cursor_ = buffer_.data();
  }

 private:
  [[nodiscard]] std::size_t buffered() const { return static_cast<std::size_t>(cursor_ - buffer_.data()); }
  [[nodiscard]] std::size_t room() const { return buffer_.size() - buffered(); }

  std::string& out_;
  std::array<char, 256> buffer_;  // only the characters written are read
  char* cursor_ = buffer_.data();
};

bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

// A computed quotient (more than 6 places) rounded half away from zero to 2 places for
// reading; out of line, as it is rare.
[[gnu::noinline]] void write_quotient(TextWriter& out, const Decimal& value) {
  Decimal::Mantissa mantissa = value.mantissa();
  Decimal::Mantissa divisor = 1;
  for (int i = 2; i < value.scale(); ++i) divisor *= 10;
  Decimal::Mantissa quotient = mantissa / divisor;
  const Decimal::Mantissa remainder = mantissa % divisor;
  if (remainder * 2 >= divisor) ++quotient;
  if (remainder * 2 <= -divisor) --quotient;
  out.decimal(Decimal::from_parts(quotient, 2).normalized());
}

// What append_display appends.
void write_display(TextWriter& out, const Decimal& value, bool percent) {
  // Exact values keep the places they were written with ("88.10%"); shares computed by
  // division are rounded to two places for reading.
  if (value.scale() > 6) {
    write_quotient(out, value);
  } else {
    out.decimal(value);
  }
  if (percent) out.character('%');
}

void write_target(TextWriter& out, const Target& target, bool percent) {
  switch (target.kind) {
    case Target::Kind::value:
      write_display(out, target.value, percent);
      return;
    case Target::Kind::range:
      write_display(out, target.value, percent);
      out.text(" to "sv);
      write_display(out, target.high, percent);
      return;
    case Target::Kind::bound:
      out.text(target.bound_below ? "<"sv : ">"sv);
      if (!target.strict) out.character('=');
      write_display(out, target.value, percent);
      return;
    case Target::Kind::none:
      out.text("none"sv);
      return;
    case Target::Kind::under_review:
      out.text("under review"sv);
      return;
    case Target::Kind::baseline:
      out.text("baseline"sv);
      return;
  }
}

// What share_text gives.
void write_share(TextWriter& out, Decimal part, Decimal whole) {
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
  constexpr int kMaxExponent = 12;
  if (whole_mantissa == 0 || whole_mantissa >= kDenominatorLimit || part_mantissa >= kPartLimit ||
      exponent > kMaxExponent || exponent < -kMaxExponent) {
    return out.text(share_text_in_full(part, whole));
  }
  constexpr auto kPowers = [] {
    std::array<std::uint64_t, kMaxExponent + 1> powers{};
    powers[0] = 1;
    for (std::size_t index = 1; index < powers.size(); ++index) powers[index] = powers[index - 1] * 10;
    return powers;
  }();
  const Wide denominator = whole_mantissa * kPowers[static_cast<std::size_t>(exponent < 0 ? -exponent : 0)];  // < 10^28
  if (denominator >= kDenominatorLimit) return out.text(share_text_in_full(part, whole));
  const Wide numerator = part_mantissa * kPowers[static_cast<std::size_t>(exponent > 0 ? exponent : 0)];  // < 10^30
  // The general path gives no text when the quotient overflows its 128 bits (V near
  // 10^14 and above): left to it from 10^12 (compared without dividing: the product is
  // below 10^28).
  if (numerator >= denominator * kPowers[kMaxExponent]) return out.text(share_text_in_full(part, whole));
  // value x 10^-places without trailing fractional zeros, as normalized() would leave it.
  const auto write_trimmed = [&out](std::uint64_t value, int places) {
    while (places > 0 && value % 10 == 0) {
      value /= 10;
      --places;
    }
    out.decimal(Decimal::from_parts(static_cast<Decimal::Mantissa>(value), places));
  };
  const auto write = [&write_trimmed](auto numerator, auto denominator) {  // in 64 or 128 bits
    const auto scaled = numerator * 1'000'000U;
    if (scaled % denominator == 0) {
      write_trimmed(static_cast<std::uint64_t>(scaled / denominator), 6);  // V < 10^12: below 10^18
    } else {
      auto hundredths = numerator * 100U / denominator;
      if ((numerator * 100U % denominator) * 2U >= denominator) ++hundredths;
      write_trimmed(static_cast<std::uint64_t>(hundredths), 2);
    }
  };
  // Most shares fit in 64 bits, where division is one instruction, not a library call.
  if (numerator * kPowers[6] <= std::numeric_limits<std::uint64_t>::max()) {
    write(static_cast<std::uint64_t>(numerator), static_cast<std::uint64_t>(denominator));
  } else {
    write(numerator, denominator);
  }
  out.character('%');
}

void write_where(TextWriter& out, const Program& program, SourceRef source) {
  out.text(program.files.at(source.file));
  out.character(':');
  out.number(source.line);
}

// " (rules.sk:47)".
void cite(TextWriter& out, const Program& program, SourceRef source) {
  out.text(" ("sv);
  write_where(out, program, source);
  out.character(')');
}

// "8.17%": |difference| as a share of |base|, or nothing when base is zero.
void write_share_of(TextWriter& out, const Decimal& difference, const Decimal& base) {
  if (base.is_zero()) return;
  write_share(out, difference, base);
}

// "76% is 5% worse than the 80% target" and similar, for explanations.
void describe_gap(TextWriter& out, const Observation& facts) {
  const bool percent = facts.percent;
  const Target& target = *facts.target;
  write_display(out, *facts.actual, percent);
  const auto against = [&] {
    out.text(" against a target of "sv);
    write_target(out, target, percent);
  };
  if (!facts.polarity || *facts.polarity == Polarity::none) return against();
  const Decimal base = gap_base(target, *facts.polarity);
  auto difference = facts.actual->minus(base);
  if (!difference) return against();
  if (*facts.polarity == Polarity::lower) difference = difference->negated();
  if (difference->is_zero()) {
    out.text(" is exactly on the "sv);
    write_target(out, target, percent);
    out.text(" target"sv);
    return;
  }
  out.text(" is "sv);
  const std::size_t share_at = out.size();
  write_share_of(out, *difference, base);
  const bool has_share = out.size() != share_at;
  if (has_share) out.text(" ("sv);
  write_display(out, difference->abs(), false);
  if (percent) out.text(" points"sv);
  if (has_share) out.character(')');
  out.text(difference->is_negative() ? " worse than the "sv : " better than the "sv);
  write_target(out, target, percent);
  out.text(" target"sv);
}

bool uses_tolerance(const RuleSet& rules, const Rule& rule) {
  for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
    const Instruction& instruction = rules.code[pc];
    if (instruction.code == OpCode::actual && instruction.reference == Reference::tolerance) return true;
  }
  return false;
}

// ", tolerance 5% of target (down to 91.2%)" and similar.
void describe_tolerance(TextWriter& out, const Observation& facts) {
  const Tolerance& tolerance = facts.tolerance;
  const bool percent = facts.percent;
  switch (tolerance.kind) {
    case Tolerance::Kind::none:
      out.text(", no tolerance set"sv);
      return;
    case Tolerance::Kind::range:
      out.text(", tolerance "sv);
      write_display(out, tolerance.value, percent);
      out.text(" to "sv);
      write_display(out, tolerance.high, percent);
      return;
    case Tolerance::Kind::absolute:
      out.text(", tolerance "sv);
      write_display(out, tolerance.value, false);
      if (percent) out.text(" points"sv);
      return;
    case Tolerance::Kind::relative:
      break;
  }
  out.text(", tolerance "sv);
  if (const auto share = tolerance.value.times(Decimal::from_integer(100))) {
    write_display(out, share->normalized(), true);
  } else {
    out.character('?');
  }
  out.text(" of target"sv);
  if (numeric(facts.target) && facts.polarity && *facts.polarity != Polarity::none) {
    const Decimal base = gap_base(*facts.target, *facts.polarity);
    const auto allowed = tolerance.value.times(base.abs());
    const auto limit = allowed ? (*facts.polarity == Polarity::lower ? base.plus(*allowed) : base.minus(*allowed))
                               : std::nullopt;
    if (limit) {
      out.text(*facts.polarity == Polarity::lower ? " (up to "sv : " (down to "sv);
      write_display(out, limit->normalized(), percent);
      out.character(')');
    }
  }
}

// "76% is 2.7% up from 74% (better: higher is better)" and similar; `previous` is what
// the actual is compared with.
void describe_change(TextWriter& out, const Observation& facts, const Decimal& previous) {
  const bool percent = facts.percent;
  write_display(out, *facts.actual, percent);
  auto difference = facts.actual->minus(previous);
  if (!difference) {
    out.text(" against "sv);
    write_display(out, previous, percent);
    out.text(" before"sv);
    return;
  }
  if (difference->is_zero()) {
    out.text(" is the same as before"sv);
    return;
  }
  out.text(" is "sv);
  const std::size_t share_at = out.size();
  write_share_of(out, *difference, previous);
  if (out.size() != share_at) out.character(' ');
  out.text(difference->is_negative() ? "down from "sv : "up from "sv);
  write_display(out, previous, percent);
  if (facts.polarity == Polarity::higher || facts.polarity == Polarity::lower) {
    const bool better = difference->is_negative() == (*facts.polarity == Polarity::lower);
    out.text(better ? " (better: "sv : " (worse: "sv);
    out.text(*facts.polarity == Polarity::lower ? "lower is better)"sv : "higher is better)"sv);
  }
}

void write_explanation(TextWriter& out, const Program& program, const Observation& facts, const Outcome& outcome) {
  if (outcome.error.empty() && outcome.status && outcome.manual && facts.manual != nullptr) {
    out.text(status_key(program, facts).statuses[*outcome.status].label);
    out.text(": set by hand: "sv);
    out.text(facts.manual_reason);
    cite(out, program, facts.manual->manual_source);
    return;
  }
  if (!outcome.error.empty() || !outcome.status || !facts.scheme) return;
  const RuleSet& scheme = program.schemes[*facts.scheme];
  const Key& key = program.keys[scheme.key];
  if (outcome.status_rule) {
    const Rule& rule = scheme.rules[*outcome.status_rule];
    const bool percent = facts.percent;
    out.text(key.statuses[rule.outcome].label);
    out.text(": "sv);
    if (facts.unrounded_actual) {
      write_display(out, *facts.unrounded_actual, percent);
      out.text(" rounds to "sv);
      write_display(out, *facts.actual, percent);
      out.text("; "sv);
    }
    if (numeric(facts.target)) {
      describe_gap(out, facts);
    } else {
      write_display(out, *facts.actual, percent);
    }
    if (uses_tolerance(scheme, rule)) describe_tolerance(out, facts);
    if (scheme.uses_floor && facts.floor) {
      out.text(", floor "sv);
      write_display(out, *facts.floor, percent);
    }
    if (scheme.uses_benchmark) {
      for (const auto& [name, value] : facts.benchmarks) {
        out.text(", "sv);
        out.text(name < scheme.benchmark_names.size() ? std::string_view(scheme.benchmark_names[name]) : "?"sv);
        out.text(" benchmark "sv);
        write_display(out, value, percent);
      }
      if (facts.benchmarks.empty() && facts.row_benchmark) {
        out.text(", benchmark "sv);
        write_display(out, *facts.row_benchmark, percent);
        out.text(" (from the row)"sv);
      }
    }
    if (facts.quartiles && std::any_of(scheme.code.begin(), scheme.code.end(), [](const Instruction& instruction) {
          return instruction.code == OpCode::quartile;
        })) {
      const auto& cuts = *facts.quartiles;
      out.text(", quartile cut points "sv);
      write_display(out, cuts[0], percent);
      out.text(", "sv);
      write_display(out, cuts[1], percent);
      out.text(", "sv);
      write_display(out, cuts[2], percent);
    }
    if (scheme.uses_expected && facts.expected) {
      out.text(", expected range "sv);
      write_display(out, facts.expected->low, percent);
      out.text(" to "sv);
      write_display(out, facts.expected->high, percent);
    }
    out.text("; `"sv);
    out.text(rule.text);
    out.text("` applies"sv);
    cite(out, program, rule.source);
  } else if (outcome.status_case) {
    out.text(key.statuses[*outcome.status].label);
    out.text(": "sv);
    out.text(special_name(*outcome.status_case));
    cite(out, program, outcome.status_source);
  } else {
    out.text(key.statuses[*outcome.status].label);
    out.text(": could not evaluate: "sv);
    out.text(outcome.status_reason);
    cite(out, program, outcome.status_source);
  }
  if (!outcome.direction_block) return;

  const RuleSet& direction = program.directions[*outcome.direction_block];
  const Key& arrows = program.keys[direction.key];
  out.text(". "sv);
  if (outcome.direction_rule) {
    const Rule& rule = direction.rules[*outcome.direction_rule];
    out.text("direction "sv);
    out.text(arrows.statuses[rule.outcome].label);
    out.text(": "sv);
    if (direction.change_from_last_year) {
      out.text("against the same period last year, "sv);
      describe_change(out, facts, *facts.last_year);
    } else {
      describe_change(out, facts, *facts.previous);
    }
    out.text("; `"sv);
    out.text(rule.text);
    out.text("` applies"sv);
    cite(out, program, rule.source);
  } else if (outcome.direction_special == Special::cannot_evaluate && outcome.direction) {
    out.text("direction "sv);
    out.text(arrows.statuses[*outcome.direction].label);
    out.text(": could not evaluate: "sv);
    out.text(outcome.direction_reason);
    cite(out, program, outcome.direction_source);
  } else if (outcome.direction_special && outcome.direction) {
    out.text("direction "sv);
    out.text(arrows.statuses[*outcome.direction].label);
    out.text(": "sv);
    out.text(special_name(*outcome.direction_special));
    cite(out, program, outcome.direction_source);
  } else if (outcome.direction_special) {
    out.text("no direction: "sv);
    out.text(special_name(*outcome.direction_special));
  } else {
    out.text("no direction: "sv);
    out.text(outcome.direction_reason);
  }
}

}  // namespace

std::string display(Decimal value, bool percent) {
  std::string text;
  append_display(text, value, percent);
  return text;
}

void append_display(std::string& out, Decimal value, bool percent) {
  TextWriter writer(out);
  write_display(writer, value, percent);
  writer.flush();
}

void append_target(std::string& out, const Target& target, bool percent) {
  TextWriter writer(out);
  write_target(writer, target, percent);
  writer.flush();
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
  std::string text;
  TextWriter writer(text);
  write_share(writer, part, whole);
  writer.flush();
  return text;
}

std::string describe_against_target(const Observation& facts) {
  if (!facts.actual || !numeric(facts.target)) return {};
  std::string text;
  TextWriter writer(text);
  describe_gap(writer, facts);
  if (facts.tolerance.kind != Tolerance::Kind::none) describe_tolerance(writer, facts);
  writer.flush();
  return text;
}

std::string explanation(const Program& program, const Observation& facts, const Outcome& outcome) {
  std::string out;
  append_explanation(out, program, facts, outcome);
  return out;
}

void append_explanation(std::string& out, const Program& program, const Observation& facts, const Outcome& outcome) {
  TextWriter writer(out);
  write_explanation(writer, program, facts, outcome);
  writer.flush();
}

Outcome decide(const Program& program, const Observation& facts) {
  Outcome outcome = decide_outcome(program, facts);
  outcome.explanation = explanation(program, facts, outcome);
  return outcome;
}

}  // namespace runtime
