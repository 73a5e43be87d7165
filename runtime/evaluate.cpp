// Decoding data rows into observations, reconciling them with the declarations, and
// collecting one result per row. A row that cannot be decoded becomes an error row.
#include "runtime/evaluate.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/batch.hpp"
#include "runtime/cell.hpp"
#include "runtime/cell_text.hpp"
#include "runtime/writers.hpp"

namespace runtime {
namespace {

using namespace std::string_view_literals;

using cell_text::is_c_space;
using cell_text::lower_case;

std::string_view trim(std::string_view text) {
  // A byte-order mark inside the file (files joined together) is not part of the cell.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  while (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  while (!text.empty() && is_c_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_c_space(text.back())) text.remove_suffix(1);
  return text;
}

// "Higher is better", "Bigger is better", "lower", "No polarity", ...
std::optional<Polarity> parse_polarity(std::string_view text) {
  const std::string_view word = trim(text);
  // Case-insensitive prefix and whole-word tests, without a lower-cased copy.
  const auto starts = [word](std::string_view prefix) {
    if (word.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (cell_text::to_lower(word[i]) != prefix[i]) return false;
    }
    return true;
  };
  const auto is = [word, &starts](std::string_view whole) { return word.size() == whole.size() && starts(whole); };
  if (word.empty()) return std::nullopt;
  if (starts("higher") || starts("bigger") || is("up")) return Polarity::higher;
  if (starts("lower") || starts("smaller") || is("down")) return Polarity::lower;
  if (starts("none") || starts("no polarity") || is("n/a") || is("neither")) return Polarity::none;
  return std::nullopt;
}

bool same_target(const Target& a, const Target& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Target::Kind::value:
      return a.value == b.value;
    case Target::Kind::range:
      return a.value == b.value && a.high == b.high;
    case Target::Kind::bound:
      return a.value == b.value && a.bound_below == b.bound_below && a.strict == b.strict;
    default:
      return true;
  }
}

// A decoded target cell, or an error message.
std::optional<Target> cell_target(const Cell& cell) {
  Target target;
  switch (cell.kind) {
    case CellKind::number:
      target.kind = Target::Kind::value;
      target.value = cell.value;
      return target;
    case CellKind::range:
      target.kind = Target::Kind::range;
      target.value = cell.value;
      target.high = cell.high;
      return target;
    case CellKind::bound:
      target.kind = Target::Kind::bound;
      target.value = cell.value;
      target.bound_below = cell.bound_below;
      target.strict = cell.strict;
      return target;
    case CellKind::word:
      target.kind = cell.word == TargetWord::baseline       ? Target::Kind::baseline
                    : cell.word == TargetWord::under_review ? Target::Kind::under_review
                                                            : Target::Kind::none;
      return target;
    default:
      return std::nullopt;
  }
}


// The declared target for a period (a period's own, else the all-periods one) and its
// pre-resolved thresholds.
struct DeclaredTarget {
  Target target;
  const ResolvedBands* resolved = nullptr;
};

std::optional<DeclaredTarget> declared_target(const Indicator& indicator, const std::optional<Period>& period) {
  if (period) {
    for (std::size_t i = 0; i < indicator.period_targets.size(); ++i) {
      if (indicator.period_targets[i].first != *period) continue;
      const ResolvedBands* resolved =
          i < indicator.resolved_period_targets.size() ? &indicator.resolved_period_targets[i] : nullptr;
      return DeclaredTarget{indicator.period_targets[i].second, resolved};
    }
  }
  if (!indicator.target) return std::nullopt;
  return DeclaredTarget{*indicator.target, indicator.resolved_target ? &*indicator.resolved_target : nullptr};
}

// (indicator, period), the indicator by its number in RowDecoder::indicators_, and the
// record it belongs to: sorted, equal keys are next to each other in record order.
struct KeyedRecord {
  std::uint32_t indicator = 0;
  Period period;
  std::uint32_t record = 0;
  friend auto operator<=>(const KeyedRecord&, const KeyedRecord&) = default;
};

// One data row as the evaluator needs it; `error` set when it cannot be evaluated.
struct DecodedRow {
  Observation facts;
  std::string section;
  std::string error;
  std::size_t error_field = 0;  // 1-based column of the cell at fault; 0: the row as a whole
};

class RowDecoder {
 public:
  RowDecoder(const Program& program, const DataTable& table)
      : program_(program),
        table_(table),
        year_on_year_(std::any_of(program.directions.begin(), program.directions.end(),
                                  [](const RuleSet& block) { return block.change_from_last_year; })),
        has_references_(table.has(Field::benchmark) || table.has(Field::floor) || table.has(Field::lower) ||
                        table.has(Field::upper)) {}

