// The "key to status" document as format-neutral blocks: document.cpp fills it from the
// program once, and document_writers.cpp renders it as Markdown or as an HTML page. All
// text is plain (unescaped); the writers escape it. Private to the runtime library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/program.hpp"

namespace runtime::doc {

struct Run {
  enum class Style : std::uint8_t {
    text,
    strong,
    code,    // rule text, names: a code span
    colour,  // "#RRGGBB": a swatch and the code (HTML), the code (Markdown)
  };
  Style style = Style::text;
  std::string text;
};
using Inline = std::vector<Run>;

inline Run text(std::string value) { return Run{Run::Style::text, std::move(value)}; }
inline Run strong(std::string value) { return Run{Run::Style::strong, std::move(value)}; }
inline Run code(std::string value) { return Run{Run::Style::code, std::move(value)}; }
inline Run colour(std::string value) { return Run{Run::Style::colour, std::move(value)}; }

struct Heading {
  int level = 1;
  Inline content;
};

struct Paragraph {
  Inline content;
};

struct List {
  bool ordered = false;
  std::vector<Inline> items;
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<Inline>> rows;
};

// The closing line(s) of the page: version and fingerprint.
struct Footer {
  Inline content;
};

using Block = std::variant<Heading, Paragraph, List, Table, Footer>;

struct Document {
  std::string title;  // the page title (HTML <title>)
  std::vector<Block> blocks;
};

// Which parts to build. `statuskey doc` builds the whole page; the performance report's
// key (report_html.cpp) takes the keys, schemes and direction blocks without the page's
// title, introduction, indicator table and footer.
struct Parts {
  bool page = true;        // the title, introduction and footer
  bool indicators = true;  // the table of declared indicators
};
[[nodiscard]] Document build_document(const Program& program, std::string_view version, const Parts& parts);

[[nodiscard]] std::string write_markdown(const Document& document);
[[nodiscard]] std::string write_html(const Document& document);
// The blocks alone as an HTML fragment, headings moved down `heading_offset` levels so that
// they nest inside another page's sections.
[[nodiscard]] std::string write_html_blocks(const std::vector<Block>& blocks, int heading_offset);
// Escapes & < > " ' (safe in text and in quoted attribute values).
[[nodiscard]] std::string html_escape(std::string_view text);
// "#RGB" or "#RRGGBB": the only colours ever written into a style attribute.
[[nodiscard]] bool is_hex_colour(std::string_view text);

}  // namespace runtime::doc
