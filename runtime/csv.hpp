// RFC 4180 CSV reading and writing. The reader keeps every record with the line it
// started on so that a bad row can be reported and never vanishes. The scanner finds the
// same records in place, for a pass that needs only a few cells of each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
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
  // A record read in place (read_csv_in_place): its fields as views, held in its table's
  // `cells`, and `fields` empty. A record has at least one field, so no views: `fields`.
  std::span<const std::string_view> views;

  [[nodiscard]] std::size_t field_count() const { return views.empty() ? fields.size() : views.size(); }
};

struct CsvTable {
  std::vector<std::string> header;  // first record, a leading UTF-8 BOM removed
  std::vector<CsvRecord> records;   // every later record, blank lines skipped
  std::string error;                // non-empty when there is no header at all, or the
                                    // header has an unterminated quoted field
  std::vector<std::string_view> cells;  // the views of records read in place, in order
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
// The same, every record read byte by byte (read_csv takes plain records from CsvScanner's
// views; a test checks the two agree).
CsvTable read_csv_in_full(std::string_view text);

// A record found in place by CsvScanner, for a reader that needs a few cells of every
// record and would waste its time copying all of them into strings.
struct CsvSpan {
  std::size_t begin = 0;  // offset of the record's first byte
  std::size_t end = 0;    // offset after its line end (or the end of the text)
  std::size_t line = 0;   // 1-based line it starts on, counted as read_csv counts
  bool plain = false;     // the fields read are exactly read_csv's, and the record is no error
};

// Walks text record by record, finding the same records (and lines) as read_csv does
// after its header, without copying fields. A plain record's fields are views into the
// text: unquoted, or quoted without a "" inside and nothing after the closing quote,
// valid UTF-8 without NUL, within the limits. Any other record (every error record is
// one) is not plain: read_csv_record reads it exactly as read_csv does. The text starts
// at a record start: no header is read and no BOM removed.
class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text, std::size_t first_line = 1) : text_(text), line_(first_line) {}

  // The next record, blank lines skipped; false at the end of the text. `fields` gets
  // the record's fields when it is plain (unspecified otherwise).
  bool next(CsvSpan& span, std::vector<std::string_view>& fields);

 private:
  // Where an unquoted field starting at `at` ends (the next ',', CR or LF, or the end of
  // the text); `clean` is cleared when a byte before it is NUL or not ASCII.
  std::size_t field_end(std::size_t at, bool& clean);
  void read_block(std::size_t at);

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
  // The 64 bytes (fewer at the end) from block_ to block_end_, read at once: bit i of
  // stops_ is set when byte block_ + i is ',', CR or LF, and of unusual_ when it is NUL
  // or not ASCII. Fields that follow each other are found in one block.
  std::size_t block_ = 0;
  std::size_t block_end_ = 0;
  std::uint64_t stops_ = 0;
  std::uint64_t unusual_ = 0;
};

// The record read_csv reads from `text` (one record's bytes, as CsvSpan gives them) when
// it starts on line `line`.
CsvRecord read_csv_record(std::string_view text, std::size_t line);
// The record read_csv reads for a plain record, from the fields CsvScanner gave.
CsvRecord plain_csv_record(const CsvSpan& span, const std::vector<std::string_view>& fields);

// Walks `text` (from a record start on line `first_line`) with CsvScanner: plain(span,
// fields) for each plain record, its fields as views into `text`, and other(record) with
// the record read_csv_record reads for any other.
template <typename Plain, typename Other>
void for_each_csv_record(std::string_view text, std::size_t first_line, const Plain& plain, const Other& other) {
  CsvScanner scanner(text, first_line);
  CsvSpan span;
  std::vector<std::string_view> fields;
  while (scanner.next(span, fields)) {
    if (span.plain) {
      plain(span, fields);
    } else {
      other(read_csv_record(text.substr(span.begin, span.end - span.begin), span.line));
    }
  }
}

// The records read_csv reads from `text` after its header, for text that starts at a
// record start on line `first_line` and has no header (a later window of a large file).
std::vector<CsvRecord> read_csv_records(std::string_view text, std::size_t first_line);
// The same records, each plain one (CsvScanner) as views into `text` instead of copies:
// `text` must outlive the table, and the records must stay with the table's `cells`
// (moving the table, or its `records` and `cells` together, keeps them valid; copying
// does not).
CsvTable read_csv_in_place(std::string_view text, std::size_t first_line);

// How many lines `text` ends as read_csv counts them: CRLF, LF and a lone CR each once.
std::size_t csv_line_ends(std::string_view text);

// Quotes a field for output when it holds ',', '"', CR or LF.
std::string csv_escape(std::string_view field);

}  // namespace runtime
