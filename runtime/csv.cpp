// RFC 4180 CSV reading and writing (see csv.hpp). The reader is one pass over the
// text that counts every line end, including those inside quoted fields, so each
// record knows the line it started on. The scanner walks records the same way (sharing
// the reader's small steps) and leaves any record it cannot give as views to the reader.
#include "runtime/csv.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace runtime {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence (not NUL) at text[at], or 0 (RFC 3629: no overlong
// forms, surrogates or code points above U+10FFFF).
std::size_t valid_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x80U) return byte == 0 ? 0 : 1;
  std::size_t length = 0;
  if (byte >= 0xC2U && byte <= 0xDFU) {
    length = 2;
  } else if ((byte & 0xF0U) == 0xE0U) {
    length = 3;
  } else if (byte >= 0xF0U && byte <= 0xF4U) {
    length = 4;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[at + k]) & 0xC0U) != 0x80U) return 0;
  }
  const auto second = static_cast<unsigned char>(text[at + 1]);
  if ((byte == 0xE0U && second < 0xA0U) || (byte == 0xEDU && second > 0x9FU) || (byte == 0xF0U && second < 0x90U) ||
      (byte == 0xF4U && second > 0x8FU)) {
    return 0;
  }
  return length;
}

// Offset of the first NUL byte or invalid UTF-8 in text, or npos.
std::size_t bad_byte_at(std::string_view text) {
  // Most fields are plain ASCII with no NUL: one cheap test per byte settles them.
  bool plain = true;
  for (const char c : text) plain &= static_cast<unsigned char>(static_cast<unsigned char>(c) - 1U) < 0x7FU;
  if (plain) return std::string_view::npos;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = valid_sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

// The text with each NUL byte and invalid UTF-8 byte replaced by U+FFFD, so that error
// rows can echo their cells in valid output.
std::string replace_bad_bytes(std::string_view text) {
  std::string result;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = valid_sequence_length(text, at);
    if (length == 0) {
      result.append(kReplacementCharacter);
      ++at;
    } else {
      result.append(text.substr(at, length));
      at += length;
    }
  }
  return result;
}

// Length of the line end at text[at]: 2 for CRLF, 1 for LF or a lone CR, else 0.
std::size_t line_end_length(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (text[at] == '\n') return 1;
  if (text[at] != '\r') return 0;
  return at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
}

// Where an unquoted field starting at `at` ends: the next ',' or line end. A plain loop:
// find_first_of calls memchr on the set for every character.
std::size_t unquoted_end(std::string_view text, std::size_t at) {
  while (at < text.size() && text[at] != ',' && text[at] != '\r' && text[at] != '\n') ++at;
  return at;
}

// Reads records one at a time from a cursor over the whole text.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text, std::size_t line = 1) : text_(text), line_(line) {}

  [[nodiscard]] bool at_end() const { return position_ >= text_.size(); }

  // Skips empty lines (nothing between two line ends), counting them.
  void skip_empty_lines() {
    while (!at_end() && consume_line_end()) {
    }
  }

  CsvRecord read_record() {
    CsvRecord record;
    record.fields.reserve(fields_);  // as many as the record before
    record.line = line_;
    const std::size_t start = position_;
    for (;;) {
      std::string field;
      if (!at_end() && text_[position_] == '"') {
        if (!read_quoted(field)) {
          keep(record, std::move(field), start);
          if (record.error.empty()) {
            record.error = "unterminated quoted field";
            record.error_field = record.fields.size();
          }
          return record;
        }
      }
      read_unquoted(field);  // after a closing quote, stray text is kept as written
      keep(record, std::move(field), start);
      if (!at_end() && text_[position_] == ',') {
        ++position_;
        continue;
      }
      consume_line_end();  // or the end of the text
      fields_ = record.fields.size();
      return record;
    }
  }

 private:
  // Adds a field to the record unless a limit is exceeded: an oversized field is kept
  // empty, and once the record is over the line limit its fields are dropped (the rest
  // is still read, to find where the record ends). Either makes the record an error.
  void keep(CsvRecord& record, std::string field, std::size_t start) const {
    if (position_ - start > kMaxCsvLineBytes) {
      if (record.error.empty() || !record.fields.empty()) {
        record.fields.clear();
        record.fields.shrink_to_fit();
        record.error = fmt::format("the line is longer than {} bytes, over the limit for a line", kMaxCsvLineBytes);
        record.error_field = 0;
      }
      return;
    }
    if (field.size() > kMaxCsvFieldBytes) {
      if (record.error.empty()) {
        record.error = fmt::format("field {} is {} bytes, over the limit of {} bytes for a field",
                                   record.fields.size() + 1, field.size(), kMaxCsvFieldBytes);
        record.error_field = record.fields.size() + 1;
      }
      field.clear();
    }
    if (const std::size_t bad = bad_byte_at(field); bad != std::string_view::npos) {
      if (record.error.empty()) {
        const auto byte = static_cast<unsigned char>(field[bad]);
        record.error = byte == 0 ? fmt::format("field {} holds a NUL byte; save the file as UTF-8 text",
                                               record.fields.size() + 1)
                                 : fmt::format("field {} holds the invalid UTF-8 byte 0x{:02X}; save the file as UTF-8",
                                               record.fields.size() + 1, byte);
        record.error_field = record.fields.size() + 1;
      }
      field = replace_bad_bytes(field);
    }
    record.fields.push_back(std::move(field));
  }

  // Consumes CRLF, LF or a lone CR at the cursor and counts the line.
  bool consume_line_end() {
    const std::size_t length = line_end_length(text_, position_);
    if (length == 0) return false;
    position_ += length;
    ++line_;
    return true;
  }

  // Text up to the next ',' or line end; quotes in it are ordinary characters.
  void read_unquoted(std::string& field) {
    const std::size_t stop = unquoted_end(text_, position_);
    field.append(text_.substr(position_, stop - position_));
    position_ = stop;
  }

  // The cursor is on an opening quote. Appends the field's content and returns false
  // when the closing quote is missing (the rest of the text is then the content).
  bool read_quoted(std::string& field) {
    ++position_;
    for (;;) {
      const std::size_t quote = text_.find('"', position_);
      const std::size_t stop = quote == std::string_view::npos ? text_.size() : quote;
      const std::string_view content = text_.substr(position_, stop - position_);
      line_ += csv_line_ends(content);
      field.append(content);
      if (quote == std::string_view::npos) {
        position_ = text_.size();
        return false;
      }
      position_ = quote + 1;
      if (!at_end() && text_[position_] == '"') {  // "" is one quote
        field.push_back('"');
        ++position_;
        continue;
      }
      return true;
    }
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
  std::size_t fields_ = 0;  // fields of the last record read
};

}  // namespace

