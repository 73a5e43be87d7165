// The hand-written reference (see reference.hpp): one buffer, one pass, no allocation
// per row, doubles throughout.
#include "bench/reference.hpp"

#include <charconv>
#include <cstring>

namespace bench {
namespace {

constexpr std::array<std::string_view, 7> kStatus = {"Green+", "Green", "Amber", "Red", "No data", "Trend",
                                                     "Not assessable"};
constexpr std::array<std::string_view, 4> kDirection = {"↑", "↔", "↓", "N/A"};

// Splits one CSV line into at most `max` fields (quotes removed, no "" escapes: the
// generated data has none). Returns the position after the line end.
std::size_t split_line(std::string_view text, std::size_t position, std::string_view* fields, std::size_t max,
                       std::size_t& count) {
  count = 0;
  while (position < text.size()) {
    std::size_t start = position;
    std::size_t end = 0;
    if (text[position] == '"') {
      const std::size_t close = text.find('"', position + 1);
      start = position + 1;
      end = close == std::string_view::npos ? text.size() : close;
      position = end + 1;
    } else {
      while (position < text.size() && text[position] != ',' && text[position] != '\n' && text[position] != '\r') {
        ++position;
      }
      end = position;
    }
    if (count < max) fields[count++] = text.substr(start, end - start);
    if (position >= text.size()) return position;
    const char c = text[position++];
    if (c == ',') continue;
    if (c == '\r' && position < text.size() && text[position] == '\n') ++position;
    return position;
  }
  return position;
}

// "87.03%", "1,174", "20.5 days", "", "n/a": true with the value when it is a number.
bool parse_number(std::string_view cell, double& value) {
  char buffer[64];
  std::size_t length = 0;
  for (const char c : cell) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-') {
      if (length == sizeof buffer) return false;
      buffer[length++] = c;
    } else if (c == ',' || c == '%' || c == ' ') {
      continue;
    } else if (length > 0) {
      break;  // a unit word after the number
    } else {
      return false;
    }
  }
  if (length == 0) return false;
  return std::from_chars(buffer, buffer + length, value).ec == std::errc{};
}

std::int8_t parse_sense(std::string_view cell) {
  if (cell.empty()) return 0;
  const char c = static_cast<char>(cell[0] | 0x20);
  return c == 'h' || c == 'b' ? 1 : c == 'l' || c == 's' ? -1 : 0;
}

struct Columns {
  std::size_t indicator = 0, period = 1, polarity = 2, actual = 3, target = 4, previous = 5;
};

Columns header_columns(std::string_view csv, std::size_t& position) {
  std::string_view fields[32];
  std::size_t count = 0;
  position = split_line(csv, 0, fields, 32, count);
  Columns columns;
  for (std::size_t i = 0; i < count; ++i) {
    if (fields[i] == "indicator") columns.indicator = i;
    if (fields[i] == "period") columns.period = i;
    if (fields[i] == "polarity") columns.polarity = i;
    if (fields[i] == "actual") columns.actual = i;
    if (fields[i] == "target") columns.target = i;
    if (fields[i] == "previous") columns.previous = i;
  }
  return columns;
}

inline std::uint8_t decide_status(bool has_actual, double actual, bool has_target, double target, int sense) {
  if (!has_actual) return 4;
  if (!has_target) return 5;
  if (sense == 0 || target == 0) return 6;
  const double gap = sense * (actual - target) / (target < 0 ? -target : target);
  return gap > 0.10 ? 0 : gap >= -0.05 ? 1 : gap >= -0.10 ? 2 : 3;
}

inline std::uint8_t decide_direction(bool has_actual, double actual, bool has_previous, double previous, int sense) {
  if (!has_actual || !has_previous || previous == 0) return 3;
  const double change = (sense == 0 ? 1 : sense) * (actual - previous) / (previous < 0 ? -previous : previous);
  return change > 0.02 ? 0 : change >= -0.02 ? 1 : 2;
}

}  // namespace

ReferenceCounts reference_eval(std::string_view csv, std::string& out) {
  ReferenceCounts counts;
  std::size_t position = 0;
  const Columns c = header_columns(csv, position);
  out += "indicator,period,actual,target,status,direction\n";
  std::string_view fields[32];
  std::size_t count = 0;
  while (position < csv.size()) {
    position = split_line(csv, position, fields, 32, count);
    if (count <= c.previous) continue;
    double actual = 0;
    double target = 0;
    double previous = 0;
    const bool has_actual = parse_number(fields[c.actual], actual);
    const bool has_target = parse_number(fields[c.target], target);
    const bool has_previous = parse_number(fields[c.previous], previous);
    const int sense = parse_sense(fields[c.polarity]);
    const std::uint8_t status = decide_status(has_actual, actual, has_target, target, sense);
    const std::uint8_t direction = decide_direction(has_actual, actual, has_previous, previous, sense);
    ++counts.rows;
    ++counts.statuses[status];
    out.append(fields[c.indicator]).push_back(',');
    out.append(fields[c.period]).push_back(',');
    out.append(fields[c.actual]).push_back(',');
    out.append(fields[c.target]).push_back(',');
    out.append(kStatus[status]).push_back(',');
    out.append(kDirection[direction]).push_back('\n');
  }
  return counts;
}

ReferenceColumns reference_decode(std::string_view csv) {
  ReferenceColumns columns;
  std::size_t position = 0;
  const Columns c = header_columns(csv, position);
  std::string_view fields[32];
  std::size_t count = 0;
  while (position < csv.size()) {
    position = split_line(csv, position, fields, 32, count);
    if (count <= c.previous) continue;
    double actual = 0;
    double target = 0;
    double previous = 0;
    const bool has_actual = parse_number(fields[c.actual], actual);
    const bool has_target = parse_number(fields[c.target], target);
    const bool has_previous = parse_number(fields[c.previous], previous);
    columns.actual.push_back(actual);
    columns.target.push_back(target);
    columns.previous.push_back(previous);
    columns.sense.push_back(parse_sense(fields[c.polarity]));
    columns.present.push_back(static_cast<std::uint8_t>((has_actual ? 1U : 0U) | (has_target ? 2U : 0U) |
                                                        (has_previous ? 4U : 0U)));
  }
  return columns;
}

std::uint64_t reference_decide(const ReferenceColumns& columns, std::vector<std::uint8_t>& status,
                               std::vector<std::uint8_t>& direction) {
  const std::size_t rows = columns.actual.size();
  status.resize(rows);
  direction.resize(rows);
  std::uint64_t checksum = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const unsigned present = columns.present[i];
    status[i] = decide_status((present & 1U) != 0, columns.actual[i], (present & 2U) != 0, columns.target[i],
                              columns.sense[i]);
    direction[i] = decide_direction((present & 1U) != 0, columns.actual[i], (present & 4U) != 0,
                                    columns.previous[i], columns.sense[i]);
    checksum += status[i] * 4U + direction[i];
  }
  return checksum;
}

}  // namespace bench
