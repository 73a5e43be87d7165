// SourceFile's byte -> line:column mapping (columns count UTF-8 code points), the
// diagnostic registry and sink, and the one renderer (caret and tildes under the span).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"

namespace {

// "a↑b": 'a' is byte 0, '↑' bytes 1-3 (E2 86 91), 'b' byte 4.
constexpr std::string_view kArrow = "\xE2\x86\x91";

std::string located(const dsl::SourceFile& file, std::uint32_t byte) {
  const dsl::LineColumn at = file.locate(byte);
  return fmt::format("{}:{}", at.line, at.column);
}

// The two lines under the message line, without their 4-space indent.
std::string marker_lines(dsl::DiagnosticKind kind, std::string text, dsl::Span span) {
  dsl::SourceSet sources;
  sources.add("f.sk", std::move(text));
  const std::string rendered = dsl::render(dsl::Diagnostic{kind, 0, span, "m"}, sources);
  const std::size_t first_newline = rendered.find('\n');
  std::string rest = rendered.substr(first_newline + 1);
  std::string out;
  std::size_t start = 0;
  while (start < rest.size()) {
    const std::size_t end = rest.find('\n', start);
    out += rest.substr(start + 4, end - start - 4) + "|";
    start = end + 1;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(source)

BOOST_AUTO_TEST_CASE(locate_counts_lines_and_code_points) {
  struct Row {
    std::string_view name;
    std::string text;
    std::uint32_t byte;
    std::string_view at;
  };
  const std::string utf8 = "a" + std::string(kArrow) + "b\n" + std::string(kArrow) + std::string(kArrow) + "c";
  const Row rows[] = {
      {"start", "abc", 0, "1:1"},
      {"middle", "abc", 2, "1:3"},
      {"end of text", "abc", 3, "1:4"},
      {"past the end is clamped", "abc", 99, "1:4"},
      {"empty text", "", 0, "1:1"},
      {"after a newline", "ab\ncd", 3, "2:1"},
      {"the newline itself", "ab\ncd", 2, "1:3"},
      {"empty lines", "\n\n\nx", 3, "4:1"},
      {"crlf: the cr is on the line", "ab\r\ncd", 2, "1:3"},
      {"crlf: next line", "ab\r\ncd", 5, "2:2"},
      {"lone cr is not a line end", "ab\rcd", 3, "1:4"},
      {"before a multi-byte character", utf8, 1, "1:2"},
      {"after a multi-byte character", utf8, 4, "1:3"},
      {"inside a multi-byte character", utf8, 2, "1:3"},
      {"two multi-byte characters", utf8, 12, "2:3"},
      {"a tab is one column", "\tx", 1, "1:2"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) { BOOST_TEST(located(dsl::SourceFile("f.sk", row.text), row.byte) == row.at); }
  }
}

BOOST_AUTO_TEST_CASE(line_text_drops_the_line_ending) {
  const dsl::SourceFile file("f.sk", "one\r\ntwo\n\nfour");
  BOOST_TEST(file.line_text(1) == "one");
  BOOST_TEST(file.line_text(2) == "two");
  BOOST_TEST(file.line_text(3) == "");
  BOOST_TEST(file.line_text(4) == "four");
  BOOST_TEST(file.line_text(0) == "");
  BOOST_TEST(file.line_text(5) == "");
}

BOOST_AUTO_TEST_CASE(slice_is_clamped_to_the_text) {
  const dsl::SourceFile file("f.sk", "abcdef");
  BOOST_TEST(file.slice({1, 3}) == "bc");
  BOOST_TEST(file.slice({4, 99}) == "ef");
  BOOST_TEST(file.slice({99, 100}) == "");
  BOOST_TEST(file.slice({3, 1}) == "");
}

BOOST_AUTO_TEST_CASE(render_puts_the_caret_under_the_span) {
  using dsl::DiagnosticKind;
  struct Row {
    std::string_view name;
    std::string text;
    dsl::Span span;
    std::string lines;  // source line | marker line |
  };
  const std::string arrow(kArrow);
  const Row rows[] = {
      {"first column", "abc", {0, 1}, "abc|^|"},
      {"tildes under the rest", "let value = 10", {4, 9}, "let value = 10|    ^~~~~|"},
      {"empty span is one caret", "abc", {1, 1}, "abc| ^|"},
      {"span at the end of the line", "abc\nd", {3, 4}, "abc|   ^|"},
      {"a span over a line end gets one caret", "abc\ndef", {1, 6}, "abc| ^|"},
      {"second line", "abc\n  def", {6, 9}, "  def|  ^~~|"},
      {"after a multi-byte character", "\"" + arrow + "\" x", {6, 7}, "\"" + arrow + "\" x|    ^|"},
      {"under a multi-byte character", "\"" + arrow + arrow + "\"", {4, 7}, "\"" + arrow + arrow + "\"|  ^|"},
      {"tildes count code points",
       "x " + arrow + arrow + arrow + " y",
       {2, 11},
       "x " + arrow + arrow + arrow + " y|  ^~~|"},
      {"tabs are kept so the caret lines up", "\tkey\tx", {5, 6}, "\tkey\tx|\t   \t^|"},
      {"crlf line", "abc\r\ndef", {6, 7}, "def| ^|"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      BOOST_TEST(marker_lines(DiagnosticKind::syntax_error, row.text, row.span) == row.lines);
    }
  }
}

BOOST_AUTO_TEST_CASE(render_first_line) {
  dsl::SourceSet sources;
  sources.add("rules/a.sk", "key k {}\n");
  sources.add("rules/b.sk", "\n  key \xE2\x86\x91\n");
  BOOST_TEST(dsl::render({dsl::DiagnosticKind::empty_key, 0, {4, 5}, "key `k` is empty"}, sources) ==
             "rules/a.sk:1:5: warning: key `k` is empty [empty-key]\n    key k {}\n        ^\n");
  BOOST_TEST(dsl::render({dsl::DiagnosticKind::unknown_key, 1, {7, 10}, "no key `↑`"}, sources) ==
             "rules/b.sk:2:7: error: no key `↑` [unknown-key]\n      key ↑\n          ^\n");
}

BOOST_AUTO_TEST_CASE(registry_names_are_unique_kebab_case) {
  std::set<std::string_view> seen;
  for (const dsl::DiagnosticKind kind : dsl::all_kinds()) {
    const std::string_view name = dsl::kind_name(kind);
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(seen.insert(name).second);
      BOOST_TEST(!name.empty());
      BOOST_TEST(std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0 ||
               c == '-';
      }));
      BOOST_TEST(name.front() != '-');
      BOOST_TEST(name.back() != '-');
    }
  }
  BOOST_TEST(dsl::kind_name(dsl::DiagnosticKind::syntax_error) == "syntax-error");
  BOOST_TEST((dsl::kind_severity(dsl::DiagnosticKind::empty_key) == dsl::Severity::warning));
  BOOST_TEST((dsl::kind_severity(dsl::DiagnosticKind::unknown_key) == dsl::Severity::error));
}

BOOST_AUTO_TEST_CASE(sink_counts_and_sorts) {
  dsl::DiagnosticSink sink;
  sink.report(dsl::DiagnosticKind::unknown_key, 1, {5, 6}, "b{}", 1);
  sink.report(dsl::DiagnosticKind::empty_key, 0, {9, 10}, "a2");
  sink.report(dsl::DiagnosticKind::unknown_unit, 0, {3, 4}, "a1");
  sink.report(dsl::DiagnosticKind::unknown_scheme, 1, {5, 6}, "b2");
  BOOST_TEST(sink.error_count() == 3U);
  BOOST_TEST(sink.warning_count() == 1U);
  BOOST_TEST(sink.has_errors());
  std::string order;
  for (const auto& diagnostic : sink.sorted()) order += diagnostic.message + " ";
  // By file, then byte offset; equal positions keep the order they were reported in.
  BOOST_TEST(order == "a1 a2 b1 b2 ");
}

BOOST_AUTO_TEST_SUITE_END()