std::size_t csv_line_ends(std::string_view text) {
  if (text.empty()) return 0;
  // Without branches, so that the compiler vectorises it: `eval` counts every window's
  // lines on the thread that reads the file (3.5 times faster than a loop with ||).
  std::size_t count = 0;
  const std::size_t last = text.size() - 1;
  for (std::size_t index = 0; index < last; ++index) {
    const char c = text[index];
    count += static_cast<std::size_t>((c == '\n') | ((c == '\r') & (text[index + 1] != '\n')));
  }
  return count + static_cast<std::size_t>(text[last] == '\n' || text[last] == '\r');
}

void CsvScanner::read_block(std::size_t at) {
  const std::size_t length = std::min<std::size_t>(64, text_.size() - at);
  block_ = at;
  block_end_ = at + length;
  const char* bytes = text_.data() + at;
  std::array<char, 64> padded{};  // the last bytes of the text, followed by zeros
  if (length < 64) {
    std::memcpy(padded.data(), bytes, length);
    bytes = padded.data();
  }
  std::uint64_t stops = 0;
  std::uint64_t unusual = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: each comparison gives 0xFF in the bytes equal to its
  // character, and movemask gathers the bytes' high bits (so a byte of 0x80 and above
  // marks itself in `unusual`).
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  for (unsigned part = 0; part < 4; ++part) {
    __m128i chunk;
    std::memcpy(&chunk, bytes + 16 * part, sizeof chunk);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, comma), _mm_cmpeq_epi8(chunk, cr)), _mm_cmpeq_epi8(chunk, lf));
    const __m128i odd = _mm_or_si128(chunk, _mm_cmpeq_epi8(chunk, zero));
    stops |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(stop))} << (16 * part);
    unusual |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(odd))} << (16 * part);
  }
#else
  for (unsigned i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    stops |= std::uint64_t{c == ',' || c == '\r' || c == '\n'} << i;
    unusual |= std::uint64_t{c == 0 || c >= 0x80U} << i;
  }
#endif
  const std::uint64_t within = length == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << length) - 1U;
  stops_ = stops & within;
  unusual_ = unusual & within;
}

std::size_t CsvScanner::field_end(std::size_t at, bool& clean) {
  for (;;) {
    if (at >= text_.size()) return at;
    if (at < block_ || at >= block_end_) read_block(at);
    const auto offset = static_cast<unsigned>(at - block_);
    const std::uint64_t from = ~std::uint64_t{0} << offset;  // the bytes from `at` on
    const std::uint64_t stops = stops_ & from;
    if (stops != 0) {
      const int stop = std::countr_zero(stops);
      const std::uint64_t before = from & ((std::uint64_t{1} << stop) - 1U);
      if ((unusual_ & before) != 0) clean = false;
      return block_ + static_cast<std::size_t>(stop);
    }
    if ((unusual_ & from) != 0) clean = false;
    at = block_end_;
  }
}

