// Exact decimal arithmetic on a checked 128-bit mantissa (see decimal.hpp).
//
// Invariant: the mantissa is never the most negative 128-bit value, so negation and
// magnitudes never overflow; every operation that would produce it reports overflow.
#include "runtime/decimal.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace runtime {
namespace {

using Mantissa = Decimal::Mantissa;
__extension__ using Magnitude = unsigned __int128;

// std::numeric_limits is not specialised for __int128 in strict ISO mode.
constexpr Mantissa kMaxMantissa = static_cast<Mantissa>((Magnitude{1} << 127U) - 1U);
constexpr Mantissa kMinMantissa = -kMaxMantissa - 1;
constexpr Magnitude kMaxMagnitude = static_cast<Magnitude>(kMaxMantissa);

// 10^38 is the largest power of ten below 2^127.
constexpr int kMaxPowerOfTen = 38;
constexpr std::array<Mantissa, kMaxPowerOfTen + 1> kPowersOfTen = [] {
  std::array<Mantissa, kMaxPowerOfTen + 1> powers{};
  powers[0] = 1;
  for (std::size_t index = 1; index < powers.size(); ++index) {
    powers[index] = powers[index - 1] * 10;
  }
  return powers;
}();

// Mantissas within 64 bits (almost every value a report holds) take shortcuts in 64-bit
// arithmetic; the 128-bit code is the general path, and the shortcuts give what it gives.
bool fits_in_64_bits(Mantissa value) { return static_cast<std::int64_t>(value) == value; }

constexpr int kMaxPowerOfTen64 = 19;  // 10^19 < 2^64
constexpr std::array<std::uint64_t, kMaxPowerOfTen64 + 1> kPowersOfTen64 = [] {
  std::array<std::uint64_t, kMaxPowerOfTen64 + 1> powers{};
  powers[0] = 1;
  for (std::size_t index = 1; index < powers.size(); ++index) powers[index] = powers[index - 1] * 10;
  return powers;
}();

// The number of decimal digits of `value` (1 for zero): floor(log10) estimated from the
// bit width (1233 / 4096 is just above log10(2)), then corrected by one comparison. Zero
// counts as one (1 has as many digits, and no other power of ten is odd).
int decimal_digit_count(std::uint64_t value) {
  const std::uint64_t nonzero = value | 1U;
  const auto estimate = static_cast<std::size_t>(std::bit_width(nonzero) * 1233 >> 12);
  return static_cast<int>(estimate) + (nonzero >= kPowersOfTen64[estimate] ? 1 : 0);
}

// "00" "01" ... "99": two digits per division by 100.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (std::size_t index = 0; index < 100; ++index) {
    pairs[2 * index] = static_cast<char>('0' + index / 10);
    pairs[2 * index + 1] = static_cast<char>('0' + index % 10);
  }
  return pairs;
}();

