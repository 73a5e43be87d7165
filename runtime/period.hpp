// Reporting periods: UK financial years ("2013-14"), their quarters ("2013-14 Q2": Q1 is
// April-June) and calendar months ("2022-02"). Each kind is a sequence, so the previous
// period is the ordinal before.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runtime {

struct Period {
  enum class Kind : std::uint8_t { year, quarter, month };
  Kind kind = Kind::year;
  // year: the year the financial year starts (2013 for 2013-14); quarter: start year x 4
  // + (quarter - 1); month: year x 12 + (month - 1).
  std::int32_t ordinal = 0;

  // Accepts "2013-14", "2013/14", "2013-14 Q2", "Q2 2013-14", "2022-02", "Feb 2022",
  // "February 2022". "YYYY-NN" is a financial year when NN is the year after YYYY (mod
  // 100), otherwise a month; write December 2011 as "Dec 2011".
  static std::optional<Period> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  // The same, appended to `out`.
  void append_to(std::string& out) const;
  [[nodiscard]] Period previous() const { return Period{kind, ordinal - 1}; }
  // The same period one year earlier.
  [[nodiscard]] Period year_before() const;

  friend auto operator<=>(const Period&, const Period&) = default;
};

}  // namespace runtime