bool CsvScanner::next(CsvSpan& span, std::vector<std::string_view>& fields) {
  for (std::size_t length = 0; (length = line_end_length(text_, position_)) > 0; position_ += length) ++line_;
  if (position_ >= text_.size()) return false;
  span.begin = position_;
  span.line = line_;
  span.plain = true;
  fields.clear();
  // The walk is read_record's, without copying: fields are only kept while the record
  // is plain, but every quote is followed to find where the record ends.
  for (;;) {
    std::size_t begin = position_;
    std::size_t end = 0;
    bool clean = true;  // the field is ASCII without NUL: bad_byte_at would find nothing
    if (position_ < text_.size() && text_[position_] == '"') {
      clean = false;  // checked below
      begin = ++position_;
      for (;;) {
        const std::size_t quote = text_.find('"', position_);
        const std::size_t stop = quote == std::string_view::npos ? text_.size() : quote;
        line_ += csv_line_ends(text_.substr(position_, stop - position_));
        if (quote == std::string_view::npos) {  // unterminated: an error record holding the rest
          span.end = position_ = text_.size();
          span.plain = false;
          return true;
        }
        position_ = quote + 1;
        if (position_ < text_.size() && text_[position_] == '"') {  // "" is one quote: not a view
          span.plain = false;
          ++position_;
          continue;
        }
        end = quote;
        break;
      }
      const std::size_t stop = unquoted_end(text_, position_);
      if (stop != position_) span.plain = false;  // text after the closing quote is kept
      position_ = stop;
    } else {
      position_ = end = field_end(position_, clean);
    }
    if (span.plain) {
      const std::string_view field = text_.substr(begin, end - begin);
      if (field.size() > kMaxCsvFieldBytes || (!clean && bad_byte_at(field) != std::string_view::npos)) {
        span.plain = false;
      }
      fields.push_back(field);
    }
    if (position_ < text_.size() && text_[position_] == ',') {
      ++position_;
      continue;
    }
    if (position_ - span.begin > kMaxCsvLineBytes) span.plain = false;  // as read_record measures it
    const std::size_t length = line_end_length(text_, position_);
    if (length > 0) ++line_;
    span.end = position_ += length;
    return true;
  }
}

CsvRecord read_csv_record(std::string_view text, std::size_t line) {
  CsvReader reader(text, line);
  return reader.read_record();
}

CsvRecord plain_csv_record(const CsvSpan& span, const std::vector<std::string_view>& fields) {
  CsvRecord record;
  record.line = span.line;
  record.fields.reserve(fields.size());
  for (const std::string_view field : fields) record.fields.emplace_back(field);
  return record;
}

namespace {

// Adds a record read from a table's text: the first is the header.
void add_record(CsvTable& table, bool& have_header, CsvRecord record) {
  if (have_header) {
    table.records.push_back(std::move(record));
    return;
  }
  have_header = true;
  table.header = std::move(record.fields);
  if (!record.error.empty()) {
    table.error = record.error.starts_with("unterminated") ? "the header row has an " + record.error
                                                            : "in the header row, " + record.error;
  }
}

// Calls each(record) for every record of `text`, which starts on line `first_line`: plain
// records (nearly all) are taken from the scanner's views, only the others read byte by
// byte.
template <typename Each>
void scan_records(std::string_view text, std::size_t first_line, const Each& each) {
  for_each_csv_record(
      text, first_line,
      [&each](const CsvSpan& span, const std::vector<std::string_view>& fields) { each(plain_csv_record(span, fields)); },
      each);
}

}  // namespace

CsvTable read_csv(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  CsvTable table;
  bool have_header = false;
  scan_records(text, 1, [&table, &have_header](CsvRecord record) { add_record(table, have_header, std::move(record)); });
  if (!have_header) table.error = "there is no header row; the file is empty";
  return table;
}

std::vector<CsvRecord> read_csv_records(std::string_view text, std::size_t first_line) {
  std::vector<CsvRecord> records;
  scan_records(text, first_line, [&records](CsvRecord record) { records.push_back(std::move(record)); });
  return records;
}

CsvTable read_csv_in_place(std::string_view text, std::size_t first_line) {
  CsvTable table;
  // Where each record's views start in `cells` and how many (none: read by the reader),
  // made into spans once `cells` has stopped growing.
  std::vector<std::pair<std::size_t, std::size_t>> placed;
  for_each_csv_record(
      text, first_line,
      [&table, &placed](const CsvSpan& span, const std::vector<std::string_view>& fields) {
        table.records.emplace_back().line = span.line;
        placed.emplace_back(table.cells.size(), fields.size());
        table.cells.insert(table.cells.end(), fields.begin(), fields.end());
      },
      [&table, &placed](CsvRecord record) {
        table.records.push_back(std::move(record));
        placed.emplace_back(0, 0);
      });
  const std::span<const std::string_view> cells(table.cells);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (placed[i].second > 0) table.records[i].views = cells.subspan(placed[i].first, placed[i].second);
  }
  return table;
}

CsvTable read_csv_in_full(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  CsvTable table;
  bool have_header = false;
  CsvReader reader(text);
  for (;;) {
    reader.skip_empty_lines();
    if (reader.at_end()) break;
    add_record(table, have_header, reader.read_record());
  }
  if (!have_header) table.error = "there is no header row; the file is empty";
  return table;
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string quoted = "\"";
  for (const char character : field) {
    if (character == '"') {
      quoted.push_back('"');
    }
    quoted.push_back(character);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace runtime
