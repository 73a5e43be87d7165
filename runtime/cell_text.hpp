// Byte-level text helpers for decoding cells (cell.cpp; the evaluator and `eval`'s first
// pass use the character tests): blanks including NBSP, dashes including en and em dash,
// ASCII letters and case, trailing notes. UTF-8 in, no locale.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace runtime::cell_text {

// Defined here: called for every byte of many cells.
constexpr bool is_digit(char character) { return character >= '0' && character <= '9'; }
constexpr char to_lower(char character) {  // ASCII letters only
  return character >= 'A' && character <= 'Z' ? static_cast<char>(character - 'A' + 'a') : character;
}
// std::isspace in the "C" locale (statuskey never sets another): space, \t \n \v \f \r.
constexpr bool is_c_space(char character) { return character == ' ' || (character >= '\t' && character <= '\r'); }

bool is_letter(char character);  // ASCII letters only
std::string lower_case(std::string_view text);  // ASCII letters only

// Length of the blank (space, tab, CR, LF or U+00A0) at the start / end of text, or 0.
std::size_t leading_space_length(std::string_view text);
std::size_t trailing_space_length(std::string_view text);
std::string_view trim_start(std::string_view text);
std::string_view trim_end(std::string_view text);
std::string_view trim(std::string_view text);

// Length of the dash ('-', en dash or em dash) at the start of text, or 0.
std::size_t leading_dash_length(std::string_view text);

// Lower case, every dash written as `dash`, blanks collapsed to one space, trimmed:
// the form in which fixed phrases ("n/a", "No target - tracking indicator only") are
// compared.
std::string comparison_key(std::string_view text, char dash);

// Removes trailing footnote markers ("*", "†", "‡") and balanced parenthesised notes
// ("(615)", "(Dec 2021)"), in any order and number.
std::string_view strip_notes(std::string_view text);

// The run of ASCII letters text starts with (possibly empty).
std::string_view leading_word(std::string_view text);

// Position and length of `keyword` ("to", "out of") standing between blanks, matched
// case-insensitively; the first such occurrence.
std::optional<std::pair<std::size_t, std::size_t>> find_keyword(std::string_view text,
                                                                 std::string_view keyword);

}  // namespace runtime::cell_text
