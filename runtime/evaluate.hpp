// The runtime stage's entry point: a compiled program applied to a data table gives one
// result per input row, in input order. Bad rows become error rows; none vanish.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/data.hpp"
#include "runtime/program.hpp"

namespace runtime {

struct RowResult {
  std::size_t line = 0;  // line of the row in the data file
  std::string indicator;
  std::string period;
  std::string section;
  std::string actual;  // decoded value as text ("76%"), or the cell as written on error rows
  std::string target;
  std::string status;  // final status (after any override)
  std::string symbol;
  std::string colour;
  std::string direction;
  std::string computed_status;     // what the rules gave, before any override
  std::string computed_direction;  // likewise for the direction of travel
  std::string override_reason;
  std::string explanation;
  std::string rule;            // FILE:LINE of the rule that decided the status
  std::string direction_rule;  // FILE:LINE of the rule that decided the direction
  std::string error;           // non-empty: an error row, with the reason
  std::size_t error_field = 0;  // error rows: 1-based column of the cell at fault; 0: the row
  // Overrides applied (status and direction: up to 2), as Results::overrides counts them,
  // also when the row then became an error row: a writer of rows counts them from this.
  std::size_t overrides = 0;
};

// The facts of one evaluation, shared by `eval`, `test` and (later) `explain`.
struct Observation {
  std::string indicator;
  std::optional<Period> period;
  std::optional<Decimal> actual;
  std::optional<Decimal> previous;
  std::optional<Target> target;
  const ResolvedBands* resolved = nullptr;  // thresholds for `target`, when pre-resolved
  std::optional<Polarity> polarity;
  Tolerance tolerance;
  std::optional<Decimal> floor;
  std::optional<ExpectedRange> expected;
  std::optional<Decimal> unrounded_actual;
  std::optional<Decimal> last_year;  // the same indicator's actual for the same period a year before
  std::vector<std::pair<std::uint16_t, Decimal>> benchmarks;  // name index -> value, for the period
  std::optional<Decimal> row_benchmark;  // the row's `benchmark` cell: any benchmark not declared
  std::optional<std::array<Decimal, 3>> quartiles;  // the actual as given, when `precision` rounded it
  std::optional<std::uint32_t> scheme;
  std::optional<std::uint32_t> direction;
  // A `manual` indicator's row: the status and reason a person gave (status and reason
  // columns); no scheme decides it.
  const Indicator* manual = nullptr;
  std::string manual_status;
  std::string manual_reason;
  bool percent = false;  // values are percentages (for display)
  bool target_declared = false;   // the target came from the rule file, not the row
  bool previous_derived = false;  // previous came from the previous period's row
  bool measure_changed = false;
};

struct Outcome {
  std::optional<std::uint16_t> status;  // index in the scheme's key
  std::optional<std::uint16_t> direction;  // index in the direction block's key
  SourceRef status_source;
  SourceRef direction_source;
  // What decided: a special outcome or the index of a rule in the block (one of the two).
  std::optional<Special> status_special;
  std::optional<std::size_t> status_rule;
  // The special case the row fell under before any rule ran (no actual, under review...),
  // also when `cannot evaluate` stood in for it; empty when the rules were tried.
  std::optional<Special> status_case;
  std::string status_reason;  // why `cannot evaluate` applied
  std::optional<std::uint32_t> direction_block;
  std::optional<Special> direction_special;
  std::optional<std::size_t> direction_rule;
  std::string direction_reason;  // why there is no direction, or `cannot evaluate` applied
  bool manual = false;  // the status was set by a person (a `manual` indicator)
  std::string explanation;
  std::string error;  // non-empty: the rules could not give a status (reason)
};

// Whether each rule's condition holds for one observation (empty: it cannot be
// evaluated), ignoring rule order. `status` is the row's status for direction blocks;
// `resolved` the scheme's pre-resolved thresholds for the observation's target, or null.
[[nodiscard]] std::vector<std::optional<bool>> rule_truths(const RuleSet& rules, const Observation& facts,
                                                           std::string_view status, const ResolvedBands* resolved);

// Sets the observation's floor and expected range from the indicator's declarations for
// the observation's period.
void attach_references(const Indicator& indicator, Observation& facts);

// Rounds the observation's actual and previous value to the indicator's declared
// `precision`, if any, keeping the actual as given in `unrounded_actual`.
void apply_precision(const Indicator& indicator, Observation& facts);

// Applies the scheme and the direction block to one observation: the decision and its
// explanation.
[[nodiscard]] Outcome decide(const Program& program, const Observation& observation);
// The key an observation's status belongs to: its manual key, else its scheme's key
// (the observation must have one of the two).
[[nodiscard]] const Key& status_key(const Program& program, const Observation& observation);
// A status of the key by its label or an alias, or null.
[[nodiscard]] const Status* find_status(const Key& key, std::string_view label);
// The decision alone (Outcome::explanation left empty): what decide() gives, without text.
[[nodiscard]] Outcome decide_outcome(const Program& program, const Observation& observation);
// The explanation of a decision taken for this observation (empty for an error outcome):
// what decide() puts in Outcome::explanation.
[[nodiscard]] std::string explanation(const Program& program, const Observation& observation, const Outcome& outcome);
// The same, appended to `out`.
void append_explanation(std::string& out, const Program& program, const Observation& observation,
                        const Outcome& outcome);
// The special case a scheme applies before its rules (no actual, under review, baseline,
// no target, measure changed), in that order, or none.
[[nodiscard]] std::optional<Special> status_case(const RuleSet& scheme, const Observation& observation);
// The special case of a direction block: no actual, measure changed, no previous.
[[nodiscard]] std::optional<Special> direction_case(const Observation& observation, bool has_previous);

struct Results {
  std::vector<RowResult> rows;
  // Filled by evaluate(..., keep_trace = true): the decoded facts and the decision of
  // every row that was not an error row (same positions as `rows`; empty otherwise).
  std::vector<std::optional<Observation>> observations;
  std::vector<std::optional<Outcome>> outcomes;
  std::size_t error_rows = 0;
  std::size_t overrides = 0;
  std::map<std::string, std::size_t> status_counts;
};

[[nodiscard]] Results evaluate(const Program& program, const DataTable& table, bool keep_trace = false);
class DecisionBatch;
// The same, deciding on `batch` (built for `program`), whose plans are kept for the next
// call: a caller evaluating many windows of one file reuses one batch per thread.
[[nodiscard]] Results evaluate(const Program& program, const DataTable& table, bool keep_trace, DecisionBatch& batch);
// Rows one at a time: `each` is called with every row's result, in input order, instead
// of keeping it in Results::rows (which stays empty); the result it is given is reused
// for the next row. For writing large files without holding every row.
using RowCallback = std::function<void(const RowResult&)>;
[[nodiscard]] Results evaluate(const Program& program, const DataTable& table, DecisionBatch& batch,
                               const RowCallback& each);
// Rows written straight to CSV: each record from `from` on whose row needs nothing but
// its decision (no error row, no override, no status set by hand) is appended to `out`
// as append_csv_row would write its result, without a RowResult, and `each` is not
// called for it; `each` is called for every other row, in input order, so that a caller
// appending those rows to `out` too writes every row in order.
struct OutputInfo;
struct CsvDirect {
  std::string* out = nullptr;
  const OutputInfo* info = nullptr;
  std::size_t from = 0;
};
[[nodiscard]] Results evaluate(const Program& program, const DataTable& table, DecisionBatch& batch,
                               const RowCallback& each, const CsvDirect& direct);

// "94.94% is 1.1% (1.06 points) worse than the 96% target, tolerance 5% of target (down
// to 91.2%)": the actual against the target in words, or empty without both.
[[nodiscard]] std::string describe_against_target(const Observation& facts);

// "76%", "1688", "-0.5": a decimal as a person writes it.
[[nodiscard]] std::string display(Decimal value, bool percent);
// The same, appended to `out`.
void append_display(std::string& out, Decimal value, bool percent);

// "80%", "95% to 97%", ">=95%", "under review": a target as explanations and results show it.
[[nodiscard]] std::string target_text(const Target& target, bool percent);
void append_target(std::string& out, const Target& target, bool percent);

// "8.17%": |part| as a percentage of |whole| (not zero), as explanations show it: exact
// when it has at most 6 places, else rounded half away from zero to 2.
[[nodiscard]] std::string share_text(Decimal part, Decimal whole);
// The same by exact division and display() (share_text's shortcut is checked against it).
[[nodiscard]] std::string share_text_in_full(Decimal part, Decimal whole);

}  // namespace runtime
