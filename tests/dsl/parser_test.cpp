// dsl::parse on small snippets: which items come out, where the first syntax error is,
// how conditions and targets are built, and that spans point at their text. Every
// expected result sits next to its input.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/parser.hpp"

namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct Parsed {
  dsl::SourceSet sources;
  dsl::RuleFile file;
  std::vector<dsl::Diagnostic> diagnostics;
};

Parsed parse(std::string_view text) {
  Parsed parsed;
  const std::uint32_t id = parsed.sources.add("test.sk", std::string(text));
  dsl::DiagnosticSink sink;
  parsed.file = dsl::parse(parsed.sources, id, sink);
  parsed.diagnostics = sink.sorted();
  return parsed;
}

std::string item_kinds(const dsl::RuleFile& file) {
  std::vector<std::string_view> kinds;
  for (const auto& item : file.items) {
    kinds.push_back(std::visit(
        Overloaded{[](const dsl::CouncilDecl&) { return "council"; }, [](const dsl::KeyDecl&) { return "key"; },
                   [](const dsl::SchemeDecl&) { return "scheme"; },
                   [](const dsl::DirectionDecl&) { return "direction"; },
                   [](const dsl::IndicatorDecl&) { return "indicator"; }, [](const dsl::TestDecl&) { return "test"; },
                   [](const dsl::ImportDecl&) { return "import"; }, [](const dsl::ColumnsDecl&) { return "columns"; },
                   [](const dsl::RollupDecl&) { return "rollup"; }, [](const dsl::EscalateDecl&) { return "escalate"; },
                   [](const dsl::ThemeDecl&) { return "theme"; }},
        item));
  }
  return fmt::format("{}", fmt::join(kinds, " "));
}

// "LINE:COLUMN [kind]" for every diagnostic, in source order.
std::string positions(const Parsed& parsed) {
  std::vector<std::string> described;
  for (const auto& diagnostic : parsed.diagnostics) {
    const dsl::LineColumn at = parsed.sources.file(diagnostic.file).locate(diagnostic.span.begin);
    described.push_back(fmt::format("{}:{} [{}]", at.line, at.column, dsl::kind_name(diagnostic.kind)));
  }
  return fmt::format("{}", fmt::join(described, ", "));
}

std::string number(const dsl::NumberLit& literal) {
  return literal.digits + (literal.percent ? "%" : "") + (literal.unit_word ? " " + literal.unit_word->name : "");
}

// Conditions as s-expressions for compound nodes, as written for atoms.
std::string describe(const dsl::Condition& condition) {
  constexpr std::string_view kOps[] = {"<", "<=", ">", ">=", "=="};
  const auto quantity = [](dsl::Quantity q) { return q == dsl::Quantity::gap ? "gap" : "change"; };
  const auto group = [](std::string_view name, const std::vector<dsl::Condition>& operands) {
    std::string text = fmt::format("({}", name);
    for (const auto& operand : operands) text += " " + describe(operand);
    return text + ")";
  };
  return std::visit(Overloaded{
                        [&](const dsl::MeasureCompare& node) {
                          return fmt::format("{} {} {}", quantity(node.quantity), kOps[static_cast<int>(node.op)],
                                             number(node.value));
                        },
                        [&](const dsl::MeasureInterval& node) {
                          return fmt::format("{} in {}{}, {}{}", quantity(node.quantity),
                                             node.low_inclusive ? '[' : '(', number(node.low), number(node.high),
                                             node.high_inclusive ? ']' : ')');
                        },
                        [](const dsl::ActualCompare& node) {
                          constexpr std::string_view kTests[] = {"meets", "better than", "worse than", "below",
                                                                 "above"};
                          constexpr std::string_view kReferences[] = {"target", "tolerance", "floor", "expected",
                                                                      "benchmark"};
                          return fmt::format("actual {} {}{}", kTests[static_cast<int>(node.test)],
                                             kReferences[static_cast<int>(node.reference)],
                                             node.benchmark ? " " + node.benchmark->name : "");
                        },
                        [&](const dsl::MarginCompare& node) {
                          return fmt::format("actual within {} of benchmark {}", number(node.margin),
                                             node.benchmark.name);
                        },
                        [](const dsl::QuartileIs& node) { return fmt::format("quartile {}", node.quartile); },
                        [](const dsl::PolarityIs& node) {
                          constexpr std::string_view kPolarities[] = {"higher", "lower", "none"};
                          return fmt::format("polarity {}", kPolarities[static_cast<int>(node.polarity)]);
                        },
                        [](const dsl::StatusIs& node) {
                          std::vector<std::string> labels;
                          for (const auto& status : node.statuses) labels.push_back(status.value);
                          return fmt::format("status {}", fmt::join(labels, "|"));
                        },
                        [](const dsl::ValueMoved& node) {
                          constexpr std::string_view kMoves[] = {"rose", "fell", "unchanged"};
                          return fmt::format("value {}", kMoves[static_cast<int>(node.move)]);
                        },
                        [&](const dsl::Not& node) { return group("not", node.operand); },
                        [&](const dsl::All& node) { return group("and", node.operands); },
                        [&](const dsl::Any& node) { return group("or", node.operands); },
                    },
                    condition.node);
}

