// Reading a large data file in windows of whole CSV records, so that `eval` can make
// passes over it in bounded memory. Every record is read exactly as read_csv reads it
// from the whole text, with its real line number.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

#include "runtime/csv.hpp"

namespace cli {

struct DataWindow {
  std::string text;            // the window's bytes as in the file (the first includes the header)
  std::size_t first_line = 1;  // line number of text's first line
  runtime::CsvTable table;     // records with real line numbers; header only in the first window
  bool parsed = true;          // false: `table` is left empty (next_unparsed), see records()
};

class DataWindows {
 public:
  // Reads `file` (not owned) from its current position, about `window_bytes` at a time.
  DataWindows(std::FILE* file, std::size_t window_bytes);

  // The next window of records, or false at the end of the file (or on a read error;
  // see failed()). A record is only handed out once the text after it shows where it
  // ends, so a quoted field never straddles two windows.
  bool next(DataWindow& window);
  // The same, but the window is cut after the last record that ends in it without reading
  // its records (window.parsed is false: read them with records(), on any thread); the
  // first window, and one record longer than the window, are read as next() reads them.
  bool next_unparsed(DataWindow& window);
  [[nodiscard]] bool failed() const { return failed_; }

  // The records of a window's text as next() gave them, read again from the text alone
  // (for a later pass that knows where the windows were cut): `first` for the window
  // holding the header, `first_line` its window's first_line.
  [[nodiscard]] static runtime::CsvTable records(std::string_view text, bool first, std::size_t first_line);

 private:
  bool fill(std::size_t wanted);

  std::FILE* file_;
  std::size_t window_bytes_;
  std::string buffer_;         // unread bytes, starting at line `line_`
  std::size_t line_ = 1;
  bool first_ = true;
  bool eof_ = false;
  bool failed_ = false;
};

}  // namespace cli
