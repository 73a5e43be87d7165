// Output writers. Every output carries the rule set's fingerprint and the version.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "runtime/evaluate.hpp"

namespace runtime {

struct OutputInfo {
  std::string_view fingerprint;
  std::string_view version;
  std::string_view council;
};

// CSV, one row per input row in input order; the last column is the fingerprint.
[[nodiscard]] std::string write_csv(const Results& results, const OutputInfo& info);
// The same, a piece at a time: the header line, and one row appended to `out`.
[[nodiscard]] std::string csv_header();
void append_csv_row(std::string& out, const RowResult& row, const OutputInfo& info);
// One field as csv_escape() writes it, appended to `out`.
void append_csv_field(std::string& out, std::string_view field);
// JSON object: fingerprint, version, council, rows (same fields as CSV) and summary.
[[nodiscard]] std::string write_json(const Results& results, const OutputInfo& info);
// The same, a piece at a time: the opening up to the rows' `[`, one row appended to `out`
// (rows are separated by a ","), and the closing, whose summary needs every row counted.
struct RowCounts {
  std::size_t rows = 0;
  std::size_t error_rows = 0;
  std::size_t overrides = 0;
  std::map<std::string, std::size_t> status_counts;  // as Results::status_counts

  void count(const RowResult& row);
  RowCounts& operator+=(const RowCounts& other);
  // Takes off counts included in these (a status counted nowhere else is dropped).
  RowCounts& operator-=(const RowCounts& other);
};
[[nodiscard]] std::string json_opening(const OutputInfo& info);
void append_json_row(std::string& out, const RowResult& row);
[[nodiscard]] std::string json_closing(const RowCounts& counts);
// One line per status with its count, and the row accounting, for people.
[[nodiscard]] std::string write_summary(const Results& results);

[[nodiscard]] std::string json_escape(std::string_view text);
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace runtime
