// The batch path's plans (see batch.hpp): the fast form of a scheme and its direction
// block for one target, polarity and tolerance, as exact integers at one decimal scale,
// and the key rows are grouped by. Private to the runtime library: batch.cpp decides rows
// on plans, batch_plan.cpp builds them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "runtime/batch.hpp"
#include "runtime/evaluate.hpp"

namespace runtime::batch {

__extension__ using Wide = __int128;
__extension__ using UnsignedWide = unsigned __int128;

constexpr int kMaxFastScale = 18;
constexpr int kMinFastScale = 4;
constexpr std::int64_t kSmall = std::int64_t{1} << 62;
constexpr std::array<std::int64_t, kMaxFastScale + 1> kPowers = [] {
  std::array<std::int64_t, kMaxFastScale + 1> powers{};
  powers[0] = 1;
  for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}();

// value x 10^scale as an integer, when exact and small.
inline std::optional<std::int64_t> at_scale(Decimal value, int scale) {
  if (value.scale() > scale || scale > kMaxFastScale) return std::nullopt;
  const Decimal::Mantissa mantissa = value.mantissa();
  if (mantissa >= kSmall || mantissa <= -kSmall) return std::nullopt;
  Wide scaled = static_cast<Wide>(mantissa) * kPowers[static_cast<std::size_t>(scale - value.scale())];
  if (scaled >= kSmall || scaled <= -kSmall) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
}

inline bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

enum class FastCode : std::uint8_t {
  truth,       // pushes `truth`
  unknown,     // the condition cannot be evaluated: the rule stops
  actual,      // pushes actual OP value
  change,      // pushes s(actual - previous) x multiplier OP (relative ? k x |previous| : value)
  moved,       // pushes actual rose / fell / stayed against previous
  status,      // pushes (mask >> status) & 1
  negate,
  all,
  any,
};

struct FastOp {
  FastCode code = FastCode::truth;
  CompareOp compare = CompareOp::equal;
  ValueMove move = ValueMove::rose;
  bool truth = false;
  bool relative = false;    // change: relative to |previous| (undefined when it is zero)
  std::uint16_t arity = 0;
  std::int64_t value = 0;   // actual: threshold at the plan's scale; change: k's mantissa
  std::int64_t constant = 0;  // change, not relative: k at the plan's scale (or k's mantissa)
  std::int64_t multiplier = 1;  // change: 10^(k's scale) (relative) or the aligning power
  std::uint64_t mask = 0;   // status: the statuses in the set, by index in the scheme's key
};

struct FastRule {
  std::uint32_t first = 0;
  std::uint32_t count = 0;  // 0: otherwise
};

// A status rule that only compares the actual with constants, as the interval of actuals
// it accepts: the first band that holds the actual decides. Integers at one scale, so
// a > t is a >= t + 1. An `unknown` band stops every row that reaches it.
struct Band {
  static constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kHighest = std::numeric_limits<std::int64_t>::max();
  std::int64_t low = kLowest;
  std::int64_t high = kHighest;
  bool unknown = false;
};

// A direction rule that only compares the change with constants (and the row's status
// with a set), as bounds on x = s(actual - previous) x multiplier:
// low x base <(=) x <(=) high x base, where base is |previous| (relative) or 1.
struct ChangeBand {
  std::int64_t low = 0;
  std::int64_t high = 0;
  std::uint64_t statuses = ~std::uint64_t{0};  // by index in the scheme's key
  bool has_low = false;
  bool has_high = false;
  bool low_strict = false;
  bool high_strict = false;
  bool empty = false;        // never holds
  bool uses_change = false;  // a relative change on a zero previous value stops the rule
  bool unknown = false;      // stops every row that reaches it
};

// A special outcome fixed by the plan: status (or error) and what decided it.
struct Fixed {
  std::uint16_t status = Decision::kNoIndex;
  std::uint8_t special = Decision::kNoSpecial;
  std::uint8_t status_case = Decision::kNoSpecial;
  bool error = false;
  bool needs_reason = false;
};

struct Plan {
  bool generic = false;  // rows are decided by decide_outcome()
  int scale = kMinFastScale;
  const RuleSet* scheme = nullptr;
  const RuleSet* direction = nullptr;
  // status
  Fixed no_actual;
  std::optional<Fixed> target_case;  // under review, baseline, no target: rows with an actual
  std::optional<Fixed> measure_changed;
  std::uint32_t status_first = 0;  // into State::rules
  std::uint32_t status_count = 0;
  bool banded = false;           // the status rules are bands (State::bands from band_first)
  std::uint32_t band_first = 0;
  std::optional<std::uint16_t> status_fallback;  // `cannot evaluate`
  // direction
  bool year_on_year = false;
  std::array<std::optional<std::uint16_t>, 3> direction_cases{};  // no actual, measure changed, no previous
  std::uint32_t direction_first = 0;
  std::uint32_t direction_count = 0;
  bool change_banded = false;  // the direction rules are ChangeBands from change_band_first
  bool change_relative = false;
  std::uint32_t change_band_first = 0;
  std::int64_t change_multiplier = 1;
  std::optional<std::uint16_t> direction_fallback;
  int sign = 1;  // orientation of change: -1 when lower is better
  // The compact form (batch_compact.hpp), when the plan has one: rows whose actual and
  // previous value are within +-compact_limit are decided on it. -1: no compact form.
  std::int64_t compact_limit = -1;
};

// What a plan depends on, compared exactly (scale included, so 80 and 80.0 are two plans).
struct PlanKey {
  std::uint32_t scheme = 0;
  std::uint32_t direction = 0xFFFF'FFFF;
  const ResolvedBands* resolved = nullptr;
  std::uint8_t target_kind = 0xFF;
  std::uint8_t target_flags = 0;
  std::uint8_t polarity = 0xFF;
  std::uint8_t tolerance_kind = 0;
  std::array<Decimal, 4> numbers{};  // target value, target high, tolerance value, tolerance high

