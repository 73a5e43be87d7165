// The compiled rule set: the runtime's own format, produced by the compiler and never
// containing syntax-tree types. Flat vectors indexed by position; conditions are
// postfix instruction sequences; every rule remembers the file and line it came from.
//
// Instruction set (postfix: operands are pushed before the operator that uses them)
//   code      pushes                       meaning
//   measure   quantity op threshold        oriented gap/change compared with threshold, by
//                                           cross-multiplication for relative measures
//   actual    test reference               actual meets/better than/worse than target or
//                                           the tolerance limit, by polarity
//   margin    benchmark threshold          |actual - benchmark| <= threshold (a share of the
//             relative_margin               benchmark when relative_margin)
//   quartile  arity                        the actual's quartile among the cut points, 1 best
//   polarity  polarity                     the row's polarity is this one
//   status    status_set                   the row's status label is one of a set
//   moved     move                         the raw value rose/fell/stayed the same
//   negate    -                            pops one, pushes its negation
//   all / any arity                        pops arity values, pushes their and / or
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/decimal.hpp"
#include "runtime/period.hpp"

namespace runtime {

enum class Polarity : std::uint8_t { higher, lower, none };

enum class Special : std::uint8_t {
  no_actual,
  no_target,
  no_previous,
  under_review,
  baseline,
  measure_changed,
  cannot_evaluate,
};
inline constexpr std::size_t kSpecialCount = 7;

enum class Quantity : std::uint8_t { gap, change };
enum class MeasureKind : std::uint8_t { relative, difference };
enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal };

// Whether `left OP right` holds: for exact decimals, and for the batch path's integers
// at one scale.
template <typename T>
[[nodiscard]] constexpr bool holds(const T& left, CompareOp op, const T& right) {
  switch (op) {
    case CompareOp::less:
      return left < right;
    case CompareOp::less_equal:
      return left <= right;
    case CompareOp::greater:
      return left > right;
    case CompareOp::greater_equal:
      return left >= right;
    case CompareOp::equal:
      return left == right;
  }
  return false;
}
// meets/better/worse follow polarity; below/above compare plainly (for expected ranges).
enum class ActualTest : std::uint8_t { meets, better_than, worse_than, below, above };
enum class Reference : std::uint8_t { target, tolerance, floor, expected, benchmark };
enum class ValueMove : std::uint8_t { rose, fell, unchanged };
enum class OpCode : std::uint8_t { measure, actual, margin, quartile, polarity, status, moved, negate, all, any };

struct SourceRef {
  std::uint32_t file = 0;  // index into Program::files
  std::uint32_t line = 0;
};

struct Status {
  std::string label;
  std::string colour;  // "#RRGGBB" or empty
  std::string symbol;
  std::string means;
  std::vector<std::string> aliases;
  SourceRef source;
};

struct Key {
  std::string name;
  std::string title;
  std::vector<Status> statuses;  // severity order as written
  SourceRef source;
};

struct Instruction {
  OpCode code = OpCode::measure;
  Quantity quantity = Quantity::gap;
  CompareOp compare = CompareOp::equal;
  // measure: relative thresholds are fractions (10% is 0.10); absolute ones are in the
  // indicator's unit (percentage points for percentages).
  Decimal threshold;
  ActualTest test = ActualTest::meets;
  Reference reference = Reference::target;
  Polarity polarity = Polarity::higher;
  ValueMove move = ValueMove::rose;
  std::uint32_t status_set = 0;  // index into RuleSet::status_sets
  std::uint16_t arity = 0;       // all/any: operands; quartile: the quartile (1 = best)
  std::uint16_t benchmark = 0;   // index into Program::benchmark_names
  bool relative_margin = false;
};

struct Rule {
  std::uint32_t first = 0;  // first instruction
  std::uint32_t count = 0;  // 0: `otherwise`
  std::uint16_t outcome = 0;  // status index in the rule set's key
  SourceRef source;
  std::string text;  // the condition as written, for explanations
};

struct SpecialOutcome {
  std::uint16_t outcome = 0;
  SourceRef source;
};

