// Markdown and HTML renderings of the document model. Every string that came from a rule
// file is escaped here: HTML escapes & < > " ', Markdown escapes its inline markup and
// `|` in table cells. The HTML page is self-contained: inline CSS, no scripts, no
// external requests (a colour is only put into a style attribute when it is #RGB/#RRGGBB).
#include <algorithm>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "runtime/document_model.hpp"

namespace runtime::doc {
namespace {

// ---------------------------------------------------------------------------------------
// Markdown

// Escapes CommonMark inline markup (and `|`, so that the text is safe in a table cell;
// outside a table `\|` still reads as `|`). Line breaks become spaces: every block is one line.
std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // `<` only starts raw HTML before a letter, `/`, `!` or `?` ("< 10%" stays as it is).
    const char next = i + 1 < text.size() ? text[i + 1] : ' ';
    if (c == '<' &&
        !(std::isalpha(static_cast<unsigned char>(next)) != 0 || next == '/' || next == '!' || next == '?')) {
      out += c;
      continue;
    }
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '|':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A code span fenced by more backticks than the text contains in a row; inside a table
// `|` is escaped (GitHub tables split cells on it even inside code).
std::string markdown_code(std::string_view text, bool in_table) {
  std::size_t longest = 0;
  std::size_t run = 0;
  std::string body;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '\n' || c == '\r') {
      body += ' ';
    } else if (c == '|' && in_table) {
      body += "\\|";
    } else {
      body += c;
    }
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return pad ? fmt::format("{} {} {}", fence, body, fence) : fmt::format("{}{}{}", fence, body, fence);
}

std::string markdown_inline(const Inline& content, bool in_table) {
  std::string out;
  for (const Run& run : content) {
    switch (run.style) {
      case Run::Style::text:
        out += markdown_escape(run.text);
        break;
      case Run::Style::strong:
        out += fmt::format("**{}**", markdown_escape(run.text));
        break;
      case Run::Style::code:
      case Run::Style::colour:
        out += markdown_code(run.text, in_table);
        break;
    }
  }
  return out;
}

struct MarkdownBlock {
  std::string& out;

  void operator()(const Heading& heading) const {
    out += fmt::format("{} {}\n\n", std::string(static_cast<std::size_t>(heading.level), '#'),
                       markdown_inline(heading.content, false));
  }
  void operator()(const Paragraph& paragraph) const {
    out += fmt::format("{}\n\n", markdown_inline(paragraph.content, false));
  }
  void operator()(const List& list) const {
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const std::string marker = list.ordered ? fmt::format("{}.", i + 1) : "-";
      out += fmt::format("{} {}\n", marker, markdown_inline(list.items[i], false));
    }
    out += '\n';
  }
  void operator()(const Table& table) const {
    std::string header = "|";
    std::string rule = "|";
    for (const auto& name : table.header) {
      header += fmt::format(" {} |", markdown_escape(name));
      rule += "---|";
    }
    out += header + '\n' + rule + '\n';
    for (const auto& row : table.rows) {
      std::string line = "|";
      for (const auto& cell : row) {
        const std::string rendered = markdown_inline(cell, true);
        line += fmt::format(" {} |", rendered.empty() ? "" : rendered);
      }
      out += line + '\n';
    }
    out += '\n';
  }
  void operator()(const Footer& footer) const {
    out += fmt::format("---\n\n{}\n", markdown_inline(footer.content, false));
  }
};

// ---------------------------------------------------------------------------------------
// HTML

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool is_hex_colour(std::string_view text) {
  if ((text.size() != 7 && text.size() != 4) || text.front() != '#') return false;
  return std::all_of(text.begin() + 1, text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
}

namespace {

std::string html_inline(const Inline& content) {
  std::string out;
  for (const Run& run : content) {
    switch (run.style) {
      case Run::Style::text:
        out += html_escape(run.text);
        break;
      case Run::Style::strong:
        out += fmt::format("<strong>{}</strong>", html_escape(run.text));
        break;
      case Run::Style::code:
        out += fmt::format("<code>{}</code>", html_escape(run.text));
        break;
      case Run::Style::colour:
        if (is_hex_colour(run.text)) {
          out += fmt::format("<span class=\"swatch\" aria-hidden=\"true\" style=\"background-color:{}\"></span> ",
                             run.text);
        }
        out += fmt::format("<code>{}</code>", html_escape(run.text));
        break;
    }
  }
  return out;
}

struct HtmlBlock {
  std::string& out;
  int heading_offset = 0;

  void operator()(const Heading& heading) const {
    out += fmt::format("<h{0}>{1}</h{0}>\n", std::min(heading.level + heading_offset, 6), html_inline(heading.content));
  }
  void operator()(const Paragraph& paragraph) const {
    out += fmt::format("<p>{}</p>\n", html_inline(paragraph.content));
  }
  void operator()(const List& list) const {
    const std::string_view tag = list.ordered ? "ol" : "ul";
    out += fmt::format("<{}>\n", tag);
    for (const auto& item : list.items) out += fmt::format("  <li>{}</li>\n", html_inline(item));
    out += fmt::format("</{}>\n", tag);
  }
  void operator()(const Table& table) const {
    out += "<table>\n  <thead><tr>";
    for (const auto& name : table.header) out += fmt::format("<th scope=\"col\">{}</th>", html_escape(name));
    out += "</tr></thead>\n  <tbody>\n";
    for (const auto& row : table.rows) {
      out += "    <tr>";
      for (const auto& cell : row) out += fmt::format("<td>{}</td>", html_inline(cell));
      out += "</tr>\n";
    }
    out += "  </tbody>\n</table>\n";
  }
  void operator()(const Footer& footer) const {
    out += fmt::format("<footer><p>{}</p></footer>\n", html_inline(footer.content));
  }
};

constexpr std::string_view kStyle =
    R"(body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 2em auto; max-width: 72em; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.8em; } h2 { font-size: 1.4em; margin-top: 1.6em; border-bottom: 2px solid #0b0c0c; } h3 { font-size: 1.15em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; width: 100%; }
th, td { border: 1px solid #b1b4b6; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
code { font-family: Consolas, "Courier New", monospace; background: #f3f2f1; padding: 0 0.2em; }
.swatch { display: inline-block; width: 1.6em; height: 1em; vertical-align: middle; border: 1px solid #0b0c0c; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: 2em; border-top: 1px solid #b1b4b6; color: #505a5f; font-size: 0.9em; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } })";

}  // namespace

std::string write_markdown(const Document& document) {
  std::string out;
  for (const Block& block : document.blocks) std::visit(MarkdownBlock{out}, block);
  return out;
}

std::string write_html(const Document& document) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>\n{}\n</style>\n</head>\n<body>\n",
      html_escape(document.title), kStyle);
  for (const Block& block : document.blocks) std::visit(HtmlBlock{out}, block);
  out += "</body>\n</html>\n";
  return out;
}

std::string write_html_blocks(const std::vector<Block>& blocks, int heading_offset) {
  std::string out;
  for (const Block& block : blocks) std::visit(HtmlBlock{out, heading_offset}, block);
  return out;
}

}  // namespace runtime::doc