  friend bool operator==(const PlanKey& a, const PlanKey& b) {
    if (a.scheme != b.scheme || a.direction != b.direction || a.resolved != b.resolved ||
        a.target_kind != b.target_kind || a.target_flags != b.target_flags || a.polarity != b.polarity ||
        a.tolerance_kind != b.tolerance_kind) {
      return false;
    }
    for (std::size_t i = 0; i < a.numbers.size(); ++i) {
      if (a.numbers[i].mantissa() != b.numbers[i].mantissa() || a.numbers[i].scale() != b.numbers[i].scale()) {
        return false;
      }
    }
    return true;
  }
};

struct PlanKeyHash {
  std::size_t operator()(const PlanKey& key) const {
    std::uint64_t h = key.scheme * 0x9E3779B97F4A7C15ULL;
    const auto mix = [&h](std::uint64_t value) { h = (h ^ value) * 0x100000001B3ULL + (h >> 29U); };
    mix(key.direction);
    mix(reinterpret_cast<std::uintptr_t>(key.resolved));
    mix((std::uint64_t{key.target_kind} << 24U) | (std::uint64_t{key.target_flags} << 16U) |
        (std::uint64_t{key.polarity} << 8U) | key.tolerance_kind);
    for (const Decimal& number : key.numbers) {
      const auto mantissa = static_cast<UnsignedWide>(number.mantissa());
      mix(static_cast<std::uint64_t>(mantissa));
      mix(static_cast<std::uint64_t>(mantissa >> 64U) ^ static_cast<std::uint64_t>(number.scale()));
    }
    return static_cast<std::size_t>(h);
  }
};

inline PlanKey plan_key(const Observation& facts) {
  PlanKey key;
  key.scheme = *facts.scheme;
  if (facts.direction) key.direction = *facts.direction;
  key.resolved = facts.resolved;
  if (facts.target) {
    key.target_kind = static_cast<std::uint8_t>(facts.target->kind);
    key.target_flags = static_cast<std::uint8_t>((facts.target->bound_below ? 1U : 0U) | (facts.target->strict ? 2U : 0U));
    key.numbers[0] = facts.target->value;
    key.numbers[1] = facts.target->high;
  }
  if (facts.polarity) key.polarity = static_cast<std::uint8_t>(*facts.polarity);
  key.tolerance_kind = static_cast<std::uint8_t>(facts.tolerance.kind);
  key.numbers[2] = facts.tolerance.value;
  key.numbers[3] = facts.tolerance.high;
  return key;
}

// Row flags.
constexpr std::uint8_t kHasActual = 1;
constexpr std::uint8_t kHasPrevious = 2;
constexpr std::uint8_t kMeasureChanged = 4;
constexpr std::uint8_t kGenericRow = 8;
constexpr std::uint8_t kCompactRow = 16;  // decided on the plan's compact form (batch_compact.hpp)

// The outcome of one fast rule: true, false, or empty when it cannot be evaluated.
enum class Truth : std::uint8_t { no, yes, unknown };

// The steps of deciding a row on a plan, shared by the row loop (batch.cpp) and the tables
// of the compact form (batch_compact.cpp), so that both give the same Decision.

// The first of `count` bands that holds the actual (its index in `index`).
inline Truth band_search(const Band* band, std::uint32_t count, std::int64_t actual, std::uint32_t& index) {
  index = 0;
  while (index < count && (actual < band[index].low || actual > band[index].high)) ++index;
  if (index == count) return Truth::no;
  return band[index].unknown ? Truth::unknown : Truth::yes;
}

// The first of `count` change bands that holds x = s(actual - previous) x multiplier
// against `base` (|previous| when relative, else 1) for a row of status `status`; `zero`:
// the change is relative and the previous value zero, which stops a band that uses it.
inline Truth change_search(const ChangeBand* band, std::uint32_t count, Wide x, Wide base, bool zero,
                           std::uint16_t status, std::uint32_t& index) {
  for (index = 0; index < count; ++index) {
    const ChangeBand& b = band[index];
    if (b.unknown || (b.uses_change && zero)) return Truth::unknown;
    if (b.empty || ((b.statuses >> status) & 1U) == 0) continue;
    if (b.has_low) {
      const Wide low = static_cast<Wide>(b.low) * base;
      if (b.low_strict ? x <= low : x < low) continue;
    }
    if (b.has_high) {
      const Wide high = static_cast<Wide>(b.high) * base;
      if (b.high_strict ? x >= high : x > high) continue;
    }
    return Truth::yes;
  }
  return Truth::no;
}

// The status a special outcome of the plan gives.
inline void apply_fixed(const Fixed& fixed, Decision& decision) {
  decision.status = fixed.status;
  decision.status_special = fixed.special;
  decision.status_case = fixed.status_case;
  if (fixed.error) decision.flags |= Decision::kError | Decision::kNeedsReason;
  if (fixed.needs_reason) decision.flags |= Decision::kNeedsReason;
}

// The status the status rules give: rule `index` when it held, else `cannot evaluate` or
// an error.
inline void finish_status(const Plan& p, Truth truth, std::uint32_t index, Decision& decision) {
  if (truth == Truth::yes) {
    decision.status_rule = index;
    decision.status = p.scheme->rules[index].outcome;
  } else if (p.status_fallback) {
    decision.status = *p.status_fallback;
    decision.status_special = static_cast<std::uint8_t>(Special::cannot_evaluate);
    decision.flags |= Decision::kNeedsReason;
  } else {
    decision.flags |= Decision::kError | Decision::kNeedsReason;
  }
}

// The direction of a row with no actual (`which` 0), a changed measure (1) or no previous
// value (2): the direction block's special outcome for it, if any.
inline void direction_case(const Plan& p, std::size_t which, Decision& decision) {
  constexpr std::array kCases = {Special::no_actual, Special::measure_changed, Special::no_previous};
  decision.direction_special = static_cast<std::uint8_t>(kCases[which]);
  if (p.direction_cases[which]) decision.direction = *p.direction_cases[which];
}

// The direction the direction rules give: rule `index` when it held, else `cannot
// evaluate` (or none).
inline void finish_direction(const Plan& p, Truth truth, std::uint32_t index, Decision& decision) {
  if (truth == Truth::yes) {
    decision.direction_rule = index;
    decision.direction = p.direction->rules[index].outcome;
    return;
  }
  decision.flags |= Decision::kNeedsReason;
  if (p.direction_fallback) {
    decision.direction = *p.direction_fallback;
    decision.direction_special = static_cast<std::uint8_t>(Special::cannot_evaluate);
  }
}

// Working space for build_plan, kept by the caller from one plan to the next so that
// building a plan allocates nothing once the batch has warmed up. Its contents mean
// nothing between calls.
struct PlanScratch {
  struct Interval {
    std::int64_t low;
    std::int64_t high;
  };
  std::vector<Interval> intervals;       // the stack of a status rule read as a band
  std::vector<ChangeBand> change_bands;  // the stack of a direction rule read as a change band
};

// The fast form of the plan for rows like `facts` (a representative row), its
// instructions, rules and bands appended to the shared vectors; a plan marked generic when
// the fast form cannot hold it exactly.
[[nodiscard]] Plan build_plan(const Program& program, const Observation& facts, std::vector<FastOp>& code,
                              std::vector<FastRule>& rules, std::vector<Band>& bands,
                              std::vector<ChangeBand>& change_bands, PlanScratch& scratch);

}  // namespace runtime::batch
