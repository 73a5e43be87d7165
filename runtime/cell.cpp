// Decoding one data cell (see cell.hpp). The text is trimmed and trailing notes are
// stripped, then it is tried, in order, as a not-available marker, a target word, a
// bound ("<10%"), "N out of M", a range ("95% to 97%", "15%-35%") and one number.
#include "runtime/cell.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
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

// A number as read_plain_number() reads it: mantissa x 10^-scale, negated when negative.
struct PlainNumber {
  std::uint64_t mantissa = 0;
  int scale = 0;
  bool negative = false;
  bool percent = false;
};

// Words that parse_quantity() does not take as a unit word after a number: the money
// multipliers, the words of ranges and "out of", and '%' spelt out ("per" alone is a
// unit word, "per cent" is two words).
constexpr std::array<std::string_view, 11> kNotUnitWords = {
    "k", "thousand", "m", "mn", "million", "bn", "billion", "to", "out", "of", "percent"};

// True for a run of ASCII letters that parse_quantity() reads as a unit word ("days").
bool is_unit_word(std::string_view word) {
  constexpr std::size_t kLongestNotUnitWord = 8;  // "thousand"
  std::array<char, kLongestNotUnitWord> lowered{};
  for (std::size_t index = 0; index < word.size(); ++index) {
    const char character = word[index];
    if (!((character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z'))) return false;
    if (index < lowered.size()) lowered[index] = to_lower(character);
  }
  if (word.empty()) return false;
  if (word.size() > lowered.size()) return true;
  const std::string_view key(lowered.data(), word.size());
  return std::find(kNotUnitWords.begin(), kNotUnitWords.end(), key) == kNotUnitWords.end();
}

// The commonest cells, "68.87%", "-4", "1,174", "12.5 days": an optional '-', a digit,
// more digits (grouped in threes by ',' or not) with at most one '.' among or after them,
// then nothing, '%', or one space and a unit word. The text must be trimmed already (a cell read here
// starts and ends with no blank, so trimming would not change it). False for anything
// else and for more than 19 digits (which might not fit in 64 bits): the full decoder
// takes those, and gives the cells read here the same cell as this.
bool read_plain_number(std::string_view text, PlainNumber& number) {
  const char* at = text.data();
  const char* const end = at + text.size();
  number.negative = at != end && *at == '-';
  if (number.negative) ++at;
  if (at == end || !is_digit(*at)) return false;
  std::uint64_t mantissa = 0;  // wraps beyond 19 digits, which are refused below
  // Reads the run of digits at `at` into mantissa; returns its length.
  const auto read_digits = [&at, end, &mantissa] {
    const char* const start = at;
    for (; at != end && is_digit(*at); ++at) mantissa = mantissa * 10 + static_cast<std::uint64_t>(*at - '0');
    return at - start;
  };
  std::ptrdiff_t digits = read_digits();
  if (at != end && *at == ',') {  // grouped: 1 to 3 digits, then groups of exactly 3
    if (digits > 3) return false;
    do {
      ++at;
      if (read_digits() != 3) return false;
      digits += 3;
    } while (at != end && *at == ',');
  }
  std::ptrdiff_t scale = 0;
  if (at != end && *at == '.') {
    ++at;
    scale = read_digits();
    digits += scale;
  }
  constexpr int kMostDigits = 19;  // 10^19 - 1 < 2^64
  if (digits > kMostDigits) return false;
  const std::string_view tail(at, static_cast<std::size_t>(end - at));
  number.percent = tail == "%";
  if (!tail.empty() && !number.percent && !(tail.front() == ' ' && is_unit_word(tail.substr(1)))) return false;
  number.mantissa = mantissa;
  number.scale = static_cast<int>(scale);
  return true;
}

void set_plain_number(Cell& cell, const PlainNumber& number) {
  const auto mantissa = static_cast<Decimal::Mantissa>(number.mantissa);
  cell.kind = CellKind::number;
  cell.value = Decimal::from_parts(number.negative ? -mantissa : mantissa, number.scale);
  cell.unit = number.percent ? CellUnit::percent : CellUnit::plain;
}

}  // namespace

Cell parse_cell(std::string_view text, CellRole role) {
  Cell cell;  // one Cell, returned by name on every path
  PlainNumber number;
  if (read_plain_number(text, number)) {
    set_plain_number(cell, number);
    return cell;
  }
  const std::string_view whole = trim(text);
  if (whole.empty()) {
    return cell;
  }
  if (whole.size() != text.size() && read_plain_number(whole, number)) {
    set_plain_number(cell, number);
    return cell;
  }
  cell = parse_cell_in_full(whole, role);
  return cell;
}

CellKind parse_cell_kind(std::string_view text, CellRole role) {
  PlainNumber number;
  if (read_plain_number(text, number)) return CellKind::number;
  return parse_cell(text, role).kind;
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