  // First pass: every record's indicator, period, actual and previous read once (decode()
  // takes them from here); the rows that repeat an (indicator, period), unless the caller
  // has checked there are none; and, when some row may derive its `previous` (or compare
  // with last year), the actual of every (indicator, period).
  void prepare_records() {
    const auto& records = table_.csv.records;
    prepared_.resize(records.size());
    std::vector<KeyedRecord> rows;  // the rows decode() checks for a second row
    if (!table_.unique_keys) rows.reserve(records.size());
    actuals_.reserve(records.size());
    bool derives = year_on_year_;  // some row needs actuals_
    // Rows of one period usually follow each other: a period cell written as the one before
    // is not read again.
    std::optional<std::string_view> last_period_cell;
    std::optional<Period> last_period;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const CsvRecord& record = records[i];
      Prepared& prepared = prepared_[i];
      if (!record.error.empty()) continue;
      const std::string_view indicator = trim(table_.cell(record, Field::indicator));
      prepared.indicator = &known(indicator);
      const std::string_view period_cell = table_.cell(record, Field::period);
      if (period_cell != last_period_cell) {
        last_period_cell = period_cell;
        last_period = Period::parse(trim(period_cell));
      }
      prepared.period = last_period;
      const Cell actual = parse_cell(table_.cell(record, Field::actual), CellRole::value);
      prepared.actual_kind = actual.kind;
      prepared.actual_unit = actual.unit;
      prepared.actual = actual.value;
      const Cell previous = parse_cell(table_.cell(record, Field::previous), CellRole::value);
      prepared.previous_kind = previous.kind;
      prepared.previous = previous.value;
      if (!prepared.period) continue;
      derives = derives || previous.kind != CellKind::number;
      const KeyedRecord key{prepared.indicator->number, *prepared.period, static_cast<std::uint32_t>(i)};
      // As decode() takes them: the rows that get as far as the check for a second row.
      if (!table_.unique_keys && record.field_count() == table_.csv.header.size() && !indicator.empty()) {
        rows.push_back(key);
      }
      if (prepared.actual_kind == CellKind::number) actuals_.push_back(key);
    }
    // A second row of an (indicator, period) is told the line of the first.
    std::sort(rows.begin(), rows.end());
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const KeyedRecord& first = rows[i - 1];
      if (rows[i].indicator == first.indicator && rows[i].period == first.period) {
        const std::size_t first_line = prepared_[first.record].first_line != 0 ? prepared_[first.record].first_line
                                                                                 : records[first.record].line;
        prepared_[rows[i].record].first_line = first_line;
      }
    }
    if (derives) {
      std::sort(actuals_.begin(), actuals_.end());
    } else {
      actuals_.clear();  // no row looks anything up
    }
  }

  // Record `index` of the table (after prepare_records()), into `row` (newly made: decoded
  // where the caller keeps it, not moved there).
  void decode(std::size_t index, DecodedRow& row) {
    const CsvRecord& record = table_.csv.records[index];
    const Prepared& prepared = prepared_[index];
    Observation& facts = row.facts;
    auto fail = [&](std::string reason, std::optional<Field> field = std::nullopt) {
      row.error = std::move(reason);
      if (field && table_.has(*field)) row.error_field = *table_.column[static_cast<std::size_t>(*field)] + 1;
    };
    if (!record.error.empty()) {
      row.error_field = record.error_field;
      return fail(record.error);
    }
    if (record.field_count() != table_.csv.header.size()) {
      row.error_field = std::min(record.field_count(), table_.csv.header.size()) + 1;
      return fail(fmt::format("the row has {} field{} but the header has {}", record.field_count(),
                              record.field_count() == 1 ? "" : "s", table_.csv.header.size()));
    }
    facts.indicator = std::string(trim(table_.cell(record, Field::indicator)));
    row.section = std::string(trim(table_.cell(record, Field::section)));
    if (facts.indicator.empty()) return fail("the `indicator` cell is empty", Field::indicator);
    facts.period = prepared.period;
    if (!facts.period) {
      return fail(fmt::format("`{}` is not a period; write `2013-14 Q2`, `2013-14` or `2022-02`",
                              trim(table_.cell(record, Field::period))),
                  Field::period);
    }
    const Known& indicator = *prepared.indicator;
    if (prepared.first_line != 0) {
      return fail(fmt::format("a second row for `{}` {} (the first is on line {})", facts.indicator,
                              facts.period->to_string(), prepared.first_line),
                  Field::period);
    }

    const Indicator* declared = indicator.declared;
    if (declared != nullptr && row.section.empty()) row.section = declared->section;
    const std::string_view status_cell = trim(table_.cell(record, Field::status));
    if (declared != nullptr && declared->manual_key) {
      facts.manual = declared;
      facts.manual_status = std::string(status_cell);
      facts.manual_reason = std::string(trim(table_.cell(record, Field::reason)));
    } else if (!status_cell.empty()) {
      return fail(fmt::format("status: `{}`'s status is computed by its rules; a person's decision belongs in "
                              "status_override with an override_reason, or declare the indicator `manual`",
                              facts.indicator),
                  Field::status);
    }

    // Actual.
    if (prepared.actual_kind == CellKind::error) {  // read again for its reason
      const Cell actual = parse_cell(table_.cell(record, Field::actual), CellRole::value);
      return fail(fmt::format("actual: {}", actual.error), Field::actual);
    }
    Cell actual;
    actual.kind = prepared.actual_kind;
    actual.unit = prepared.actual_unit;
    actual.value = prepared.actual;
    if (actual.kind == CellKind::number) facts.actual = actual.value;
    // The declared unit, else the row's (lower-cased in a member, kept for the row).
    if (declared == nullptr) row_unit_ = lower_case(trim(table_.cell(record, Field::unit)));
    const std::string_view unit = declared != nullptr ? std::string_view(declared->unit) : std::string_view(row_unit_);
    if (declared && table_.has(Field::unit)) {
      const std::string row_unit = lower_case(trim(table_.cell(record, Field::unit)));
      if (!row_unit.empty() && !declared->unit.empty() && row_unit != declared->unit) {
        return fail(fmt::format("the row's unit `{}` disagrees with `{}`'s declared unit `{}`", row_unit,
                                facts.indicator, declared->unit),
                    Field::unit);
      }
    }
    if (actual.unit != CellUnit::plain) {
      if (auto problem = unit_problem(actual, unit, "actual")) return fail(std::move(*problem), Field::actual);
    }
    facts.percent = unit == "percent" || (unit.empty() && actual.unit == CellUnit::percent);

    // Polarity.
    const std::string_view polarity_cell = trim(table_.cell(record, Field::polarity));
    const auto row_polarity = parse_polarity(polarity_cell);
    if (!polarity_cell.empty() && !row_polarity) {
      return fail(fmt::format("`{}` is not a polarity; write higher, lower or none", polarity_cell), Field::polarity);
    }
    if (declared && declared->polarity_declared) {
      facts.polarity = declared->polarity;
      if (row_polarity && *row_polarity != declared->polarity) {
        return fail(fmt::format("the row says polarity {} but `{}` is declared polarity {}",
                                polarity_name(*row_polarity), facts.indicator, polarity_name(declared->polarity)),
                    Field::polarity);
      }
    } else {
      facts.polarity = row_polarity;
    }

    // Scheme and direction.
    const std::string scheme_cell(trim(table_.cell(record, Field::scheme)));
    std::optional<std::uint32_t> row_scheme;
    if (!scheme_cell.empty()) {
      const auto found = program_.scheme_by_name.find(scheme_cell);
      if (found == program_.scheme_by_name.end()) {
        return fail(fmt::format("no scheme named `{}` in the rule set", scheme_cell), Field::scheme);
      }
      row_scheme = found->second;
    }
    if (declared && declared->manual_key) {
      if (row_scheme) {
        return fail(fmt::format("the row names scheme `{}` but `{}`'s status is set by hand (`manual`)", scheme_cell,
                                facts.indicator),
                    Field::scheme);
      }
    } else if (declared) {
      facts.scheme = declared->scheme;
      facts.direction = declared->direction;
      if (row_scheme && *row_scheme != declared->scheme) {
        return fail(fmt::format("the row names scheme `{}` but `{}` is declared with scheme `{}`", scheme_cell,
                                facts.indicator, program_.schemes[declared->scheme].name),
                    Field::scheme);
      }
    } else {
      facts.scheme = row_scheme ? row_scheme : program_.default_scheme;
    }

    // Target.
    const Cell target_cell = parse_cell(table_.cell(record, Field::target), CellRole::target);
    if (target_cell.kind == CellKind::error) return fail(fmt::format("target: {}", target_cell.error), Field::target);
    if (target_cell.unit != CellUnit::plain) {
      if (auto problem = unit_problem(target_cell, unit, "target")) return fail(std::move(*problem), Field::target);
    }
    const auto row_target = cell_target(target_cell);
    const auto decl_target = declared ? declared_target(*declared, facts.period) : std::nullopt;
    if (row_target && decl_target && !same_target(*row_target, decl_target->target)) {
      return fail(fmt::format("the row's target {} disagrees with the target {} declared for `{}`",
                              target_text(*row_target, facts.percent), target_text(decl_target->target, facts.percent),
                              facts.indicator),
                  Field::target);
    }
    if (decl_target) {
      facts.target = decl_target->target;
      facts.resolved = decl_target->resolved;
      facts.target_declared = true;
    } else {
      facts.target = row_target;
    }

    // Tolerance: declared, else the row's, else the scheme's default.
    const Cell tolerance_cell = parse_cell(table_.cell(record, Field::tolerance), CellRole::tolerance);
    if (tolerance_cell.kind == CellKind::error) return fail(fmt::format("tolerance: {}", tolerance_cell.error), Field::tolerance);
    std::optional<Tolerance> row_tolerance;
    if (tolerance_cell.kind == CellKind::range) {
      row_tolerance = Tolerance{Tolerance::Kind::range, tolerance_cell.value, tolerance_cell.high};
    } else if (tolerance_cell.kind == CellKind::number) {
      if (tolerance_cell.unit == CellUnit::percent && unit != "percent") {
        row_tolerance = Tolerance{Tolerance::Kind::relative, *tolerance_cell.value.scaled_by_power_of_ten(-2), {}};
      } else if (tolerance_cell.unit == CellUnit::percent) {
        return fail("tolerance: a single percentage on a percentage indicator is ambiguous; write a range "
                    "`15% - 35%` or declare the tolerance in the rule file");
      } else {
        row_tolerance = Tolerance{Tolerance::Kind::absolute, tolerance_cell.value, {}};
      }
    }
    if (declared && declared->tolerance.kind != Tolerance::Kind::none) {
      facts.tolerance = declared->tolerance;
      if (row_tolerance && (row_tolerance->kind != declared->tolerance.kind ||
                            !(row_tolerance->value == declared->tolerance.value) ||
                            !(row_tolerance->high == declared->tolerance.high))) {
        return fail(fmt::format("the row's tolerance disagrees with the tolerance declared for `{}`", facts.indicator));
      }
    } else if (row_tolerance) {
      facts.tolerance = *row_tolerance;
    } else if (facts.scheme && program_.schemes[*facts.scheme].default_tolerance) {
      facts.tolerance = Tolerance{Tolerance::Kind::relative, *program_.schemes[*facts.scheme].default_tolerance, {}};
    }

    // Previous: the column, else the same indicator's previous period in this file.
    if (prepared.previous_kind == CellKind::error) {  // read again for its reason
      const Cell previous = parse_cell(table_.cell(record, Field::previous), CellRole::value);
      return fail(fmt::format("previous: {}", previous.error), Field::previous);
    }
    if (prepared.previous_kind == CellKind::number) {
      facts.previous = prepared.previous;
    } else if (const Decimal* found = actual_of(indicator.number, facts.period->previous())) {
      facts.previous = *found;
      facts.previous_derived = true;
    }
    // The same period last year, for direction blocks that compare with it.
    if (year_on_year_) {
      if (const Decimal* found = actual_of(indicator.number, facts.period->year_before())) facts.last_year = *found;
    }

    if (const std::string_view cell = trim(table_.cell(record, Field::measure_changed)); !cell.empty()) {
      const std::string changed = lower_case(cell);
      facts.measure_changed = changed == "yes" || changed == "true" || changed == "1" || changed == "y";
    }
    if (declared) {
      facts.measure_changed = facts.measure_changed ||
                              std::find(declared->measure_changed.begin(), declared->measure_changed.end(),
                                        *facts.period) != declared->measure_changed.end();
      attach_references(*declared, facts);
      apply_precision(*declared, facts);
    }
    if (has_references_) {
      if (auto problem = row_references(record, unit, facts)) fail(std::move(*problem));
    }
  }

 private:
  // The row's `floor`, `lower` and `upper` cells: used where the rule file declares none
  // for the period, and checked against the declaration where it does.
  std::optional<std::string> row_references(const CsvRecord& record, std::string_view unit, Observation& facts) {
    const auto value_of = [&](Field field, std::string_view column,
                              std::optional<Decimal>& out) -> std::optional<std::string> {
      if (!table_.has(field)) return std::nullopt;  // as a blank cell
      const Cell cell = parse_cell(table_.cell(record, field), CellRole::value);
      if (cell.kind == CellKind::error) return fmt::format("{}: {}", column, cell.error);
      if (auto problem = unit_problem(cell, unit, column)) return problem;
      if (cell.kind == CellKind::number) out = cell.value;
      return std::nullopt;
    };
    std::optional<Decimal> floor;
    std::optional<Decimal> low;
    std::optional<Decimal> high;
    if (auto problem = value_of(Field::benchmark, "benchmark", facts.row_benchmark)) return problem;
    if (auto problem = value_of(Field::floor, "floor", floor)) return problem;
    if (auto problem = value_of(Field::lower, "lower", low)) return problem;
    if (auto problem = value_of(Field::upper, "upper", high)) return problem;
    if (floor) {
      if (facts.floor && !(*facts.floor == *floor)) {
        return fmt::format("the row's floor {} disagrees with the floor {} declared for `{}`",
                           display(*floor, facts.percent), display(*facts.floor, facts.percent), facts.indicator);
      }
      facts.floor = floor;
    }
    if (low.has_value() != high.has_value()) {
      return std::string("an expected range needs both `lower` and `upper`; fill in the other one or neither");
    }
    if (low) {
      if (*high < *low) {
        return fmt::format("the expected range runs backwards: lower {} is above upper {}", display(*low, facts.percent),
                           display(*high, facts.percent));
      }
      if (facts.expected && (!(facts.expected->low == *low) || !(facts.expected->high == *high))) {
        return fmt::format("the row's expected range {} to {} disagrees with the range {} to {} declared for `{}`",
                           display(*low, facts.percent), display(*high, facts.percent),
                           display(facts.expected->low, facts.percent), display(facts.expected->high, facts.percent),
                           facts.indicator);
      }
      facts.expected = ExpectedRange{*low, *high};
    }
    return std::nullopt;
  }

  static std::optional<std::string> unit_problem(const Cell& cell, std::string_view unit, std::string_view column) {
    if (cell.kind != CellKind::number && cell.kind != CellKind::range && cell.kind != CellKind::bound) {
      return std::nullopt;
    }
    if (cell.unit == CellUnit::percent && !unit.empty() && unit != "percent") {
      return fmt::format("{}: a percentage on an indicator measured in {}", column, unit);
    }
    if (cell.unit == CellUnit::money && !unit.empty() && unit != "money") {
      return fmt::format("{}: an amount of money on an indicator measured in {}", column, unit);
    }
    return std::nullopt;
  }

  // An indicator of the table: its number here, and its declaration if any.
  struct Known {
    std::uint32_t number = 0;
    const Indicator* declared = nullptr;
  };

  // `indicator`: the trimmed cell. A declared indicator is numbered as declared, any
  // other after them, in the order the table names them.
  const Known& known(std::string_view indicator) {
    if (const auto declared = program_.indicator_by_id.find(indicator); declared != program_.indicator_by_id.end()) {
      if (declared_.empty()) {
        declared_.resize(program_.indicators.size());
        for (std::size_t i = 0; i < declared_.size(); ++i) {
          declared_[i] = Known{static_cast<std::uint32_t>(i), &program_.indicators[i]};
        }
      }
      return declared_[declared->second];
    }
    auto found = indicators_.find(indicator);
    if (found == indicators_.end()) {
      const Known entry{static_cast<std::uint32_t>(program_.indicators.size() + indicators_.size()), nullptr};
      found = indicators_.emplace(std::string(indicator), entry).first;
    }
    return found->second;
  }

  // The actual of the first record of (indicator, period) that has a number as its actual.
  const Decimal* actual_of(std::uint32_t indicator, Period period) const {
    const auto found = std::lower_bound(actuals_.begin(), actuals_.end(), KeyedRecord{indicator, period, 0});
    if (found == actuals_.end() || found->indicator != indicator || found->period != period) return nullptr;
    return &prepared_[found->record].actual;
  }

  // What prepare_records() read of a record.
  struct Prepared {
    const Known* indicator = nullptr;
    std::optional<Period> period;
    CellKind actual_kind = CellKind::blank;  // the actual cell as parse_cell reads it
    CellUnit actual_unit = CellUnit::plain;
    Decimal actual;
    CellKind previous_kind = CellKind::blank;
    Decimal previous;
    std::size_t first_line = 0;  // a second row of its indicator and period: the first's line
  };

  const Program& program_;
  const DataTable& table_;
  std::vector<Prepared> prepared_;  // one per record
  bool year_on_year_;  // some direction block compares with the same period last year
  // Undeclared indicators, keyed by a copy of the name (short names sit in the node, next
  // to their hash), found by a view of the cell.
  std::unordered_map<std::string, Known, Program::NameHash, std::equal_to<>> indicators_;
  std::vector<Known> declared_;  // by declaration, made when the first is named
  bool has_references_;  // the table has a benchmark, floor, lower or upper column
  std::string row_unit_;  // decode()'s row's own unit, lower-cased
  std::vector<KeyedRecord> actuals_;  // sorted: the records with a number as their actual
};

