// A data file as the evaluator sees it: the CSV records and which column holds each
// field statuskey understands (brief §5). Columns it does not know are kept but unused.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv.hpp"
#include "runtime/program.hpp"

namespace runtime {

enum class Field : std::uint8_t {
#define X(id, name) id,
#include "runtime/fields.def"
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::title) + 1;

[[nodiscard]] std::string_view field_name(Field field);
// The field a column name (as in fields.def) stands for.
[[nodiscard]] std::optional<Field> field_by_name(std::string_view name);

struct DataTable {
  std::string path;
  CsvTable csv;
  std::array<std::optional<std::size_t>, kFieldCount> column{};
  std::vector<std::string> unknown_columns;
  std::string fixed_period;  // from the rule file's `columns { period ... }`, when no column gives one
  std::string error;  // non-empty: the file cannot be evaluated at all (reason)
  // Set by a caller that has made sure no two records share an indicator and a period
  // (eval's first pass over a large file): the evaluator then skips that check.
  bool unique_keys = false;

  [[nodiscard]] bool has(Field field) const { return column[static_cast<std::size_t>(field)].has_value(); }
  // The cell of `field` in `record`, or empty when the column or the cell is absent.
  // Defined here: read several times for every row.
  [[nodiscard]] std::string_view cell(const CsvRecord& record, Field field) const {
    return record.views.empty() ? cell_in(record.fields, field) : cell_in(record.views, field);
  }
  // The same over a record's fields as views (a plain record of CsvScanner).
  [[nodiscard]] std::string_view cell(std::span<const std::string_view> fields, Field field) const {
    return cell_in(fields, field);
  }

 private:
  template <typename Fields>
  [[nodiscard]] std::string_view cell_in(const Fields& fields, Field field) const {
    const auto& index = column[static_cast<std::size_t>(field)];
    if (!index && field == Field::period) return fixed_period;
    if (!index || *index >= fields.size()) return {};
    return fields[*index];
  }
};

// Reads CSV text and maps its header: first by the rule file's own `columns` (headers
// matched ignoring case and surrounding blanks), then by statuskey's field names. Missing
// `indicator`, `period` or `actual` (unless there is a `status` column, for statuses set by
// hand), or a field given by two columns, is a file-level error.
[[nodiscard]] DataTable read_data(std::string path, std::string_view text, const ColumnMapping& mapping = {});

}  // namespace runtime
