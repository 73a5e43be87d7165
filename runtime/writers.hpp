// Output writers. Every output carries the rule set's fingerprint and the version.
#pragma once

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
// JSON object: fingerprint, version, council, summary and rows (same fields as CSV).
[[nodiscard]] std::string write_json(const Results& results, const OutputInfo& info);
// One line per status with its count, and the row accounting, for people.
[[nodiscard]] std::string write_summary(const Results& results);

[[nodiscard]] std::string json_escape(std::string_view text);

}  // namespace runtime
