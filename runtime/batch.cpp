// The batch path (see batch.hpp). A plan turns every condition of a scheme and of its
// direction block into comparisons of the row's actual (and previous value) with exact
// constants at one decimal scale per plan, so that a row is decided on 64-bit integers.
//
// Exactness: a row's values are taken into the fast form only when they are exact at the
// plan's scale and small (|x| < 2^62), and a plan only when its constants are; then every
// product fits in 128 bits and the comparisons are the ones decide_outcome() makes, on
// the same numbers. Whatever does not fit is decided by decide_outcome() itself.
#include "runtime/batch.hpp"

#include <array>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>

namespace runtime {
namespace {

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
std::optional<std::int64_t> at_scale(Decimal value, int scale) {
  if (value.scale() > scale || scale > kMaxFastScale) return std::nullopt;
  const Decimal::Mantissa mantissa = value.mantissa();
  if (mantissa >= kSmall || mantissa <= -kSmall) return std::nullopt;
  Wide scaled = static_cast<Wide>(mantissa) * kPowers[static_cast<std::size_t>(scale - value.scale())];
  if (scaled >= kSmall || scaled <= -kSmall) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
}

bool numeric(const std::optional<Target>& target) {
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
  std::uint16_t outcome = 0;
  bool unknown = false;
};

// A direction rule that only compares the change with constants (and the row's status
// with a set), as bounds on x = s(actual - previous) x multiplier:
// low x base <(=) x <(=) high x base, where base is |previous| (relative) or 1.
struct ChangeBand {
  std::int64_t low = 0;
  std::int64_t high = 0;
  std::uint64_t statuses = ~std::uint64_t{0};  // by index in the scheme's key
  std::uint16_t outcome = 0;
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

PlanKey plan_key(const Observation& facts) {
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

// Thrown while building a plan that the fast form cannot hold; the plan becomes generic.
struct NotFast {};
// Thrown while building a plan when a constant needs a finer scale than the plan's.
struct Rescale {
  int scale = 0;
};

// Builds the fast form of one plan from a representative observation.
class PlanBuilder {
 public:
  PlanBuilder(const Program& program, const Observation& facts, std::vector<FastOp>& code, std::vector<FastRule>& rules,
              std::vector<Band>& bands, std::vector<ChangeBand>& change_bands)
      : program_(program), facts_(facts), code_(code), rules_(rules), bands_(bands), change_bands_(change_bands) {}

  Plan build() {
    const std::size_t code_size = code_.size();
    const std::size_t rules_size = rules_.size();
    const std::size_t bands_size = bands_.size();
    const std::size_t change_bands_size = change_bands_.size();
    const auto generic = [&] {
      code_.resize(code_size);
      rules_.resize(rules_size);
      bands_.resize(bands_size);
      change_bands_.resize(change_bands_size);
      Plan plan;
      plan.generic = true;
      return plan;
    };
    const RuleSet& scheme = program_.schemes[*facts_.scheme];
    if (scheme.rules.size() >= Decision::kNoRule || program_.keys[scheme.key].statuses.size() > 64) return generic();
    // The plan's scale is the finest among its constants: start coarse, and start again
    // finer when a constant needs it.
    for (scale_ = kMinFastScale;;) {
      try {
        Plan plan;
        plan.scale = scale_;
        plan.scheme = &scheme;
        const std::optional<std::uint32_t> direction_index = facts_.direction ? facts_.direction : scheme.direction;
        if (direction_index) plan.direction = &program_.directions[*direction_index];
        build_status(plan);
        if (plan.direction != nullptr) build_direction(plan);
        return plan;
      } catch (const Rescale& rescale) {
        if (rescale.scale <= scale_ || rescale.scale > kMaxFastScale) return generic();
        code_.resize(code_size);
        rules_.resize(rules_size);
        bands_.resize(bands_size);
        change_bands_.resize(change_bands_size);
        scale_ = rescale.scale;
      } catch (const NotFast&) {
        return generic();
      }
    }
  }

 private:
  static const std::optional<SpecialOutcome>& special(const RuleSet& rules, Special which) {
    return rules.specials[static_cast<std::size_t>(which)];
  }

  // A constant the rows are compared with, or that decide() subtracts from the actual:
  // exact at the plan's scale and small, else a finer scale or no fast form.
  std::int64_t constant(Decimal value) const {
    if (value.scale() > scale_) throw Rescale{value.scale()};
    const auto scaled = at_scale(value, scale_);
    if (!scaled) throw NotFast{};
    return *scaled;
  }

  Fixed fixed(const RuleSet& scheme, Special which) const {
    Fixed result;
    const auto& handled = special(scheme, which);
    const auto& fallback = special(scheme, Special::cannot_evaluate);
    if (handled || fallback) {
      result.status_case = static_cast<std::uint8_t>(which);
      result.status = (handled ? *handled : *fallback).outcome;
      result.special = static_cast<std::uint8_t>(handled ? which : Special::cannot_evaluate);
      result.needs_reason = !handled;
    } else {
      result.error = true;
    }
    return result;
  }

  void build_status(Plan& plan) {
    const RuleSet& scheme = *plan.scheme;
    plan.no_actual = fixed(scheme, Special::no_actual);
    // The cases that depend on the target alone, for rows with an actual.
    Observation with_actual;
    with_actual.actual = Decimal{};
    with_actual.target = facts_.target;
    if (const auto which = status_case(scheme, with_actual)) plan.target_case = fixed(scheme, *which);
    if (special(scheme, Special::measure_changed)) plan.measure_changed = fixed(scheme, Special::measure_changed);
    if (const auto& fallback = special(scheme, Special::cannot_evaluate)) plan.status_fallback = fallback->outcome;
    if (plan.target_case) return;  // the rules never run
    plan.status_first = static_cast<std::uint32_t>(rules_.size());
    plan.status_count = static_cast<std::uint32_t>(scheme.rules.size());
    for (const Rule& rule : scheme.rules) rules_.push_back(lower_rule(scheme, rule, false));
    std::vector<Band> bands;
    for (std::uint32_t i = 0; i < plan.status_count; ++i) {
      const auto band = to_band(rules_[plan.status_first + i]);
      if (!band) return;  // the rules run as instructions
      bands.push_back(*band);
      bands.back().outcome = scheme.rules[i].outcome;
    }
    plan.banded = true;
    plan.band_first = static_cast<std::uint32_t>(bands_.size());
    bands_.insert(bands_.end(), bands.begin(), bands.end());
    // The instructions are not needed any more: a batch keeps thousands of plans.
    if (plan.status_count > 0) {
      code_.resize(rules_[plan.status_first].first);
      rules_.resize(plan.status_first);
    }
  }

  // A rule of comparisons of the actual, joined by `all` (and `not` of a half-line), as
  // the interval it accepts; empty when it is something else.
  std::optional<Band> to_band(const FastRule& rule) const {
    struct Interval {
      std::int64_t low;
      std::int64_t high;
    };
    constexpr Interval kAll{Band::kLowest, Band::kHighest};
    constexpr Interval kNone{Band::kHighest, Band::kLowest};
    std::vector<Interval> stack;
    for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
      const FastOp& op = code_[pc];
      switch (op.code) {
        case FastCode::unknown: {
          Band band;
          band.unknown = true;
          return band;
        }
        case FastCode::truth:
          stack.push_back(op.truth ? kAll : kNone);
          break;
        case FastCode::actual:
          switch (op.compare) {
            case CompareOp::less:
              stack.push_back({Band::kLowest, op.value - 1});
              break;
            case CompareOp::less_equal:
              stack.push_back({Band::kLowest, op.value});
              break;
            case CompareOp::greater:
              stack.push_back({op.value + 1, Band::kHighest});
              break;
            case CompareOp::greater_equal:
              stack.push_back({op.value, Band::kHighest});
              break;
            case CompareOp::equal:
              stack.push_back({op.value, op.value});
              break;
          }
          break;
        case FastCode::negate: {
          Interval& top = stack.back();
          if (top.low > top.high) {
            top = kAll;
          } else if (top.low == Band::kLowest && top.high == Band::kHighest) {
            top = kNone;
          } else if (top.low == Band::kLowest) {
            top = {top.high + 1, Band::kHighest};
          } else if (top.high == Band::kHighest) {
            top = {Band::kLowest, top.low - 1};
          } else {
            return std::nullopt;
          }
          break;
        }
        case FastCode::all: {
          Interval joined = kAll;
          for (std::uint16_t k = 0; k < op.arity; ++k) {
            joined.low = std::max(joined.low, stack.back().low);
            joined.high = std::min(joined.high, stack.back().high);
            stack.pop_back();
          }
          if (joined.low > joined.high) joined = kNone;
          stack.push_back(joined);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    if (rule.count == 0) return Band{};
    if (stack.size() != 1) return std::nullopt;
    Band band;
    band.low = stack.back().low;
    band.high = stack.back().high;
    return band;
  }

  void build_direction(Plan& plan) {
    const RuleSet& direction = *plan.direction;
    if (direction.rules.size() >= Decision::kNoRule) throw NotFast{};
    plan.year_on_year = direction.change_from_last_year;
    plan.sign = facts_.polarity.value_or(Polarity::none) == Polarity::lower ? -1 : 1;
    const std::array cases = {Special::no_actual, Special::measure_changed, Special::no_previous};
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (const auto& handled = special(direction, cases[i])) plan.direction_cases[i] = handled->outcome;
    }
    if (const auto& fallback = special(direction, Special::cannot_evaluate)) plan.direction_fallback = fallback->outcome;
    plan.direction_first = static_cast<std::uint32_t>(rules_.size());
    plan.direction_count = static_cast<std::uint32_t>(direction.rules.size());
    status_key_ = &program_.keys[plan.scheme->key];
    for (const Rule& rule : direction.rules) rules_.push_back(lower_rule(direction, rule, true));
    std::vector<ChangeBand> bands;
    std::optional<std::pair<bool, std::int64_t>> measure;  // (relative, multiplier) of every change
    for (std::uint32_t i = 0; i < plan.direction_count; ++i) {
      const auto band = to_change_band(rules_[plan.direction_first + i], code_, measure);
      if (!band) return;  // the rules run as instructions
      bands.push_back(*band);
      bands.back().outcome = direction.rules[i].outcome;
    }
    plan.change_banded = true;
    if (measure) {
      plan.change_relative = measure->first;
      plan.change_multiplier = measure->second;
    }
    plan.change_band_first = static_cast<std::uint32_t>(change_bands_.size());
    change_bands_.insert(change_bands_.end(), bands.begin(), bands.end());
    if (plan.direction_count > 0) {
      code_.resize(rules_[plan.direction_first].first);
      rules_.resize(plan.direction_first);
    }
  }

  // A direction rule of change comparisons and status sets joined by `all` (and `not` of
  // one bound or of a set), as a ChangeBand; empty when it is something else.
  static std::optional<ChangeBand> to_change_band(const FastRule& rule, const std::vector<FastOp>& code,
                                                  std::optional<std::pair<bool, std::int64_t>>& measure) {
    ChangeBand result;
    if (rule.count == 0) return result;
    std::vector<ChangeBand> stack;
    for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
      const FastOp& op = code[pc];
      ChangeBand entry;
      switch (op.code) {
        case FastCode::unknown:
          result.unknown = true;
          return result;
        case FastCode::truth:
          entry.empty = !op.truth;
          stack.push_back(entry);
          break;
        case FastCode::status:
          entry.statuses = op.mask;
          stack.push_back(entry);
          break;
        case FastCode::change: {
          const std::pair<bool, std::int64_t> kind{op.relative, op.multiplier};
          if (measure && *measure != kind) return std::nullopt;
          measure = kind;
          result.uses_change = true;
          const std::int64_t k = op.relative ? op.value : op.constant;
          const bool low = op.compare == CompareOp::greater || op.compare == CompareOp::greater_equal ||
                           op.compare == CompareOp::equal;
          const bool high = op.compare == CompareOp::less || op.compare == CompareOp::less_equal ||
                            op.compare == CompareOp::equal;
          entry.has_low = low;
          entry.low = k;
          entry.low_strict = op.compare == CompareOp::greater;
          entry.has_high = high;
          entry.high = k;
          entry.high_strict = op.compare == CompareOp::less;
          stack.push_back(entry);
          break;
        }
        case FastCode::negate: {
          ChangeBand& top = stack.back();
          const bool full_mask = top.statuses == ~std::uint64_t{0};
          if (top.empty) {
            top = ChangeBand{};
          } else if (!top.has_low && !top.has_high && full_mask) {
            top.empty = true;
          } else if (!top.has_low && !top.has_high) {
            top.statuses = ~top.statuses;
          } else if (full_mask && top.has_low != top.has_high) {
            // not (x > k) is x <= k, and so on
            top.has_high = !top.has_high;
            top.has_low = !top.has_low;
            top.high = top.low = top.has_high ? top.low : top.high;
            const bool was_strict = top.has_high ? top.low_strict : top.high_strict;
            top.high_strict = top.has_high && !was_strict;
            top.low_strict = top.has_low && !was_strict;
          } else {
            return std::nullopt;
          }
          break;
        }
        case FastCode::all: {
          ChangeBand joined;
          for (std::uint16_t k = 0; k < op.arity; ++k) {
            const ChangeBand& part = stack.back();
            joined.empty = joined.empty || part.empty;
            joined.statuses &= part.statuses;
            if (part.has_low && (!joined.has_low || part.low > joined.low ||
                                 (part.low == joined.low && part.low_strict))) {
              joined.has_low = true;
              joined.low = part.low;
              joined.low_strict = part.low_strict;
            }
            if (part.has_high && (!joined.has_high || part.high < joined.high ||
                                  (part.high == joined.high && part.high_strict))) {
              joined.has_high = true;
              joined.high = part.high;
              joined.high_strict = part.high_strict;
            }
            stack.pop_back();
          }
          stack.push_back(joined);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    if (stack.size() != 1) return std::nullopt;
    const bool uses_change = result.uses_change;
    result = stack.back();
    result.uses_change = uses_change;
    return result;
  }

  FastRule lower_rule(const RuleSet& rules, const Rule& rule, bool is_direction) {
    FastRule fast{static_cast<std::uint32_t>(code_.size()), rule.count};
    int depth = 0;
    for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
      const Instruction& instruction = rules.code[pc];
      if (instruction.code == OpCode::negate) {
        code_.push_back(FastOp{.code = FastCode::negate});
        continue;
      }
      if (instruction.code == OpCode::all || instruction.code == OpCode::any) {
        if (instruction.arity == 0 || instruction.arity > 60) throw NotFast{};
        code_.push_back(FastOp{.code = instruction.code == OpCode::all ? FastCode::all : FastCode::any,
                               .arity = instruction.arity});
        depth -= instruction.arity - 1;
        continue;
      }
      // One value each (an atom may use one more slot for its own `all`).
      lower_atom(rules, instruction, pc, is_direction);
      if (++depth > 60) throw NotFast{};
    }
    fast.count = static_cast<std::uint32_t>(code_.size()) - fast.first;
    if (rule.count == 0) fast.count = 0;
    return fast;
  }

  void push_truth(bool truth) { code_.push_back(FastOp{.code = FastCode::truth, .truth = truth}); }
  void push_unknown() { code_.push_back(FastOp{.code = FastCode::unknown}); }
  void push_actual(CompareOp op, Decimal threshold) {
    code_.push_back(FastOp{.code = FastCode::actual, .compare = op, .value = constant(threshold)});
  }
  void push_negate() { code_.push_back(FastOp{.code = FastCode::negate}); }
  void push_all2() { code_.push_back(FastOp{.code = FastCode::all, .arity = 2}); }

  void lower_atom(const RuleSet& rules, const Instruction& instruction, std::uint32_t pc, bool is_direction) {
    switch (instruction.code) {
      case OpCode::measure:
        if (instruction.quantity == Quantity::gap && !is_direction) return lower_gap(rules, pc);
        if (instruction.quantity == Quantity::change && is_direction) return lower_change(rules, instruction);
        throw NotFast{};
      case OpCode::actual:
        return lower_actual(instruction);
      case OpCode::polarity:
        if (!facts_.polarity) return push_unknown();
        return push_truth(*facts_.polarity == instruction.polarity);
      case OpCode::status: {
        const auto& set = rules.status_sets[instruction.status_set];
        if (!is_direction) {
          // A scheme sees no status of its own yet: the empty label.
          return push_truth(std::find(set.begin(), set.end(), std::string()) != set.end());
        }
        std::uint64_t mask = 0;
        for (std::size_t i = 0; i < status_key_->statuses.size(); ++i) {
          if (std::find(set.begin(), set.end(), status_key_->statuses[i].label) != set.end()) mask |= std::uint64_t{1} << i;
        }
        code_.push_back(FastOp{.code = FastCode::status, .mask = mask});
        return;
      }
      case OpCode::moved:
        if (!is_direction) throw NotFast{};  // the status scheme's `previous` is not the column kept
        code_.push_back(FastOp{.code = FastCode::moved, .move = instruction.move});
        return;
      default:
        throw NotFast{};  // margins, quartiles: decided one row at a time
    }
  }

  void lower_gap(const RuleSet& scheme, std::uint32_t pc) {
    if (!scheme.gap_measure) return push_unknown();
    if (facts_.resolved != nullptr && !facts_.resolved->thresholds.empty()) {
      const ResolvedThreshold& resolved = facts_.resolved->thresholds.at(pc);
      if (!resolved.valid) return push_unknown();
      return push_actual(resolved.op, resolved.threshold);
    }
    if (!numeric(facts_.target)) return push_unknown();
    if (!facts_.polarity || *facts_.polarity == Polarity::none) return push_unknown();
    // The row's own target: the thresholds decide() would compare with, resolved here.
    // decide() subtracts the base from the actual, exactly when it is small.
    (void)constant(gap_base(*facts_.target, *facts_.polarity));
    if (!resolved_here_) resolved_here_ = resolve_bands(scheme, *facts_.target, *facts_.polarity);
    const ResolvedThreshold& resolved = resolved_here_->thresholds.at(pc);
    if (!resolved.valid) {
      // A zero base is unknown either way; "too large" here may still be exact there.
      if (gap_base(*facts_.target, *facts_.polarity).is_zero() && *scheme.gap_measure == MeasureKind::relative) {
        return push_unknown();
      }
      throw NotFast{};
    }
    push_actual(resolved.op, resolved.threshold);
  }

  void lower_change(const RuleSet& rules, const Instruction& instruction) {
    if (!rules.change_measure) return push_unknown();
    const Decimal k = instruction.threshold;
    const Decimal::Mantissa mantissa = k.mantissa();
    if (mantissa >= kSmall || mantissa <= -kSmall || k.scale() > kMaxFastScale) throw NotFast{};
    FastOp op{.code = FastCode::change, .compare = instruction.compare};
    if (*rules.change_measure == MeasureKind::relative) {
      // k x |previous| must be exact in decide() too: its scale is k's plus previous's.
      if (k.scale() + scale_ > Decimal::kMaxScale) throw NotFast{};
      op.relative = true;
      op.value = static_cast<std::int64_t>(mantissa);
      op.multiplier = kPowers[static_cast<std::size_t>(k.scale())];
    } else if (k.scale() <= scale_) {
      op.constant = constant(k);
    } else {
      op.constant = static_cast<std::int64_t>(mantissa);
      op.multiplier = kPowers[static_cast<std::size_t>(k.scale() - scale_)];
    }
    code_.push_back(op);
  }

  // As Evaluator::actual for the target and the tolerance; floors, expected ranges and
  // benchmarks are decided one row at a time.
  void lower_actual(const Instruction& instruction) {
    const ActualTest test = instruction.test;
    if (instruction.reference == Reference::floor || instruction.reference == Reference::benchmark ||
        instruction.reference == Reference::expected) {
      throw NotFast{};
    }
    const bool plain = test == ActualTest::below || test == ActualTest::above;
    if (plain && instruction.reference == Reference::target) {
      if (!numeric(facts_.target)) return push_truth(false);
      return push_actual(test == ActualTest::below ? CompareOp::less : CompareOp::greater, facts_.target->value);
    }
    if (!numeric(facts_.target)) return push_truth(false);
    const Target& target = *facts_.target;
    const Polarity polarity = facts_.polarity.value_or(Polarity::none);
    const auto outcome = [&](auto meets, auto better) {
      if (test == ActualTest::meets) return meets();
      if (test == ActualTest::better_than) return better();
      meets();
      push_negate();
    };
    if (instruction.reference == Reference::target) {
      switch (target.kind) {
        case Target::Kind::bound: {
          const CompareOp meets_op = target.bound_below ? (target.strict ? CompareOp::less : CompareOp::less_equal)
                                                        : (target.strict ? CompareOp::greater : CompareOp::greater_equal);
          const CompareOp better_op = target.bound_below ? CompareOp::less : CompareOp::greater;
          return outcome([&] { push_actual(meets_op, target.value); }, [&] { push_actual(better_op, target.value); });
        }
        case Target::Kind::range:
          return outcome(
              [&] {
                if (polarity == Polarity::higher) return push_actual(CompareOp::greater_equal, target.value);
                if (polarity == Polarity::lower) return push_actual(CompareOp::less_equal, target.high);
                push_actual(CompareOp::greater_equal, target.value);
                push_actual(CompareOp::less_equal, target.high);
                push_all2();
              },
              [&] {
                if (polarity == Polarity::higher) return push_actual(CompareOp::greater, target.high);
                if (polarity == Polarity::lower) return push_actual(CompareOp::less, target.value);
                push_truth(false);
              });
        default:
          if (polarity == Polarity::none && test != ActualTest::meets) return push_unknown();
          return outcome(
              [&] {
                push_actual(polarity == Polarity::higher  ? CompareOp::greater_equal
                            : polarity == Polarity::lower ? CompareOp::less_equal
                                                          : CompareOp::equal,
                            target.value);
              },
              [&] { push_actual(polarity == Polarity::higher ? CompareOp::greater : CompareOp::less, target.value); });
      }
    }
    // Tolerance: the limit on the worse side of the target.
    const Tolerance& tolerance = facts_.tolerance;
    if (tolerance.kind == Tolerance::Kind::range) {
      return outcome(
          [&] {
            if (polarity == Polarity::higher) return push_actual(CompareOp::greater_equal, tolerance.value);
            if (polarity == Polarity::lower) return push_actual(CompareOp::less_equal, tolerance.high);
            push_actual(CompareOp::greater_equal, tolerance.value);
            push_actual(CompareOp::less_equal, tolerance.high);
            push_all2();
          },
          [&] {
            push_actual(polarity == Polarity::higher ? CompareOp::greater : CompareOp::less,
                        polarity == Polarity::higher ? tolerance.value : tolerance.high);
          });
    }
    if (tolerance.kind == Tolerance::Kind::none) return push_unknown();
    if (polarity == Polarity::none) return push_unknown();
    const Decimal base = gap_base(target, polarity);
    (void)constant(base);  // decide() subtracts it from the actual
    const std::optional<Decimal> allowed =
        tolerance.kind == Tolerance::Kind::relative ? tolerance.value.times(base.abs()) : tolerance.value;
    if (!allowed) return push_unknown();
    // within: s(a - base) >= -allowed, i.e. a >= base - allowed (a <= base + allowed when lower)
    const bool lower = polarity == Polarity::lower;
    const std::optional<Decimal> limit = lower ? base.plus(*allowed) : base.minus(*allowed);
    if (!limit) throw NotFast{};
    outcome([&] { push_actual(lower ? CompareOp::less_equal : CompareOp::greater_equal, *limit); },
            [&] { push_actual(lower ? CompareOp::less : CompareOp::greater, *limit); });
  }

  const Program& program_;
  const Observation& facts_;
  std::vector<FastOp>& code_;
  std::vector<FastRule>& rules_;
  std::vector<Band>& bands_;
  std::vector<ChangeBand>& change_bands_;
  int scale_ = kMinFastScale;
  const Key* status_key_ = nullptr;
  std::optional<ResolvedBands> resolved_here_;
};

// The outcome of one fast rule: true, false, or empty when it cannot be evaluated.
enum class Truth : std::uint8_t { no, yes, unknown };

}  // namespace

struct DecisionBatch::State {
  const Program& program;
  std::vector<Plan> plans;
  std::vector<FastOp> code;
  std::vector<FastRule> rules;
  std::vector<Band> bands;
  std::vector<ChangeBand> change_bands;
  std::unordered_map<PlanKey, std::uint32_t, PlanKeyHash> plan_by_key;
  // The columns, one entry per row.
  std::vector<std::uint32_t> plan;
  std::vector<std::int64_t> actual;
  std::vector<std::int64_t> previous;
  std::vector<std::uint8_t> flags;
  std::vector<const Observation*> source;
  std::size_t fast = 0;

  explicit State(const Program& p) : program(p) {}

  Truth run(const FastRule& rule, std::int64_t a, std::int64_t p, std::uint16_t status, int sign) const {
    if (rule.count == 0) return Truth::yes;
    std::uint64_t stack = 0;  // bit i: the value at depth i
    int depth = 0;
    for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
      const FastOp& op = code[pc];
      bool value = false;
      switch (op.code) {
        case FastCode::truth:
          value = op.truth;
          break;
        case FastCode::unknown:
          return Truth::unknown;
        case FastCode::actual:
          value = holds(a, op.compare, op.value);
          break;
        case FastCode::change: {
          const std::int64_t difference = sign * (a - p);  // |a|, |p| < 2^62
          const std::int64_t magnitude = p < 0 ? -p : p;
          if (op.relative && p == 0) return Truth::unknown;
          const std::int64_t other = op.relative ? op.value : op.constant;
          const std::int64_t factor = op.relative ? magnitude : 1;
          std::int64_t left = 0;
          std::int64_t right = 0;
          if (!__builtin_mul_overflow(difference, op.multiplier, &left) && !__builtin_mul_overflow(other, factor, &right)) {
            value = holds(left, op.compare, right);
          } else {  // exact in 128 bits: each side is below 2^62 x 10^18
            value = holds(static_cast<Wide>(static_cast<Wide>(difference) * op.multiplier), op.compare,
                          static_cast<Wide>(static_cast<Wide>(other) * factor));
          }
          break;
        }
        case FastCode::moved:
          value = op.move == ValueMove::rose ? a > p : op.move == ValueMove::fell ? a < p : a == p;
          break;
        case FastCode::status:
          value = ((op.mask >> status) & 1U) != 0;
          break;
        case FastCode::negate:
          stack ^= std::uint64_t{1} << (depth - 1);
          continue;
        case FastCode::all:
        case FastCode::any: {
          const std::uint64_t top = (std::uint64_t{1} << op.arity) - 1;
          const std::uint64_t operands = (stack >> (depth - op.arity)) & top;
          depth -= op.arity;
          stack &= (std::uint64_t{1} << depth) - 1;
          value = op.code == FastCode::all ? operands == top : operands != 0;
          break;
        }
      }
      if (value) stack |= std::uint64_t{1} << depth;
      ++depth;
    }
    return (stack & 1U) != 0 ? Truth::yes : Truth::no;
  }

  // The first change band that holds (its index in `index`), as run() over each rule.
  Truth change_band(const Plan& p, std::int64_t a, std::int64_t before, std::uint16_t status,
                    std::uint32_t& index) const {
    const Wide x = static_cast<Wide>(p.sign * (a - before)) * p.change_multiplier;  // |a|, |before| < 2^62
    const Wide base = p.change_relative ? static_cast<Wide>(before < 0 ? -before : before) : Wide{1};
    const bool zero = p.change_relative && before == 0;
    const ChangeBand* band = change_bands.data() + p.change_band_first;
    const auto stops = [&](const ChangeBand& b) { return b.unknown || (b.uses_change && zero); };
    for (index = 0; index < p.direction_count; ++index) {
      const ChangeBand& b = band[index];
      if (stops(b)) return Truth::unknown;
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

  Decision decide_row(std::size_t row) const {
    Decision decision;
    const std::uint8_t row_flags = flags[row];
    const Plan& p = plans[plan[row]];
    const std::int64_t a = actual[row];
    const std::int64_t before = previous[row];
    const auto apply = [&decision](const Fixed& fixed) {
      decision.status = fixed.status;
      decision.status_special = fixed.special;
      decision.status_case = fixed.status_case;
      if (fixed.error) decision.flags |= Decision::kError | Decision::kNeedsReason;
      if (fixed.needs_reason) decision.flags |= Decision::kNeedsReason;
    };
    if ((row_flags & kHasActual) == 0) {
      apply(p.no_actual);
    } else if (p.target_case) {
      apply(*p.target_case);
    } else if ((row_flags & kMeasureChanged) != 0 && p.measure_changed) {
      apply(*p.measure_changed);
    } else {
      Truth truth = Truth::no;
      std::uint32_t index = 0;
      if (p.banded) {
        const Band* band = bands.data() + p.band_first;
        while (index < p.status_count && (a < band[index].low || a > band[index].high)) ++index;
        if (index < p.status_count) truth = band[index].unknown ? Truth::unknown : Truth::yes;
      } else {
        for (; index < p.status_count; ++index) {
          truth = run(rules[p.status_first + index], a, before, 0, 1);
          if (truth != Truth::no) break;
        }
      }
      if (truth == Truth::yes) {
        decision.status_rule = index;
        decision.status = p.banded ? bands[p.band_first + index].outcome : p.scheme->rules[index].outcome;
      } else if (p.status_fallback) {
        decision.status = *p.status_fallback;
        decision.status_special = static_cast<std::uint8_t>(Special::cannot_evaluate);
        decision.flags |= Decision::kNeedsReason;
      } else {
        decision.flags |= Decision::kError | Decision::kNeedsReason;
      }
    }
    if ((decision.flags & Decision::kError) != 0 || p.direction == nullptr) return decision;
    decision.flags |= Decision::kHasDirection;
    std::optional<std::size_t> which;
    if ((row_flags & kHasActual) == 0) {
      which = 0;
    } else if ((row_flags & kMeasureChanged) != 0) {
      which = 1;
    } else if ((row_flags & kHasPrevious) == 0) {
      which = 2;
    }
    if (which) {
      constexpr std::array kCases = {Special::no_actual, Special::measure_changed, Special::no_previous};
      decision.direction_special = static_cast<std::uint8_t>(kCases[*which]);
      if (p.direction_cases[*which]) decision.direction = *p.direction_cases[*which];
      return decision;
    }
    Truth truth = Truth::no;
    std::uint32_t index = 0;
    if (p.change_banded) {
      truth = change_band(p, a, before, decision.status, index);
    } else {
      for (; index < p.direction_count; ++index) {
        truth = run(rules[p.direction_first + index], a, before, decision.status, p.sign);
        if (truth != Truth::no) break;
      }
    }
    if (truth == Truth::yes) {
      decision.direction_rule = index;
      decision.direction = p.change_banded ? change_bands[p.change_band_first + index].outcome
                                           : p.direction->rules[index].outcome;
      return decision;
    }
    decision.flags |= Decision::kNeedsReason;
    if (p.direction_fallback) {
      decision.direction = *p.direction_fallback;
      decision.direction_special = static_cast<std::uint8_t>(Special::cannot_evaluate);
    }
    return decision;
  }
};

Decision to_decision(const Outcome& outcome) {
  Decision decision;
  if (!outcome.error.empty()) {
    decision.flags = Decision::kError | Decision::kNeedsReason;
    return decision;
  }
  if (outcome.status) decision.status = *outcome.status;
  if (outcome.status_rule) decision.status_rule = static_cast<std::uint32_t>(*outcome.status_rule);
  if (outcome.status_special) decision.status_special = static_cast<std::uint8_t>(*outcome.status_special);
  if (outcome.status_case) decision.status_case = static_cast<std::uint8_t>(*outcome.status_case);
  if (outcome.direction) decision.direction = *outcome.direction;
  if (outcome.direction_rule) decision.direction_rule = static_cast<std::uint32_t>(*outcome.direction_rule);
  if (outcome.direction_special) decision.direction_special = static_cast<std::uint8_t>(*outcome.direction_special);
  if (outcome.direction_block) decision.flags |= Decision::kHasDirection;
  if (!outcome.status_reason.empty() || !outcome.direction_reason.empty()) decision.flags |= Decision::kNeedsReason;
  return decision;
}

DecisionBatch::DecisionBatch(const Program& program) : state_(std::make_unique<State>(program)) {}
DecisionBatch::~DecisionBatch() = default;
DecisionBatch::DecisionBatch(DecisionBatch&&) noexcept = default;
DecisionBatch& DecisionBatch::operator=(DecisionBatch&&) noexcept = default;

void DecisionBatch::add(const Observation& facts) {
  State& s = *state_;
  s.source.push_back(&facts);
  std::uint32_t plan_index = 0;
  std::uint8_t row_flags = kGenericRow;
  std::int64_t actual = 0;
  std::int64_t previous = 0;
  if (facts.scheme && *facts.scheme < s.program.schemes.size()) {
    const PlanKey key = plan_key(facts);
    auto found = s.plan_by_key.find(key);
    if (found == s.plan_by_key.end()) {
      PlanBuilder builder(s.program, facts, s.code, s.rules, s.bands, s.change_bands);
      s.plans.push_back(builder.build());
      found = s.plan_by_key.emplace(key, static_cast<std::uint32_t>(s.plans.size() - 1)).first;
    }
    plan_index = found->second;
    const Plan& plan = s.plans[plan_index];
    if (!plan.generic) {
      row_flags = 0;
      const std::optional<Decimal>& compared = plan.year_on_year ? facts.last_year : facts.previous;
      if (facts.actual) {
        const auto value = at_scale(*facts.actual, plan.scale);
        if (value) {
          row_flags |= kHasActual;
          actual = *value;
        } else {
          row_flags = kGenericRow;
        }
      }
      if (compared && row_flags != kGenericRow) {
        const auto value = at_scale(*compared, plan.scale);
        if (value) {
          row_flags |= kHasPrevious;
          previous = *value;
        } else {
          row_flags = kGenericRow;
        }
      }
      if (facts.measure_changed && row_flags != kGenericRow) row_flags |= kMeasureChanged;
    }
  }
  if (row_flags != kGenericRow) ++s.fast;
  s.plan.push_back(plan_index);
  s.actual.push_back(actual);
  s.previous.push_back(previous);
  s.flags.push_back(row_flags);
}

void DecisionBatch::clear() {
  State& s = *state_;
  s.plan.clear();
  s.actual.clear();
  s.previous.clear();
  s.flags.clear();
  s.source.clear();
  s.fast = 0;
}

std::size_t DecisionBatch::size() const { return state_->flags.size(); }
std::size_t DecisionBatch::fast_rows() const { return state_->fast; }
const Observation& DecisionBatch::observation(std::size_t row) const { return *state_->source.at(row); }

void DecisionBatch::decide(std::vector<Decision>& decisions) const {
  const State& s = *state_;
  decisions.resize(s.flags.size());
  for (std::size_t row = 0; row < s.flags.size(); ++row) {
    if ((s.flags[row] & kGenericRow) != 0) [[unlikely]] {
      decisions[row] = to_decision(decide_outcome(s.program, *s.source[row]));
    } else {
      decisions[row] = s.decide_row(row);
    }
  }
}

Outcome DecisionBatch::outcome(std::size_t row, const Decision& decision) const {
  const State& s = *state_;
  const Observation& facts = *s.source.at(row);
  if ((decision.flags & Decision::kNeedsReason) != 0 || (s.flags[row] & kGenericRow) != 0) {
    return decide_outcome(s.program, facts);
  }
  const Plan& plan = s.plans[s.plan[row]];
  Outcome outcome;
  outcome.status = decision.status;
  const RuleSet& scheme = *plan.scheme;
  if (decision.status_rule != Decision::kNoRule) {
    outcome.status_rule = decision.status_rule;
    outcome.status_source = scheme.rules[decision.status_rule].source;
  } else {
    const auto which = static_cast<Special>(decision.status_special);
    outcome.status_special = which;
    outcome.status_case = static_cast<Special>(decision.status_case);
    outcome.status_source = scheme.specials[static_cast<std::size_t>(which)]->source;
  }
  if (plan.direction == nullptr) return outcome;
  outcome.direction_block = facts.direction ? facts.direction : scheme.direction;
  if (decision.direction != Decision::kNoIndex) outcome.direction = decision.direction;
  if (decision.direction_rule != Decision::kNoRule) {
    outcome.direction_rule = decision.direction_rule;
    outcome.direction_source = plan.direction->rules[decision.direction_rule].source;
  } else if (decision.direction_special != Decision::kNoSpecial) {
    const auto which = static_cast<Special>(decision.direction_special);
    outcome.direction_special = which;
    if (outcome.direction) outcome.direction_source = plan.direction->specials[static_cast<std::size_t>(which)]->source;
  }
  return outcome;
}

}  // namespace runtime