// "FILE:LINE" of each rule cited, written once per evaluation, as text and as a CSV
// field followed by its comma.
class SourceTexts {
 public:
  explicit SourceTexts(const Program& program) : program_(program) {}
  const std::string& operator()(SourceRef source) { return find(source).text; }
  const std::string& field(SourceRef source) { return find(source).field; }

 private:
  struct Texts {
    std::string text;
    std::string field;
  };
  const Texts& find(SourceRef source) {
    const std::uint64_t key = (std::uint64_t{source.file} << 32U) | source.line;
    auto found = texts_.find(key);
    if (found == texts_.end()) {
      Texts texts{fmt::format("{}:{}", program_.files.at(source.file), source.line), {}};
      append_csv_field(texts.field, texts.text);
      texts.field.push_back(',');
      found = texts_.emplace(key, std::move(texts)).first;
    }
    return found->second;
  }

  const Program& program_;
  std::unordered_map<std::uint64_t, Texts> texts_;
};

// The CSV fields of every status of every key, each followed by its comma: by key and
// status, the label's field, and the label, symbol and colour fields together.
struct StatusFields {
  std::vector<std::vector<std::string>> label;
  std::vector<std::vector<std::string>> shown;

  explicit StatusFields(const Program& program) {
    for (const Key& key : program.keys) {
      auto& labels = label.emplace_back();
      auto& all = shown.emplace_back();
      for (const Status& status : key.statuses) {
        std::string& one = labels.emplace_back();
        append_csv_field(one, status.label);
        one.push_back(',');
        std::string& three = all.emplace_back(one);
        append_csv_field(three, status.symbol);
        three.push_back(',');
        append_csv_field(three, status.colour);
        three.push_back(',');
      }
    }
  }
};

