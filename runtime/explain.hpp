// Explanations an auditor can read aloud: the inputs, the measure with its arithmetic,
// the rule that decided (and the ones before it that did not), the direction of travel,
// any override, and the rule file and line.
#pragma once

#include <string>
#include <vector>

#include "runtime/evaluate.hpp"

namespace runtime {

struct ExplanationLine {
  std::string topic;  // "inputs", "measure", "status", "not applied", "direction", "override", "error"
  std::string text;
};

struct Explanation {
  std::string heading;  // "calls_20s 2013-14 Q2: Percentage of calls ... (data line 31)"
  std::vector<ExplanationLine> lines;
};

// `observation` and `outcome` are empty for error rows.
[[nodiscard]] Explanation explain_row(const Program& program, const RowResult& row,
                                      const std::optional<Observation>& observation,
                                      const std::optional<Outcome>& outcome);

// The signed share numerator / |base| as a percentage rounded to 2 places ("-41.25%"), or
// empty when base is zero. For display only: no status is ever decided by division.
[[nodiscard]] std::string signed_share(Decimal numerator, Decimal base);

}  // namespace runtime
