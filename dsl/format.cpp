// The canonical layout of rule files. Four steps: lex the text into words, strings,
// colours, comments and punctuation; cut the tokens into lines (keeping the author's
// line breaks, except where a brace, a declaration or an indicator property must start
// a line); align the lines of each block; print. Only the parser's item spans come from
// the grammar, so syntax the formatter does not know is still laid out line by line.
#include "dsl/format.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "dsl/parser.hpp"

namespace dsl {
namespace {

// --- lexing -------------------------------------------------------------------------

enum class TokenKind : std::uint8_t { word, string, colour, comment, punct, newline };

struct Token {
  TokenKind kind{};
  std::string_view text;
  std::uint32_t begin = 0;
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_punct_char(char c) { return std::string_view("{}()[],<>=").find(c) != std::string_view::npos; }

bool is_colour_word(const Token& token) {
  return token.kind == TokenKind::word && (token.text == "colour" || token.text == "color");
}

// A colour is `#` and six hex digits (not followed by a name character) right after
// `colour` on the same line, as in the grammar; every other `#` starts a comment.
bool colour_at(std::string_view text, std::size_t at) {
  if (at + 7 > text.size()) return false;
  for (std::size_t k = at + 1; k < at + 7; ++k) {
    if (!is_hex(text[k])) return false;
  }
  return at + 7 == text.size() || !is_name_char(text[at + 7]);
}

std::vector<Token> lex(std::string_view text) {
  std::vector<Token> tokens;
  const auto push = [&](TokenKind kind, std::size_t begin, std::size_t end) {
    tokens.push_back(Token{kind, text.substr(begin, end - begin), static_cast<std::uint32_t>(begin)});
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const bool has_next = i + 1 < text.size();
    if (c == '\n') {
      push(TokenKind::newline, i, i + 1);
      ++i;
    } else if (is_blank(c)) {
      ++i;
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '"' && text[j] != '\n') {
        if (text[j] == '\\' && j + 1 < text.size() && text[j + 1] != '\n') ++j;
        ++j;
      }
      if (j < text.size() && text[j] == '"') ++j;
      push(TokenKind::string, i, j);
      i = j;
    } else if (c == '#') {
      if (!tokens.empty() && is_colour_word(tokens.back()) && colour_at(text, i)) {
        push(TokenKind::colour, i, i + 7);
        i += 7;
        continue;
      }
      std::size_t line_end = text.find('\n', i);
      if (line_end == std::string_view::npos) line_end = text.size();
      std::size_t end = line_end;
      while (end > i && is_blank(text[end - 1])) --end;
      push(TokenKind::comment, i, end);
      i = line_end;
    } else if (c == '-' && has_next && text[i + 1] == '>') {
      push(TokenKind::punct, i, i + 2);
      i += 2;
    } else if ((c == '<' || c == '>' || c == '=') && has_next && text[i + 1] == '=') {
      push(TokenKind::punct, i, i + 2);
      i += 2;
    } else if (is_punct_char(c)) {
      push(TokenKind::punct, i, i + 1);
      ++i;
    } else {
      // A word runs to the next blank, quote, comment, punctuation or arrow, so numbers
      // with `%`, periods such as `2013-14` and signs stay exactly as written.
      std::size_t j = i;
      while (j < text.size()) {
        const char d = text[j];
        if (d == '\n' || is_blank(d) || d == '"' || d == '#' || is_punct_char(d)) break;
        if (d == '-' && j + 1 < text.size() && text[j + 1] == '>') break;
        ++j;
      }
      push(TokenKind::word, i, j);
      i = j;
    }
  }
  return tokens;
}

bool is(const Token* token, std::string_view text) {
  return token != nullptr && token->kind != TokenKind::string && token->kind != TokenKind::comment &&
         token->text == text;
}

// How a token is printed: `color` is spelled `colour`.
std::string_view spelled(const Token& token, const Token* next) {
  if (token.kind == TokenKind::word && token.text == "color" && next != nullptr && next->kind == TokenKind::colour) {
    return "colour";
  }
  return token.text;
}

// --- where lines must start (from the parser) ------------------------------------------

template <typename Node>
std::optional<Span> span_of(const Node& node) {
  if constexpr (requires { node.span; }) {
    return node.span;
  } else if constexpr (requires { node.block.span; }) {
    return node.block.span;
  } else {
    return std::nullopt;
  }
}

struct Starts {
  std::set<std::uint32_t> items;   // top-level declarations
  std::set<std::uint32_t> nested;  // statuses, block rules, test cases
};

Starts starts_of(const RuleFile& file) {
  Starts starts;
  for (const auto& item : file.items) {
    std::visit(
        [&](const auto& node) {
          using Node = std::decay_t<decltype(node)>;
          if (const auto span = span_of(node)) starts.items.insert(span->begin);
          if constexpr (std::is_same_v<Node, KeyDecl>) {
            for (const auto& status : node.statuses) starts.nested.insert(status.span.begin);
          } else if constexpr (std::is_same_v<Node, TestDecl>) {
            for (const auto& test_case : node.cases) starts.nested.insert(test_case.span.begin);
          } else if constexpr (requires { node.maps; }) {
            for (const auto& map : node.maps) {  // columns { "Ref No." -> indicator ... }
              if (const auto span = span_of(map)) starts.nested.insert(span->begin);
            }
          } else if constexpr (requires { node.block.items; }) {
            for (const auto& block_item : node.block.items) {
              std::visit(
                  [&](const auto& rule) {
                    if (const auto span = span_of(rule)) starts.nested.insert(span->begin);
                  },
                  block_item);
            }
          }
        },
        item);
  }
  return starts;
}

// Words that start a line inside the block of a declaration: indicator properties, and
// `period` in `columns` (unless it is the field a header maps to: `"Month" -> period`).
// `target` after `no` is a target value (`no target`).
bool starts_property(std::string_view head, const Token& token, const Token* previous) {
  static constexpr std::array<std::string_view, 19> kIndicatorProperties = {
      "section",  "owner",     "unit",     "polarity",  "frequency", "cumulative", "scheme",
      "direction", "target",   "tolerance", "measure",  "floor",     "expected",   "precision",
      "rounding", "benchmark", "quartiles", "manual",   "lag"};
  if (token.kind != TokenKind::word) return false;
  if (head == "columns") return token.text == "period" && !is(previous, "->");
  if (head != "indicator") return false;
  if (std::find(kIndicatorProperties.begin(), kIndicatorProperties.end(), token.text) == kIndicatorProperties.end()) {
    return false;
  }
  return !(token.text == "target" && is(previous, "no"));
}

// --- lines ------------------------------------------------------------------------------

struct Line {
  enum class Kind : std::uint8_t { code, comment, blank };
  Kind kind = Kind::code;
  std::vector<const Token*> tokens;
  const Token* comment = nullptr;  // end-of-line comment, or the whole comment line
  int indent = 0;                  // brace levels
  std::size_t item = 0;            // top-level declaration (1-based; 0: none yet)
  std::string_view head;           // that declaration's first word: key, scheme, ...
  bool item_start = false;         // begins a top-level declaration
  bool nested_start = false;       // begins a status, rule or test case
  bool continuation = false;       // continues the statement of the line above
  bool continued = false;          // a continuation line follows
  std::size_t hanging = 0;         // continuation: the column it starts at
  std::string code;                // rendered, without indentation
};

bool is_code(const Line& line) { return line.kind == Line::Kind::code; }

class LineBuilder {
 public:
  explicit LineBuilder(const Starts& starts) : starts_(starts) {}