// value x 10^-scale as to_string() writes it, without a sign, written backwards so that
// it ends just before `end`; returns where it begins.
char* write_backwards(std::uint64_t value, int scale, char* end) {
  char* cursor = end;
  const auto write_pair = [&cursor](std::uint64_t two_digits) {
    cursor -= 2;
    std::memcpy(cursor, &kDigitPairs[2 * two_digits], 2);
  };
  if (scale > 0) {
    // The odd digit first (the least significant), then pairs up to the point.
    char* const first_fractional = end - scale;
    if (scale % 2 != 0) {
      *--cursor = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    while (cursor != first_fractional) {
      write_pair(value % 100);
      value /= 100;
    }
    *--cursor = '.';
  }
  for (; value >= 100; value /= 100) write_pair(value % 100);
  if (value >= 10) {
    write_pair(value);
  } else {
    *--cursor = static_cast<char>('0' + value);
  }
  return cursor;
}

Magnitude magnitude(Mantissa value) {
  return value < 0 ? static_cast<Magnitude>(-value) : static_cast<Magnitude>(value);
}

std::optional<Mantissa> checked_multiply(Mantissa a, Mantissa b) {
  Mantissa result = 0;
  if (__builtin_mul_overflow(a, b, &result) || result == kMinMantissa) {
    return std::nullopt;
  }
  return result;
}

std::optional<Mantissa> checked_add(Mantissa a, Mantissa b) {
  Mantissa result = 0;
  if (__builtin_add_overflow(a, b, &result) || result == kMinMantissa) {
    return std::nullopt;
  }
  return result;
}

// value x 10^digits, empty on overflow.
std::optional<Mantissa> scale_up(Mantissa value, long long digits) {
  if (value == 0) {
    return Mantissa{0};
  }
  if (digits > kMaxPowerOfTen) {
    return std::nullopt;
  }
  return checked_multiply(value, kPowersOfTen[static_cast<std::size_t>(digits)]);
}

// Sum at the larger of the two scales; empty when that does not fit.
std::optional<Decimal> aligned_sum(Decimal a, Decimal b) {
  const int scale = std::max(a.scale(), b.scale());
  const auto left = scale_up(a.mantissa(), scale - a.scale());
  const auto right = scale_up(b.mantissa(), scale - b.scale());
  if (!left || !right) {
    return std::nullopt;
  }
  const auto sum = checked_add(*left, *right);
  if (!sum) {
    return std::nullopt;
  }
  return Decimal::from_parts(*sum, scale);
}

// Exact product; trailing zeros are dropped only when the scale would exceed kMaxScale.
std::optional<Decimal> exact_product(Decimal a, Decimal b) {
  auto product = checked_multiply(a.mantissa(), b.mantissa());
  if (!product) {
    return std::nullopt;
  }
  int scale = a.scale() + b.scale();
  while (scale > Decimal::kMaxScale && *product % 10 == 0) {
    *product /= 10;
    --scale;
  }
  if (scale > Decimal::kMaxScale) {
    return std::nullopt;
  }
  return Decimal::from_parts(*product, scale);
}

// The next decimal digit of remainder / divisor (remainder < divisor), i.e.
// floor(10 x remainder / divisor), leaving the new remainder. Adds remainder ten
// times instead of multiplying so that nothing exceeds 2 x divisor < 2^128.
int next_quotient_digit(Magnitude& remainder, Magnitude divisor) {
  Magnitude accumulated = 0;
  int digit = 0;
  for (int step = 0; step < 10; ++step) {
    accumulated += remainder;
    if (accumulated >= divisor) {
      accumulated -= divisor;
      ++digit;
    }
  }
  remainder = accumulated;
  return digit;
}

// The decimal digits of `value`, written by fmt from `out`; returns their end.
char* magnitude_digits(Magnitude value, char* out) {
  // Nineteen digits at a time: one 128-bit division per chunk, none below 2^64.
  constexpr std::uint64_t kChunk = 10'000'000'000'000'000'000ULL;
  std::array<std::uint64_t, 3> chunks{};  // least significant first; 2^128 < 10^57
  std::size_t count = 0;
  while (value >= kChunk) {
    chunks[count++] = static_cast<std::uint64_t>(value % kChunk);
    value /= kChunk;
  }
  out = fmt::format_to(out, FMT_COMPILE("{}"), static_cast<std::uint64_t>(value));
  while (count > 0) out = fmt::format_to(out, FMT_COMPILE("{:019}"), chunks[--count]);
  return out;
}

// Decimal::write_to for mantissas beyond 64 bits (kept out of line: they are rare).
[[gnu::noinline]] char* write_wide(Mantissa mantissa, int scale_digits, char* out) {
  if (mantissa < 0) *out++ = '-';  // a zero mantissa is never negative, so "-0" cannot appear
  std::array<char, 40> buffer;     // 2^127 has 39 digits; only the digits written are read
  const char* const first = buffer.data();
  const auto digits = static_cast<std::size_t>(magnitude_digits(magnitude(mantissa), buffer.data()) - first);
  const auto scale = static_cast<std::size_t>(scale_digits);
  if (scale == 0) {
    return std::copy_n(first, digits, out);
  }
  if (digits <= scale) {
    *out++ = '0';
    *out++ = '.';
    out = std::fill_n(out, scale - digits, '0');
    return std::copy_n(first, digits, out);
  }
  out = std::copy_n(first, digits - scale, out);
  *out++ = '.';
  return std::copy_n(first + digits - scale, scale, out);
}

}  // namespace

Decimal Decimal::from_integer(std::int64_t value) { return from_parts(value, 0); }

