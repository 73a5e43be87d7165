// The typed syntax tree of one rule file. Every node carries the byte span it came
// from; the tree is a closed set of std::variant alternatives, visited exhaustively.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dsl/source.hpp"

namespace dsl {

struct Identifier {
  std::string name;
  Span span;
};

struct StringLit {
  std::string value;  // unescaped UTF-8
  Span span;
};

// A number as written: "-10", "2.5", with "%" or a unit word ("5 points", "2 days").
// The text is kept exact; the compiler turns it into a decimal.
struct NumberLit {
  std::string digits;
  bool percent = false;
  std::optional<Identifier> unit_word;
  Span span;
};

struct PeriodLit {
  std::string text;  // "2013-14 Q2", "Q3", "2022-02", "2013-14"
  Span span;
};

struct ColourLit {
  std::string hex;  // "#007A33"
  Span span;
};

enum class Polarity : std::uint8_t { higher, lower, none };

struct PolarityLit {
  Polarity polarity{};
  Span span;
};

// --- keys ---------------------------------------------------------------------------

struct StatusDecl {
  StringLit label;
  std::optional<ColourLit> colour;
  std::optional<StringLit> symbol;
  std::optional<StringLit> means;
  std::vector<StringLit> aliases;
  Span span;
};

struct KeyDecl {
  Identifier name;
  std::optional<StringLit> title;
  std::vector<StatusDecl> statuses;  // in severity order, as written
  Span span;
};

// --- conditions ---------------------------------------------------------------------

enum class Quantity : std::uint8_t { gap, change };  // gap: actual vs target; change: vs previous
enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal };
// meets/better/worse follow polarity; below/above compare plainly (for expected ranges).
enum class ActualTest : std::uint8_t { meets, better_than, worse_than, below, above };
enum class Reference : std::uint8_t { target, tolerance, floor, expected, benchmark };
enum class ValueMove : std::uint8_t { rose, fell, unchanged };

struct Condition;

struct MeasureCompare {  // gap > 10%
  Quantity quantity{};
  CompareOp op{};
  NumberLit value;
  Span span;
};

struct MeasureInterval {  // gap in [-5%, 10%)
  Quantity quantity{};
  bool low_inclusive = true;
  NumberLit low;
  NumberLit high;
  bool high_inclusive = true;
  Span span;
};

struct ActualCompare {  // actual meets target, actual worse than tolerance
  ActualTest test{};
  Reference reference{};
  std::optional<Identifier> benchmark;  // the benchmark's name, for Reference::benchmark
  Span span;
};

struct MarginCompare {  // actual within 2 points of benchmark national
  NumberLit margin;
  Identifier benchmark;
  Span span;
};

struct QuartileIs {  // quartile 1 (best, by polarity) .. quartile 4
  int quartile = 1;
  Span span;
};

struct PolarityIs {  // polarity higher
  Polarity polarity{};
  Span span;
};

struct StatusIs {  // status "Green", status in ("Green", "Amber")
  std::vector<StringLit> statuses;
  Span span;
};

struct ValueMoved {  // value rose
  ValueMove move{};
  Span span;
};

struct Not {
  std::vector<Condition> operand;  // exactly one
  Span span;
};

struct All {
  std::vector<Condition> operands;  // two or more, joined by `and`
  Span span;
};

struct Any {
  std::vector<Condition> operands;  // two or more, joined by `or`
  Span span;
};

struct Condition {
  std::variant<MeasureCompare, MeasureInterval, ActualCompare, MarginCompare, QuartileIs, PolarityIs, StatusIs,
               ValueMoved, Not, All, Any>
      node;
};

// --- schemes and direction rules ------------------------------------------------------

enum class Special : std::uint8_t {
  no_actual,
  no_target,
  no_previous,
  under_review,
  baseline,
  measure_changed,
  cannot_evaluate,
};

enum class MeasureKind : std::uint8_t { relative, difference };

struct MeasureDecl {  // gap = relative to target; change = difference from previous
  Quantity quantity{};
  MeasureKind kind{};
  Span base_span;  // the `target` / `previous` word
  bool base_is_previous = false;   // `previous`, or `same period last year`
  bool base_is_last_year = false;  // `same period last year`
  Span span;
};

struct SpecialCase {
  Special special{};
  Span span;
};

struct SpecialRule {  // no previous or measure changed -> "N/A"
  std::vector<SpecialCase> cases;
  StringLit outcome;
  Span span;
};

struct BandRule {  // gap in [-5%, 10%] -> "Green"
  Condition condition;
  StringLit outcome;
  Span span;
};

struct OtherwiseRule {
  StringLit outcome;
  Span span;
};

struct DirectionUse {  // inside a scheme: direction quarterly
  Identifier name;
  Span span;
};

struct DefaultTolerance {  // inside a scheme: tolerance 5%
  NumberLit value;
  Span span;
};

struct FirstMatch {  // first match: overlapping rules are intended, the first one wins
  Span span;
};

using BlockItem =
    std::variant<MeasureDecl, SpecialRule, BandRule, OtherwiseRule, DirectionUse, DefaultTolerance, FirstMatch>;

struct RuleBlock {
  Identifier name;
  Identifier key;  // `uses KEY`
  bool is_default = false;
  std::optional<Span> default_span;
  std::vector<BlockItem> items;
  Span span;
};

struct SchemeDecl {
  RuleBlock block;
};

struct DirectionDecl {
  RuleBlock block;
};

// --- indicators -----------------------------------------------------------------------