std::string describe(const dsl::TargetValue& value) {
  using Kind = dsl::TargetValue::Kind;
  switch (value.kind) {
    case Kind::value:
      return number(value.value);
    case Kind::range:
      return fmt::format("{} to {}", number(value.value), number(value.high));
    case Kind::bound:
      return fmt::format("{}{} {}", value.bound_below ? "<" : ">", value.strict ? "" : "=", number(value.value));
    case Kind::none:
      return "none";
    case Kind::under_review:
      return "under review";
    case Kind::baseline:
      return "baseline";
  }
  return "?";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parser)

BOOST_AUTO_TEST_CASE(items_of_each_kind) {
  struct Row {
    std::string_view name;
    std::string_view text;
    std::string_view items;
  };
  const Row rows[] = {
      {"empty file", "", ""},
      {"only comments and blank lines", "# a comment\n\n   # another\n", ""},
      {"council", "council \"Test Council\"\n", "council"},
      {"key", "key k \"Title\" {\n  status \"Green\" colour #00703C\n}\n", "key"},
      {"empty key", "key k {}\n", "key"},
      {"scheme", "scheme s uses k default {\n  otherwise -> \"Green\"\n}\n", "scheme"},
      {"direction", "direction d uses k {\n  value rose -> \"Up\"\n}\n", "direction"},
      {"indicator", "indicator calls \"Calls\" {\n  unit percent\n  target 80%\n}\n", "indicator"},
      {"test", "test \"t\" {\n  calls actual 80% -> \"Green\"\n}\n", "test"},
      {"all on one line", "council \"c\" key k {} scheme s uses k {} indicator i {}", "council key scheme indicator"},
      {"crlf endings", "council \"c\"\r\nkey k {\r\n  status \"G\"\r\n}\r\n", "council key"},
      {"keyword prefixes are names", "indicator in_patients {}\nindicator target_x {}\n", "indicator indicator"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const Parsed parsed = parse(row.text);
      BOOST_TEST(item_kinds(parsed.file) == row.items);
      BOOST_TEST(positions(parsed) == "");
    }
  }
}