  std::vector<Line> build(const std::vector<Token>& tokens) {
    const Token* previous = nullptr;
    for (const Token& token : tokens) {
      if (token.kind == TokenKind::newline) {
        finish();
        ++newlines_;
        continue;
      }
      if (newlines_ >= 2) blank();
      newlines_ = 0;
      if (token.kind == TokenKind::comment) {
        if (!current_.tokens.empty()) {
          current_.comment = &token;
          finish();
        } else {
          Line line;
          line.kind = Line::Kind::comment;
          line.comment = &token;
          line.indent = depth_;
          lines_.push_back(line);
        }
        break_pending_ = false;
      } else {
        code(token, previous);
      }
      previous = &token;
    }
    finish();
    return std::move(lines_);
  }

 private:
  void code(const Token& token, const Token* previous) {
    const bool item_start = starts_.items.contains(token.begin);
    const bool nested_start = starts_.nested.contains(token.begin);
    const bool close = is(&token, "}");
    const bool must_break = break_pending_ || item_start || nested_start || close ||
                            (depth_ == 1 && starts_property(head_, token, previous));
    if (must_break) finish();
    break_pending_ = false;
    if (item_start) {
      ++item_;
      head_ = token.text;
    }
    if (current_.tokens.empty()) {
      if (joins_previous_line(token, item_start)) {
        current_ = std::move(lines_.back());
        lines_.pop_back();
      } else {
        current_.indent = close ? std::max(depth_ - 1, 0) : depth_;
        current_.item = item_;
        current_.head = head_;
        current_.item_start = item_start;
        current_.nested_start = nested_start;
      }
    }
    current_.tokens.push_back(&token);
    if (is(&token, "{")) {
      ++depth_;
      break_pending_ = true;
    } else if (close) {
      depth_ = std::max(depth_ - 1, 0);
      break_pending_ = true;
    }
  }

