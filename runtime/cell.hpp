// Decoding one data cell as councils really type it ("82.62%", "1,406,685", "£1.286m",
// "57.5% *", "91% (615)", "19 out of 20", "n/a", "<10%", "95% to 97%", "15% - 35%").
// Anything that is not understood becomes an error with a reason; nothing is guessed.
#pragma once

#include <string>
#include <string_view>

#include "runtime/decimal.hpp"

namespace runtime {

// What a number was written as. Percent values keep their percentage number
// ("76%" is 76 with CellUnit::percent); money is in pounds ("£1.286m" is 1286000).
enum class CellUnit : std::uint8_t { plain, percent, money };

// A recognised word in a target cell.
enum class TargetWord : std::uint8_t {
  none,
  baseline,      // "Baseline"
  no_target,     // "No target", "Trend Information", "No target - tracking indicator only", "Trend"
  under_review,  // "Target under review", "Under review"
};

enum class CellKind : std::uint8_t {
  blank,          // empty or whitespace only
  not_available,  // "n/a", "N/A", "NA", "TBC", "TBD", "-", "–", "—", "nil return"
  number,         // value
  range,          // value to high: "95% to 97%", "15% - 35%", "15%-35%"
  bound,          // "<10%", "<= 10", ">95%", ">=95%": value with bound_below/strict
  word,           // target words (only when allowed by CellRole)
  error,          // error holds the reason
};

// Which column a cell is in: decides which forms are allowed.
enum class CellRole : std::uint8_t {
  value,      // actual, previous, floor, lower, upper, benchmark: number only
  target,     // number, range, bound, or a TargetWord
  tolerance,  // number or range
};

struct Cell {
  CellKind kind = CellKind::blank;
  Decimal value;
  Decimal high;  // range only
  CellUnit unit = CellUnit::plain;
  bool bound_below = false;  // bound: "<" / "<=" (the value must stay below)
  bool strict = false;       // bound: "<" or ">" rather than "<=" / ">="
  TargetWord word = TargetWord::none;
  std::string error;  // kind == error: a lower-case reason, e.g. "`5%%` has two percent signs"
};

// Decodes a cell. Accepted decorations around a number: leading/trailing spaces, a
// thousands separator ',' in groups of three, a leading '£' (with optional k/m/bn
// multiplier: "£1.286m"), a trailing '%', a trailing unit word ("20.55 days",
// "3 calls", "12 points"), a trailing footnote marker ("*", "†"), a trailing
// parenthesised note ("91% (615)", "59.7% (Dec 2021)", "98% (543)"), and
// "N out of M" (a percentage, N/M x 100, CellUnit::percent). Exponents ("1e400"),
// doubled signs ("--5", "5%%"), "%" with "£", and more than Decimal::kMaxDigits
// significant digits are errors.
// Details: a unit word is any run of ASCII letters ("percent" and "per cent" mean '%');
// k/m/bn (also mn, thousand, million, billion) after a number without '£' are errors,
// not guessed. Range ends are split on " to " or a dash ('-', en or em dash) after a
// digit, '%' or a money multiplier; a bare end takes the other end's '%' ("15-35%"),
// other unit mixes are errors, and so is a low end above the high end. Target words
// match case-insensitively with dashes and extra spaces ignored. Bounds may also be
// written '≤' / '≥'. Error reasons name the trimmed cell in backticks and end with a
// hint after ';'.
Cell parse_cell(std::string_view text, CellRole role);
// parse_cell(text, role).kind, without building a number's value when the cell is a
// plain number ("68.87%", "4,698", "12.5 days"): for a pass that only asks whether a
// cell is a number.
CellKind parse_cell_kind(std::string_view text, CellRole role);
// The same as parse_cell without its shortcut for plain numbers ("68.87%", "-4",
// "12.5 days"): for tests that check the shortcut gives what the full decoder gives.
Cell parse_cell_in_full(std::string_view text, CellRole role);

}  // namespace runtime
