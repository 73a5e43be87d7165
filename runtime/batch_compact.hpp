// The compact form of the common plan shape (status rules that are bands of the actual,
// direction rules that are bands of the change, or no direction block), for the batch's
// inner loop: one cache line per plan, and a row decided with no loop and no search.
// Private to the runtime library, like batch_plan.hpp.
//
// The status bands cut the line of actuals into at most four regions, the change bands
// the line of changes into at most three; with "no actual" as a fifth status region and
// "no previous value" as a fourth change region, every row in one pair of regions gets the
// same Decision, worked out once per plan by the steps decide_row() takes (band_search,
// change_search, finish_status, direction_case, finish_direction). A row finds its
// regions by counting the cuts it reaches, on 64-bit integers: a plan's compact_limit
// bounds the values it takes so that no product overflows. Other rows (a changed measure,
// a relative change on a zero previous value, larger values) are decided by decide_row().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/batch_plan.hpp"

namespace runtime::batch {

struct alignas(64) CompactPlan {
  static constexpr std::size_t kStatusCuts = 3;
  static constexpr std::size_t kChangeCuts = 2;
  static constexpr unsigned kNoActual = kStatusCuts + 1;    // the status region of a row with no actual
  static constexpr unsigned kNoPrevious = kChangeCuts + 1;  // the change region of a row with no previous value
  static constexpr std::size_t kChangeRegions = kNoPrevious + 1;

  // The actual's region is how many of these it reaches (a >= cut); ascending, the last one
  // repeated when there are fewer.
  std::array<std::int64_t, kStatusCuts> status_cuts{};
  // The change's region is how many of x - cut x base >= step hold, with x = (a - p) x
  // multiplier (s(actual - previous) x the plan's change multiplier) and base |p|
  // (relative) or 1; ascending in (cut, step), the last one repeated when there are fewer.
  std::array<std::int32_t, kChangeCuts> change_cuts{};
  std::int32_t multiplier = 0;
  std::uint32_t first_decision = 0;  // of the plan's decisions in CompactDecisions::table
  std::array<std::uint8_t, kChangeCuts> change_steps{};
  bool relative = false;
  // [status region x kChangeRegions + change region]: the row's decision, from first_decision.
  std::array<std::uint8_t, (kNoActual + 1) * kChangeRegions> regions{};
};
static_assert(sizeof(CompactPlan) == 64);

// The decisions of every compact plan, one list per distinct list (plans of one scheme
// and direction block mostly share theirs), so that the table stays small; and the
// regions of each shape of plan, so that most plans find theirs without working them out.
struct CompactDecisions {
  // Looked up by a view of the list's bytes: only a new list is copied into a key.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>{}(bytes); }
  };
  struct Shape {
    decltype(CompactPlan::regions) regions;
    std::uint32_t first_decision;
  };
  std::vector<Decision> table;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> first_by_list;  // the list's bytes -> its first
  // The regions and decisions of each plan shape met so far, by the shape's bytes (see
  // describe_shape in batch_compact.cpp); `shape` is room to write one in.
  std::unordered_map<std::string, Shape, Hash, std::equal_to<>> by_shape;
  std::string shape;
};

// The compact form of `plan` (compact_limit set), its decisions added to `decisions`;
// empty when the plan does not have the shape.
[[nodiscard]] std::optional<CompactPlan> build_compact(Plan& plan, const std::vector<Band>& bands,
                                                       const std::vector<ChangeBand>& change_bands,
                                                       CompactDecisions& decisions);

// Whether a row of `plan` with these flags and values is decided on the compact form: no
// changed measure, no relative change on a zero previous value, values within the limit
// (an actual or previous value the row lacks is 0).
inline bool compact_row(const Plan& plan, std::uint8_t row_flags, std::int64_t actual, std::int64_t previous) {
  return (row_flags & kMeasureChanged) == 0 && actual <= plan.compact_limit && actual >= -plan.compact_limit &&
         previous <= plan.compact_limit && previous >= -plan.compact_limit &&
         !(plan.change_relative && (row_flags & kHasPrevious) != 0 && previous == 0);
}

// A compact row's decision: a few comparisons counted, one table look-up.
inline const Decision& decide_compact(const CompactPlan& plan, std::uint8_t row_flags, std::int64_t actual,
                                      std::int64_t previous, const Decision* table) {
  unsigned status = static_cast<unsigned>(actual >= plan.status_cuts[0]) +
                    static_cast<unsigned>(actual >= plan.status_cuts[1]) +
                    static_cast<unsigned>(actual >= plan.status_cuts[2]);
  const std::int64_t x = (actual - previous) * plan.multiplier;
  const std::int64_t base = plan.relative ? (previous < 0 ? -previous : previous) : 1;
  unsigned change = static_cast<unsigned>(x - plan.change_cuts[0] * base >= plan.change_steps[0]) +
                    static_cast<unsigned>(x - plan.change_cuts[1] * base >= plan.change_steps[1]);
  // Masks rather than ?: so that the compiler keeps the counts out of branches.
  const unsigned no_actual = 0U - static_cast<unsigned>((row_flags & kHasActual) == 0);
  const unsigned no_previous = 0U - static_cast<unsigned>((row_flags & kHasPrevious) == 0);
  status = (status & ~no_actual) | (CompactPlan::kNoActual & no_actual);
  change = (change & ~no_previous) | (CompactPlan::kNoPrevious & no_previous);
  return table[plan.first_decision + plan.regions[status * CompactPlan::kChangeRegions + change]];
}

}  // namespace runtime::batch
