// The batch path (see batch.hpp). A plan turns every condition of a scheme and of its
// direction block into comparisons of the row's actual (and previous value) with exact
// constants at one decimal scale per plan, so that a row is decided on 64-bit integers.
//
// Exactness: a row's values are taken into the fast form only when they are exact at the
// plan's scale and small (|x| < 2^62), and a plan only when its constants are; then every
// product fits in 128 bits and the comparisons are the ones decide_outcome() makes, on
// the same numbers. Whatever does not fit is decided by decide_outcome() itself.
//
// Three ways through decide(), by row: on the plan's compact form (batch_compact.hpp: most
// rows of banded plans, 64-bit products within a per-plan bound), by decide_row() (rules
// that are not bands, a changed measure, values past the bound: 128-bit products), or by
// decide_outcome() (rows and plans the fast form cannot hold).
#include "runtime/batch.hpp"

#include <array>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>

#include "runtime/batch_compact.hpp"
#include "runtime/batch_plan.hpp"

namespace runtime {

using namespace batch;  // NOLINT: the plan types are this file's vocabulary

struct DecisionBatch::State {
  const Program& program;
  std::vector<Plan> plans;
  std::vector<FastOp> code;
  std::vector<FastRule> rules;
  std::vector<Band> bands;
  std::vector<ChangeBand> change_bands;
  PlanScratch plan_scratch;
  std::vector<CompactPlan> compact;  // one per plan (unused when the plan has no compact form)
  CompactDecisions compact_decisions;
  // Plans by key, for rows whose target is not declared.
  std::unordered_map<PlanKey, std::uint32_t, PlanKeyHash> plan_by_key;
  std::vector<PlanKey> plan_keys;  // one per plan
  // Plans by the declared target they were built for (Observation::resolved), each
  // checked against the plan's full key: a declared indicator's row finds its plan without
  // hashing its numbers (and such plans are only here).
  std::unordered_multimap<const ResolvedBands*, std::uint32_t> by_resolved;
  // The columns, one entry per row.
  std::vector<std::uint32_t> plan;
  std::vector<std::int64_t> actual;
  std::vector<std::int64_t> previous;
  std::vector<std::uint8_t> flags;
  std::vector<const Observation*> source;
  std::size_t fast = 0;
  std::size_t compact_rows = 0;

  explicit State(const Program& p) : program(p) {}

  std::uint32_t plan_for(const Observation& facts) {
    const PlanKey key = plan_key(facts);
    if (key.resolved != nullptr) {
      const auto [first, last] = by_resolved.equal_range(key.resolved);
      for (auto at = first; at != last; ++at) {
        if (plan_keys[at->second] == key) return at->second;
      }
      const std::uint32_t added = add_plan(facts, key);
      by_resolved.emplace(key.resolved, added);
      return added;
    }
    const auto found = plan_by_key.find(key);
    if (found != plan_by_key.end()) return found->second;
    const std::uint32_t added = add_plan(facts, key);
    plan_by_key.emplace(key, added);
    return added;
  }

  std::uint32_t add_plan(const Observation& facts, const PlanKey& key) {
    plans.push_back(build_plan(program, facts, code, rules, bands, change_bands, plan_scratch));
    compact.push_back(build_compact(plans.back(), bands, change_bands, compact_decisions).value_or(CompactPlan{}));
    plan_keys.push_back(key);
    return static_cast<std::uint32_t>(plans.size() - 1);
  }

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

  Decision decide_row(std::size_t row) const {
    Decision decision;
    const std::uint8_t row_flags = flags[row];
    const Plan& p = plans[plan[row]];
    const std::int64_t a = actual[row];
    const std::int64_t before = previous[row];
    if ((row_flags & kHasActual) == 0) {
      apply_fixed(p.no_actual, decision);
    } else if (p.target_case) {
      apply_fixed(*p.target_case, decision);
    } else if ((row_flags & kMeasureChanged) != 0 && p.measure_changed) {
      apply_fixed(*p.measure_changed, decision);
    } else {
      Truth truth = Truth::no;
      std::uint32_t index = 0;
      if (p.banded) {
        truth = band_search(bands.data() + p.band_first, p.status_count, a, index);
      } else {
        for (; index < p.status_count; ++index) {
          truth = run(rules[p.status_first + index], a, before, 0, 1);
          if (truth != Truth::no) break;
        }
      }
      finish_status(p, truth, index, decision);
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
      direction_case(p, *which, decision);
      return decision;
    }
    Truth truth = Truth::no;
    std::uint32_t index = 0;
    if (p.change_banded) {
      const Wide x = static_cast<Wide>(p.sign * (a - before)) * p.change_multiplier;  // |a|, |before| < 2^62
      const Wide base = p.change_relative ? static_cast<Wide>(before < 0 ? -before : before) : Wide{1};
      const bool zero = p.change_relative && before == 0;
      truth = change_search(change_bands.data() + p.change_band_first, p.direction_count, x, base, zero,
                            decision.status, index);
    } else {
      for (; index < p.direction_count; ++index) {
        truth = run(rules[p.direction_first + index], a, before, decision.status, p.sign);
        if (truth != Truth::no) break;
      }
    }
    finish_direction(p, truth, index, decision);
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
    plan_index = s.plan_for(facts);
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
      if (row_flags != kGenericRow && compact_row(plan, row_flags, actual, previous)) {
        row_flags |= kCompactRow;
        ++s.compact_rows;
      }
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
  s.compact_rows = 0;
}

std::size_t DecisionBatch::size() const { return state_->flags.size(); }
std::size_t DecisionBatch::fast_rows() const { return state_->fast; }
std::size_t DecisionBatch::compact_rows() const { return state_->compact_rows; }
const Observation& DecisionBatch::observation(std::size_t row) const { return *state_->source.at(row); }

void DecisionBatch::decide(std::vector<Decision>& decisions) const {
  const State& s = *state_;
  const std::size_t rows = s.flags.size();
  decisions.resize(rows);
  // Plain pointers: the stores to `out` cannot then make the loop reload the columns.
  Decision* const out = decisions.data();
  const std::uint8_t* const flags = s.flags.data();
  const std::uint32_t* const plan = s.plan.data();
  const std::int64_t* const actual = s.actual.data();
  const std::int64_t* const previous = s.previous.data();
  const CompactPlan* const compact = s.compact.data();
  const Decision* const table = s.compact_decisions.table.data();
  for (std::size_t row = 0; row < rows; ++row) {
    if ((flags[row] & kCompactRow) != 0) [[likely]] {
      out[row] = decide_compact(compact[plan[row]], flags[row], actual[row], previous[row], table);
    } else if ((flags[row] & kGenericRow) != 0) [[unlikely]] {
      out[row] = to_decision(decide_outcome(s.program, *s.source[row]));
    } else {
      out[row] = s.decide_row(row);
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