BOOST_AUTO_TEST_CASE(first_syntax_error_and_its_position) {
  struct Row {
    std::string_view name;
    std::string_view text;
    std::string_view at;  // LINE:COLUMN
    std::string_view message;
  };
  const Row rows[] = {
      {"typo in a top-level keyword", "council \"c\"\n\nindicatr x {}\n", "3:1",
       "expected `council`, `import`, `columns`, `rollup`, `theme`, `escalate`, `key`, `scheme`, `direction`, `indicator` or `test` at the top level"},
      {"stray closing brace", "key k {}\n}\n", "2:1",
       "expected `council`, `import`, `columns`, `rollup`, `theme`, `escalate`, `key`, `scheme`, `direction`, `indicator` or `test` at the top level"},
      {"keyword as a name", "indicator target {}\n", "1:11",
       "`target` is a keyword and cannot be a name; choose another name, such as `my_target` (docs/language.md lists "
       "the keywords)"},
      {"no name at all", "indicator {}\n", "1:11", "expected a name (letters, digits and `_`, not a keyword)"},
      {"typo in `uses`", "scheme s usse k {}\n", "1:10",
       "expected `uses KEY` naming the key whose statuses this block gives"},
      {"unterminated string", "council \"Test\n", "1:14", "unterminated string; close it with `\"` on the same line"},
      {"label not quoted", "key k {\n  status Green\n}\n", "2:10", "expected a quoted string such as `\"Green\"`"},
      {"missing arrow", "scheme s uses k {\n  gap > 10% \"Green\"\n}\n", "2:13",
       "expected `->` followed by the outcome"},
      {"outcome not quoted", "scheme s uses k {\n  otherwise -> Red\n}\n", "2:16",
       "expected a quoted status after `->`, such as `\"Green\"`"},
      {"missing brace at end of file", "key k {\n  status \"G\"\n", "3:1",
       "expected `status \"LABEL\" ...` or `}` to close the key"},
      {"bad colour", "key k {\n  status \"G\" colour green\n}\n", "2:21",
       "expected a colour written `#RRGGBB`, such as `#007A33`"},
      {"interval without comma", "scheme s uses k {\n  gap in [0% 5%] -> \"G\"\n}\n", "2:14",
       "expected `,` between the two ends of the interval"},
      {"interval not closed", "scheme s uses k {\n  gap in [0%, 5% -> \"G\"\n}\n", "2:18",
       "expected `]` (end included) or `)` (end excluded)"},
      {"comparison without number", "scheme s uses k {\n  gap > -> \"G\"\n}\n", "2:10",
       "expected a number such as `10%`, `-5 points` or `2 days`"},
      {"unclosed parenthesis", "scheme s uses k {\n  (gap > 1% -> \"G\"\n}\n", "2:13", "expected `)`"},
      {"bad polarity", "indicator i {\n  polarity up\n}\n", "2:12", "expected `higher`, `lower` or `none`"},
      {"thousands separator in a target", "indicator i {\n  target 1,688\n}\n", "2:11",
       "expected a target such as `80%`, `95% to 97%`, `< 10%`, `none`, `under review` or `baseline`; write numbers "
       "without thousands separators"},
      {"measure base", "scheme s uses k {\n  gap = relative to actual\n}\n", "2:21", "expected `target`, `previous` or `same period last year`"},
      {"test case outcome", "test \"t\" {\n  i actual 5 -> Green\n}\n", "2:17",
       "expected the outcome: `\"Green\"`, `\"Green\" direction \"↑\"` or `direction \"↑\"`"},
      {"column counts code points", "key k {\n  status \"↑\" colour #12\n}\n", "2:24",
       "expected a colour written `#RRGGBB`, such as `#007A33`"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const Parsed parsed = parse(row.text);
      BOOST_TEST_REQUIRE(!parsed.diagnostics.empty());
      const dsl::Diagnostic& first = parsed.diagnostics.front();
      const dsl::LineColumn at = parsed.sources.file(0).locate(first.span.begin);
      BOOST_TEST(fmt::format("{}:{}", at.line, at.column) == row.at);
      BOOST_TEST(first.message == row.message);
      BOOST_TEST(dsl::kind_name(first.kind) == "syntax-error");
    }
  }
}

BOOST_AUTO_TEST_CASE(recovery_at_the_next_top_level_item) {
  struct Row {
    std::string_view name;
    std::string_view text;
    std::string_view items;
    std::string_view diagnostics;
  };
  const Row rows[] = {
      {"bad item between good ones", "council \"c\"\nindicatr x {}\nkey k {}\n", "council key", "2:1 [syntax-error]"},
      {"one message per broken item",
       "key a {\n  status G\n  status H\n}\nkey b {\n  status \"G\" colour red\n}\nkey c {}\n", "key",
       "2:10 [syntax-error], 6:21 [syntax-error]"},
      {"resync needs column 1", "key a {\n  status G\n  key b {}\n}\nkey c {}\n", "key", "2:10 [syntax-error]"},
      {"an unclosed block swallows the next item", "key a {\n\nscheme s uses a {}\nkey c {}\n", "key",
       "3:1 [syntax-error]"},
      {"duplicate properties keep the item", "indicator i {\n  unit count\n  unit percent\n}\nkey k {}\n",
       "indicator key", "3:3 [duplicate-property]"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const Parsed parsed = parse(row.text);
      BOOST_TEST(item_kinds(parsed.file) == row.items);
      BOOST_TEST(positions(parsed) == row.diagnostics);
    }
  }
}

