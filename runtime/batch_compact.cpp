// Building the compact form of a plan (see batch_compact.hpp): its cuts, its limit, and
// the decision of every pair of regions, worked out on a representative row of each.
#include "runtime/batch_compact.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

namespace runtime::batch {
namespace {

// A bound on the change: x >= cut x base + step.
using ChangeCut = std::pair<std::int64_t, std::uint8_t>;

// The base the representative changes are drawn against. At 2 (not 1), distinct cuts are
// distinct values, so each region has a change of its own.
constexpr std::int64_t kRepresentativeBase = 2;

template <typename T>
void sort_unique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

// A value in each region the ascending `cuts` draw: below the first, then on each cut.
std::vector<std::int64_t> status_representatives(const std::vector<std::int64_t>& cuts) {
  if (cuts.empty()) return {0};
  std::vector<std::int64_t> values{cuts.front() - 1};
  values.insert(values.end(), cuts.begin(), cuts.end());
  return values;
}

std::vector<Wide> change_representatives(const std::vector<ChangeCut>& cuts) {
  const auto at = [](const ChangeCut& cut) { return static_cast<Wide>(cut.first) * kRepresentativeBase + cut.second; };
  if (cuts.empty()) return {0};
  std::vector<Wide> values{at(cuts.front()) - 1};
  for (const ChangeCut& cut : cuts) values.push_back(at(cut));
  return values;
}

// The Decision decide_row() gives a row of `plan` with no changed measure, whose actual
// is `actual` (none: no actual) and whose change is `change` against base 2 (none: no
// previous value).
Decision decide_representative(const Plan& plan, const std::vector<Band>& bands,
                               const std::vector<ChangeBand>& change_bands, std::optional<std::int64_t> actual,
                               std::optional<Wide> change) {
  Decision decision;
  if (!actual) {
    apply_fixed(plan.no_actual, decision);
  } else if (plan.target_case) {
    apply_fixed(*plan.target_case, decision);
  } else {
    std::uint32_t index = 0;
    const Truth truth = band_search(bands.data() + plan.band_first, plan.status_count, *actual, index);
    finish_status(plan, truth, index, decision);
  }
  if ((decision.flags & Decision::kError) != 0 || plan.direction == nullptr) return decision;
  decision.flags |= Decision::kHasDirection;
  if (!actual || !change) {
    direction_case(plan, !actual ? 0 : 2, decision);
    return decision;
  }
  std::uint32_t index = 0;
  const Truth truth = change_search(change_bands.data() + plan.change_band_first, plan.direction_count, *change,
                                    kRepresentativeBase, false, decision.status, index);
  finish_direction(plan, truth, index, decision);
  return decision;
}

}  // namespace

std::optional<CompactPlan> build_compact(Plan& plan, const std::vector<Band>& bands,
                                         const std::vector<ChangeBand>& change_bands, CompactDecisions& decisions) {
  if (plan.generic || (!plan.target_case && !plan.banded) || (plan.direction != nullptr && !plan.change_banded)) {
    return std::nullopt;
  }
  CompactPlan compact;
  // Status: a band [low, high] is cut at low and high + 1 (an empty one nowhere).
  std::vector<std::int64_t> status_cuts;
  if (!plan.target_case) {
    for (std::uint32_t i = 0; i < plan.status_count; ++i) {
      const Band& band = bands[plan.band_first + i];
      if (band.low > band.high) continue;
      if (band.low != Band::kLowest) status_cuts.push_back(band.low);
      if (band.high != Band::kHighest) status_cuts.push_back(band.high + 1);
    }
  }
  sort_unique(status_cuts);
  if (status_cuts.size() > CompactPlan::kStatusCuts) return std::nullopt;
  for (std::size_t i = 0; i < CompactPlan::kStatusCuts; ++i) {
    compact.status_cuts[i] = status_cuts.empty() ? Band::kHighest : status_cuts[std::min(i, status_cuts.size() - 1)];
  }
  // Change: x > k x base is x >= k x base + 1, x <= k x base is not x >= k x base + 1.
  std::vector<ChangeCut> change_cuts;
  std::int64_t largest_cut = 0;
  if (plan.direction != nullptr) {
    for (std::uint32_t i = 0; i < plan.direction_count; ++i) {
      const ChangeBand& band = change_bands[plan.change_band_first + i];
      if (band.empty) continue;
      if (band.has_low) change_cuts.emplace_back(band.low, band.low_strict ? 1 : 0);
      if (band.has_high) change_cuts.emplace_back(band.high, band.high_strict ? 0 : 1);
    }
  }
  sort_unique(change_cuts);
  if (change_cuts.size() > CompactPlan::kChangeCuts) return std::nullopt;
  for (const ChangeCut& cut : change_cuts) {
    if (cut.first > std::numeric_limits<std::int32_t>::max() || cut.first < -std::numeric_limits<std::int32_t>::max()) {
      return std::nullopt;
    }
    largest_cut = std::max(largest_cut, cut.first < 0 ? -cut.first : cut.first);
  }
  for (std::size_t i = 0; i < CompactPlan::kChangeCuts; ++i) {
    if (change_cuts.empty()) break;
    const ChangeCut& cut = change_cuts[std::min(i, change_cuts.size() - 1)];
    compact.change_cuts[i] = static_cast<std::int32_t>(cut.first);
    compact.change_steps[i] = cut.second;
  }
  if (plan.direction != nullptr && plan.change_multiplier > std::numeric_limits<std::int32_t>::max())
    return std::nullopt;
  compact.relative = plan.direction != nullptr && plan.change_relative;
  compact.multiplier = plan.direction != nullptr ? static_cast<std::int32_t>(plan.sign * plan.change_multiplier) : 0;
  // |x - cut x base| <= limit x (2|multiplier| + |cut|) < 2^62 when |actual|, |previous| <= limit.
  const Wide magnitude =
      static_cast<Wide>(plan.change_multiplier) * 2 * (plan.direction != nullptr ? 1 : 0) + largest_cut + 1;
  plan.compact_limit = static_cast<std::int64_t>(std::min<Wide>(static_cast<Wide>(kSmall) / magnitude, kSmall - 1));
  // The decision of each pair of regions; a count past the last cut is the last region.
  const std::vector<std::int64_t> actuals = status_representatives(status_cuts);
  const std::vector<Wide> changes = change_representatives(change_cuts);
  std::vector<Decision> list;
  for (unsigned status = 0; status <= CompactPlan::kNoActual; ++status) {
    for (unsigned change = 0; change <= CompactPlan::kNoPrevious; ++change) {
      std::optional<std::int64_t> actual;
      std::optional<Wide> changed;
      if (status != CompactPlan::kNoActual) actual = actuals[std::min<std::size_t>(status, actuals.size() - 1)];
      if (change != CompactPlan::kNoPrevious) changed = changes[std::min<std::size_t>(change, changes.size() - 1)];
      const Decision decision = decide_representative(plan, bands, change_bands, actual, changed);
      const auto found = std::find(list.begin(), list.end(), decision);
      compact.regions[status * CompactPlan::kChangeRegions + change] = static_cast<std::uint8_t>(found - list.begin());
      if (found == list.end()) list.push_back(decision);
    }
  }
  static_assert(std::has_unique_object_representations_v<Decision>, "equal decisions have equal bytes");
  std::string key(list.size() * sizeof(Decision), '\0');
  std::memcpy(key.data(), list.data(), key.size());
  const auto [found, added] =
      decisions.first_by_list.try_emplace(std::move(key), static_cast<std::uint32_t>(decisions.table.size()));
  if (added) decisions.table.insert(decisions.table.end(), list.begin(), list.end());
  compact.first_decision = found->second;
  return compact;
}

}  // namespace runtime::batch
