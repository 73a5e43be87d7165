// The canonical layout of rule files (`statuskey fmt`). Works on the lexical structure
// (words, strings, colours, comments, braces, `->`) plus the parser's item spans, so new
// syntax is laid out sensibly without the formatter knowing it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dsl/diagnostics.hpp"

namespace dsl {

// Lays out file `file` of `sources` canonically: two-space indentation per brace level,
// single spaces between words, one space either side of `->`, the `->` of consecutive
// rules aligned, status attributes in the order colour, symbol, means, alias and aligned
// in columns within a key, one property per line in indicators, comments kept where they
// are (end-of-line comments of consecutive lines aligned), one blank line between
// top-level declarations, `color` spelled `colour`, LF line ends and a final newline.
//
// Returns nothing when the file has syntax errors (reported to `sink`): a file that does
// not parse is never formatted. Throws std::logic_error when the layout it produced
// would not parse (a formatter bug; the caller must not write the result).
[[nodiscard]] std::optional<std::string> format(const SourceSet& sources, std::uint32_t file, DiagnosticSink& sink);

// The width of UTF-8 text in terminal columns (combining marks and variation selectors
// take none, East Asian wide characters and most emoji two).
[[nodiscard]] std::size_t display_width(std::string_view text);

}  // namespace dsl
