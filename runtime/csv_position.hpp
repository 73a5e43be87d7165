// Where a cell of a data file is, as a person finds it in an editor: line and column.
// Used for messages about error rows; the reader itself keeps only each record's line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace runtime {

struct TextPosition {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in characters (a UTF-8 sequence counts once)
};

// Indexes the line starts of a data file once, counting line ends as read_csv does
// (CRLF, LF and a lone CR each end one line; a leading BOM is not a column).
class CsvLocator {
 public:
  explicit CsvLocator(std::string_view text);

  // The start of field `field` (1-based) of the record that starts on `line`; a field
  // past the end of the record is placed where the record ends. Quoted fields may span
  // lines, so the field may start on a later line than the record.
  [[nodiscard]] TextPosition locate(std::size_t line, std::size_t field) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace runtime