// A scheme (gives a status) or a direction block (gives a direction of travel).
struct RuleSet {
  std::string name;
  std::uint32_t key = 0;
  std::optional<MeasureKind> gap_measure;     // how `gap` is computed
  std::optional<MeasureKind> change_measure;  // how `change` is computed
  std::array<std::optional<SpecialOutcome>, kSpecialCount> specials;
  std::vector<Instruction> code;
  std::vector<Rule> rules;  // first match wins
  std::vector<std::vector<std::string>> status_sets;
  std::optional<std::uint32_t> direction;  // schemes: the direction block they use
  std::optional<Decimal> default_tolerance;  // fraction of target
  SourceRef tolerance_source;                // where the default tolerance is written
  bool first_match = false;     // declared `first match`: overlapping rules are intended
  bool uses_tolerance = false;  // some rule compares with the tolerance
  bool uses_floor = false;      // some rule compares with the floor
  bool uses_expected = false;   // some rule compares with the expected range
  bool uses_benchmark = false;  // some rule compares with a benchmark
  bool change_from_last_year = false;  // `change = ... same period last year`
  std::vector<std::string> benchmark_names;  // Program::benchmark_names, for messages
  bool needs_target = false;    // some rule compares with the target
  bool needs_polarity = false;  // some rule is polarity-aware
  SourceRef source;
};

// Where a quarter's or month's target came from when the rule file gives a financial
// year's target: `pro rata` (part/parts of the annual value) or `in full` (the annual
// target itself, compared in every period of the year).
struct AnnualShare {
  bool pro_rata = true;
  Period year;
  Decimal annual;             // the annual target's value (range low, bound) as written
  std::uint8_t part = 1;      // pro rata: this period's share is part/parts of the year
  std::uint8_t parts = 1;
  bool rounded = false;       // the share was rounded to the indicator's `precision`
};

struct Target {
  enum class Kind : std::uint8_t { value, range, bound, none, under_review, baseline };
  Kind kind = Kind::none;
  Decimal value;  // value, range low, bound
  Decimal high;   // range high
  bool bound_below = true;
  bool strict = false;
  std::optional<AnnualShare> annual;  // set when the target was derived from an annual one
};

// A value given for every period, and for some periods their own.
template <typename T>
struct PerPeriod {
  std::optional<T> all;
  std::vector<std::pair<Period, T>> periods;

  [[nodiscard]] bool empty() const { return !all && periods.empty(); }
  // The period's own value, else the value for every period, else null.
  [[nodiscard]] const T* find(const std::optional<Period>& period) const {
    if (period) {
      for (const auto& [when, value] : periods) {
        if (when == *period) return &value;
      }
    }
    return all ? &*all : nullptr;
  }
};

// An expected range for an activity indicator: below, within (ends included) or above.
struct ExpectedRange {
  Decimal low;
  Decimal high;
};

struct Tolerance {
  enum class Kind : std::uint8_t { none, relative, absolute, range };
  Kind kind = Kind::none;
  Decimal value;  // relative: fraction of target; absolute: in the unit; range: low end
  Decimal high;   // range: high end
};

// A `gap` comparison resolved for one indicator and one target: the actual itself is
// compared with an exact threshold, so evaluation needs no arithmetic at all.
//   relative: s(a - b) OP k|b|  <=>  a OP' b + s k |b|   (OP' = OP mirrored when s = -1)
//   difference: s(a - b) OP k  <=>  a OP' b + s k
// where b is the gap base of the target and s = +1 (higher is better) or -1 (lower).
struct ResolvedThreshold {
  bool valid = false;  // false: cannot be evaluated (reason says why)
  CompareOp op = CompareOp::equal;
  Decimal threshold;
  std::string reason;
};

// The scheme's gap thresholds for one target of one indicator, indexed like the
// scheme's instructions (entries for other instructions are unused).
struct ResolvedBands {
  std::vector<ResolvedThreshold> thresholds;
};

struct Indicator {
  std::string id;
  std::string title;
  std::string section;
  std::string owner;
  std::string unit;  // "percent", "count", "days", "money", ...
  std::string frequency;
  Polarity polarity = Polarity::none;
  bool polarity_declared = false;
  bool cumulative = false;
  std::uint32_t scheme = 0;
  std::optional<std::uint32_t> direction;  // overrides the scheme's direction block
  std::optional<Target> target;            // for periods without their own
  std::vector<std::pair<Period, Target>> period_targets;
  // Thresholds resolved at compile time: for `target` and for each period target, in
  // the same order (empty when the scheme has no gap measure or the polarity is unknown).
  std::optional<ResolvedBands> resolved_target;
  std::vector<ResolvedBands> resolved_period_targets;
  Tolerance tolerance;
  std::vector<Period> measure_changed;
  // Floor standard (a ceiling when lower is better): the level below which a result is
  // not acceptable even behind target.
  PerPeriod<Decimal> floor;
  PerPeriod<ExpectedRange> expected;
  // `precision N`: actual and previous values are rounded to N decimal places before any
  // comparison, as the report prints them.
  std::optional<int> precision;
  Rounding rounding = Rounding::half_up;
  std::vector<std::pair<std::uint16_t, PerPeriod<Decimal>>> benchmarks;  // name index -> values
  PerPeriod<std::array<Decimal, 3>> quartiles;  // lower quartile, median, upper quartile
  // `manual`: the status is set by a person in the data (status and reason columns), from
  // this key, instead of being computed by a scheme.
  std::optional<std::uint32_t> manual_key;
  SourceRef manual_source;
  // `lag N`: figures arrive N periods late, so a report is up to date with the period N
  // before its latest.
  std::uint32_t lag = 0;
  SourceRef source;
};