  // `{` joins the line above (`indicator x "Title"` newline `{`), and so does the rest of
  // a declaration's head, unless a comment or blank line is in the way: turning those
  // line breaks into spaces never changes the parse.
  bool joins_previous_line(const Token& token, bool item_start) const {
    if (lines_.empty() || !is_code(lines_.back()) || lines_.back().comment != nullptr) return false;
    const Token* last = lines_.back().tokens.back();
    if (is(last, "{") || is(last, "}")) return false;
    if (is(&token, "{")) return true;
    return depth_ == 0 && !item_start && !is(&token, "}");
  }

  void finish() {
    if (!current_.tokens.empty()) lines_.push_back(std::move(current_));
    current_ = Line{};
  }

  void blank() {
    finish();
    if (!lines_.empty() && lines_.back().kind != Line::Kind::blank) {
      Line line;
      line.kind = Line::Kind::blank;
      lines_.push_back(line);
    }
  }

  const Starts& starts_;
  std::vector<Line> lines_;
  Line current_;
  int depth_ = 0;
  std::size_t item_ = 0;
  std::string_view head_;
  bool break_pending_ = false;
  int newlines_ = 0;
};

// No blank lines at the ends of the file or of a block; one blank line between top-level
// declarations where either spans several lines (single-line ones such as `import` and
// `council` keep 0 or 1, as written).
std::vector<Line> normalise_blank_lines(std::vector<Line> lines) {
  std::vector<Line> kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind == Line::Kind::blank) {
      const bool at_start = kept.empty();
      const bool after_open = !kept.empty() && is_code(kept.back()) && is(kept.back().tokens.back(), "{");
      const bool before_close = i + 1 >= lines.size() || (is_code(lines[i + 1]) && is(lines[i + 1].tokens.front(), "}"));
      if (at_start || after_open || before_close) continue;
    }
    kept.push_back(std::move(lines[i]));
  }
  std::map<std::size_t, std::size_t> code_lines;  // per declaration
  for (const Line& line : kept) {
    if (is_code(line)) ++code_lines[line.item];
  }
  std::vector<Line> result;
  std::optional<std::size_t> last_code;  // index in result
  for (Line& line : kept) {
    if (is_code(line) && line.item_start && last_code) {
      const Line& previous = result[*last_code];
      const bool multi_line = code_lines[previous.item] > 1 || code_lines[line.item] > 1;
      if (multi_line && (*last_code + 1 >= result.size() || result[*last_code + 1].kind != Line::Kind::blank)) {
        Line blank;
        blank.kind = Line::Kind::blank;
        result.insert(result.begin() + static_cast<std::ptrdiff_t>(*last_code) + 1, blank);
      }
    }
    result.push_back(std::move(line));
    if (is_code(result.back())) last_code = result.size() - 1;
  }
  return result;
}