// What finish_row needs besides the row: the same for every row of one evaluation.
struct RowContext {
  const Program& program;
  const DataTable& table;
  bool keep_trace;
  SourceTexts sources;
  // Rows by final status, counted by the label in the program (a few distinct ones) and
  // added to Results::status_counts by name at the end.
  std::vector<std::pair<const std::string*, std::size_t>> status_counts;
  const std::string* status = nullptr;  // the label of the row being finished
  // The last period written and its text: rows of one period usually follow each other.
  std::optional<Period> period;
  std::string period_text;
  std::string explanation;  // finish_row_csv's, before it is escaped into the row
  std::optional<StatusFields> status_fields;  // finish_row_csv's, made for its first row

  // The text of the period of a row (its cell when it has none).
  std::string_view period_of(const Observation& facts, const CsvRecord& record) {
    if (!facts.period) return table.cell(record, Field::period);
    if (period != facts.period) {
      period = facts.period;
      period_text.clear();
      facts.period->append_to(period_text);
    }
    return period_text;
  }

  void count_status() {
    for (auto& [label, count] : status_counts) {
      if (label == status) {
        ++count;
        return;
      }
    }
    status_counts.emplace_back(status, 1);
  }
};

void finish_row(RowContext& context, const CsvRecord& record, DecodedRow& row, const DecisionBatch* batch,
                std::size_t in_batch, const Decision* decision, Results& results, RowResult& result);

