// RFC 4180 CSV reading and writing (see csv.hpp). The reader is one pass over the
// text that counts every line end, including those inside quoted fields, so each
// record knows the line it started on.
#include "runtime/csv.hpp"

namespace runtime {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Reads records one at a time from a cursor over the whole text.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  [[nodiscard]] bool at_end() const { return position_ >= text_.size(); }

  // Skips empty lines (nothing between two line ends), counting them.
  void skip_empty_lines() {
    while (!at_end() && consume_line_end()) {
    }
  }

  CsvRecord read_record() {
    CsvRecord record;
    record.line = line_;
    for (;;) {
      std::string field;
      if (!at_end() && text_[position_] == '"') {
        if (!read_quoted(field)) {
          record.fields.push_back(std::move(field));
          record.error = "unterminated quoted field";
          return record;
        }
      }
      read_unquoted(field);  // after a closing quote, stray text is kept as written
      record.fields.push_back(std::move(field));
      if (!at_end() && text_[position_] == ',') {
        ++position_;
        continue;
      }
      consume_line_end();  // or the end of the text
      return record;
    }
  }

 private:
  // Consumes CRLF, LF or a lone CR at the cursor and counts the line.
  bool consume_line_end() {
    if (at_end()) {
      return false;
    }
    if (text_[position_] == '\n') {
      ++position_;
    } else if (text_[position_] == '\r') {
      ++position_;
      if (!at_end() && text_[position_] == '\n') {
        ++position_;
      }
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  // Text up to the next ',' or line end; quotes in it are ordinary characters.
  void read_unquoted(std::string& field) {
    // A plain loop: find_first_of calls memchr on the set for every character.
    std::size_t stop = position_;
    while (stop < text_.size() && text_[stop] != ',' && text_[stop] != '\r' && text_[stop] != '\n') ++stop;
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
      count_lines_in(content);
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

  // Line ends inside quoted content: CRLF, LF and a lone CR each count once.
  void count_lines_in(std::string_view content) {
    for (std::size_t index = 0; index < content.size(); ++index) {
      if (content[index] == '\n' ||
          (content[index] == '\r' && (index + 1 == content.size() || content[index + 1] != '\n'))) {
        ++line_;
      }
    }
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

CsvTable read_csv(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) {
    text.remove_prefix(kByteOrderMark.size());
  }
  CsvTable table;
  CsvReader reader(text);
  bool have_header = false;
  for (;;) {
    reader.skip_empty_lines();
    if (reader.at_end()) {
      break;
    }
    CsvRecord record = reader.read_record();
    if (!have_header) {
      have_header = true;
      table.header = std::move(record.fields);
      if (!record.error.empty()) {
        table.error = "the header row has an " + record.error;
      }
      continue;
    }
    table.records.push_back(std::move(record));
  }
  if (!have_header) {
    table.error = "there is no header row; the file is empty";
  }
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
