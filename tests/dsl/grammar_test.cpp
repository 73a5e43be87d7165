// The grammar on its own: PEGTL's static analysis, and the lexical rules matched
// directly against short inputs (the whole input must match).
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"

namespace {

namespace pegtl = tao::pegtl;
namespace g = dsl::grammar;

template <typename Rule>
bool matches_all(std::string_view text) {
  pegtl::memory_input input(text.data(), text.size(), "test");
  return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(input);
}

struct Row {
  std::string_view text;
  bool matches;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(grammar)

// No rule can loop without consuming input, and every rule can fail (analyze() counts
// the problems it finds).
BOOST_AUTO_TEST_CASE(analyze_finds_no_problems) { BOOST_TEST(pegtl::analyze<g::next_item>() == 0); }

BOOST_AUTO_TEST_CASE(identifiers_exclude_keywords) {
  const Row rows[] = {
      {"calls_20s", true}, {"when", true},   {"in_patients", true}, {"target_x", true},   {"Q2", true},
      {"_private", true},  {"in", false},    {"target", false},     {"indicator", false}, {"otherwise", false},
      {"colour", false},   {"color", false}, {"20s", false},        {"", false},          {"kebab-case", false},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::identifier>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_CASE(numbers_are_plain_decimals) {
  const Row rows[] = {
      {"80", true},  {"-5", true},  {"+2.5", true}, {"0.10", true},   {"1688", true}, {"1,688", false},
      {"1.", false}, {".5", false}, {"1e3", false}, {"1.2.3", false}, {"- 5", false}, {"", false},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::number_lit>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_CASE(band_literals_take_a_percent_sign_or_a_unit_word) {
  const Row rows[] = {
      {"10%", true},   {"-5 points", true}, {"2 days", true}, {"100", true},
      {"10 %", false}, {"5 to", false},     {"%", false},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::band_literal>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_CASE(period_literals) {
  // The grammar only takes the shape; the compiler decides whether `2013-15` exists.
  const Row rows[] = {
      {"2013-14", true}, {"2013/14", true}, {"2013-14 Q2", true}, {"2013-14  Q4", true},
      {"Q1", true},      {"2022-02", true}, {"2013-15", true},    {"Q5", false},
      {"Q2x", false},    {"13-14", false},  {"2013-145", false},  {"2013-14Q2", false},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::period_lit>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_CASE(colours_and_comments_share_the_hash) {
  const Row colours[] = {
      {"#007A33", true}, {"#00703c", true}, {"#12345", false}, {"#00703G", false}, {"#00703C0", false},
  };
  for (const Row& row : colours) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::colour_lit>(row.text) == row.matches); }
  }
  // A colour follows `colour` on its line; everywhere else `#` starts a comment, even
  // when six hex digits follow it.
  const Row comments[] = {
      {"# a comment", true},
      {"#", true},
      {"#comment", true},
      {"#007A33x is a comment", true},
      {"# 007A33", true},
      {"#007A33", true},
      {"#facade of the town hall", true},
  };
  for (const Row& row : comments) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::comment>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_CASE(strings_are_one_line_utf8_with_escapes) {
  const Row rows[] = {
      {R"("Green")", true}, {R"("")", true},      {R"("say \"hi\"")", true}, {"\"\xE2\x86\x91\"", true},
      {R"("a\nb")", true},  {R"("a\tb")", false}, {"\"two\nlines\"", false}, {R"("open)", false},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.text) { BOOST_TEST(matches_all<g::string_lit>(row.text) == row.matches); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