struct TargetValue {
  enum class Kind : std::uint8_t { value, range, bound, none, under_review, baseline };
  Kind kind = Kind::value;
  NumberLit value;  // value, range low, bound
  NumberLit high;   // range high
  bool bound_below = true;  // `<` / `<=`: stay below; `>` / `>=`: stay above
  bool strict = false;
  Span span;
};

struct TargetEntry {
  std::optional<PeriodLit> period;  // absent: applies to every period without its own
  TargetValue value;
  // `pro rata` / `in full` after a financial year's target: how it is compared in each
  // quarter or month of the year.
  enum class Annual : std::uint8_t { none, pro_rata, in_full };
  Annual annual = Annual::none;
  Span annual_span;
  Span span;
};

struct ToleranceSpec {  // tolerance 10%  |  tolerance 15% - 35%
  bool is_range = false;
  NumberLit value;
  NumberLit high;
  Span span;
};

struct IndicatorDecl {
  Identifier id;
  std::optional<StringLit> title;
  std::optional<StringLit> section;
  std::optional<StringLit> owner;
  std::optional<Identifier> unit;
  std::optional<PolarityLit> polarity;
  std::optional<Identifier> frequency;
  std::optional<Span> cumulative;
  std::optional<Identifier> scheme;
  std::optional<Identifier> direction;
  std::vector<TargetEntry> targets;
  std::optional<Span> targets_span;
  std::optional<ToleranceSpec> tolerance;
  std::vector<PeriodLit> measure_changed;  // periods whose values are not comparable with the one before
  std::vector<TargetEntry> floors;         // `floor`: single values, all periods or per period
  std::optional<Span> floors_span;
  std::vector<TargetEntry> expected;       // `expected range`: ranges, all periods or per period
  std::optional<Span> expected_span;
  std::optional<Identifier> precision;     // `precision 1`: decimal places, as written
  struct Benchmark {                       // benchmark national 88%
    Identifier name;
    std::vector<TargetEntry> values;
    Span span;
  };
  std::vector<Benchmark> benchmarks;
  struct Quartiles {  // `quartiles 60%, 70%, 80%` | `quartiles 2021-22 60%, 70%, 80%`
    std::optional<PeriodLit> period;
    std::vector<NumberLit> cuts;  // three cut points, lowest first
    Span span;
  };
  std::vector<Quartiles> quartiles;
  enum class Rounding : std::uint8_t { half_up, half_even, down, up };
  std::optional<std::pair<Rounding, Span>> rounding;
  std::optional<Span> manual;            // `manual`: the status comes from the data, with a reason
  std::optional<Identifier> manual_key;  // `manual key NAME`; default: the default scheme's key
  struct Lag {                           // lag 1 quarter
    std::string count;                   // digits as written
    Identifier unit;                     // period(s), month(s), quarter(s), year(s)
    Span span;
  };
  std::optional<Lag> lag;
  Span span;
};

// --- tests ------------------------------------------------------------------------------

struct TestCase {
  Identifier indicator;
  std::optional<PeriodLit> period;
  std::optional<NumberLit> actual;
  std::optional<NumberLit> previous;
  std::optional<TargetValue> target;
  std::optional<PolarityLit> polarity;
  std::optional<StringLit> status;  // a manual indicator's status, as the data would give it
  std::optional<StringLit> reason;
  std::optional<NumberLit> last_year;  // the same period a year before
  std::optional<ToleranceSpec> tolerance;
  std::optional<NumberLit> floor;
  std::vector<std::pair<Identifier, NumberLit>> benchmarks;
  std::optional<StringLit> expect_status;
  std::optional<StringLit> expect_direction;
  Span span;
};

struct TestDecl {
  StringLit name;
  std::vector<TestCase> cases;
  Span span;
};

struct CouncilDecl {
  StringLit name;
  Span span;
};

struct ImportDecl {  // import "common/rag.sk"
  StringLit path;  // as written, relative to the importing file
  Span span;
};

struct ColumnMap {  // "Ref No." -> indicator
  StringLit header;
  Identifier field;
  Span span;
};

struct ColumnsDecl {  // columns { ... }: a council's own data headers
  std::vector<ColumnMap> maps;
  std::optional<PeriodLit> period;  // `period 2022-02`: the period of every row without a period column
  Span span;
};

struct RollupDecl {  // rollup worst of ("Red", "Amber", "Green")  |  rollup "Red" when 2 or more "Red"
  std::vector<StringLit> order;  // worst first (worst-of form)
  struct Count {
    StringLit status;   // the node's status when the rule holds
    std::string count;  // digits as written
    Span count_span;
    StringLit of;       // the status counted among the node's indicators
  };
  std::optional<Count> count;  // count-based form
  Span span;
};

struct ThemeDecl {  // theme "Corporate services" { section "..." ... theme "..." }
  StringLit name;
  std::vector<StringLit> sections;
  std::vector<StringLit> themes;  // themes one level down, declared by their own `theme` blocks
  Span span;
};

struct EscalateDecl {  // escalate "Red" for 2 periods to "Directorate Management Team"
  StringLit status;
  std::string periods;  // digits as written
  Span periods_span;
  StringLit to;
  Span span;
};

using Item = std::variant<CouncilDecl, ImportDecl, ColumnsDecl, RollupDecl, ThemeDecl, EscalateDecl, KeyDecl,
                          SchemeDecl, DirectionDecl, IndicatorDecl, TestDecl>;

struct RuleFile {
  std::uint32_t file = 0;  // SourceSet id
  std::vector<Item> items;
};

}  // namespace dsl