// --- rendering --------------------------------------------------------------------------

bool space_between(const Token& left, const Token& right) {
  if (is(&left, "(") || is(&left, "[")) return false;
  return !(is(&right, ")") || is(&right, "]") || is(&right, ","));
}

std::string render(const std::vector<const Token*>& tokens, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from && space_between(*tokens[i - 1], *tokens[i])) out += ' ';
    out += spelled(*tokens[i], i + 1 < tokens.size() ? tokens[i + 1] : nullptr);
  }
  return out;
}

std::string pad(std::string text, std::size_t width) {
  const std::size_t have = display_width(text);
  if (have < width) text.append(width - have, ' ');
  return text;
}

void trim_right(std::string& text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
}

bool ends_statement_early(const Token* last) {
  static constexpr std::array<std::string_view, 12> kOpen = {",", "(", "[", "and", "or", "not",
                                                             "->", "=", "<", ">", "<=", ">="};
  if (last->kind != TokenKind::word && last->kind != TokenKind::punct) return false;
  return std::find(kOpen.begin(), kOpen.end(), last->text) != kOpen.end();
}

bool begins_continuation(const Token* first) {
  static constexpr std::array<std::string_view, 6> kClose = {",", ")", "]", "and", "or", "->"};
  if (first->kind != TokenKind::word && first->kind != TokenKind::punct) return false;
  return std::find(kClose.begin(), kClose.end(), first->text) != kClose.end();
}

// Marks the lines that continue a statement (a target list after `,`, an unclosed
// parenthesis, a declaration head split by a comment) and the column they hang at:
// under the statement's second word.
void mark_continuations(std::vector<Line>& lines) {
  Line* head = nullptr;
  const Line* previous = nullptr;
  int parens = 0;
  for (Line& line : lines) {
    if (!is_code(line)) continue;
    const Token* first = line.tokens.front();
    const bool hard_start = line.item_start || line.nested_start || is(first, "{") || is(first, "}");
    bool continues = false;
    if (!hard_start && previous != nullptr) {
      continues = parens > 0 || ends_statement_early(previous->tokens.back()) || begins_continuation(first) ||
                  line.indent == 0;
    }
    if (continues && head != nullptr) {
      line.continuation = true;
      head->continued = true;
      const std::size_t base = static_cast<std::size_t>(head->indent) * 2;
      line.hanging = head->tokens.size() >= 2 ? base + display_width(spelled(*head->tokens[0], head->tokens[1])) + 1
                                              : base + 4;
    } else {
      head = &line;
    }
    for (const Token* token : line.tokens) {
      if (is(token, "(") || is(token, "[")) ++parens;
      if ((is(token, ")") || is(token, "]")) && parens > 0) --parens;
    }
    previous = &line;
  }
}

// Applies `layout` to each run of lines that `eligible` accepts: consecutive lines of
// one block, comment lines between them allowed, broken by anything else.
template <typename Eligible, typename Layout>
void for_each_run(std::vector<Line>& lines, Eligible eligible, Layout layout) {
  std::vector<Line*> run;
  const auto flush = [&] {
    if (!run.empty()) layout(run);
    run.clear();
  };
  for (Line& line : lines) {
    if (line.kind == Line::Kind::comment) continue;
    if (is_code(line) && !line.continuation && !line.continued && eligible(line) &&
        (run.empty() || run.front()->indent == line.indent)) {
      run.push_back(&line);
    } else {
      flush();
      if (is_code(line) && !line.continuation && !line.continued && eligible(line)) run.push_back(&line);
    }
  }
  flush();
}

// A status line split into its columns; empty when it holds anything but `status
// "LABEL"` and at most one colour, symbol and means and any aliases.
struct StatusColumns {
  std::array<std::string, 4> cells;  // status "LABEL", colour, symbol, means
  std::string rest;                  // aliases, in the order written
};