bool finish_row_csv(RowContext& context, const CsvRecord& record, const DecodedRow& row, const DecisionBatch& batch,
                    std::size_t in_batch, const Decision& decision, const CsvDirect& direct);

Results evaluate_rows(const Program& program, const DataTable& table, bool keep_trace, DecisionBatch& batch,
                      const RowCallback* each, const CsvDirect* direct = nullptr);

}  // namespace

const Status* find_status(const Key& key, std::string_view label) {
  for (const auto& status : key.statuses) {
    if (status.label == label || std::find(status.aliases.begin(), status.aliases.end(), label) != status.aliases.end()) {
      return &status;
    }
  }
  return nullptr;
}

Results evaluate(const Program& program, const DataTable& table, bool keep_trace) {
  DecisionBatch batch(program);
  return evaluate(program, table, keep_trace, batch);
}

Results evaluate(const Program& program, const DataTable& table, bool keep_trace, DecisionBatch& batch) {
  return evaluate_rows(program, table, keep_trace, batch, nullptr);
}

Results evaluate(const Program& program, const DataTable& table, DecisionBatch& batch, const RowCallback& each) {
  return evaluate_rows(program, table, false, batch, &each);
}

Results evaluate(const Program& program, const DataTable& table, DecisionBatch& batch, const RowCallback& each,
                 const CsvDirect& direct) {
  return evaluate_rows(program, table, false, batch, &each, &direct);
}

