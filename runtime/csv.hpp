// RFC 4180 CSV reading and writing. The reader keeps every record with the line it
// started on so that a bad row can be reported and never vanishes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace runtime {

// Limits on hostile input: a record over either is an error record (see read_csv).
inline constexpr std::size_t kMaxCsvFieldBytes = 64U * 1024U;
inline constexpr std::size_t kMaxCsvLineBytes = 1024U * 1024U;

struct CsvRecord {
  std::size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
  std::string error;  // non-empty: the record could not be read cleanly (reason)
  std::size_t error_field = 0;  // 1-based field the error is in; 0: the whole record
};

struct CsvTable {
  std::vector<std::string> header;  // first record, a leading UTF-8 BOM removed
  std::vector<CsvRecord> records;   // every later record, blank lines skipped
  std::string error;                // non-empty when there is no header at all, or the
                                    // header has an unterminated quoted field
};

// Splits text into records: ',' separated, '"' quoted with '""' for a quote, CRLF or
// LF line ends (a lone CR also ends a line; line ends inside quotes are kept as written
// and counted), a trailing newline optional. Empty lines are skipped but counted. Text
// after a closing quote is kept ("ab"c → abc). A quote that is never closed makes that
// record an error ("unterminated quoted field") holding the rest of the input; a quote
// in the middle of an unquoted field is kept as text. A field over kMaxCsvFieldBytes
// makes the record an error (the field kept empty); a record over kMaxCsvLineBytes is an
// error with no fields. A NUL byte or invalid UTF-8 in a field makes the record an
// error, the bad bytes replaced by U+FFFD. None of these stops the reading.
CsvTable read_csv(std::string_view text);
// The same, every record read byte by byte (read_csv splits plain records at their commas
// in one scan; a test checks the two agree).
CsvTable read_csv_in_full(std::string_view text);

// Quotes a field for output when it holds ',', '"', CR or LF.
std::string csv_escape(std::string_view field);

}  // namespace runtime