Decimal Decimal::from_parts(Mantissa mantissa, int scale) {
  if (scale < 0 || scale > kMaxScale) {
    throw std::out_of_range(fmt::format("decimal scale {} outside [0, {}]", scale, kMaxScale));
  }
  if (mantissa == kMinMantissa) {
    throw std::out_of_range("decimal mantissa is the most negative 128-bit value");
  }
  Decimal result;
  result.mantissa_ = mantissa;
  result.scale_ = scale;
  return result;
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t position = 0;
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    position = 1;
  }
  // The first 18 significant digits (all of almost every cell) are gathered in 64 bits,
  // where multiplying by ten is one instruction; any further ones in `mantissa`.
  constexpr int kNarrowDigits = 18;
  std::uint64_t narrow = 0;
  Mantissa mantissa = 0;
  long long scale = 0;
  int significant_digits = 0;
  bool any_digit = false;
  bool seen_point = false;
  for (; position < text.size(); ++position) {
    const char character = text[position];
    if (character == '.') {
      if (seen_point) {
        return std::nullopt;
      }
      seen_point = true;
      continue;
    }
    if (character < '0' || character > '9') {
      return std::nullopt;
    }
    any_digit = true;
    if (seen_point) {
      ++scale;
    }
    if (significant_digits == 0 && character == '0') {
      continue;  // leading zeros are not significant
    }
    if (++significant_digits > kMaxDigits) {
      return std::nullopt;
    }
    if (significant_digits <= kNarrowDigits) {
      narrow = narrow * 10 + static_cast<std::uint64_t>(character - '0');
    } else {
      if (significant_digits == kNarrowDigits + 1) mantissa = static_cast<Mantissa>(narrow);
      mantissa = mantissa * 10 + (character - '0');  // < 10^kMaxDigits, cannot overflow
    }
  }
  if (!any_digit) {
    return std::nullopt;
  }
  if (significant_digits <= kNarrowDigits) mantissa = static_cast<Mantissa>(narrow);
  while (scale > kMaxScale && mantissa % 10 == 0) {  // only for zero ("0.000…")
    mantissa /= 10;
    --scale;
  }
  if (scale > kMaxScale) {
    return std::nullopt;
  }
  return from_parts(negative ? -mantissa : mantissa, static_cast<int>(scale));
}

// The mantissa is never the most negative value, so its negation is one.
Decimal Decimal::negated() const { return {-mantissa_, scale_}; }

Decimal Decimal::abs() const { return is_negative() ? negated() : *this; }

