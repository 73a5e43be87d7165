// Cell decoding: every form councils type, per role, with the expected result beside it.
#include "runtime/cell.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using runtime::Cell;
using runtime::CellKind;
using runtime::CellRole;
using runtime::CellUnit;
using runtime::Decimal;
using runtime::TargetWord;

namespace {

struct Expected {
  CellKind kind = CellKind::blank;
  std::string_view value = "0";
  std::string_view high = "0";
  CellUnit unit = CellUnit::plain;
  bool bound_below = false;
  bool strict = false;
  TargetWord word = TargetWord::none;
  std::string_view error = {};
};

struct Row {
  std::string_view text;
  CellRole role;
  Expected expected;
};

Expected blank() { return {}; }
Expected not_available() { return {.kind = CellKind::not_available}; }
Expected number(std::string_view value, CellUnit unit = CellUnit::plain) {
  return {.kind = CellKind::number, .value = value, .unit = unit};
}
Expected range(std::string_view low, std::string_view high, CellUnit unit = CellUnit::plain) {
  return {.kind = CellKind::range, .value = low, .high = high, .unit = unit};
}
Expected below(std::string_view value, bool strict, CellUnit unit = CellUnit::plain) {
  return {.kind = CellKind::bound, .value = value, .unit = unit, .bound_below = true,
          .strict = strict};
}
Expected above(std::string_view value, bool strict, CellUnit unit = CellUnit::plain) {
  return {.kind = CellKind::bound, .value = value, .unit = unit, .strict = strict};
}
Expected word(TargetWord target_word) { return {.kind = CellKind::word, .word = target_word}; }
Expected error(std::string_view reason) { return {.kind = CellKind::error, .error = reason}; }

Decimal decimal(std::string_view text) {
  const auto parsed = Decimal::parse(text);
  if (!parsed) {
    throw std::invalid_argument("bad decimal in test table: " + std::string(text));
  }
  return *parsed;
}

constexpr auto kValue = CellRole::value;
constexpr auto kTarget = CellRole::target;
constexpr auto kTolerance = CellRole::tolerance;
constexpr auto kPercent = CellUnit::percent;
constexpr auto kMoney = CellUnit::money;

void check(const Row& row) {
  const Cell cell = runtime::parse_cell(row.text, row.role);
  BOOST_TEST(static_cast<int>(cell.kind) == static_cast<int>(row.expected.kind));
  BOOST_TEST(cell.error == row.expected.error);
  BOOST_TEST((cell.value == decimal(row.expected.value)), cell.value.to_string());
  BOOST_TEST((cell.high == decimal(row.expected.high)), cell.high.to_string());
  BOOST_TEST(static_cast<int>(cell.unit) == static_cast<int>(row.expected.unit));
  BOOST_TEST(cell.bound_below == row.expected.bound_below);
  BOOST_TEST(cell.strict == row.expected.strict);
  BOOST_TEST(static_cast<int>(cell.word) == static_cast<int>(row.expected.word));
}

void check_all(const auto& rows) {
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT("cell `" << row.text << "` role " << static_cast<int>(row.role)) {
      check(row);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cell)

BOOST_AUTO_TEST_CASE(blank_and_not_available) {
  const Row rows[] = {
      {"", kValue, blank()},
      {"  ", kTarget, blank()},
      {"\t\xC2\xA0 ", kTolerance, blank()},
      {"n/a", kValue, not_available()},
      {"N/A", kTarget, not_available()},
      {"NA", kTolerance, not_available()},
      {"TBC", kValue, not_available()},
      {"tbd", kValue, not_available()},
      {"-", kValue, not_available()},
      {" - ", kTarget, not_available()},
      {"\xE2\x80\x93", kValue, not_available()},  // en dash
      {"\xE2\x80\x94", kValue, not_available()},  // em dash
      {"Nil return", kValue, not_available()},
      {"n/a *", kValue, not_available()},
  };
  check_all(rows);
}

BOOST_AUTO_TEST_CASE(numbers_as_councils_write_them) {
  const Row rows[] = {
      {"82.62%", kValue, number("82.62", kPercent)},
      {"1,406,685", kValue, number("1406685")},
      {"1,234.5", kValue, number("1234.5")},
      {"£1.286m", kValue, number("1286000", kMoney)},
      {"£54M", kValue, number("54000000", kMoney)},
      {"£800k", kValue, number("800000", kMoney)},
      {"£1.2bn", kValue, number("1200000000", kMoney)},
      {"£2 million", kValue, number("2000000", kMoney)},
      {"£20,000", kValue, number("20000", kMoney)},
      {"-£5", kValue, number("-5", kMoney)},
      {"£-5", kValue, number("-5", kMoney)},
      {"57.5% *", kValue, number("57.5", kPercent)},
      {"12\xE2\x80\xA0", kValue, number("12")},  // dagger footnote
      {"91% (615)", kValue, number("91", kPercent)},
      {"98% (543)", kValue, number("98", kPercent)},
      {"59.7% (Dec 2021)", kValue, number("59.7", kPercent)},
      {"59.7% (Apr-Jun (Q1)) *", kValue, number("59.7", kPercent)},
      {"19 out of 20", kValue, number("95", kPercent)},
      {"83637 out of 95345", kValue, number("87.720383869106927473910535", kPercent)},
      {"1,200 OUT OF 1,600", kTolerance, number("75", kPercent)},
      {"20.55 days", kValue, number("20.55")},
      {"3 calls", kValue, number("3")},
      {"12 points", kValue, number("12")},
      {"4.5 tonnes", kValue, number("4.5")},
      {"5 per cent", kValue, number("5", kPercent)},
      {"5 percent", kValue, number("5", kPercent)},
      {"-5", kValue, number("-5")},
      {"+5", kValue, number("5")},
      {"- 5", kValue, number("-5")},
      {"-0", kValue, number("0")},
      {"0%", kValue, number("0", kPercent)},
      {" 12 ", kValue, number("12")},
      {"\xC2\xA0" "12\xC2\xA0%\xC2\xA0", kValue, number("12", kPercent)},
      {"12.50", kValue, number("12.50")},
      {"95%", kTarget, number("95", kPercent)},
      {"5", kTolerance, number("5")},
  };
  check_all(rows);
}

BOOST_AUTO_TEST_CASE(target_bounds_ranges_and_words) {
  const Row rows[] = {
      {"<10.00%", kTarget, below("10.00", true, kPercent)},
      {"<=10", kTarget, below("10", false)},
      {"<= 10", kTarget, below("10", false)},
      {"\xE2\x89\xA4 10%", kTarget, below("10", false, kPercent)},  // ≤
      {">95%", kTarget, above("95", true, kPercent)},
      {">= 95%", kTarget, above("95", false, kPercent)},
      {"\xE2\x89\xA5" "95%", kTarget, above("95", false, kPercent)},  // ≥
      {"95% to 97%", kTarget, range("95", "97", kPercent)},
      {"95% TO 97%", kTarget, range("95", "97", kPercent)},
      {"15% - 35%", kTarget, range("15", "35", kPercent)},
      {"15%-35%", kTarget, range("15", "35", kPercent)},
      {"75% - 95%", kTarget, range("75", "95", kPercent)},
      {"15\xE2\x80\x93" "35%", kTarget, range("15", "35", kPercent)},  // en dash
      {"15 - 35", kTarget, range("15", "35")},
      {"-10 - -5", kTarget, range("-10", "-5")},
      {"£1m - £2m", kTarget, range("1000000", "2000000", kMoney)},
      {"2 to 4 days", kTarget, range("2", "4")},
      {"5% to 5%", kTarget, range("5", "5", kPercent)},
      {"1% to 2%", kTolerance, range("1", "2", kPercent)},
      {"2 - 3", kTolerance, range("2", "3")},
      {"Baseline", kTarget, word(TargetWord::baseline)},
      {"baseline (2023)", kTarget, word(TargetWord::baseline)},
      {"Trend Information", kTarget, word(TargetWord::no_target)},
      {"Trend", kTarget, word(TargetWord::no_target)},
      {"No target", kTarget, word(TargetWord::no_target)},
      {"No  target", kTarget, word(TargetWord::no_target)},
      {"No target - tracking indicator only", kTarget, word(TargetWord::no_target)},
      {"No target \xE2\x80\x93 tracking indicator only", kTarget, word(TargetWord::no_target)},
      {"No target tracking purposes only", kTarget, word(TargetWord::no_target)},
      {"Target under review", kTarget, word(TargetWord::under_review)},
      {"Under review", kTarget, word(TargetWord::under_review)},
      {"UNDER REVIEW", kTarget, word(TargetWord::under_review)},
  };
  check_all(rows);
}

BOOST_AUTO_TEST_CASE(errors_name_the_cell_and_give_a_hint) {
  const Row rows[] = {
      {"1e400", kValue, error("`1e400` uses an exponent; write the number in full, as in `1200`")},
      {"2.5E-3", kValue,
       error("`2.5E-3` uses an exponent; write the number in full, as in `1200`")},
      {" --5 ", kValue, error("`--5` has two signs; write a single `-` or none")},
      {"+-5", kValue, error("`+-5` has two signs; write a single `-` or none")},
      {"5%%", kValue, error("`5%%` has two percent signs; write a single `%`")},
      {"5% percent", kValue, error("`5% percent` has two percent signs; write a single `%`")},
      {"99999999999999999999999999999999999", kValue,
       error("`99999999999999999999999999999999999` has more than 30 significant digits; "
             "round it")},
      {"0.0000000000000000000000000000001", kValue,
       error("`0.0000000000000000000000000000001` has more than 30 decimal places; round it")},
      {"abc", kValue,
       error("`abc` is not a number; write digits such as `12.5`, `82%` or `£1.2m`")},
      {"12 -", kValue,
       error("`12 -` is not a number; write digits such as `12.5`, `82%` or `£1.2m`")},
      {"5 to", kValue,
       error("`5 to` is not a number; write digits such as `12.5`, `82%` or `£1.2m`")},
      {"1 406 685", kValue,
       error("`1 406 685` is not a number; write digits such as `12.5`, `82%` or `£1.2m`")},
      {"£5%", kValue, error("`£5%` mixes `£` and `%`; write either money or a percentage")},
      {"££5", kValue, error("`££5` has two `£` signs; write a single `£`")},
      {"1,23,4", kValue,
       error("`1,23,4` has misplaced thousands separators; group digits in threes, as in "
             "`1,234,567`")},
      {"1.234,5", kValue,
       error("`1.234,5` has misplaced thousands separators; group digits in threes, as in "
             "`1,234,567`")},
      {"12..5", kValue, error("`12..5` has more than one decimal point; write one `.` at most")},
      {"5m", kValue,
       error("`5m` has a multiplier without `£`; write `£` before the number or the number in "
             "full")},
      {"£5m k", kValue,
       error("`£5m k` has a misplaced multiplier; write it right after the number, as in "
             "`£1.2m`")},
      {"£999999999999999999999999999999bn", kValue,
       error("`£999999999999999999999999999999bn` is too large; write a smaller number")},
      {"(615)", kValue,
       error("`(615)` has a note but no number; write the number before the note")},
      {"95% to 97%", kValue, error("`95% to 97%` is a range; this column needs a single number")},
      {"<10%", kValue, error("`<10%` is a bound; this column needs a single number")},
      {"<10%", kTolerance, error("`<10%` is a bound; a tolerance needs a number or a range")},
      {"Baseline", kValue, error("`Baseline` is a target word; this column needs a single number")},
      {"No target", kTolerance,
       error("`No target` is a target word; a tolerance needs a number or a range")},
      {"5 out of 0", kValue,
       error("`5 out of 0` divides by zero; the count after `out of` must not be 0")},
      {"5 out of 10%", kValue,
       error("`5 out of 10%` counts with `%` or `£`; write two plain counts, as in "
             "`19 out of 20`")},
      {"35% - 15%", kTarget,
       error("`35% - 15%` has its low end above its high end; write the smaller number first")},
      {"£1m - 5%", kTarget,
       error("`£1m - 5%` mixes units; write both ends the same way, as in `£1m to £2m`")},
      {"£1 - 2m", kTarget,
       error("`£1 - 2m` has a multiplier without `£`; write `£` before the number or the "
             "number in full")},
      {"<10 - 20", kTarget,
       error("`<10 - 20` is not a number; write digits such as `12.5`, `82%` or `£1.2m`")},
  };
  check_all(rows);
}

// Every string of up to `longest` symbols over `alphabet` (a symbol may be several bytes).
std::vector<std::string> all_strings(const std::vector<std::string_view>& alphabet, int longest) {
  std::vector<std::string> texts;
  std::vector<std::string> level = {""};
  for (int length = 1; length <= longest; ++length) {
    std::vector<std::string> next;
    for (const auto& prefix : level) {
      for (const std::string_view symbol : alphabet) next.push_back(prefix + std::string(symbol));
    }
    texts.insert(texts.end(), next.begin(), next.end());
    level = std::move(next);
  }
  return texts;
}

// The cells the shortcut tests below try: edge cases by hand, then every short string over
// the characters the shortcut looks at (and some it must leave alone).
std::vector<std::string> shortcut_texts() {
  std::vector<std::string> texts = {
      "0", "-0", "-0.0", "007", "0.50", "68.87%", "-4", "1174", "-12.5%", "5.", ".5", "5.%", "-.5", "-5.",
      "-", "%", "-%", "1.2.3", "--5", "5%%", "1e5", "1E5", "5e", "5 e", "5 e5", " 12 ", "12 %", "1,174",
      "+5", "\xC2\xA0" "12", "12\xC2\xA0", "12\t", "\t12", "12\n",
      // 18, 19 and 20 digits, with and without leading zeros, a point, a sign and '%'
      "123456789012345678", "1234567890123456789", "12345678901234567890", "9999999999999999999",
      "18446744073709551615", "18446744073709551616", "-9999999999999999999", "99999999999999999999",
      "0000000000000000000001", "00000000000000000000", "0.0000000000000000001", "0.00000000000000000001",
      "1.234567890123456789", "1.2345678901234567890", "999,999,999,999,999,999", "9,999,999,999,999,999,999",
      "99999999999999999999999999999999999999999", "0.0000000000000000000000000000001",
      "0.000000000000000000000000000000", "123456789012345678901234567890", "1.000000000000000000000000000000",
      // grouping
      "1,234", "12,345.5", "1,23", "1,2345", "1234,567", ",123", "1,234,", "1,,234", "-1,234%",
      "1,234,567.891", "12,345,678", "123,4567", "1,234.5,6", "0,123", "1,000.", "1,000.5%", "1,000.12345",
      "1,0", "1,00", "1,000,00", "1.234,567",
      // unit words: taken by the shortcut, or words it must leave to the full decoder
      "20.55 days", "3 calls", "12 points", "-4.5 Tonnes", "1,234 days", "5 DAYS", "5 a", "5 e", "5 cent",
      "5 averylongunitword", "5% days", "5 days%", "5  days", "5 days ", "5 days x", "5\tdays", "5days",
      "5 day2", "5 d-ays", "5 k", "5 K", "5 thousand", "5 m", "5 M", "5 mn", "5 million", "5 Million",
      "5 bn", "5 BN", "5 billion", "5 to", "5 To", "5 out", "5 of", "5 percent", "5 Percent", "5 per",
      "5 per cent", "5 thousands", "5 millions", "5 kg", "5 ms", "5 mm", "5 tons", "5 offs", "5 pe",
      "5 n/a", "5 \xC2\xA3", "£5 days", "5 (Dec)", "5 days *", "5 out of 6", "5 to 6",
  };
  // Every string of up to five symbols over digits, the separators, signs, a blank, a letter,
  // '£' and 'k' (a multiplier), and of up to six over the number characters alone.
  for (auto& text : all_strings({"0", "1", "9", ",", ".", "-", "%", " ", "\xC2\xA3", "a", "k"}, 5)) {
    texts.push_back(std::move(text));
  }
  for (auto& text : all_strings({"0", "5", ",", ".", "-", "%"}, 6)) texts.push_back(std::move(text));
  return texts;
}

constexpr CellRole kRoles[] = {CellRole::value, CellRole::target, CellRole::tolerance};

// parse_cell decodes plain numbers by a shortcut: it must give exactly the cell the full
// decoder gives, for every string it takes and every one it leaves alone.
BOOST_AUTO_TEST_CASE(plain_number_shortcut_matches_the_full_decoder) {
  for (const auto& text : shortcut_texts()) {
    for (const CellRole role : kRoles) {
      const Cell fast = runtime::parse_cell(text, role);
      const Cell full = runtime::parse_cell_in_full(text, role);
      BOOST_TEST_CONTEXT("`" << text << "` role " << static_cast<int>(role)) {
        BOOST_TEST(static_cast<int>(fast.kind) == static_cast<int>(full.kind));
        BOOST_TEST(fast.value.to_string() == full.value.to_string());
        BOOST_TEST(fast.high.to_string() == full.high.to_string());
        BOOST_TEST(static_cast<int>(fast.unit) == static_cast<int>(full.unit));
        BOOST_TEST(fast.bound_below == full.bound_below);
        BOOST_TEST(fast.strict == full.strict);
        BOOST_TEST(static_cast<int>(fast.word) == static_cast<int>(full.word));
        BOOST_TEST(fast.error == full.error);
      }
    }
  }
}

// parse_cell_kind answers "is this a number" without decoding; it must agree with the full
// decoder on every cell.
BOOST_AUTO_TEST_CASE(cell_kind_matches_the_full_decoder) {
  for (const auto& text : shortcut_texts()) {
    for (const CellRole role : kRoles) {
      BOOST_TEST_CONTEXT("`" << text << "` role " << static_cast<int>(role)) {
        BOOST_TEST(static_cast<int>(runtime::parse_cell_kind(text, role)) ==
                   static_cast<int>(runtime::parse_cell_in_full(text, role).kind));
      }
    }
  }
}

// Cells the shortcut takes, with their values written out: a mistake shared by the
// shortcut and the full decoder would pass the comparisons above.
BOOST_AUTO_TEST_CASE(plain_number_shortcut_values) {
  const Row rows[] = {
      {"68.87%", kValue, number("68.87", kPercent)},
      {"4,698", kValue, number("4698")},
      {"-1,234,567.125", kValue, number("-1234567.125")},
      {"9999999999999999999", kValue, number("9999999999999999999")},
      {"0.0000000000000000001", kValue, number("0.0000000000000000001")},
      {"20.55 days", kValue, number("20.55")},
      {"-0", kValue, number("0")},
  };
  check_all(rows);
}

BOOST_AUTO_TEST_SUITE_END()
