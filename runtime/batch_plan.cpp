// Building the batch path's plans (see batch_plan.hpp). A plan turns every condition of a
// scheme and of its direction block into comparisons of the row's actual (and previous
// value) with exact constants at one decimal scale, or throws NotFast and becomes generic.
#include "runtime/batch_plan.hpp"

namespace runtime::batch {
namespace {

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
              std::vector<Band>& bands, std::vector<ChangeBand>& change_bands, PlanScratch& scratch)
      : program_(program),
        facts_(facts),
        code_(code),
        rules_(rules),
        bands_(bands),
        change_bands_(change_bands),
        scratch_(scratch) {}

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
    const std::size_t band_first = bands_.size();
    for (std::uint32_t i = 0; i < plan.status_count; ++i) {
      const auto band = to_band(rules_[plan.status_first + i]);
      if (!band) {
        bands_.resize(band_first);
        return;  // the rules run as instructions
      }
      bands_.push_back(*band);
    }
    plan.banded = true;
    plan.band_first = static_cast<std::uint32_t>(band_first);
    // The instructions are not needed any more: a batch keeps thousands of plans.
    if (plan.status_count > 0) {
      code_.resize(rules_[plan.status_first].first);
      rules_.resize(plan.status_first);
    }
  }

  // A rule of comparisons of the actual, joined by `all` (and `not` of a half-line), as
  // the interval it accepts; empty when it is something else.
  std::optional<Band> to_band(const FastRule& rule) const {
    using Interval = PlanScratch::Interval;
    constexpr Interval kAll{Band::kLowest, Band::kHighest};
    constexpr Interval kNone{Band::kHighest, Band::kLowest};
    std::vector<Interval>& stack = scratch_.intervals;
    stack.clear();
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
    const std::size_t band_first = change_bands_.size();
    std::optional<std::pair<bool, std::int64_t>> measure;  // (relative, multiplier) of every change
    for (std::uint32_t i = 0; i < plan.direction_count; ++i) {
      const auto band = to_change_band(rules_[plan.direction_first + i], code_, scratch_.change_bands, measure);
      if (!band) {
        change_bands_.resize(band_first);
        return;  // the rules run as instructions
      }
      change_bands_.push_back(*band);
    }
    plan.change_banded = true;
    if (measure) {
      plan.change_relative = measure->first;
      plan.change_multiplier = measure->second;
    }
    plan.change_band_first = static_cast<std::uint32_t>(band_first);
    if (plan.direction_count > 0) {
      code_.resize(rules_[plan.direction_first].first);
      rules_.resize(plan.direction_first);
    }
  }

  // A direction rule of change comparisons and status sets joined by `all` (and `not` of
  // one bound or of a set), as a ChangeBand; empty when it is something else.
  static std::optional<ChangeBand> to_change_band(const FastRule& rule, const std::vector<FastOp>& code,
                                                  std::vector<ChangeBand>& stack,
                                                  std::optional<std::pair<bool, std::int64_t>>& measure) {
    ChangeBand result;
    if (rule.count == 0) return result;
    stack.clear();
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
    // Meeting a range: reaching its end on the worse side (both ends without a polarity).
    const auto meets_range = [&](const Decimal& low, const Decimal& high) {
      if (polarity == Polarity::higher) return push_actual(CompareOp::greater_equal, low);
      if (polarity == Polarity::lower) return push_actual(CompareOp::less_equal, high);
      push_actual(CompareOp::greater_equal, low);
      push_actual(CompareOp::less_equal, high);
      push_all2();
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
              [&] { meets_range(target.value, target.high); },
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
          [&] { meets_range(tolerance.value, tolerance.high); },
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
  PlanScratch& scratch_;
  int scale_ = kMinFastScale;
  const Key* status_key_ = nullptr;
  std::optional<ResolvedBands> resolved_here_;
};

}  // namespace

Plan build_plan(const Program& program, const Observation& facts, std::vector<FastOp>& code,
                std::vector<FastRule>& rules, std::vector<Band>& bands, std::vector<ChangeBand>& change_bands,
                PlanScratch& scratch) {
  return PlanBuilder(program, facts, code, rules, bands, change_bands, scratch).build();
}

}  // namespace runtime::batch
