// Decoding one data cell (see cell.hpp). The text is trimmed and trailing notes are
// stripped, then it is tried, in order, as a not-available marker, a target word, a
// bound ("<10%"), "N out of M", a range ("95% to 97%", "15%-35%") and one number.
#include "runtime/cell.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "runtime/cell_text.hpp"

namespace runtime {
namespace {

using namespace cell_text;  // the text helpers are this file's vocabulary

constexpr std::string_view kPound = "\xC2\xA3";

// Compared after lower-casing, collapsing spaces and writing dashes as '-'.
constexpr std::array<std::string_view, 7> kNotAvailable = {"n/a", "na", "tbc", "tbd",
                                                           "-",   "nil return", "not available"};

struct TargetWordSpelling {
  std::string_view key;  // lower case, dashes as spaces, spaces collapsed
  TargetWord word;
};
constexpr std::array<TargetWordSpelling, 8> kTargetWords = {{
    {"baseline", TargetWord::baseline},
    {"trend", TargetWord::no_target},
    {"trend information", TargetWord::no_target},
    {"no target", TargetWord::no_target},
    {"no target tracking indicator only", TargetWord::no_target},
    {"no target tracking purposes only", TargetWord::no_target},
    {"target under review", TargetWord::under_review},
    {"under review", TargetWord::under_review},
}};

struct Comparison {
  std::string_view spelling;
  bool bound_below;
  bool strict;
};
// Longest spelling first so that "<=" is not read as "<".
constexpr std::array<Comparison, 6> kComparisons = {{
    {"<=", true, false},
    {"\xE2\x89\xA4", true, false},  // ≤
    {">=", false, false},
    {"\xE2\x89\xA5", false, false},  // ≥
    {"<", true, true},
    {">", false, true},
}};

// Money multipliers, allowed only after '£' ("£1.286m", "£800k", "£2 million").
struct Multiplier {
  std::string_view word;  // lower case
  int power_of_ten;
};
constexpr std::array<Multiplier, 7> kMultipliers = {{
    {"k", 3},
    {"thousand", 3},
    {"m", 6},
    {"mn", 6},
    {"million", 6},
    {"bn", 9},
    {"billion", 9},
}};


const Multiplier* find_multiplier(std::string_view word) {
  const std::string lowered = lower_case(word);
  const auto found = std::find_if(kMultipliers.begin(), kMultipliers.end(),
                                  [&](const Multiplier& m) { return m.word == lowered; });
  return found == kMultipliers.end() ? nullptr : &*found;
}

template <typename... Args>
Cell error_cell(fmt::format_string<Args...> format, Args&&... args) {
  Cell cell;
  cell.kind = CellKind::error;
  cell.error = fmt::format(format, std::forward<Args>(args)...);
  return cell;
}

struct Quantity {
  Decimal value;
  CellUnit unit = CellUnit::plain;
};

// A quantity, or (error non-empty) why the text is not one.
struct ParsedQuantity {
  Quantity quantity;
  std::string error;
};

template <typename... Args>
ParsedQuantity quantity_error(fmt::format_string<Args...> format, Args&&... args) {
  return {{}, fmt::format(format, std::forward<Args>(args)...)};
}

std::string not_a_number(std::string_view whole) {
  return fmt::format("`{}` is not a number; write digits such as `12.5`, `82%` or `£1.2m`",
                     whole);
}

// The digits of a number body ("1,406,685.5") without its thousands separators, or
// nothing when the separators are not in groups of three before the point.
std::optional<std::string> without_grouping(std::string_view body) {
  const std::size_t point = body.find('.');
  const std::string_view integer_part = body.substr(0, point);
  if (point != std::string_view::npos && body.find(',', point) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string digits;
  std::size_t group_start = 0;
  for (std::size_t index = 0; index <= integer_part.size(); ++index) {
    if (index < integer_part.size() && integer_part[index] != ',') {
      continue;
    }
    const std::size_t group_length = index - group_start;
    const bool grouped = integer_part.find(',') != std::string_view::npos;
    const bool first = group_start == 0;
    if (grouped && (first ? (group_length < 1 || group_length > 3) : group_length != 3)) {
      return std::nullopt;
    }
    digits.append(integer_part.substr(group_start, group_length));
    group_start = index + 1;
  }
  if (point != std::string_view::npos) {
    digits.append(body.substr(point));
  }
  return digits;
}

int significant_digit_count(std::string_view digits) {
  int count = 0;
  for (const char character : digits) {
    if (is_digit(character) && (count > 0 || character != '0')) {
      ++count;
    }
  }
  return count;
}

// One number with its decorations: sign, '£', digits with ',' grouping, a money
// multiplier, '%' (or "percent", "per cent") and any unit words ("days").
// `whole` is the trimmed cell, named in error messages.
ParsedQuantity parse_quantity(std::string_view part, std::string_view whole) {
  std::string_view rest = trim(part);
  bool negative = false;
  bool has_sign = false;
  bool money = false;
  for (;;) {
    if (rest.starts_with('+') || rest.starts_with('-')) {
      if (has_sign) {
        return quantity_error("`{}` has two signs; write a single `-` or none", whole);
      }
      has_sign = true;
      negative = rest.front() == '-';
      rest = trim_start(rest.substr(1));
    } else if (rest.starts_with(kPound)) {
      if (money) {
        return quantity_error("`{}` has two `£` signs; write a single `£`", whole);
      }
      money = true;
      rest = trim_start(rest.substr(kPound.size()));
    } else {
      break;
    }
  }

  std::size_t body_length = 0;
  while (body_length < rest.size() &&
         (is_digit(rest[body_length]) || rest[body_length] == ',' || rest[body_length] == '.')) {
    ++body_length;
  }
  const std::string_view body = rest.substr(0, body_length);
  if (std::none_of(body.begin(), body.end(), is_digit)) {
    return {{}, not_a_number(whole)};
  }
  rest.remove_prefix(body_length);
  if (rest.starts_with('e') || rest.starts_with('E')) {
    std::string_view exponent = rest.substr(1);
    if (exponent.starts_with('+') || exponent.starts_with('-')) {
      exponent.remove_prefix(1);
    }
    if (!exponent.empty() && is_digit(exponent.front())) {
      return quantity_error("`{}` uses an exponent; write the number in full, as in `1200`",
                            whole);
    }
  }
  if (std::count(body.begin(), body.end(), '.') > 1) {
    return quantity_error("`{}` has more than one decimal point; write one `.` at most", whole);
  }
  const std::optional<std::string> digits = without_grouping(body);
  if (!digits) {
    return quantity_error(
        "`{}` has misplaced thousands separators; group digits in threes, as in `1,234,567`",
        whole);
  }
  std::optional<Decimal> value = Decimal::parse(*digits);
  if (!value) {
    if (significant_digit_count(*digits) > Decimal::kMaxDigits) {
      return quantity_error("`{}` has more than {} significant digits; round it", whole,
                            Decimal::kMaxDigits);
    }
    return quantity_error("`{}` has more than {} decimal places; round it", whole,
                          Decimal::kMaxScale);
  }
  Quantity quantity{negative ? value->negated() : *value,
                    money ? CellUnit::money : CellUnit::plain};
  rest = trim_start(rest);

  if (const Multiplier* multiplier = find_multiplier(leading_word(rest))) {
    if (!money) {
      return quantity_error(
          "`{}` has a multiplier without `£`; write `£` before the number or the number in "
          "full",
          whole);
    }
    const auto scaled = quantity.value.scaled_by_power_of_ten(multiplier->power_of_ten);
    if (!scaled) {
      return quantity_error("`{}` is too large; write a smaller number", whole);
    }
    quantity.value = *scaled;
    rest = trim_start(rest.substr(multiplier->word.size()));
  }

  // Returns an error message, or an empty string when the percent was recorded.
  const auto mark_percent = [&]() -> std::string {
    if (money) {
      return fmt::format("`{}` mixes `£` and `%`; write either money or a percentage", whole);
    }
    if (quantity.unit == CellUnit::percent) {
      return fmt::format("`{}` has two percent signs; write a single `%`", whole);
    }
    quantity.unit = CellUnit::percent;
    return {};
  };
  if (rest.starts_with('%')) {
    if (std::string error = mark_percent(); !error.empty()) {
      return {{}, std::move(error)};
    }
    rest = trim_start(rest.substr(1));
  }

  // Unit words: any run of ASCII letters, except the words that only make sense
  // elsewhere ("to", "out", "of"), multipliers, and "percent" / "per cent" (which mean %).
  while (!rest.empty()) {
    if (rest.starts_with('%')) {
      if (std::string error = mark_percent(); !error.empty()) {
        return {{}, std::move(error)};
      }
      return {{}, not_a_number(whole)};
    }
    const std::string_view word = leading_word(rest);
    if (word.empty()) {
      return {{}, not_a_number(whole)};
    }
    std::string_view after = trim_start(rest.substr(word.size()));
    const std::string lowered = lower_case(word);
    if (find_multiplier(word) != nullptr) {
      return money ? quantity_error("`{}` has a misplaced multiplier; write it right after the "
                                    "number, as in `£1.2m`",
                                    whole)
                   : quantity_error("`{}` has a multiplier without `£`; write `£` before the "
                                    "number or the number in full",
                                    whole);
    }
    if (lowered == "to" || lowered == "out" || lowered == "of") {
      return {{}, not_a_number(whole)};
    }
    const bool per_cent = lowered == "per" && lower_case(leading_word(after)) == "cent";
    if (lowered == "percent" || per_cent) {
      if (std::string error = mark_percent(); !error.empty()) {
        return {{}, std::move(error)};
      }
      if (per_cent) {
        after = trim_start(after.substr(4));
      }
    }
    rest = after;
  }
  return {quantity, {}};
}

// True when text can end the low side of a dash range: a digit, '%', or a money
// multiplier ("£1m-£2m"); "Dec-2021" or "5 days-6" are not split.
bool ends_like_quantity(std::string_view text) {
  text = trim_end(text);
  if (text.empty()) {
    return false;
  }
  if (is_digit(text.back()) || text.back() == '%') {
    return true;
  }
  std::size_t word_start = text.size();
  while (word_start > 0 && is_letter(text[word_start - 1])) {
    --word_start;
  }
  return text.find(kPound) != std::string_view::npos &&
         find_multiplier(text.substr(word_start)) != nullptr;
}

struct RangeParts {
  std::string_view low;
  std::string_view high;
};

// Splits "95% to 97%", "15% - 35%", "15%-35%", "-10 - -5" into their two ends.
std::optional<RangeParts> split_range(std::string_view text) {
  if (const auto keyword = find_keyword(text, "to")) {
    return RangeParts{text.substr(0, keyword->first),
                      text.substr(keyword->first + keyword->second)};
  }
  for (std::size_t at = 1; at < text.size(); ++at) {
    const std::size_t dash_length = leading_dash_length(text.substr(at));
    if (dash_length == 0) {
      continue;
    }
    const std::string_view low = text.substr(0, at);
    const std::string_view high = text.substr(at + dash_length);
    if (ends_like_quantity(low) && !trim(high).empty()) {
      return RangeParts{low, high};
    }
  }
  return std::nullopt;
}

std::string_view role_requirement(CellRole role) {
  switch (role) {
    case CellRole::value:
      return "this column needs a single number";
    case CellRole::target:
      return "a target needs a number, a range, a bound or a target word";
    case CellRole::tolerance:
      return "a tolerance needs a number or a range";
  }
  return "";
}

Cell number_cell(const Quantity& quantity) {
  Cell cell;
  cell.kind = CellKind::number;
  cell.value = quantity.value;
  cell.unit = quantity.unit;
  return cell;
}

Cell parse_out_of(std::string_view whole, std::string_view core,
                  std::pair<std::size_t, std::size_t> keyword) {
  const ParsedQuantity count = parse_quantity(core.substr(0, keyword.first), whole);
  const ParsedQuantity total = parse_quantity(core.substr(keyword.first + keyword.second), whole);
  for (const ParsedQuantity* side : {&count, &total}) {
    if (!side->error.empty()) {
      return error_cell("{}", side->error);
    }
    if (side->quantity.unit != CellUnit::plain) {
      return error_cell(
          "`{}` counts with `%` or `£`; write two plain counts, as in `19 out of 20`", whole);
    }
  }
  if (total.quantity.value.is_zero()) {
    return error_cell("`{}` divides by zero; the count after `out of` must not be 0", whole);
  }
  const auto hundredfold = count.quantity.value.times(Decimal::from_integer(100));
  const auto percentage = hundredfold ? hundredfold->divided_by(total.quantity.value)
                                      : std::nullopt;
  if (!percentage) {
    return error_cell("`{}` is too large; write smaller counts", whole);
  }
  return number_cell({*percentage, CellUnit::percent});
}

Cell parse_range(std::string_view whole, RangeParts parts, CellRole role) {
  const ParsedQuantity low = parse_quantity(parts.low, whole);
  if (!low.error.empty()) {
    return error_cell("{}", low.error);
  }
  const ParsedQuantity high = parse_quantity(parts.high, whole);
  if (!high.error.empty()) {
    return error_cell("{}", high.error);
  }
  if (role == CellRole::value) {
    return error_cell("`{}` is a range; {}", whole, role_requirement(role));
  }
  // One bare end takes the other's '%' ("15-35%"); money needs '£' on both ends.
  CellUnit unit = low.quantity.unit;
  if (low.quantity.unit != high.quantity.unit) {
    const bool percent_and_plain =
        (low.quantity.unit == CellUnit::percent && high.quantity.unit == CellUnit::plain) ||
        (low.quantity.unit == CellUnit::plain && high.quantity.unit == CellUnit::percent);
    if (!percent_and_plain) {
      return error_cell("`{}` mixes units; write both ends the same way, as in `£1m to £2m`",
                        whole);
    }
    unit = CellUnit::percent;
  }
  if (low.quantity.value > high.quantity.value) {
    return error_cell("`{}` has its low end above its high end; write the smaller number first",
                      whole);
  }
  Cell cell;
  cell.kind = CellKind::range;
  cell.value = low.quantity.value;
  cell.high = high.quantity.value;
  cell.unit = unit;
  return cell;
}

}  // namespace

namespace {

// The commonest cells, "68.87%", "-4", "1,174": an optional '-', digits (grouped in
// threes by ',' or not) with at most one '.' between digits, an optional '%', nothing
// else. Anything else (or too many digits for Decimal::parse) is left to the full
// decoder, which gives these the same cell.
std::optional<Cell> plain_number(std::string_view text) {
  std::string_view body = text;
  const bool negative = body.starts_with('-');
  if (negative) body.remove_prefix(1);
  const bool percent = body.ends_with('%');
  if (percent) body.remove_suffix(1);
  if (body.empty() || !is_digit(body.front()) || !is_digit(body.back()) || body.size() > 64) return std::nullopt;
  std::array<char, 64> digits{};
  std::size_t size = 0;
  std::size_t run = 0;         // digits since the last ',' (or the start)
  bool grouped = false;        // a ',' was seen
  bool point = false;
  for (const char c : body) {
    if (is_digit(c)) {
      digits[size++] = c;
      ++run;
      if (grouped && !point && run > 3) return std::nullopt;
    } else if (c == ',' && !point && run >= 1 && run <= 3 && (!grouped || run == 3)) {
      grouped = true;
      run = 0;
    } else if (c == '.' && !point && (!grouped || run == 3)) {
      point = true;
      digits[size++] = c;
      run = 0;
    } else {
      return std::nullopt;
    }
  }
  if (grouped && !point && run != 3) return std::nullopt;
  const std::optional<Decimal> value = Decimal::parse(std::string_view(digits.data(), size));
  if (!value) return std::nullopt;
  return number_cell(Quantity{negative ? value->negated() : *value, percent ? CellUnit::percent : CellUnit::plain});
}

}  // namespace

Cell parse_cell(std::string_view text, CellRole role) {
  const std::string_view whole = trim(text);
  if (whole.empty()) {
    return Cell{};
  }
  if (auto cell = plain_number(whole)) return std::move(*cell);
  return parse_cell_in_full(whole, role);
}

Cell parse_cell_in_full(std::string_view text, CellRole role) {
  const std::string_view whole = trim(text);
  if (whole.empty()) {
    return Cell{};
  }
  const std::string_view core = strip_notes(whole);
  if (core.empty()) {
    return error_cell("`{}` has a note but no number; write the number before the note", whole);
  }

  const std::string key = comparison_key(core, '-');
  if (std::find(kNotAvailable.begin(), kNotAvailable.end(), key) != kNotAvailable.end()) {
    Cell cell;
    cell.kind = CellKind::not_available;
    return cell;
  }
  const std::string word_key = comparison_key(core, ' ');
  const auto spelling =
      std::find_if(kTargetWords.begin(), kTargetWords.end(),
                   [&](const TargetWordSpelling& entry) { return entry.key == word_key; });
  if (spelling != kTargetWords.end()) {
    if (role != CellRole::target) {
      return error_cell("`{}` is a target word; {}", whole, role_requirement(role));
    }
    Cell cell;
    cell.kind = CellKind::word;
    cell.word = spelling->word;
    return cell;
  }

  for (const Comparison& comparison : kComparisons) {
    if (!core.starts_with(comparison.spelling)) {
      continue;
    }
    const ParsedQuantity bound = parse_quantity(core.substr(comparison.spelling.size()), whole);
    if (!bound.error.empty()) {
      return error_cell("{}", bound.error);
    }
    if (role != CellRole::target) {
      return error_cell("`{}` is a bound; {}", whole, role_requirement(role));
    }
    Cell cell = number_cell(bound.quantity);
    cell.kind = CellKind::bound;
    cell.bound_below = comparison.bound_below;
    cell.strict = comparison.strict;
    return cell;
  }

  if (const auto keyword = find_keyword(core, "out of")) {
    return parse_out_of(whole, core, *keyword);
  }
  if (const auto parts = split_range(core)) {
    return parse_range(whole, *parts, role);
  }
  const ParsedQuantity number = parse_quantity(core, whole);
  if (!number.error.empty()) {
    return error_cell("{}", number.error);
  }
  return number_cell(number.quantity);
}

}  // namespace runtime