BOOST_AUTO_TEST_CASE(files_rejected_before_parsing) {
  struct Row {
    std::string_view name;
    std::string text;
    std::string_view diagnostics;
  };
  const Row rows[] = {
      {"lone continuation byte", "key k {\n  status \"a\x80\"\n}\n", "2:12 [invalid-utf8]"},
      {"truncated sequence at the end", "council \"c\" # \xE2\x86", "1:15 [invalid-utf8]"},
      {"overlong encoding", "council \"\xC0\xAF\"", "1:10 [invalid-utf8]"},
      {"overlong three-byte encoding", "council \"\xE0\x80\xAF\"", "1:10 [invalid-utf8]"},
      {"utf-16 surrogate", "# \xED\xA0\x80\ncouncil \"c\"", "1:3 [invalid-utf8]"},
      {"above U+10FFFF", "council \"\xF4\x90\x80\x80\"", "1:10 [invalid-utf8]"},
      {"valid four-byte character", "council \"\xF0\x9F\x93\x88\"", ""},
      {"65 nested parentheses",
       "scheme s uses k {\n  " + std::string(65, '(') + "gap > 1%" + std::string(65, ')') + " -> \"G\"\n}\n",
       "2:67 [limit-exceeded]"},
      {"65 nested `not`",
       "scheme s uses k {\n  " + [] { std::string nots; for (int i = 0; i < 65; ++i) nots += "not "; return nots; }() +
           "gap > 1% -> \"G\"\n}\n",
       "2:259 [limit-exceeded]"},
      {"10,000 nested parentheses",
       "scheme s uses k {\n  " + std::string(10000, '(') + "gap > 1%" + std::string(10000, ')') + " -> \"G\"\n}\n",
       "2:67 [limit-exceeded]"},
      {"string over the length limit", "council \"" + std::string(4097, 'x') + "\"\n", "1:9 [limit-exceeded]"},
      {"string at the length limit", "council \"" + std::string(4096, 'x') + "\"\n", ""},
      {"64 nested parentheses",
       "scheme s uses k {\n  " + std::string(64, '(') + "gap > 1%" + std::string(64, ')') + " -> \"G\"\n}\n", ""},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) { BOOST_TEST(positions(parse(row.text)) == row.diagnostics); }
  }
}

BOOST_AUTO_TEST_CASE(conditions_keep_precedence_and_literals) {
  struct Row {
    std::string_view rule;  // one band rule, without `-> OUTCOME`
    std::string_view tree;
  };
  const Row rows[] = {
      {"gap > 10%", "gap > 10%"},
      {"gap >= -5 points", "gap >= -5 points"},
      {"change <= 2 days", "change <= 2 days"},
      {"gap = 0%", "gap == 0%"},
      {"gap == +1.5%", "gap == +1.5%"},
      {"gap in [-5%, 10%)", "gap in [-5%, 10%)"},
      {"gap in (-2 days, 2 days]", "gap in (-2 days, 2 days]"},
      {"actual meets target", "actual meets target"},
      {"actual within tolerance", "actual meets tolerance"},
      {"actual better than target", "actual better than target"},
      {"actual worse than tolerance", "actual worse than tolerance"},
      {"polarity none", "polarity none"},
      {"status \"Red\"", "status Red"},
      {"status is \"Red\"", "status Red"},
      {"status in (\"Red\", \"Amber\")", "status Red|Amber"},
      {"value unchanged", "value unchanged"},
      {"not value rose", "(not value rose)"},
      {"polarity higher and gap > 1% or gap < -1%", "(or (and polarity higher gap > 1%) gap < -1%)"},
      {"polarity higher and (gap > 1% or gap < -1%)", "(and polarity higher (or gap > 1% gap < -1%))"},
      {"not (gap >= -10%) or gap == -11%", "(or (not gap >= -10%) gap == -11%)"},
      {"value rose and value fell and value unchanged", "(and value rose value fell value unchanged)"},
      {"((value rose))", "value rose"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.rule) {
      const Parsed parsed = parse(fmt::format("scheme s uses k {{\n  {} -> \"X\"\n}}\n", row.rule));
      BOOST_TEST_REQUIRE(positions(parsed) == "");
      const auto& block = std::get<dsl::SchemeDecl>(parsed.file.items.at(0)).block;
      const auto& rule = std::get<dsl::BandRule>(block.items.at(0));
      BOOST_TEST(describe(rule.condition) == row.tree);
      BOOST_TEST(rule.outcome.value == "X");
    }
  }
}