// The target value a gap is measured from: the value, a bound, or the end of a range
// that must be reached (low end when higher is better, high end when lower is better).
[[nodiscard]] Decimal gap_base(const Target& target, Polarity polarity);

// Resolves a scheme's gap comparisons against one target (declared or from a data row).
[[nodiscard]] ResolvedBands resolve_bands(const RuleSet& scheme, const Target& target, Polarity polarity);

struct TestCase {
  std::string indicator;
  std::string period;
  std::optional<Decimal> actual;
  std::optional<Decimal> previous;
  std::optional<Target> target;
  std::optional<Polarity> polarity;
  std::optional<std::string> status;  // a manual indicator's status and reason, as the data gives them
  std::optional<std::string> reason;
  std::optional<Decimal> last_year;  // what a data row would give: last year's figure, a tolerance,
  std::optional<Tolerance> tolerance;  // a floor and benchmark values (name index -> value)
  std::optional<Decimal> floor;
  std::vector<std::pair<std::uint16_t, Decimal>> benchmarks;
  bool percent = false;  // the case writes its figures as percentages (for an undeclared indicator)
  std::optional<std::string> expect_status;
  std::optional<std::string> expect_direction;
  SourceRef source;
};

struct TestBlock {
  std::string name;
  std::vector<TestCase> cases;
  SourceRef source;
};

// A council's own data headers: `columns { "Ref No." -> indicator ... }`.
struct ColumnMapping {
  std::vector<std::pair<std::string, std::string>> headers;  // header as written -> field name
  std::string period;  // the period of every row when the data has no period column ("" if none)
};

// escalate "Red" for 2 periods to "Directorate Management Team"
struct Escalation {
  std::string status;
  std::uint32_t periods = 1;
  std::string to;
  SourceRef source;
};

struct Program {
  std::string council;
  ColumnMapping columns;
  std::vector<std::string> benchmark_names;  // every benchmark named in the rule set
  std::vector<std::string> rollup_order;  // `rollup worst of (...)`: worst first; empty: no roll-up
  SourceRef rollup_source;
  struct RollupRule {  // rollup "Red" when 2 or more "Red": tried in order, before worst-of
    std::string status;
    std::uint32_t at_least = 1;
    std::string of;
    SourceRef source;
  };
  std::vector<RollupRule> rollup_rules;
  struct Theme {  // theme "..." { section "..." theme "..." }: levels above sections
    std::string name;
    std::vector<std::string> sections;
    SourceRef source;
    std::vector<std::uint32_t> themes;     // the themes one level down
    std::optional<std::uint32_t> parent;   // the theme one level up; none for a top theme
  };
  std::vector<Theme> themes;
  std::vector<Escalation> escalations;
  std::vector<std::string> files;  // paths, for SourceRef
  std::vector<Key> keys;
  std::vector<RuleSet> schemes;
  std::vector<RuleSet> directions;
  std::vector<Indicator> indicators;
  // Found by a view of a data cell too, without a copy of it.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> indicator_by_id;
  std::unordered_map<std::string, std::uint32_t> scheme_by_name;
  std::optional<std::uint32_t> default_scheme;
  std::vector<TestBlock> tests;
  std::string fingerprint;  // SHA-256 of the rule files' bytes, hex
};

[[nodiscard]] std::string_view polarity_name(Polarity polarity);
[[nodiscard]] std::string_view special_name(Special special);
// "meets", "better than", "worse than", "below", "above".
[[nodiscard]] std::string_view actual_test_name(ActualTest test);
// "target", "tolerance", "floor", "expected range".
[[nodiscard]] std::string_view reference_name(Reference reference);

}  // namespace runtime
