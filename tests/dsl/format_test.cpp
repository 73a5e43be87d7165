// dsl::format layout rules, one row per rule: the input, the canonical text expected,
// and for every row that formatting the result again changes nothing.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <string_view>

#include "dsl/format.hpp"

namespace {

namespace bdata = boost::unit_test::data;

struct Layout {
  std::string_view rule;
  std::string_view input;
  std::string_view expected;
};

std::ostream& operator<<(std::ostream& out, const Layout& layout) { return out << layout.rule; }

std::optional<std::string> format_text(std::string_view text, std::string* errors = nullptr) {
  dsl::SourceSet sources;
  const std::uint32_t id = sources.add("test.sk", std::string(text));
  dsl::DiagnosticSink sink;
  auto formatted = dsl::format(sources, id, sink);
  if (errors != nullptr) {
    for (const auto& diagnostic : sink.sorted()) *errors += dsl::render(diagnostic, sources);
  }
  return formatted;
}

const Layout kLayouts[] = {
    {"indentation is two spaces per brace level",
     "key k {\n\t\tstatus \"Green\"\n}\n",
     "key k {\n  status \"Green\"\n}\n"},
    {"runs of spaces become one; trailing blanks go; a final newline is added",
     "scheme s   uses k {\n  gap  =  relative   to target   \n  otherwise   ->   \"Green\"}",
     "scheme s uses k {\n  gap = relative to target\n  otherwise -> \"Green\"\n}\n"},
    {"CRLF line ends become LF",
     "council \"C\"\r\nkey k {\r\n  status \"A\"\r\n}\r\n",
     "council \"C\"\n\nkey k {\n  status \"A\"\n}\n"},
    {"one space either side of `->` and of comparisons",
     "scheme s uses k {\n  gap = relative to target\n  gap>10%->\"A\"\n}\n",
     "scheme s uses k {\n  gap = relative to target\n  gap > 10% -> \"A\"\n}\n"},
    {"no spaces inside brackets and before commas",
     "scheme s uses k {\n  gap in [ -5% ,10% ) -> \"A\"\n  not ( gap < 0% ) -> \"B\"\n}\n",
     "scheme s uses k {\n  gap in [-5%, 10%) -> \"A\"\n  not (gap < 0%)    -> \"B\"\n}\n"},
    {"the arrows of consecutive rules line up",
     "scheme s uses k {\n  gap > 10% -> \"A\"\n  gap in [-5%, 10%] -> \"B\"\n  otherwise -> \"C\"\n}\n",
     "scheme s uses k {\n  gap > 10%         -> \"A\"\n  gap in [-5%, 10%] -> \"B\"\n  otherwise         -> \"C\"\n}\n"},
    {"a line that is not a rule starts a new alignment run; comment lines do not",
     "scheme s uses k {\n  no actual -> \"A\"\n  cannot evaluate -> \"B\"\n  gap = relative to target\n"
     "  gap > 10% -> \"A\"\n  # the rest\n  otherwise -> \"C\"\n}\n",
     "scheme s uses k {\n  no actual       -> \"A\"\n  cannot evaluate -> \"B\"\n  gap = relative to target\n"
     "  gap > 10% -> \"A\"\n  # the rest\n  otherwise -> \"C\"\n}\n"},
    {"a blank line starts a new alignment run",
     "test \"t\" {\n  a actual 1 -> \"A\"\n\n  long_name actual 1 -> \"A\"\n}\n",
     "test \"t\" {\n  a actual 1 -> \"A\"\n\n  long_name actual 1 -> \"A\"\n}\n"},
    {"test cases line up on their arrows",
     "test \"t\" {\n  a 2022-02 actual 1 -> \"A\"\n  bb 2022-02 actual 10 previous 5 -> \"B\" direction \"↑\"\n}\n",
     "test \"t\" {\n  a 2022-02 actual 1              -> \"A\"\n"
     "  bb 2022-02 actual 10 previous 5 -> \"B\" direction \"↑\"\n}\n"},
    {"status attributes are ordered colour, symbol, means, alias and aligned in columns",
     "key k {\n  status \"Green\" symbol \"●\" colour #00703C means \"on target\"\n"
     "  status \"Not assessable\" means \"cannot judge\" alias \"NA\" symbol \"×\"\n  status \"Red\" colour #D4351C\n}\n",
     "key k {\n  status \"Green\"          colour #00703C symbol \"●\" means \"on target\"\n"
     "  status \"Not assessable\"                symbol \"×\" means \"cannot judge\" alias \"NA\"\n"
     "  status \"Red\"            colour #D4351C\n}\n"},
    {"`color` is spelled `colour`",
     "key k {\n  status \"Green\" color #00703C\n}\n",
     "key k {\n  status \"Green\" colour #00703C\n}\n"},
    {"a one-line block is opened up, one status per line",
     "key k { status \"Green\" status \"Red\" }\n",
     "key k {\n  status \"Green\"\n  status \"Red\"\n}\n"},
    {"one rule and one test case per line",
     "scheme s uses k { no actual -> \"A\" otherwise -> \"B\" }\ntest \"t\" { x actual 1 -> \"A\" y actual 2 -> \"B\" }\n",
     "scheme s uses k {\n  no actual -> \"A\"\n  otherwise -> \"B\"\n}\n\n"
     "test \"t\" {\n  x actual 1 -> \"A\"\n  y actual 2 -> \"B\"\n}\n"},
    {"one indicator property per line; `no target` stays together",
     "indicator x \"X\" {\n  unit percent  polarity higher  frequency quarter  cumulative\n"
     "  target 2013-14 Q1 none, Q2 no target tolerance 5%\n}\n",
     "indicator x \"X\" {\n  unit percent\n  polarity higher\n  frequency quarter\n  cumulative\n"
     "  target 2013-14 Q1 none, Q2 no target\n  tolerance 5%\n}\n"},
    {"precision and rounding are properties too; `rounding half up` stays together",
     "indicator x {\n  unit percent precision 1 rounding half up polarity higher\n}\n",
     "indicator x {\n  unit percent\n  precision 1\n  rounding half up\n  polarity higher\n}\n"},
    {"a target list continued after a comma hangs under its first value",
     "indicator x {\n  target 2013-14 Q1 5,\n  2013-14 Q2 10,\n            2013-14 Q3 15\n}\n",
     "indicator x {\n  target 2013-14 Q1 5,\n         2013-14 Q2 10,\n         2013-14 Q3 15\n}\n"},
    {"`{` joins the head of its declaration, and so do the head's other lines",
     "indicator calls\n  \"Calls answered\"\n{\n  unit percent\n}\n",
     "indicator calls \"Calls answered\" {\n  unit percent\n}\n"},
    {"one blank line between declarations that span lines; none at the ends of blocks",
     "\n\nkey a {\n\n  status \"A\"\n\n}\n\n\n\nkey b {\n  status \"B\"\n}\nkey c {\n  status \"C\"\n}\n\n\n",
     "key a {\n  status \"A\"\n}\n\nkey b {\n  status \"B\"\n}\n\nkey c {\n  status \"C\"\n}\n"},
    {"single-line declarations keep 0 or 1 blank line between them",
     "import \"a.sk\"\nimport \"b.sk\"\n\n\ncouncil \"C\"\n",
     "import \"a.sk\"\nimport \"b.sk\"\n\ncouncil \"C\"\n"},
    {"blank lines inside a block collapse to one",
     "key k {\n  status \"A\"\n\n\n\n  status \"B\"\n}\n",
     "key k {\n  status \"A\"\n\n  status \"B\"\n}\n"},
    {"full-line comments keep their place and take the block's indentation",
     "# file\n\n  # about k\nkey k {\n      # first\n  status \"A\"\n# last\n}\n# end\n",
     "# file\n\n# about k\nkey k {\n  # first\n  status \"A\"\n  # last\n}\n# end\n"},
    {"end-of-line comments stay on their line, two spaces after the code",
     "key k {    # the key\n  status \"A\"     # a\n}   # done\n",
     "key k {  # the key\n  status \"A\"  # a\n}  # done\n"},
    {"end-of-line comments of adjacent lines line up",
     "scheme s uses k {\n  first match # one\n  gap = relative to target # two\n  otherwise -> \"A\"\n}\n",
     "scheme s uses k {\n  first match               # one\n  gap = relative to target  # two\n"
     "  otherwise -> \"A\"\n}\n"},
    {"a comment after `{` stays there; the code after `{` moves down",
     "key k { # c\n  status \"A\" }\n",
     "key k {  # c\n  status \"A\"\n}\n"},
    {"a comment inside a declaration's head keeps the line break",
     "indicator x # why\n  \"X\" {\n  unit percent\n}\n",
     "indicator x  # why\n          \"X\" {\n  unit percent\n}\n"},
    {"a colour is not a comment; `#` elsewhere is",
     "key k {\n  status \"A\" colour   #ABCDEF #ABCDEF is a comment here\n}\n",
     "key k {\n  status \"A\" colour #ABCDEF  #ABCDEF is a comment here\n}\n"},
    {"strings keep their spaces, escapes and `#`",
     "key k {\n  status  \"a  \\\"b\\\" # c\"   means \"x\\\\y\"\n}\n",
     "key k {\n  status \"a  \\\"b\\\" # c\" means \"x\\\\y\"\n}\n"},
    {"unknown-looking lines inside blocks keep their line breaks",
     "direction d uses k {\n  change = relative to previous\n  polarity none and\n  value rose -> \"A\"\n}\n",
     "direction d uses k {\n  change = relative to previous\n  polarity none and\n"
     "           value rose -> \"A\"\n}\n"},
    {"one column mapping per line, their arrows aligned; `period` starts a line unless it is the field",
     "columns { \"Ref No.\" -> indicator \"Month\" -> period   period 2022-02 }\n",
     "columns {\n  \"Ref No.\" -> indicator\n  \"Month\"   -> period\n  period 2022-02\n}\n"},
    {"an empty file stays empty", "", ""},
    {"a file of comments keeps them", "# only\n\n\n# comments", "# only\n\n# comments\n"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(format)

BOOST_DATA_TEST_CASE(layout_rule, bdata::make(kLayouts), layout) {
  std::string errors;
  const auto formatted = format_text(layout.input, &errors);
  BOOST_TEST_REQUIRE(formatted.has_value(), errors);
  BOOST_TEST(*formatted == std::string(layout.expected));
  const auto again = format_text(*formatted);
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(*again == *formatted, "formatting is not idempotent");
}

BOOST_AUTO_TEST_CASE(syntax_errors_are_reported_and_nothing_is_formatted) {
  std::string errors;
  const auto formatted = format_text("key k {\n  status \"A\" colour red\n}\n", &errors);
  BOOST_TEST(!formatted.has_value());
  BOOST_TEST(errors.find("test.sk:2:") != std::string::npos, errors);
  BOOST_TEST(errors.find("[syntax-error]") != std::string::npos, errors);
}

BOOST_AUTO_TEST_CASE(display_width_counts_terminal_columns) {
  BOOST_TEST(dsl::display_width("Green") == 5U);
  BOOST_TEST(dsl::display_width("\"↑G\"") == 4U);
  BOOST_TEST(dsl::display_width("e\u0301") == 1U);        // e and a combining accent
  BOOST_TEST(dsl::display_width("\u2B06\uFE0F") == 1U);   // an arrow and a variation selector
  BOOST_TEST(dsl::display_width("\U0001F7E2") == 2U);     // a green circle emoji
}

BOOST_AUTO_TEST_SUITE_END()
