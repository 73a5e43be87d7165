// Line and column of a data file's cells (see csv_position.hpp).
#include "runtime/csv_position.hpp"

namespace runtime {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Length of the line end at `at` (CRLF, LF or a lone CR), or 0.
std::size_t line_end_length(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (text[at] == '\n') return 1;
  if (text[at] != '\r') return 0;
  return at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
}

}  // namespace

CsvLocator::CsvLocator(std::string_view text) : text_(text) {
  line_starts_.push_back(text.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0);
  for (std::size_t at = line_starts_.front(); at < text.size();) {
    if (const std::size_t length = line_end_length(text, at)) {
      at += length;
      line_starts_.push_back(at);
    } else {
      ++at;
    }
  }
}

TextPosition CsvLocator::locate(std::size_t line, std::size_t field) const {
  if (line == 0 || line > line_starts_.size()) return TextPosition{line, 1};
  std::size_t at = line_starts_[line - 1];
  std::size_t line_start = at;
  // Skips `field - 1` fields with the reader's rules, following line ends inside quotes.
  for (std::size_t skipped = 1; skipped < field && at < text_.size(); ++skipped) {
    if (text_[at] == '"') {
      ++at;
      while (at < text_.size()) {
        if (text_[at] == '"') {
          ++at;
          if (at < text_.size() && text_[at] == '"') {
            ++at;
            continue;
          }
          break;
        }
        if (const std::size_t length = line_end_length(text_, at)) {
          at += length;
          line_start = at;
          ++line;
        } else {
          ++at;
        }
      }
    }
    while (at < text_.size() && text_[at] != ',' && line_end_length(text_, at) == 0) ++at;
    if (at >= text_.size() || text_[at] != ',') break;
    ++at;
  }
  std::size_t column = 1;
  for (std::size_t i = line_start; i < at; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
  }
  return TextPosition{line, column};
}

}  // namespace runtime
