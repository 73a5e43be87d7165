// Building the compact form of a plan (see batch_compact.hpp): its cuts, its limit, and
// the decision of every pair of regions, worked out on a representative row of each.
#include "runtime/batch_compact.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace runtime::batch {
namespace {

// A bound on the change: x >= cut x base + step.
using ChangeCut = std::pair<std::int64_t, std::uint8_t>;

// The base the representative changes are drawn against. At 2 (not 1), distinct cuts are
// distinct values, so each region has a change of its own.
constexpr std::int64_t kRepresentativeBase = 2;

// Up to N distinct values, ascending, in place: a plan is built for every indicator of a
// batch, and its few cuts need no heap.
template <typename T, std::size_t N>
class SmallSet {
 public:
  // False when `value` is new and the set already holds N values (the set is unchanged).
  bool insert(const T& value) {
    T* const end = values_.data() + size_;
    T* const at = std::lower_bound(values_.data(), end, value);
    if (at != end && *at == value) return true;
    if (size_ == N) return false;
    std::move_backward(at, end, end + 1);
    *at = value;
    ++size_;
    return true;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return values_[i]; }
  [[nodiscard]] const T* begin() const { return values_.data(); }
  [[nodiscard]] const T* end() const { return values_.data() + size_; }

 private:
  std::array<T, N> values_{};
  std::size_t size_ = 0;
};

using StatusCuts = SmallSet<std::int64_t, CompactPlan::kStatusCuts>;
using ChangeCuts = SmallSet<ChangeCut, CompactPlan::kChangeCuts>;

// A value in each region the ascending `cuts` draw: below the first, then on each cut
// (index past the last: the last region).
std::int64_t status_representative(const StatusCuts& cuts, std::size_t region) {
  if (cuts.empty()) return 0;
  return region == 0 ? cuts[0] - 1 : cuts[std::min(region, cuts.size()) - 1];
}

Wide change_representative(const ChangeCuts& cuts, std::size_t region) {
  const auto at = [](const ChangeCut& cut) { return static_cast<Wide>(cut.first) * kRepresentativeBase + cut.second; };
  if (cuts.empty()) return 0;
  return region == 0 ? at(cuts[0]) - 1 : at(cuts[std::min(region, cuts.size()) - 1]);
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

// Appends a number, flag or pointer to a shape (describe_shape).
template <typename T>
void append(std::string& shape, T value) {
  static_assert(std::is_scalar_v<T>);
  shape.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void append(std::string& shape, const Fixed& fixed) {
  append(shape, fixed.status);
  append(shape, fixed.special);
  append(shape, fixed.status_case);
  append(shape, fixed.error);
  append(shape, fixed.needs_reason);
}

template <typename T>
void append(std::string& shape, const std::optional<T>& value) {
  append(shape, value.has_value());
  if (value) append(shape, *value);
}

// The region from which a row reaches `cut`, one of the plan's cuts: a row of region r
// sits on cut r - 1 (region 0: below the first), so it reaches cut k from region k + 1.
template <typename T, std::size_t N>
std::uint8_t region_from(const SmallSet<T, N>& cuts, const T& cut) {
  return static_cast<std::uint8_t>(1 + (std::lower_bound(cuts.begin(), cuts.end(), cut) - cuts.begin()));
}

constexpr std::uint8_t kUnbounded = 0xFF;

// What the decisions of a plan's regions depend on, as bytes: its special outcomes, its
// scheme and direction block (whose rules give the outcomes), and its bands with each
// bound replaced by the region from which a row reaches it. decide_representative() takes
// the same steps on the representative rows of any two plans of one shape (a row holds a
// band exactly when its region lies within the band's), so they have the same regions and
// decisions: plans of one scheme, direction block and polarity mostly differ only in the
// values of their cuts.
void describe_shape(const Plan& plan, const std::vector<Band>& bands, const std::vector<ChangeBand>& change_bands,
                    const StatusCuts& status_cuts, const ChangeCuts& change_cuts, std::string& shape) {
  shape.clear();
  append(shape, plan.scheme);
  append(shape, plan.direction);
  append(shape, plan.no_actual);
  append(shape, plan.target_case);
  append(shape, plan.status_fallback);
  append(shape, status_cuts.size());
  append(shape, change_cuts.size());
  if (!plan.target_case) {
    append(shape, plan.status_count);
    for (std::uint32_t i = 0; i < plan.status_count; ++i) {
      const Band& band = bands[plan.band_first + i];
      const bool empty = band.low > band.high;
      append(shape, empty);
      if (empty) continue;  // never holds
      append(shape, band.unknown);
      append(shape, band.low == Band::kLowest ? std::uint8_t{0} : region_from(status_cuts, band.low));
      append(shape, band.high == Band::kHighest ? kUnbounded : region_from(status_cuts, band.high + 1));
    }
  }
  if (plan.direction == nullptr) return;
  for (const std::optional<std::uint16_t>& which : plan.direction_cases) append(shape, which);
  append(shape, plan.direction_fallback);
  append(shape, plan.direction_count);
  for (std::uint32_t i = 0; i < plan.direction_count; ++i) {
    const ChangeBand& band = change_bands[plan.change_band_first + i];
    append(shape, band.unknown);
    append(shape, band.empty);
    if (band.empty) continue;  // its bounds are no cuts
    append(shape, band.statuses);
    append(shape, band.has_low ? region_from(change_cuts, ChangeCut{band.low, band.low_strict ? 1 : 0}) : kUnbounded);
    append(shape, band.has_high ? region_from(change_cuts, ChangeCut{band.high, band.high_strict ? 0 : 1}) : kUnbounded);
  }
}

}  // namespace

std::optional<CompactPlan> build_compact(Plan& plan, const std::vector<Band>& bands,
                                         const std::vector<ChangeBand>& change_bands, CompactDecisions& decisions) {
  if (plan.generic || (!plan.target_case && !plan.banded) || (plan.direction != nullptr && !plan.change_banded)) {
    return std::nullopt;
  }
  CompactPlan compact;
  // Status: a band [low, high] is cut at low and high + 1 (an empty one nowhere).
  StatusCuts status_cuts;
  if (!plan.target_case) {
    for (std::uint32_t i = 0; i < plan.status_count; ++i) {
      const Band& band = bands[plan.band_first + i];
      if (band.low > band.high) continue;
      if (band.low != Band::kLowest && !status_cuts.insert(band.low)) return std::nullopt;
      if (band.high != Band::kHighest && !status_cuts.insert(band.high + 1)) return std::nullopt;
    }
  }
  for (std::size_t i = 0; i < CompactPlan::kStatusCuts; ++i) {
    compact.status_cuts[i] = status_cuts.empty() ? Band::kHighest : status_cuts[std::min(i, status_cuts.size() - 1)];
  }
  // Change: x > k x base is x >= k x base + 1, x <= k x base is not x >= k x base + 1.
  ChangeCuts change_cuts;
  std::int64_t largest_cut = 0;
  if (plan.direction != nullptr) {
    for (std::uint32_t i = 0; i < plan.direction_count; ++i) {
      const ChangeBand& band = change_bands[plan.change_band_first + i];
      if (band.empty) continue;
      if (band.has_low && !change_cuts.insert(ChangeCut{band.low, band.low_strict ? 1 : 0})) return std::nullopt;
      if (band.has_high && !change_cuts.insert(ChangeCut{band.high, band.high_strict ? 0 : 1})) return std::nullopt;
    }
  }
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
  // Plans of a shape seen before share its regions and decisions.
  describe_shape(plan, bands, change_bands, status_cuts, change_cuts, decisions.shape);
  if (const auto known = decisions.by_shape.find(std::string_view(decisions.shape));
      known != decisions.by_shape.end()) {
    compact.regions = known->second.regions;
    compact.first_decision = known->second.first_decision;
    return compact;
  }
  // The decision of each pair of regions; a count past the last cut is the last region.
  std::array<Decision, std::tuple_size_v<decltype(CompactPlan::regions)>> list;
  std::size_t listed = 0;
  for (unsigned status = 0; status <= CompactPlan::kNoActual; ++status) {
    for (unsigned change = 0; change <= CompactPlan::kNoPrevious; ++change) {
      std::optional<std::int64_t> actual;
      std::optional<Wide> changed;
      if (status != CompactPlan::kNoActual) actual = status_representative(status_cuts, status);
      if (change != CompactPlan::kNoPrevious) changed = change_representative(change_cuts, change);
      const Decision decision = decide_representative(plan, bands, change_bands, actual, changed);
      const auto listed_end = list.cbegin() + static_cast<std::ptrdiff_t>(listed);
      const auto found = std::find(list.cbegin(), listed_end, decision);
      compact.regions[status * CompactPlan::kChangeRegions + change] = static_cast<std::uint8_t>(found - list.cbegin());
      if (found == listed_end) list[listed++] = decision;
    }
  }
  static_assert(std::has_unique_object_representations_v<Decision>, "equal decisions have equal bytes");
  const std::string_view key(reinterpret_cast<const char*>(list.data()), listed * sizeof(Decision));
  auto found = decisions.first_by_list.find(key);
  if (found == decisions.first_by_list.end()) {
    found = decisions.first_by_list.emplace(std::string(key), static_cast<std::uint32_t>(decisions.table.size())).first;
    decisions.table.insert(decisions.table.end(), list.data(), list.data() + listed);
  }
  compact.first_decision = found->second;
  decisions.by_shape.emplace(decisions.shape, CompactDecisions::Shape{compact.regions, compact.first_decision});
  return compact;
}

}  // namespace runtime::batch
