// The points where a rule set's conditions can change truth, for one indicator's target
// (schemes: values of the actual) or one previous value (direction blocks). Between two
// consecutive points every condition is constant, so evaluating each point and one value
// in each open interval between them decides coverage exactly.
#pragma once

#include <vector>

#include "runtime/evaluate.hpp"

namespace runtime {

// Values of the actual at which some comparison of `rules` flips, for the target,
// polarity, tolerance and previous value in `facts`; sorted and without repeats.
[[nodiscard]] std::vector<Decimal> critical_actuals(const RuleSet& rules, const Observation& facts);

// Each critical point, the midpoint of each pair of neighbours, and one value beyond each
// end (or a few values around zero when there are no points).
[[nodiscard]] std::vector<Decimal> sample_actuals(const std::vector<Decimal>& critical);

}  // namespace runtime
