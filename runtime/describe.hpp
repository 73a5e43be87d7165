// Plain-English words for the compiled rules: conditions decompiled from their postfix
// instructions, special outcomes, measures, targets and tolerances. Used by `statuskey doc`
// (and open to `explain`), so that what people read is derived from what is evaluated.
// Every function returns plain text; the caller escapes it for its output format.
#pragma once

#include <string>

#include "runtime/program.hpp"

namespace runtime {

// The condition of one rule of `rules` in words, e.g. `gap in [-10%, -5%)` is "from 10%
// worse than target (included) to 5% worse than target (not included)"; `otherwise` is
// "any other value" in a scheme and "any other change" in a direction block. Throws
// std::logic_error when the instructions are malformed (an engine bug).
[[nodiscard]] std::string describe_rule(const RuleSet& rules, const Rule& rule, bool is_direction);

// The situation a special outcome names: "no actual reported", "no target (tracking only)".
[[nodiscard]] std::string describe_special(Special special);

// What `gap` or `change` is: "the gap to target, as a share of the target, + means better
// by the indicator's polarity".
[[nodiscard]] std::string describe_measure(Quantity quantity, MeasureKind kind);

// "higher is better", "lower is better", "no polarity".
[[nodiscard]] std::string describe_polarity(Polarity polarity);

// A declared target as a council prints it: "80%", "95% to 97%", "< 10%", "1688",
// "no target (tracking only)", "target under review", "baseline year (no target yet)".
// Numbers keep the digits they were written with.
[[nodiscard]] std::string describe_target_setting(const Target& target, bool percent);
// Where a target derived from an annual one came from: "pro rata: 3/4 of the 2013-14
// annual target 6755", "the 2013-14 annual target, in full".
[[nodiscard]] std::string annual_share_words(const AnnualShare& share, bool percent);

// A tolerance: "5% of target", "2 percentage points", "15% to 35%"; "none" for none.
[[nodiscard]] std::string describe_tolerance_setting(const Tolerance& tolerance, bool percent);

// A fraction as a percentage: 0.05 is "5%", -0.025 is "-2.5%".
[[nodiscard]] std::string fraction_as_percent(Decimal fraction);

}  // namespace runtime