namespace {

// numerator / divisor (divisor > 0) to the nearest integer by `mode`.
Mantissa rounded_quotient(Mantissa numerator, Mantissa divisor, Rounding mode) {
  Mantissa quotient = numerator / divisor;
  const Mantissa remainder = numerator % divisor;  // the sign of numerator
  const Mantissa twice = (remainder < 0 ? -remainder : remainder) * 2;
  bool away = false;
  switch (mode) {
    case Rounding::half_up:
      away = twice >= divisor;
      break;
    case Rounding::half_even:
      away = twice > divisor || (twice == divisor && quotient % 2 != 0);
      break;
    case Rounding::down:
      away = false;
      break;
    case Rounding::up:
      away = remainder != 0;
      break;
  }
  if (away) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

}  // namespace

Decimal Decimal::rounded(int places, Rounding mode) const {
  if (places < 0) places = 0;
  if (scale_ <= places) return *this;
  Mantissa divisor = 1;
  for (int i = places; i < scale_; ++i) divisor *= 10;  // scale_ - places <= kMaxScale: fits
  return from_parts(rounded_quotient(mantissa_, divisor, mode), places);
}

std::optional<Decimal> Decimal::share(int part, int parts, std::optional<int> places, Rounding mode) const {
  if (parts <= 0 || part < 0) return std::nullopt;
  const auto whole = checked_multiply(mantissa_, part);
  if (!whole) return std::nullopt;
  if (places) {
    // whole x 10^-scale / parts to `places` digits: (whole x 10^places) / (parts x 10^scale).
    const int digits = std::clamp(*places, 0, kMaxScale);
    const auto numerator = scale_up(*whole, digits);
    const auto divisor = scale_up(parts, scale_);
    if (!numerator || !divisor) return std::nullopt;
    return from_parts(rounded_quotient(*numerator, *divisor, mode), digits);
  }
  for (int scale = scale_; scale <= kMaxScale; ++scale) {
    const auto numerator = scale_up(*whole, scale - scale_);
    if (!numerator) return std::nullopt;
    if (*numerator % parts == 0) return from_parts(*numerator / parts, scale).normalized();
  }
  return std::nullopt;  // no terminating decimal within kMaxScale digits (1/3, 1/12)
}

Decimal Decimal::normalized() const {
  if (fits_in_64_bits(mantissa_)) {
    auto narrow = static_cast<std::int64_t>(mantissa_);
    int scale = scale_;
    while (scale > 0 && narrow % 10 == 0) {
      narrow /= 10;
      --scale;
    }
    return {narrow, scale};
  }
  Mantissa mantissa = mantissa_;
  int scale = scale_;
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  return from_parts(mantissa, scale);
}

std::optional<Decimal> Decimal::plus(Decimal other) const {
  if (auto sum = aligned_sum(*this, other)) {
    return sum;
  }
  // Aligning to the larger scale may overflow only because of trailing zeros.
  return aligned_sum(normalized(), other.normalized());
}

std::optional<Decimal> Decimal::minus(Decimal other) const {
  // Both mantissas within 64 bits and scales at most 18 apart (every difference an
  // explanation shows, nearly): each side at the larger scale is below 2^63 x 10^18 <
  // 2^123 in magnitude, so the difference is exact without checks, as the general path's.
  if (fits_in_64_bits(mantissa_) && fits_in_64_bits(other.mantissa_)) {
    constexpr int kMaxAlignment = 18;
    const int scale = std::max(scale_, other.scale_);
    const int left_digits = scale - scale_;
    const int right_digits = scale - other.scale_;
    if (left_digits <= kMaxAlignment && right_digits <= kMaxAlignment) {
      // 64 x 64 -> 128-bit products.
      const Mantissa left = static_cast<Mantissa>(static_cast<std::int64_t>(mantissa_)) *
                            static_cast<std::int64_t>(kPowersOfTen64[static_cast<std::size_t>(left_digits)]);
      const Mantissa right = static_cast<Mantissa>(static_cast<std::int64_t>(other.mantissa_)) *
                             static_cast<std::int64_t>(kPowersOfTen64[static_cast<std::size_t>(right_digits)]);
      return Decimal{left - right, scale};
    }
  }
  return plus(other.negated());
}

std::optional<Decimal> Decimal::times(Decimal other) const {
  if (auto product = exact_product(*this, other)) {
    return product;
  }
  return exact_product(normalized(), other.normalized());
}

std::optional<Decimal> Decimal::divided_by(Decimal divisor) const {
  if (divisor.is_zero()) {
    return std::nullopt;
  }
  const Magnitude denominator = magnitude(divisor.mantissa_);
  // Result mantissa = round(|this| / |divisor| x 10^exponent) at kQuotientScale.
  const int exponent = divisor.scale_ - scale_ + kQuotientScale;
  Magnitude quotient = magnitude(mantissa_) / denominator;
  Magnitude remainder = magnitude(mantissa_) % denominator;
  bool round_up = false;
  if (exponent >= 0) {
    // Long division in base 10^18 while remainder x 10^18 fits (remainder < divisor),
    // else one decimal digit at a time; the digits and the overflow test are the same.
    constexpr int kChunkDigits = 18;
    const auto chunk_power = static_cast<Magnitude>(kPowersOfTen[kChunkDigits]);
    int digit_index = 0;
    if (denominator <= kMaxMagnitude / chunk_power) {
      for (; digit_index + kChunkDigits <= exponent; digit_index += kChunkDigits) {
        const Magnitude scaled = remainder * chunk_power;
        const Magnitude chunk = scaled / denominator;
        remainder = scaled % denominator;
        if (quotient > (kMaxMagnitude - chunk) / chunk_power) {
          return std::nullopt;
        }
        quotient = quotient * chunk_power + chunk;
      }
    }
    for (; digit_index < exponent; ++digit_index) {
      const auto digit = static_cast<Magnitude>(next_quotient_digit(remainder, denominator));
      if (quotient > (kMaxMagnitude - digit) / 10U) {
        return std::nullopt;
      }
      quotient = quotient * 10U + digit;
    }
    const Magnitude twice_remainder = remainder * 2U;  // remainder < 2^127
    round_up = twice_remainder > denominator ||
               (twice_remainder == denominator && quotient % 2U == 1U);
  } else {
    // The dividend has more fractional digits than the quotient keeps: drop some
    // digits of the integer quotient (exponent >= -kMaxScale).
    const auto power = static_cast<Magnitude>(kPowersOfTen[static_cast<std::size_t>(-exponent)]);
    const Magnitude dropped = quotient % power;
    const Magnitude half = power / 2U;
    quotient /= power;
    round_up = dropped > half || (dropped == half && (remainder != 0U || quotient % 2U == 1U));
  }
  if (round_up) {
    if (quotient == kMaxMagnitude) {
      return std::nullopt;
    }
    ++quotient;
  }
  const auto result = static_cast<Mantissa>(quotient);
  const bool negative = is_negative() != divisor.is_negative();
  return from_parts(negative ? -result : result, kQuotientScale).normalized();
}

std::optional<Decimal> Decimal::scaled_by_power_of_ten(int exponent) const {
  const long long target_scale = static_cast<long long>(scale_) - exponent;
  if (is_zero()) {
    return from_parts(0, static_cast<int>(std::clamp<long long>(target_scale, 0, kMaxScale)));
  }
  if (target_scale < 0) {
    const auto mantissa = scale_up(mantissa_, -target_scale);
    if (!mantissa) {
      return std::nullopt;
    }
    return from_parts(*mantissa, 0);
  }
  if (target_scale > kMaxScale) {
    // Exact only when the digits pushed past kMaxScale are zeros.
    const long long excess = target_scale - kMaxScale;
    if (excess > kMaxPowerOfTen) {
      return std::nullopt;
    }
    const Mantissa power = kPowersOfTen[static_cast<std::size_t>(excess)];
    if (mantissa_ % power != 0) {
      return std::nullopt;
    }
    return from_parts(mantissa_ / power, kMaxScale);
  }
  return from_parts(mantissa_, static_cast<int>(target_scale));
}

std::string Decimal::to_string() const {
  std::string text;
  append_to(text);
  return text;
}

void Decimal::append_to(std::string& out) const {
  std::array<char, kMaxTextSize> buffer;  // only the characters written are read
  const char* const end = write_to(buffer.data());
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

char* Decimal::write_to(char* out) const {
  if (fits_in_64_bits(mantissa_)) {
    const auto narrow = static_cast<std::int64_t>(mantissa_);
    auto value = static_cast<std::uint64_t>(narrow);
    if (narrow < 0) {
      *out++ = '-';
      value = 0U - value;
    }
    // Written backwards from the end, whose place the digit count gives.
    const int digits = decimal_digit_count(value);
    const int length = scale_ == 0 ? digits : std::max(digits, scale_ + 1) + 1;
    write_backwards(value, scale_, out + length);
    return out + length;
  }
  return write_wide(mantissa_, scale_, out);
}

std::string Decimal::to_plain() const { return normalized().to_string(); }

std::strong_ordering operator<=>(Decimal a, Decimal b) {
  if (a.sign() != b.sign()) {
    return a.sign() <=> b.sign();
  }
  if (a.scale_ == b.scale_) {
    return a.mantissa_ <=> b.mantissa_;
  }
  // Bring the smaller scale up. If that overflows, that side's magnitude exceeds the
  // other's (which fits at the larger scale), so the common sign decides.
  const bool a_is_coarser = a.scale_ < b.scale_;
  const Decimal& coarser = a_is_coarser ? a : b;
  const Decimal& finer = a_is_coarser ? b : a;
  const auto scaled = scale_up(coarser.mantissa_, finer.scale_ - coarser.scale_);
  std::strong_ordering coarser_vs_finer = std::strong_ordering::equal;
  if (scaled) {
    coarser_vs_finer = *scaled <=> finer.mantissa_;
  } else {
    coarser_vs_finer =
        coarser.is_negative() ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return a_is_coarser ? coarser_vs_finer : 0 <=> coarser_vs_finer;
}

}  // namespace runtime
