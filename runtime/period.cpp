// Period parsing and printing.
#include "runtime/period.hpp"

#include <array>
#include <cctype>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace runtime {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"january", "february", "march",     "april",
                                                          "may",     "june",     "july",      "august",
                                                          "september", "october", "november", "december"};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

std::optional<int> digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "2013-14" / "2013/14" -> 2013 when the second part is the following year.
std::optional<int> financial_year(std::string_view text) {
  if (text.size() != 7 || (text[4] != '-' && text[4] != '/')) return std::nullopt;
  const auto first = digits(text.substr(0, 4), 4);
  const auto second = digits(text.substr(5, 2), 2);
  if (!first || !second || (*first + 1) % 100 != *second) return std::nullopt;
  return *first;
}

std::optional<int> quarter(std::string_view text) {
  if (text.size() != 2 || (text[0] != 'Q' && text[0] != 'q') || text[1] < '1' || text[1] > '4') return std::nullopt;
  return text[1] - '1';
}

std::optional<int> month_name(std::string_view text) {
  std::string lower;
  for (const char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    if (lower.size() >= 3 && kMonthNames[i].substr(0, lower.size()) == lower) return static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Period> Period::parse(std::string_view text) {
  text = trim(text);
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) {
    if (const auto year = financial_year(text)) return Period{Kind::year, *year};
    if (text.size() == 7 && text[4] == '-') {
      const auto year = digits(text.substr(0, 4), 4);
      const auto month = digits(text.substr(5, 2), 2);
      if (year && month && *month >= 1 && *month <= 12) return Period{Kind::month, *year * 12 + *month - 1};
    }
    return std::nullopt;
  }
  const std::string_view first = text.substr(0, space);
  const std::string_view second = trim(text.substr(space + 1));
  if (const auto year = financial_year(first)) {
    if (const auto q = quarter(second)) return Period{Kind::quarter, *year * 4 + *q};
  }
  if (const auto year = financial_year(second)) {
    if (const auto q = quarter(first)) return Period{Kind::quarter, *year * 4 + *q};
  }
  if (const auto month = month_name(first)) {
    if (const auto year = digits(second, 4)) return Period{Kind::month, *year * 12 + *month};
  }
  return std::nullopt;
}

std::string Period::to_string() const {
  std::string text;
  append_to(text);
  return text;
}

void Period::append_to(std::string& out) const {
  const auto floor_div = [](std::int32_t a, std::int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
  // Compiled formats into a local buffer: written once per output row.
  char buffer[48];
  char* end = buffer;
  switch (kind) {
    case Kind::year:
      end = fmt::format_to(buffer, FMT_COMPILE("{:04}-{:02}"), ordinal, (ordinal + 1) % 100);
      break;
    case Kind::quarter: {
      const std::int32_t year = floor_div(ordinal, 4);
      end = fmt::format_to(buffer, FMT_COMPILE("{:04}-{:02} Q{}"), year, (year + 1) % 100, ordinal - year * 4 + 1);
      break;
    }
    case Kind::month: {
      const std::int32_t year = floor_div(ordinal, 12);
      const std::int32_t month = ordinal - year * 12 + 1;
      // "2001-02" reads as the financial year 2001-02: such months are written "Feb 2001".
      if (month == (year + 1) % 100) {
        const std::string_view name = kMonthNames[static_cast<std::size_t>(month - 1)].substr(0, 3);
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(name[0]))));
        out.append(name.substr(1));
        end = fmt::format_to(buffer, FMT_COMPILE(" {:04}"), year);
      } else {
        end = fmt::format_to(buffer, FMT_COMPILE("{:04}-{:02}"), year, month);
      }
      break;
    }
  }
  out.append(buffer, end);
}

Period Period::year_before() const {
  switch (kind) {
    case Kind::year:
      return Period{kind, ordinal - 1};
    case Kind::quarter:
      return Period{kind, ordinal - 4};
    case Kind::month:
      return Period{kind, ordinal - 12};
  }
  return *this;
}

}  // namespace runtime
