// Windows of whole CSV records over a data file (see data_windows.hpp).
#include "cli/data_windows.hpp"

#include <algorithm>

namespace cli {
namespace {

// Byte offset in `text` where line `line` (1-based, counted as read_csv counts: CRLF,
// LF and a lone CR each end a line) starts, or npos.
std::size_t line_start(std::string_view text, std::size_t line) {
  std::size_t current = 1;
  std::size_t at = 0;
  while (current < line) {
    const std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) return std::string_view::npos;
    at = end + 1;
    if (text[end] == '\r' && at < text.size() && text[at] == '\n') ++at;
    ++current;
  }
  return at;
}

// Where the last whole record that ends with LF ends in `text` (which starts at a record
// start), reading quotes as read_csv does: a quote opens a quoted field only at a field's
// start (after ',', CR or LF, or at the start of the text), and the field runs to its
// closing quote ("" is a quote inside); any other quote is text. So an LF outside quoted
// fields ends a record. The text is searched quote to quote, not byte by byte: this runs
// on the thread that reads the file, once per window. 0 when no such record ends in the
// text, or a quote may be cut short.
std::size_t last_record_end(std::string_view text) {
  std::size_t cut = 0;
  const auto after_last_lf = [&text, &cut](std::size_t from, std::size_t to) {  // [from, to) is outside quotes
    const std::size_t lf = text.substr(from, to - from).rfind('\n');
    if (lf != std::string_view::npos) cut = from + lf + 1;
  };
  std::size_t outside = 0;  // start of the text outside quoted fields being searched
  std::size_t at = 0;
  for (;;) {
    const std::size_t quote = text.find('"', at);
    if (quote == std::string_view::npos) break;
    const char before = quote == 0 ? '\n' : text[quote - 1];
    if (before != ',' && before != '\n' && before != '\r') {  // a quote inside a field
      at = quote + 1;
      continue;
    }
    after_last_lf(outside, quote);
    std::size_t close = quote + 1;
    for (;;) {
      close = text.find('"', close);
      if (close == std::string_view::npos || close + 1 >= text.size()) return cut;  // may go on
      if (text[close + 1] != '"') break;
      close += 2;  // "" inside the quotes
    }
    outside = at = close + 1;
  }
  after_last_lf(outside, text.size());
  return cut;
}

}  // namespace

DataWindows::DataWindows(std::FILE* file, std::size_t window_bytes)
    : file_(file), window_bytes_(std::max<std::size_t>(window_bytes, 64)) {}

bool DataWindows::fill(std::size_t wanted) {
  while (!eof_ && buffer_.size() < wanted) {
    const std::size_t old_size = buffer_.size();
    buffer_.resize(wanted);
    const std::size_t read = std::fread(buffer_.data() + old_size, 1, wanted - old_size, file_);
    buffer_.resize(old_size + read);
    if (read == 0) {
      eof_ = true;
      if (std::ferror(file_) != 0) failed_ = true;
    }
  }
  return !failed_;
}

runtime::CsvTable DataWindows::records(std::string_view text, bool first, std::size_t first_line) {
  runtime::CsvTable table;
  if (!first) {
    table.records = runtime::read_csv_records(text, first_line);
    return table;
  }
  table = runtime::read_csv(text);
  for (auto& record : table.records) record.line += first_line - 1;
  return table;
}

bool DataWindows::next_unparsed(DataWindow& window) {
  if (first_) return next(window);  // the header is read from the first window
  if (!fill(window_bytes_)) return false;
  if (buffer_.empty()) return false;
  std::size_t cut = buffer_.size();
  if (!eof_) {
    cut = last_record_end(buffer_);
    if (cut == 0) return next(window);  // one record longer than the window
  }
  window.text.assign(buffer_.data(), cut);
  window.first_line = line_;
  window.table = runtime::CsvTable{};
  window.parsed = false;
  line_ += runtime::csv_line_ends(window.text);
  buffer_.erase(0, cut);
  return true;
}

bool DataWindows::next(DataWindow& window) {
  window.parsed = true;
  std::size_t wanted = window_bytes_;
  for (;;) {
    if (!fill(wanted)) return false;
    if (buffer_.empty()) return false;
    // Cut after the last line end (or take everything at the end of the file).
    std::size_t cut = buffer_.size();
    if (!eof_) {
      const std::size_t last = buffer_.find_last_of('\n');
      cut = last == std::string::npos ? 0 : last + 1;
    }
    const std::string_view bytes(buffer_.data(), cut);
    runtime::CsvTable table = cut == 0 ? runtime::CsvTable{} : records(bytes, first_, line_);
    std::size_t keep = table.records.size();
    // The last record may continue past the cut unless this is the end of the file.
    if (!eof_ || cut < buffer_.size()) keep = keep == 0 ? 0 : keep - 1;
    const bool header_only = first_ && cut > 0 && table.records.empty();
    // A header that seems broken may only be cut short: read on before believing it.
    const bool header_in_doubt = first_ && !eof_ && !table.error.empty();
    if (header_in_doubt || (keep == 0 && !(eof_ && cut == buffer_.size()) && !header_only)) {
      wanted = std::max(buffer_.size(), wanted) * 2;  // one record longer than the window
      continue;
    }
    std::size_t consumed = cut;
    std::size_t next_line = 0;
    if (keep < table.records.size()) {
      next_line = table.records[keep].line - line_ + 1;  // relative to the window's first line
      consumed = line_start(bytes, next_line);
    }
    table.records.resize(keep);
    window.text.assign(buffer_.data(), consumed);
    window.first_line = line_;
    window.table = std::move(table);
    // Count the lines consumed (including empty ones) to know where the rest starts.
    line_ += next_line != 0 ? next_line - 1 : runtime::csv_line_ends(window.text);
    buffer_.erase(0, consumed);
    first_ = false;
    return true;
  }
}

}  // namespace cli
