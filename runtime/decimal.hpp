// Exact decimal numbers: every comparison that decides a status goes through this type.
// A value is mantissa x 10^-scale with a 128-bit mantissa; arithmetic is checked and
// reports overflow as an empty optional, never wraps.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runtime {

// How a value is rounded to a number of decimal places: half away from zero ("half up",
// as councils print figures), half to even, towards zero ("down") or away from it ("up").
enum class Rounding : std::uint8_t { half_up, half_even, down, up };

class Decimal {
 public:
  __extension__ using Mantissa = __int128;  // __extension__: keeps -Wpedantic quiet
  // Fractional digits kept at most. Products that would need more are reduced by
  // dropping trailing zeros; if that is not enough the operation overflows.
  static constexpr int kMaxScale = 30;
  // Significant digits accepted when parsing text (the rest of 38 is headroom for
  // cross-multiplication).
  static constexpr int kMaxDigits = 30;

  constexpr Decimal() = default;
  static Decimal from_integer(std::int64_t value);
  // Builds mantissa x 10^-scale; scale in [0, kMaxScale] and mantissa above the most
  // negative 128-bit value, else throws std::out_of_range (an engine bug).
  static Decimal from_parts(Mantissa mantissa, int scale);

  // Plain decimal text: optional sign, digits, optional '.' and digits. No exponent,
  // no grouping, no spaces; "5." and ".5" are accepted. Empty optional when the text is
  // not such a number, has more than kMaxDigits significant digits (leading zeros do not
  // count, trailing ones do) or more than kMaxScale fractional digits.
  static std::optional<Decimal> parse(std::string_view text);

  [[nodiscard]] Mantissa mantissa() const { return mantissa_; }
  [[nodiscard]] int scale() const { return scale_; }
  [[nodiscard]] bool is_zero() const { return mantissa_ == 0; }
  [[nodiscard]] bool is_negative() const { return mantissa_ < 0; }
  [[nodiscard]] int sign() const { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }

  [[nodiscard]] Decimal negated() const;
  [[nodiscard]] Decimal abs() const;
  // The value rounded to `places` fractional digits (0..kMaxScale); unchanged when it
  // has no more than that.
  [[nodiscard]] Decimal rounded(int places, Rounding mode) const;
  // The same value with trailing fractional zeros removed (scale as small as possible).
  [[nodiscard]] Decimal normalized() const;

  [[nodiscard]] std::optional<Decimal> plus(Decimal other) const;
  [[nodiscard]] std::optional<Decimal> minus(Decimal other) const;
  [[nodiscard]] std::optional<Decimal> times(Decimal other) const;
  // Quotient rounded half-even to kQuotientScale fractional digits, then normalized
  // (1/4 is "0.25"); empty on division by zero or overflow. Only used to decode cells
  // such as "19 out of 20"; no status boundary ever divides.
  static constexpr int kQuotientScale = 24;
  [[nodiscard]] std::optional<Decimal> divided_by(Decimal divisor) const;
  // value x part / parts (parts > 0), for an annual target spread pro rata: rounded to
  // `places` digits by `mode` when places is given (exactly: no intermediate rounding),
  // else exact, or empty when it has no terminating decimal (1/3) or overflows.
  [[nodiscard]] std::optional<Decimal> share(int part, int parts, std::optional<int> places, Rounding mode) const;
  // value x 10^exponent, exact (exponent may be negative); empty on overflow or when
  // the result would need more than kMaxScale fractional digits.
  [[nodiscard]] std::optional<Decimal> scaled_by_power_of_ten(int exponent) const;

  // Exact text: "-12.50" keeps the scale; to_plain() drops trailing zeros ("-12.5").
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] std::string to_plain() const;
  // to_string() appended to `out`.
  void append_to(std::string& out) const;
  // The most characters to_string() gives: a sign, 39 digits and a point.
  static constexpr std::size_t kMaxTextSize = 41;
  // to_string() written from `out`, which has room for kMaxTextSize characters; returns
  // the end of what was written. For callers building text in their own buffer.
  [[nodiscard]] char* write_to(char* out) const;

  friend std::strong_ordering operator<=>(Decimal a, Decimal b);
  friend bool operator==(Decimal a, Decimal b) { return (a <=> b) == 0; }

 private:
  // For results known to keep the invariants from_parts checks.
  constexpr Decimal(Mantissa mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  Mantissa mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace runtime