std::optional<StatusColumns> status_columns(const Line& line) {
  const auto& tokens = line.tokens;
  if (tokens.size() < 2 || !is(tokens[0], "status") || tokens[1]->kind != TokenKind::string) return std::nullopt;
  StatusColumns columns;
  columns.cells[0] = render(tokens, 0, 2);
  for (std::size_t i = 2; i < tokens.size(); i += 2) {
    if (i + 1 >= tokens.size()) return std::nullopt;
    const Token& value = *tokens[i + 1];
    std::size_t cell = 0;
    if (is_colour_word(*tokens[i]) && value.kind == TokenKind::colour) {
      cell = 1;
    } else if (is(tokens[i], "symbol") && value.kind == TokenKind::string) {
      cell = 2;
    } else if (is(tokens[i], "means") && value.kind == TokenKind::string) {
      cell = 3;
    } else if (is(tokens[i], "alias") && value.kind == TokenKind::string) {
      if (!columns.rest.empty()) columns.rest += ' ';
      columns.rest += render(tokens, i, i + 2);
      continue;
    } else {
      return std::nullopt;
    }
    if (!columns.cells[cell].empty()) return std::nullopt;
    columns.cells[cell] = render(tokens, i, i + 2);
  }
  return columns;
}

void align_statuses(std::vector<Line>& lines) {
  for_each_run(
      lines, [](const Line& line) { return line.head == "key" && line.indent == 1 && status_columns(line); },
      [](const std::vector<Line*>& run) {
        std::vector<StatusColumns> rows;
        std::array<std::size_t, 4> widths{};
        for (const Line* line : run) {
          rows.push_back(*status_columns(*line));
          for (std::size_t c = 0; c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(rows.back().cells[c]));
          }
        }
        for (std::size_t r = 0; r < run.size(); ++r) {
          // Columns are padded up to the line's last attribute; aliases follow it.
          const auto& cells = rows[r].cells;
          std::string text;
          std::size_t column = 0;
          for (std::size_t c = 0; c < cells.size(); ++c) {
            if (widths[c] == 0) continue;
            const bool more = std::any_of(cells.begin() + static_cast<std::ptrdiff_t>(c), cells.end(),
                                          [](const std::string& cell) { return !cell.empty(); });
            if (!more) break;
            text = pad(std::move(text), column) + cells[c];
            column += widths[c] + 1;
          }
          if (!rows[r].rest.empty()) text += ' ' + rows[r].rest;
          trim_right(text);
          run[r]->code = std::move(text);
        }
      });
}

// Index of the line's `->` outside parentheses, or npos.
std::size_t arrow_at(const Line& line) {
  int parens = 0;
  for (std::size_t i = 0; i < line.tokens.size(); ++i) {
    const Token* token = line.tokens[i];
    if (is(token, "(") || is(token, "[")) ++parens;
    if (is(token, ")") || is(token, "]")) --parens;
    if (parens == 0 && is(token, "->") && i > 0 && i + 1 < line.tokens.size()) return i;
  }
  return std::string_view::npos;
}

void align_arrows(std::vector<Line>& lines) {
  for_each_run(
      lines, [](const Line& line) { return line.indent > 0 && arrow_at(line) != std::string_view::npos; },
      [](const std::vector<Line*>& run) {
        std::size_t width = 0;
        for (const Line* line : run) width = std::max(width, display_width(render(line->tokens, 0, arrow_at(*line))));
        for (Line* line : run) {
          const std::size_t arrow = arrow_at(*line);
          line->code = pad(render(line->tokens, 0, arrow), width) + " -> " +
                       render(line->tokens, arrow + 1, line->tokens.size());
        }
      });
}

