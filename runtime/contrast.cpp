// WCAG 2.x relative luminance and contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
#include "runtime/contrast.hpp"

#include <algorithm>
#include <cmath>

namespace runtime {
namespace {

std::optional<unsigned> hex_digit(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return std::nullopt;
}

// One sRGB channel (0-255) to linear light.
double linear(unsigned channel) {
  const double value = static_cast<double>(channel) / 255.0;
  return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

}  // namespace

std::optional<Rgb> parse_hex_colour(std::string_view text) {
  if (text.empty() || text.front() != '#') return std::nullopt;
  text.remove_prefix(1);
  if (text.size() != 3 && text.size() != 6) return std::nullopt;
  unsigned channels[3] = {0, 0, 0};
  const std::size_t width = text.size() / 3;
  for (std::size_t i = 0; i < 3; ++i) {
    unsigned value = 0;
    for (std::size_t j = 0; j < width; ++j) {
      const auto digit = hex_digit(text[i * width + j]);
      if (!digit) return std::nullopt;
      value = value * 16 + *digit;
    }
    channels[i] = width == 1 ? value * 17 : value;  // #abc is #aabbcc
  }
  return Rgb{channels[0], channels[1], channels[2]};
}

double relative_luminance(Rgb colour) {
  return 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue);
}

double contrast_ratio(Rgb first, Rgb second) {
  const double a = relative_luminance(first);
  const double b = relative_luminance(second);
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

TextColour text_colour_for(Rgb background) {
  const double on_black = contrast_ratio(background, Rgb{0, 0, 0});
  const double on_white = contrast_ratio(background, Rgb{255, 255, 255});
  return on_black >= on_white ? TextColour{"#000000", on_black} : TextColour{"#FFFFFF", on_white};
}

}  // namespace runtime
