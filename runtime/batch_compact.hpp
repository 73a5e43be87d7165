// The compact form of the common plan shape (status rules that are bands of the actual,
// direction rules that are bands of the change, or no direction block), for the batch's
// inner loop: one cache line per plan, and a row decided with no loop and no branch.
// Private to the runtime library, like batch_plan.hpp.
//
// The status bands cut the line of actuals into at most four regions, the change bands
// the line of changes into at most three; every row in one pair of regions gets the same
// Decision, worked out once per plan by the steps decide_row() takes (band_search,
// change_search, finish_status, finish_direction). A row finds its region by counting the
// cuts it reaches, on 64-bit integers: a plan's compact_limit bounds the rows it takes so
// that no product overflows. Other rows are decided by decide_row().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/batch_plan.hpp"

namespace runtime::batch {

struct alignas(64) CompactPlan {
  static constexpr std::size_t kStatusCuts = 3;
  static constexpr std::size_t kChangeCuts = 2;
  static constexpr std::size_t kChangeRegions = 4;  // a row of `regions` (3 used, a power of two)

  // The actual's region is how many of these it reaches (a >= cut); ascending, the last one
  // repeated when there are fewer.
  std::array<std::int64_t, kStatusCuts> status_cuts{};
  // x = (a - p) x multiplier is s(actual - previous) x the plan's change multiplier.
  std::int64_t multiplier = 0;
  // The change's region is how many of x - cut x base >= step hold, base being |p|
  // (relative) or 1; ascending in (cut, step), the last one repeated when there are fewer.
  std::array<std::int32_t, kChangeCuts> change_cuts{};
  std::array<std::uint8_t, kChangeCuts> change_steps{};
  bool relative = false;
  std::uint32_t first_decision = 0;  // of the plan's decisions in CompactDecisions::table
  // [status region x kChangeRegions + change region]: the row's decision, from first_decision.
  std::array<std::uint8_t, (kStatusCuts + 1) * kChangeRegions> regions{};
};
static_assert(sizeof(CompactPlan) == 64);

// The decisions of every compact plan, one list per distinct list (plans of one scheme
// and direction block mostly share theirs), so that the table stays small.
struct CompactDecisions {
  std::vector<Decision> table;
  std::unordered_map<std::string, std::uint32_t> first_by_list;  // the list's bytes -> its first
};

// The compact form of `plan` (compact_limit set), its decisions added to `decisions`;
// empty when the plan does not have the shape.
[[nodiscard]] std::optional<CompactPlan> build_compact(Plan& plan, const std::vector<Band>& bands,
                                                       const std::vector<ChangeBand>& change_bands,
                                                       CompactDecisions& decisions);

// Whether a row of `plan` with these flags and values is decided on the compact form: it
// has an actual (and a previous value, when there is a direction block), no changed
// measure, no relative change on a zero previous value, and values within the limit.
inline bool compact_row(const Plan& plan, std::uint8_t row_flags, std::int64_t actual, std::int64_t previous) {
  const std::uint8_t needed = plan.direction != nullptr ? kHasActual | kHasPrevious : kHasActual;
  const std::uint8_t seen = kHasActual | kMeasureChanged | (plan.direction != nullptr ? kHasPrevious : 0);
  return (row_flags & seen) == needed && actual <= plan.compact_limit && actual >= -plan.compact_limit &&
         previous <= plan.compact_limit && previous >= -plan.compact_limit && !(plan.change_relative && previous == 0);
}

// A compact row's decision: a few comparisons counted, one table look-up.
inline const Decision& decide_compact(const CompactPlan& plan, std::int64_t actual, std::int64_t previous,
                                      const Decision* table) {
  const unsigned status = static_cast<unsigned>(actual >= plan.status_cuts[0]) +
                          static_cast<unsigned>(actual >= plan.status_cuts[1]) +
                          static_cast<unsigned>(actual >= plan.status_cuts[2]);
  const std::int64_t x = (actual - previous) * plan.multiplier;
  const std::int64_t base = plan.relative ? (previous < 0 ? -previous : previous) : 1;
  const unsigned change = static_cast<unsigned>(x - plan.change_cuts[0] * base >= plan.change_steps[0]) +
                          static_cast<unsigned>(x - plan.change_cuts[1] * base >= plan.change_steps[1]);
  return table[plan.first_decision + plan.regions[status * CompactPlan::kChangeRegions + change]];
}

}  // namespace runtime::batch