std::string print(std::vector<Line>& lines) {
  std::vector<std::string> texts(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.kind == Line::Kind::comment) {
      texts[i] = std::string(static_cast<std::size_t>(line.indent) * 2, ' ') + std::string(line.comment->text);
    } else if (is_code(line)) {
      const std::size_t margin = line.continuation ? line.hanging : static_cast<std::size_t>(line.indent) * 2;
      texts[i] = std::string(margin, ' ') + line.code;
    }
  }
  // End-of-line comments of adjacent lines line up, two spaces after the longest code.
  for (std::size_t i = 0; i < lines.size();) {
    if (!is_code(lines[i]) || lines[i].comment == nullptr) {
      ++i;
      continue;
    }
    std::size_t end = i;
    std::size_t width = 0;
    while (end < lines.size() && is_code(lines[end]) && lines[end].comment != nullptr &&
           lines[end].indent == lines[i].indent) {
      width = std::max(width, display_width(texts[end]));
      ++end;
    }
    for (; i < end; ++i) texts[i] = pad(texts[i], width + 2) + std::string(lines[i].comment->text);
  }
  std::string out;
  for (const auto& text : texts) {
    out += text;
    out += '\n';
  }
  return out;
}

// The tokens of a text, for the check that formatting lost or invented none: comments in
// order, everything else as a sorted multiset (status attributes may be reordered).
std::pair<std::vector<std::string>, std::vector<std::string>> inventory(std::string_view text) {
  const std::vector<Token> tokens = lex(text);
  std::vector<std::string> comments;
  std::vector<std::string> others;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::newline) continue;
    if (token.kind == TokenKind::comment) {
      comments.emplace_back(token.text);
    } else {
      others.emplace_back(spelled(token, i + 1 < tokens.size() ? &tokens[i + 1] : nullptr));
    }
  }
  std::sort(others.begin(), others.end());
  return {comments, others};
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code = byte;
    std::size_t length = 1;
    if (byte >= 0xF0U) {
      length = 4;
      code = byte & 0x07U;
    } else if (byte >= 0xE0U) {
      length = 3;
      code = byte & 0x0FU;
    } else if (byte >= 0xC0U) {
      length = 2;
      code = byte & 0x1FU;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    i += length;
    const bool zero_width = (code >= 0x0300 && code <= 0x036F) || code == 0x200D || (code >= 0xFE00 && code <= 0xFE0F);
    const bool wide = (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
                      (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
                      (code >= 0xFF00 && code <= 0xFF60) || (code >= 0xFFE0 && code <= 0xFFE6) ||
                      (code >= 0x1F300 && code <= 0x1FAFF) || (code >= 0x20000 && code <= 0x3FFFD);
    width += zero_width ? 0 : (wide ? 2 : 1);
  }
  return width;
}

std::optional<std::string> format(const SourceSet& sources, std::uint32_t file, DiagnosticSink& sink) {
  DiagnosticSink syntax;
  const RuleFile parsed = parse(sources, file, syntax);
  if (syntax.has_errors()) {
    for (auto& diagnostic : syntax.sorted()) sink.add(std::move(diagnostic));
    return std::nullopt;
  }
  const SourceFile& source = sources.file(file);
  const std::vector<Token> tokens = lex(source.text());
  std::vector<Line> lines = LineBuilder(starts_of(parsed)).build(tokens);
  lines = normalise_blank_lines(std::move(lines));
  mark_continuations(lines);
  for (Line& line : lines) {
    if (is_code(line)) line.code = render(line.tokens, 0, line.tokens.size());
  }
  align_statuses(lines);
  align_arrows(lines);
  std::string formatted = print(lines);

  // The result must parse and hold the same words and comments: a formatter bug must
  // never reach a rule file.
  SourceSet check;
  const std::uint32_t id = check.add(source.path(), formatted);
  DiagnosticSink reparsed;
  static_cast<void>(parse(check, id, reparsed));
  if (reparsed.has_errors()) {
    throw std::logic_error(fmt::format("formatting `{}` produced text that does not parse: {}", source.path(),
                                       reparsed.sorted().front().message));
  }
  if (inventory(source.text()) != inventory(formatted)) {
    throw std::logic_error(fmt::format("formatting `{}` would lose or change a word or comment", source.path()));
  }
  return formatted;
}

}  // namespace dsl