namespace {

Results evaluate_rows(const Program& program, const DataTable& table, bool keep_trace, DecisionBatch& batch,
                      const RowCallback* each, const CsvDirect* direct) {
  Results results;
  RowDecoder decoder(program, table);
  decoder.prepare_records();
  if (each == nullptr) results.rows.reserve(table.csv.records.size());
  RowContext context{program, table, keep_trace, SourceTexts(program), {}, nullptr, std::nullopt, {}, {}, {}};
  RowResult result;  // reused: its strings keep their capacity from row to row
  // Rows are decoded a chunk at a time, decided together on the batch path, and their
  // explanations written from the decisions.
  constexpr std::size_t kChunk = 1024;
  std::vector<DecodedRow> chunk;
  chunk.reserve(kChunk);
  std::vector<Decision> decisions;
  std::vector<std::size_t> batch_index;
  const auto& records = table.csv.records;
  for (std::size_t first = 0; first < records.size(); first += kChunk) {
    const std::size_t last = std::min(records.size(), first + kChunk);
    chunk.clear();
    batch.clear();
    batch_index.clear();
    for (std::size_t i = first; i < last; ++i) {
      decoder.decode(i, chunk.emplace_back());  // no reallocation: the batch keeps references
      batch_index.push_back(batch.size());
      if (chunk.back().error.empty()) batch.add(chunk.back().facts);
    }
    batch.decide(decisions);
    for (std::size_t i = first; i < last; ++i) {
      DecodedRow& row = chunk[i - first];
      const std::size_t in_batch = batch_index[i - first];
      if (direct != nullptr && i >= direct->from && row.error.empty() &&
          finish_row_csv(context, records[i], row, batch, in_batch, decisions[in_batch], *direct)) {
        continue;
      }
      finish_row(context, records[i], row, row.error.empty() ? &batch : nullptr, in_batch,
                 in_batch < decisions.size() ? &decisions[in_batch] : nullptr, results, result);
      if (each != nullptr) {
        (*each)(result);
      } else {
        results.rows.push_back(std::move(result));
      }
    }
  }
  batch.clear();  // it refers to this call's rows
  for (const auto& [label, count] : context.status_counts) results.status_counts[*label] += count;
  return results;
}

void finish_row(RowContext& context, const CsvRecord& record, DecodedRow& row, const DecisionBatch* batch,
                std::size_t in_batch, const Decision* decision, Results& results, RowResult& result) {
  const Program& program = context.program;
  const DataTable& table = context.table;
  const bool keep_trace = context.keep_trace;
  {
    for (std::string* text : {&result.status, &result.symbol, &result.colour, &result.direction,
                              &result.computed_status, &result.computed_direction, &result.override_reason,
                              &result.explanation, &result.rule, &result.direction_rule, &result.error}) {
      text->clear();
    }
    result.error_field = 0;
    result.overrides = 0;
    static const std::string kNoLabel;
    context.status = &kNoLabel;  // every row without an error sets its label below
    result.line = record.line;
    const Observation& facts = row.facts;
    // Written into the reused strings: no string is built per row.
    result.indicator = facts.indicator.empty() ? table.cell(record, Field::indicator) : facts.indicator;
    result.period = context.period_of(facts, record);
    result.section = row.section;
    result.actual.clear();
    if (!row.error.empty()) {
      result.actual = table.cell(record, Field::actual);
    } else if (facts.actual) {
      append_display(result.actual, *facts.actual, facts.percent);
    }
    result.target.clear();
    if (row.error.empty() && facts.target) {
      append_target(result.target, *facts.target, facts.percent);
    } else {
      result.target = table.cell(record, Field::target);
    }
    if (keep_trace) {
      results.observations.emplace_back();
      results.outcomes.emplace_back();
    }
    if (row.error.empty()) {
      Outcome outcome = batch->outcome(in_batch, *decision);
      append_explanation(result.explanation, program, facts, outcome);  // empty for an error
      if (keep_trace) outcome.explanation = result.explanation;
      if (keep_trace) {
        results.observations.back() = facts;
        results.outcomes.back() = outcome;
      }
      if (!outcome.error.empty()) {
        row.error = outcome.error;
      } else {
        const Key& key = status_key(program, facts);
        const Status& status = key.statuses[*outcome.status];
        result.computed_status = status.label;
        result.status = status.label;
        context.status = &status.label;
        result.symbol = status.symbol;
        result.colour = status.colour;
        result.rule = context.sources(outcome.status_source);
        if (outcome.direction) {
          const RuleSet& direction = program.directions[*outcome.direction_block];
          result.direction = program.keys[direction.key].statuses[*outcome.direction].label;
          result.computed_direction = result.direction;
          result.direction_rule = context.sources(outcome.direction_source);
        }
        // An officer's overrides: a status (or direction) of the same key, with a reason.
        const std::string reason(trim(table.cell(record, Field::override_reason)));
        const std::string override_label(trim(table.cell(record, Field::status_override)));
        const std::string direction_label(trim(table.cell(record, Field::direction_override)));
        if (outcome.manual && (!override_label.empty() || !direction_label.empty())) {
          row.error = "a status set by hand is changed in its status column, not overridden";
        } else if ((!override_label.empty() || !direction_label.empty()) && reason.empty()) {
          row.error = "an override needs an override_reason saying why the computed outcome is set aside";
        }
        if (row.error.empty() && !override_label.empty()) {
          if (const Status* chosen = find_status(key, override_label)) {
            result.status = chosen->label;
            context.status = &chosen->label;
            result.symbol = chosen->symbol;
            result.colour = chosen->colour;
            result.override_reason = reason;
            result.explanation = fmt::format("overridden to {} ({}); computed {}", chosen->label, reason,
                                             result.explanation);
            ++results.overrides;
            ++result.overrides;
          } else {
            row.error = fmt::format("status_override \"{}\" is not a status of key `{}`", override_label, key.name);
          }
        }
        if (row.error.empty() && !direction_label.empty()) {
          const auto& direction_index = outcome.direction_block;
          const Key* arrows = direction_index ? &program.keys[program.directions[*direction_index].key] : nullptr;
          const Status* chosen = arrows ? find_status(*arrows, direction_label) : nullptr;
          if (chosen) {
            result.explanation = fmt::format("direction overridden to {} ({}); computed {}", chosen->label, reason,
                                             result.explanation.empty() ? "-" : result.explanation);
            result.direction = chosen->label;
            result.override_reason = reason;
            ++results.overrides;
            ++result.overrides;
          } else {
            row.error = fmt::format("direction_override \"{}\" is not a direction in the rule set", direction_label);
          }
        }
      }
    }
    if (!row.error.empty()) {
      result.error = row.error;
      result.error_field = row.error_field;
      result.status.clear();
      result.symbol.clear();
      result.colour.clear();
      result.direction.clear();
      result.computed_status.clear();
      result.computed_direction.clear();
      result.override_reason.clear();
      result.rule.clear();
      result.direction_rule.clear();
      result.explanation = fmt::format("error on line {}: {}", record.line, row.error);
      ++results.error_rows;
    } else {
      context.count_status();
    }
  }
}

// The fields below are written as finish_row fills them in and append_csv_row writes
// them; decimals and targets are shown without ',', '"' or line ends, so never quoted.
bool finish_row_csv(RowContext& context, const CsvRecord& record, const DecodedRow& row, const DecisionBatch& batch,
                    std::size_t in_batch, const Decision& decision, const CsvDirect& direct) {
  const Program& program = context.program;
  const DataTable& table = context.table;
  // An override is checked (and may make an error row) by finish_row.
  if (!trim(table.cell(record, Field::status_override)).empty() ||
      !trim(table.cell(record, Field::direction_override)).empty()) {
    return false;
  }
  const Outcome outcome = batch.outcome(in_batch, decision);
  if (!outcome.error.empty() || outcome.manual || !outcome.status) return false;
  const Observation& facts = row.facts;
  if (!context.status_fields) context.status_fields.emplace(program);
  const StatusFields& fields = *context.status_fields;
  const Key& key = status_key(program, facts);
  const auto key_index = static_cast<std::size_t>(&key - program.keys.data());
  const std::string* direction = nullptr;  // the direction's field, or none
  if (outcome.direction) {
    direction = &fields.label[program.directions[*outcome.direction_block].key][*outcome.direction];
  }
  context.explanation.clear();
  append_explanation(context.explanation, program, facts, outcome);

  std::string& out = *direct.out;
  const auto field = [&out](std::string_view text) {
    append_csv_field(out, text);
    out.push_back(',');
  };
  field(facts.indicator.empty() ? table.cell(record, Field::indicator) : std::string_view(facts.indicator));
  field(context.period_of(facts, record));
  field(row.section);
  if (facts.actual) append_display(out, *facts.actual, facts.percent);
  out.push_back(',');
  if (facts.target) {
    append_target(out, *facts.target, facts.percent);
    out.push_back(',');
  } else {
    field(table.cell(record, Field::target));
  }
  out += fields.shown[key_index][*outcome.status];  // status, symbol, colour
  out += direction != nullptr ? std::string_view(*direction) : ","sv;
  out += fields.label[key_index][*outcome.status];  // computed_status
  out += direction != nullptr ? std::string_view(*direction) : ","sv;  // computed_direction
  out.push_back(',');  // override_reason
  field(context.explanation);
  out += context.sources.field(outcome.status_source);
  out += direction != nullptr ? std::string_view(context.sources.field(outcome.direction_source)) : ","sv;
  out += ",sha256:"sv;  // an empty error, then the fingerprint
  out += direct.info->fingerprint;
  out.push_back('\n');
  context.status = &key.statuses[*outcome.status].label;
  context.count_status();
  return true;
}

}  // namespace

}  // namespace runtime
