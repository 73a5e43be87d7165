// Exact decimals: parsing, printing, checked arithmetic and exact comparison.
#include "runtime/decimal.hpp"
#include "runtime/evaluate.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using runtime::Decimal;

namespace {

constexpr Decimal::Mantissa kMaxMantissa =
    (Decimal::Mantissa{1} << 126) - 1 + (Decimal::Mantissa{1} << 126);

Decimal number(std::string_view text) {
  const auto parsed = Decimal::parse(text);
  if (!parsed) {
    throw std::invalid_argument("bad decimal in test table: " + std::string(text));
  }
  return *parsed;
}

std::string show(const std::optional<Decimal>& value) {
  return value ? value->to_string() : "overflow";
}

// Decimal's 64-bit shortcuts (printing, normalized, minus) are checked against the general
// path's results: these compute them independently, in 128 bits, digit by digit.
__extension__ using Magnitude = unsigned __int128;

std::string text_in_full(Decimal::Mantissa mantissa, int scale) {
  Magnitude size = mantissa < 0 ? Magnitude{0} - static_cast<Magnitude>(mantissa) : static_cast<Magnitude>(mantissa);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(size % 10)));
    size /= 10;
  } while (size != 0);
  const auto places = static_cast<std::size_t>(scale);
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  if (places > 0) digits.insert(digits.size() - places, 1, '.');
  return (mantissa < 0 ? "-" : "") + digits;
}

std::pair<Decimal::Mantissa, int> normalized_in_full(Decimal::Mantissa mantissa, int scale) {
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  return {mantissa, scale};
}

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

// Mantissas either side of the 64-bit shortcuts' limits, and small ones.
const std::vector<Decimal::Mantissa> kEdgeMantissas = {
    0,
    1,
    -1,
    9,
    10,
    -99,
    100,
    6887,
    -613,
    1'000'000'000'000'000'000,
    -999'999'999'999'999'999,
    kInt64Max,
    kInt64Min,
    kInt64Min + 1,
    Decimal::Mantissa{kInt64Max} + 1,
    Decimal::Mantissa{kInt64Min} - 1,
    static_cast<Decimal::Mantissa>(std::numeric_limits<std::uint64_t>::max()),
    -static_cast<Decimal::Mantissa>(std::numeric_limits<std::uint64_t>::max()) - 1,
    Decimal::Mantissa{1} << 64,
    Decimal::Mantissa{kInt64Max} * 1000,
    kMaxMantissa,
    -kMaxMantissa,
};
const std::vector<int> kEdgeScales = {0, 1, 2, 3, 6, 17, 18, 19, 20, 29, 30};

// Random mantissas of every bit length within 64 bits (and some beyond), random scales.
std::vector<Decimal> random_decimals(std::size_t count) {
  std::mt19937_64 random(20261208);
  std::vector<Decimal> values;
  values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned bits = static_cast<unsigned>(random() % 66);
    Decimal::Mantissa mantissa = bits >= 64 ? static_cast<Decimal::Mantissa>(random()) * 3
                                            : static_cast<Decimal::Mantissa>(random() >> (64 - std::max(bits, 1U)));
    if ((random() & 1U) != 0) mantissa = -mantissa;
    // Some with trailing zeros, for normalized().
    if (i % 4 == 0 && bits < 50) {
      for (auto zeros = random() % 5; zeros > 0; --zeros) mantissa *= 10;
    }
    values.push_back(Decimal::from_parts(mantissa, static_cast<int>(random() % (Decimal::kMaxScale + 1))));
  }
  return values;
}

