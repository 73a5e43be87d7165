// WCAG 2 colour contrast, for choosing dark or light text on a status colour. Presentation
// only: floating point is fine here because nothing is decided by it but a text colour.
#pragma once

#include <optional>
#include <string_view>

namespace runtime {

struct Rgb {
  unsigned red = 0;
  unsigned green = 0;
  unsigned blue = 0;
};

// "#RGB" or "#RRGGBB" (either case); empty for anything else.
[[nodiscard]] std::optional<Rgb> parse_hex_colour(std::string_view text);

// WCAG relative luminance, 0 (black) to 1 (white).
[[nodiscard]] double relative_luminance(Rgb colour);

// WCAG contrast ratio (lighter + 0.05) / (darker + 0.05), from 1 to 21.
[[nodiscard]] double contrast_ratio(Rgb first, Rgb second);

// Black or white text, whichever contrasts more with `background`. One of the two always
// reaches at least 4.58:1 (the square root of 21), above WCAG AA's 4.5:1 for normal text.
struct TextColour {
  std::string_view text;  // "#000000" or "#FFFFFF"
  double ratio = 1;
};
[[nodiscard]] TextColour text_colour_for(Rgb background);

}  // namespace runtime