BOOST_AUTO_TEST_CASE(target_entries_as_written) {
  struct Row {
    std::string_view target;  // the text after `target`
    std::vector<std::string> entries;
  };
  const Row rows[] = {
      {"80%", {"80%"}},
      {"2.92", {"2.92"}},
      {"none", {"none"}},
      {"tracking", {"none"}},
      {"no target", {"none"}},
      {"under review", {"under review"}},
      {"baseline", {"baseline"}},
      {"95% to 97%", {"95% to 97%"}},
      {"15% - 35%", {"15% to 35%"}},
      {"< 10.00%", {"< 10.00%"}},
      {"<= 28", {"<= 28"}},
      {">=5", {">= 5"}},
      {"2013-14 Q1 75%, Q2 78%", {"2013-14 Q1: 75%", "Q2: 78%"}},
      {"80%,\n         2013-14 Q4 none", {"80%", "2013-14 Q4: none"}},
      {"2022-02 < 28, 2022-03 28 to 30", {"2022-02: < 28", "2022-03: 28 to 30"}},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.target) {
      const Parsed parsed = parse(fmt::format("indicator i {{\n  target {}\n}}\n", row.target));
      BOOST_TEST_REQUIRE(positions(parsed) == "");
      std::vector<std::string> entries;
      for (const auto& entry : std::get<dsl::IndicatorDecl>(parsed.file.items.at(0)).targets) {
        entries.push_back(entry.period ? entry.period->text + ": " + describe(entry.value) : describe(entry.value));
      }
      BOOST_TEST(entries == row.entries, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(spans_cover_their_text) {
  const Parsed parsed = parse(
      "# ↑ before\nindicator calls \"Calls ↑\" {\n  unit percent\n  target 2013-14 Q2 80%\n  tolerance 15% - 35%\n}\n");
  BOOST_TEST_REQUIRE(positions(parsed) == "");
  const dsl::SourceFile& source = parsed.sources.file(0);
  const auto& indicator = std::get<dsl::IndicatorDecl>(parsed.file.items.at(0));
  BOOST_TEST(source.slice(indicator.span).starts_with("indicator calls"));
  BOOST_TEST(source.slice(indicator.span).ends_with("}"));
  BOOST_TEST(source.slice(indicator.id.span) == "calls");
  BOOST_TEST(source.slice(indicator.title->span) == "\"Calls ↑\"");
  BOOST_TEST(indicator.title->value == "Calls ↑");
  BOOST_TEST(source.slice(indicator.unit->span) == "percent");
  BOOST_TEST(source.slice(*indicator.targets_span) == "target 2013-14 Q2 80%");
  BOOST_TEST(source.slice(indicator.targets.at(0).period->span) == "2013-14 Q2");
  BOOST_TEST(source.slice(indicator.targets.at(0).value.value.span) == "80%");
  BOOST_TEST(source.slice(indicator.tolerance->span) == "tolerance 15% - 35%");
  BOOST_TEST(source.slice(indicator.tolerance->high.span) == "35%");
  const dsl::LineColumn at = source.locate(indicator.targets.at(0).value.value.span.begin);
  BOOST_TEST(at.line == 4U);
  BOOST_TEST(at.column == 21U);
}

BOOST_AUTO_TEST_CASE(strings_are_unescaped) {
  const Parsed parsed = parse(R"(council "say \"hi\" \\ back\nslash")");
  BOOST_TEST_REQUIRE(positions(parsed) == "");
  BOOST_TEST(std::get<dsl::CouncilDecl>(parsed.file.items.at(0)).name.value == "say \"hi\" \\ back\nslash");
}

BOOST_AUTO_TEST_SUITE_END()