std::vector<Decimal> edge_decimals() {
  std::vector<Decimal> values;
  for (const auto mantissa : kEdgeMantissas) {
    for (const int scale : kEdgeScales) values.push_back(Decimal::from_parts(mantissa, scale));
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decimal)

BOOST_AUTO_TEST_CASE(parses_and_prints) {
  struct Row {
    std::string_view text;
    std::string_view exact;  // to_string(), keeps the scale
    std::string_view plain;  // to_plain(), trailing zeros dropped
  };
  const Row rows[] = {
      {"12.50", "12.50", "12.5"},
      {"-12.50", "-12.50", "-12.5"},
      {"-0.05", "-0.05", "-0.05"},
      {"0", "0", "0"},
      {"-0", "0", "0"},
      {"-0.00", "0.00", "0"},
      {"+7", "7", "7"},
      {"100", "100", "100"},
      {"0.0005", "0.0005", "0.0005"},
      {"007.10", "7.10", "7.1"},
      {".5", "0.5", "0.5"},
      {"5.", "5", "5"},
      {"123456789012345678901234567890", "123456789012345678901234567890",
       "123456789012345678901234567890"},
      // Either side of the 18 digits gathered in 64 bits.
      {"999999999999999999", "999999999999999999", "999999999999999999"},
      {"-1999999999999999999", "-1999999999999999999", "-1999999999999999999"},
      {"18446744073709551616.5", "18446744073709551616.5", "18446744073709551616.5"},
      {"000.123456789012345678901", "0.123456789012345678901", "0.123456789012345678901"},
      {"0000000000000000000000000000000000001", "1", "1"},
      {"0.000000000000000000000000000001", "0.000000000000000000000000000001",
       "0.000000000000000000000000000001"},
      {"0.0000000000000000000000000000000000", "0.000000000000000000000000000000", "0"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT("text `" << row.text << "`") {
      const auto parsed = Decimal::parse(row.text);
      BOOST_TEST_REQUIRE(parsed.has_value());
      BOOST_TEST(parsed->to_string() == row.exact);
      BOOST_TEST(parsed->to_plain() == row.plain);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_plain_number) {
  const std::string_view rows[] = {
      "",
      ".",
      "-",
      "+",
      "+-",
      "+-5",
      "--5",
      "1e5",
      "1E5",
      "1,000",
      " 1",
      "1 ",
      "12..5",
      "1.2.3",
      "abc",
      "5%",
      "1234567890123456789012345678901",    // 31 significant digits
      "1.000000000000000000000000000000",   // trailing zeros are significant
      "0.0000000000000000000000000000001",  // 31 fractional digits
  };
  for (const std::string_view text : rows) {
    BOOST_TEST_CONTEXT("text `" << text << "`") { BOOST_TEST(!Decimal::parse(text).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(builds_from_parts_and_integers) {
  BOOST_TEST(Decimal::from_integer(-42).to_string() == "-42");
  BOOST_TEST(Decimal::from_parts(1250, 2).to_string() == "12.50");
  BOOST_TEST(Decimal::from_parts(-5, 3).to_string() == "-0.005");
  BOOST_TEST(Decimal::from_parts(kMaxMantissa, 0).to_string() ==
             "170141183460469231731687303715884105727");
  BOOST_CHECK_THROW(Decimal::from_parts(1, Decimal::kMaxScale + 1), std::out_of_range);
  BOOST_CHECK_THROW(Decimal::from_parts(1, -1), std::out_of_range);
  BOOST_CHECK_THROW(Decimal::from_parts(-kMaxMantissa - 1, 0), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(sign_negation_and_normalization) {
  struct Row {
    std::string_view text;
    int sign;
    std::string_view negated;
    std::string_view abs;
    std::string_view normalized;
  };
  const Row rows[] = {
      {"12.50", 1, "-12.50", "12.50", "12.5"},
      {"-0.10", -1, "0.10", "0.10", "-0.1"},
      {"0.00", 0, "0.00", "0.00", "0"},
      {"100", 1, "-100", "100", "100"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT("text `" << row.text << "`") {
      const Decimal value = number(row.text);
      BOOST_TEST(value.sign() == row.sign);
      BOOST_TEST(value.is_zero() == (row.sign == 0));
      BOOST_TEST(value.is_negative() == (row.sign < 0));
      BOOST_TEST(value.negated().to_string() == row.negated);
      BOOST_TEST(value.abs().to_string() == row.abs);
      BOOST_TEST(value.normalized().to_string() == row.normalized);
    }
  }
}

BOOST_AUTO_TEST_CASE(compares_exactly) {
  const Decimal max_integer = Decimal::from_parts(kMaxMantissa, 0);
  const Decimal max_tiny = Decimal::from_parts(kMaxMantissa, Decimal::kMaxScale);
  const Decimal tiny = Decimal::from_parts(1, Decimal::kMaxScale);
  struct Row {
    std::string_view name;
    Decimal left;
    Decimal right;
    std::strong_ordering expected;
  };
  const Row rows[] = {
      {"same value, other scale", number("1"), number("1.00"), std::strong_ordering::equal},
      {"zero scales", number("0"), number("-0.000"), std::strong_ordering::equal},
      {"negative below zero", number("-1"), number("0"), std::strong_ordering::less},
      {"fraction digits", number("0.1"), number("0.09"), std::strong_ordering::greater},
      {"negative fractions", number("-0.1"), number("-0.09"), std::strong_ordering::less},
      {"percent threshold", number("82.62"), number("82.6"), std::strong_ordering::greater},
      {"alignment overflows", max_integer, tiny, std::strong_ordering::greater},
      {"alignment overflows, reversed", tiny, max_integer, std::strong_ordering::less},
      {"negative alignment overflows", max_integer.negated(), tiny.negated(),
       std::strong_ordering::less},
      {"negative overflow, reversed", tiny.negated(), max_integer.negated(),
       std::strong_ordering::greater},
      {"huge scales apart", max_integer, max_tiny, std::strong_ordering::greater},
      {"aligned side still smaller", number("2"), max_tiny, std::strong_ordering::less},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      BOOST_TEST((row.left <=> row.right == row.expected));
      BOOST_TEST((row.left == row.right) == (row.expected == std::strong_ordering::equal));
    }
  }
}

BOOST_AUTO_TEST_CASE(checked_arithmetic) {
  using Operation = std::function<std::optional<Decimal>(Decimal, Decimal)>;
  const Operation plus = [](Decimal a, Decimal b) { return a.plus(b); };
  const Operation minus = [](Decimal a, Decimal b) { return a.minus(b); };
  const Operation times = [](Decimal a, Decimal b) { return a.times(b); };
  const Operation divided_by = [](Decimal a, Decimal b) { return a.divided_by(b); };
  const Decimal max_integer = Decimal::from_parts(kMaxMantissa, 0);
  struct Row {
    std::string_view name;
    Decimal left;
    const Operation& operation;
    Decimal right;
    std::string_view expected;  // to_string() of the result, or "overflow"
  };
  const Row rows[] = {
      {"plus keeps the larger scale", number("12.50"), plus, number("1"), "13.50"},
      {"plus negative", number("-0.05"), plus, number("0.05"), "0.00"},
      {"plus overflows", max_integer, plus, number("1"), "overflow"},
      {"plus aligns after normalizing", max_integer, plus, number("1.0"),
       "overflow"},  // 1.0 normalizes to 1, still too large
      {"plus normalizes to fit", Decimal::from_parts(kMaxMantissa / 10 * 10, 0), plus,
       number("-0.0"), "170141183460469231731687303715884105720"},
      {"minus", number("10"), minus, number("0.25"), "9.75"},
      {"minus reaches the most negative mantissa", max_integer.negated(), minus, number("1"),
       "overflow"},
      {"times adds scales", number("1.5"), times, number("2.25"), "3.375"},
      {"times signs", number("-2"), times, number("0.5"), "-1.0"},
      {"times reduces trailing zeros past kMaxScale",
       number("0.000000000000000000000000000010"), times, number("0.10"),
       "0.000000000000000000000000000001"},
      {"times past kMaxScale without zeros", number("0.000000000000001"), times,
       number("0.0000000000000001"), "overflow"},
      {"times overflows", number("100000000000000000000"), times,
       number("100000000000000000000"), "overflow"},
      {"times normalizes to fit", Decimal::from_parts(kMaxMantissa / 10, 0), times,
       number("10.0"), "170141183460469231731687303715884105720"},
      {"one third", number("1"), divided_by, number("3"), "0.333333333333333333333333"},
      {"two thirds round up", number("2"), divided_by, number("3"),
       "0.666666666666666666666667"},
      {"negative third", number("-1"), divided_by, number("3"), "-0.333333333333333333333333"},
      {"quotient is normalized", number("1"), divided_by, number("4"), "0.25"},
      {"scales cancel", number("0.50"), divided_by, number("0.25"), "2"},
      {"percentage", number("8363700"), divided_by, number("95345"),
       "87.720383869106927473910535"},
      {"tie rounds to even (down)", number("1"), divided_by,
       number("2000000000000000000000000"), "0"},
      {"tie rounds to even (up)", number("3"), divided_by, number("2000000000000000000000000"),
       "0.000000000000000000000002"},
      {"dividend finer than quotient, tie down", number("0.0000000000000000000000025"),
       divided_by, number("1"), "0.000000000000000000000002"},
      {"dividend finer than quotient, tie up", number("0.0000000000000000000000015"),
       divided_by, number("1"), "0.000000000000000000000002"},
      {"dividend finer than quotient, above tie", number("0.00000000000000000000000250001"),
       divided_by, number("1"), "0.000000000000000000000003"},
      {"division by zero", number("1"), divided_by, number("0.00"), "overflow"},
      {"quotient overflows", max_integer, divided_by, number("0.001"), "overflow"},
      {"huge divisor", number("1"), divided_by, max_integer, "0"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      BOOST_TEST(show(row.operation(row.left, row.right)) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(scales_by_powers_of_ten) {
  struct Row {
    std::string_view text;
    int exponent;
    std::string_view expected;
  };
  const Row rows[] = {
      {"1.286", 6, "1286000"},
      {"1.286", 3, "1286"},
      {"1.286", 2, "128.6"},
      {"54", 6, "54000000"},
      {"12", -3, "0.012"},
      {"-12.5", 0, "-12.5"},
      {"1", 38, "100000000000000000000000000000000000000"},
      {"2", 38, "overflow"},
      {"1", 1000, "overflow"},
      {"1", -31, "overflow"},
      {"10", -31, "0.000000000000000000000000000001"},
      {"0", 1000, "0"},
      {"0.0", -1000, "0.000000000000000000000000000000"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text << " x 10^" << row.exponent) {
      BOOST_TEST(show(number(row.text).scaled_by_power_of_ten(row.exponent)) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(rounds_to_places_by_each_rule) {
  using runtime::Rounding;
  struct Row {
    const char* value;
    int places;
    Rounding mode;
    const char* expected;
  };
  const Row rows[] = {
      {"75.95", 1, Rounding::half_up, "76.0"},   {"75.949", 1, Rounding::half_up, "75.9"},
      {"-75.95", 1, Rounding::half_up, "-76.0"}, {"75.95", 1, Rounding::half_even, "76.0"},
      {"75.85", 1, Rounding::half_even, "75.8"}, {"75.851", 1, Rounding::half_even, "75.9"},
      {"75.99", 1, Rounding::down, "75.9"},      {"-75.99", 1, Rounding::down, "-75.9"},
      {"75.91", 1, Rounding::up, "76.0"},        {"75.90", 1, Rounding::up, "75.9"},
      {"0.5", 0, Rounding::half_up, "1"},        {"2.5", 0, Rounding::half_even, "2"},
      {"12.5", 2, Rounding::half_up, "12.5"},    {"0.000000000000000000000000000005", 29, Rounding::half_up,
                                                  "0.00000000000000000000000000001"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.value << " to " << row.places << " places") {
      BOOST_TEST(number(row.value).rounded(row.places, row.mode).to_string() == row.expected);
    }
  }
}

// Explanations show a difference as a share ("8.17%") by a shortcut in integers: it must
// give the text exact division and display() give, exact shares and rounding ties included.
BOOST_AUTO_TEST_CASE(share_text_matches_exact_division) {
  const std::vector<std::pair<std::string_view, std::string_view>> rows = {
      {"6.13", "75"},   {"528", "4170"}, {"1", "8"},         {"1", "16"},      {"1", "3"},     {"2", "3"},
      {"1", "200"},     {"1", "2000000"}, {"1", "2000001"},  {"5", "100"},     {"0", "7"},     {"-3.15", "-71"},
      {"1", "0.0003"},  {"0.00001", "3"}, {"123456789.123", "0.001"}, {"1", "1600000"}, {"1", "3200000"},
      {"0.000000000001", "999999999999.999"}, {"999999999999999999", "1"}, {"1", "9999999999999999"},
      // Wholes whose mantissa times 10^12 would wrap around 128 bits (the first to just
      // above 2^128, a denominator that looks small).
      {"9999.99999999999999", "340282366920938463463374608"}, {"0.00000000000001", "340282366920938463463374607431"},
      {"-0.00000000000001", "999999999999999999999999999999"}, {"0.00000000000003", "18446744073709551616"}};
  for (const auto& [part, whole] : rows) {
    BOOST_TEST_CONTEXT(part << " of " << whole) {
      BOOST_TEST(runtime::share_text(number(part), number(whole)) ==
                 runtime::share_text_in_full(number(part), number(whole)));
    }
  }
  BOOST_TEST(runtime::share_text(number("6.13"), number("75")) == "8.17%");
  BOOST_TEST(runtime::share_text(number("1"), number("8")) == "12.5%");
  BOOST_TEST(runtime::share_text(number("1"), number("200000")) == "0.0005%");
  // Random mantissas and scales, many of them near ties (whole a power of 2 or 5 times a
  // small number) and near the shortcut's limits.
  std::mt19937_64 random(20261207);
  const auto draw = [&](int max_digits) {
    std::uniform_int_distribution<int> digits(1, max_digits);
    std::int64_t mantissa = 0;
    const int count = digits(random);
    for (int i = 0; i < count; ++i) mantissa = mantissa * 10 + static_cast<std::int64_t>(random() % 10);
    return mantissa;
  };
  for (int i = 0; i < 200000; ++i) {
    const auto part = Decimal::from_parts(draw(i % 2 == 0 ? 6 : 18) * ((random() & 1U) != 0 ? -1 : 1), static_cast<int>(random() % 10));
    std::int64_t whole_mantissa = draw(i % 3 == 0 ? 4 : 17);
    if (i % 5 == 0) whole_mantissa = std::int64_t{1} << (random() % 40);
    if (i % 7 == 0) whole_mantissa = static_cast<std::int64_t>(std::pow(5, static_cast<double>(random() % 20)));
    if (whole_mantissa == 0) continue;
    const auto whole = Decimal::from_parts(whole_mantissa, static_cast<int>(random() % 10));
    const std::string fast = runtime::share_text(part, whole);
    const std::string full = runtime::share_text_in_full(part, whole);
    if (fast != full) {
      BOOST_TEST(fast == full, part.to_string() << " of " << whole.to_string());
      break;
    }
  }
}

// to_string() and write_to() write mantissas within 64 bits by a shortcut: they must give
// the digit-by-digit text, as the 128-bit path does, within the kMaxTextSize they promise.
BOOST_AUTO_TEST_CASE(prints_as_the_general_path) {
  struct Row {
    Decimal::Mantissa mantissa;
    int scale;
    std::string_view text;
  };
  const Row rows[] = {
      {6887, 2, "68.87"},
      {-5, 1, "-0.5"},
      {5, 3, "0.005"},
      {0, 2, "0.00"},
      {0, 0, "0"},
      {123456789, 4, "12345.6789"},
      {100, 2, "1.00"},
      {kInt64Min, 0, "-9223372036854775808"},
      {kInt64Max, 19, "0.9223372036854775807"},
      {kInt64Min, 30, "-0.000000000009223372036854775808"},
      {1, 30, "0.000000000000000000000000000001"},
      {-kMaxMantissa, 30, "-170141183.460469231731687303715884105727"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) {
      BOOST_TEST(Decimal::from_parts(row.mantissa, row.scale).to_string() == row.text);
      BOOST_TEST(text_in_full(row.mantissa, row.scale) == row.text);
    }
  }
  auto values = edge_decimals();
  const auto random = random_decimals(200000);
  values.insert(values.end(), random.begin(), random.end());
  std::size_t failures = 0;
  for (const Decimal& value : values) {
    const std::string expected = text_in_full(value.mantissa(), value.scale());
    std::array<char, Decimal::kMaxTextSize + 1> buffer;
    buffer.fill('#');
    const char* const end = value.write_to(buffer.data());
    const bool within = end >= buffer.data() && end <= buffer.data() + Decimal::kMaxTextSize && buffer.back() == '#';
    std::string appended = "prefix";
    value.append_to(appended);
    const bool same = within &&
                      std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data())) == expected &&
                      appended == "prefix" + expected && value.to_string() == expected;
    if (!same && ++failures <= 10) {
      BOOST_TEST(same, text_in_full(value.mantissa(), 0) << " at scale " << value.scale() << ": expected " << expected
                                                         << ", got " << value.to_string());
    }
    // The same digits pushed beyond 64 bits (times the least power of ten that does it)
    // take the 128-bit path: its text is this one with as many more zeros.
    const Decimal::Mantissa limit = Decimal::Mantissa{1} << 64;
    if (!value.is_zero() && value.mantissa() < limit && value.mantissa() > -limit) {
      Decimal::Mantissa wide_mantissa = value.mantissa() * 10;
      int zeros = 1;
      while (wide_mantissa < limit && wide_mantissa > -limit) {
        wide_mantissa *= 10;
        ++zeros;
      }
      if (value.scale() + zeros <= Decimal::kMaxScale) {
        const Decimal wide = Decimal::from_parts(wide_mantissa, value.scale() + zeros);
        const std::string wide_expected =
            expected + (value.scale() == 0 ? "." : "") + std::string(static_cast<std::size_t>(zeros), '0');
        if (wide.to_string() != wide_expected && ++failures <= 10) {
          BOOST_TEST(wide.to_string() == wide_expected);
        }
      }
    }
  }
  BOOST_TEST(failures == 0U);
}

// normalized() strips trailing zeros in 64 bits when the mantissa fits.
BOOST_AUTO_TEST_CASE(normalizes_as_the_general_path) {
  auto values = edge_decimals();
  const auto random = random_decimals(200000);
  values.insert(values.end(), random.begin(), random.end());
  std::size_t failures = 0;
  for (const Decimal& value : values) {
    const auto expected = normalized_in_full(value.mantissa(), value.scale());
    const Decimal normalized = value.normalized();
    if ((normalized.mantissa() != expected.first || normalized.scale() != expected.second) && ++failures <= 10) {
      BOOST_TEST(false, value.to_string() << " normalized to " << normalized.to_string() << ", expected "
                                          << Decimal::from_parts(expected.first, expected.second).to_string());
    }
  }
  BOOST_TEST(failures == 0U);
}

// minus() takes a shortcut when both mantissas fit in 64 bits and the scales are at most
// 18 apart; the general path is plus() of the negation. Same mantissa and scale (not
// only the same value), or both overflow.
BOOST_AUTO_TEST_CASE(subtracts_as_the_general_path) {
  const auto values = edge_decimals();
  std::vector<std::pair<Decimal, Decimal>> pairs;
  for (const Decimal& left : values) {
    for (const Decimal& right : values) pairs.emplace_back(left, right);
  }
  const auto random = random_decimals(200000);
  for (std::size_t i = 0; i + 1 < random.size(); i += 2) {
    pairs.emplace_back(random[i], random[i + 1]);
    // Scales close together, as explanations' differences mostly have.
    pairs.emplace_back(random[i],
                       Decimal::from_parts(random[i + 1].mantissa(),
                                           std::min(random[i].scale() + static_cast<int>(i % 3), Decimal::kMaxScale)));
  }
  std::size_t failures = 0;
  for (const auto& [left, right] : pairs) {
    const auto fast = left.minus(right);
    const auto general = left.plus(right.negated());
    const bool same = fast.has_value() == general.has_value() &&
                      (!fast || (fast->mantissa() == general->mantissa() && fast->scale() == general->scale()));
    if (!same && ++failures <= 10) {
      BOOST_TEST(same, left.to_string() << " minus " << right.to_string() << " gave " << show(fast) << ", expected "
                                        << show(general));
    }
  }
  BOOST_TEST(failures == 0U);
}

BOOST_AUTO_TEST_SUITE_END()
