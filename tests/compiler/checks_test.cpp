// The compiler's checks: each bad input gives the expected diagnostic kinds, pointing at
// the expected text, and one mistake gives one message. The messages themselves are
// pinned by the golden files (tests/golden/fail_*.sk).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "compile_text.hpp"

namespace {

using compiler_test::compile_text;

// A key, a relative scheme and a direction block that the rows below build on.
constexpr std::string_view kPrelude = R"(key k {
  status "Good"
  status "Bad"
}
direction d uses k {
  change = relative to previous
  change > 0% -> "Good"
  otherwise -> "Bad"
}
scheme s uses k {
  gap = relative to target
  gap >= 0% -> "Good"
  otherwise -> "Bad"
}
)";

struct Row {
  std::string_view name;
  std::string_view text;   // appended to kPrelude
  std::string_view kinds;  // every diagnostic's kind, in source order
  std::string_view spans;  // the text each one points at
};

void check_rows(const Row* begin, const Row* end) {
  for (const Row* row = begin; row != end; ++row) {
    BOOST_TEST_CONTEXT(row->name) {
      const auto compiled = compile_text(fmt::format("{}{}", kPrelude, row->text));
      BOOST_TEST(compiled.kinds() == row->kinds);
      BOOST_TEST(compiled.spans() == row->spans);
      // Errors mean no program; warnings alone do not.
      const bool has_error = std::any_of(compiled.diagnostics.begin(), compiled.diagnostics.end(), [](const auto& d) {
        return dsl::kind_severity(d.kind) == dsl::Severity::error;
      });
      BOOST_TEST(compiled.program.has_value() == !has_error);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checks)

BOOST_AUTO_TEST_CASE(the_prelude_compiles_cleanly) {
  const auto compiled = compile_text(fmt::format("{}indicator i {{\n  polarity higher\n  target 5\n}}\n", kPrelude));
  BOOST_TEST(compiled.kinds() == "");
  BOOST_TEST(compiled.program.has_value());
}

BOOST_AUTO_TEST_CASE(names_and_duplicates) {
  const Row rows[] = {
      {"duplicate key", "key k {\n  status \"X\"\n}\n", "duplicate-name", "k"},
      {"duplicate status label", "key j {\n  status \"X\"\n  status \"X\"\n}\n", "unused-key, duplicate-name",
       "j | \"X\""},
      {"duplicate scheme", "scheme s uses k {\n  otherwise -> \"Good\"\n}\n", "duplicate-name", "s"},
      {"duplicate direction", "direction d uses k {\n  otherwise -> \"Good\"\n}\n", "duplicate-name", "d"},
      {"a scheme and a direction may share a name", "direction s uses k {\n  otherwise -> \"Good\"\n}\n", "", ""},
      {"duplicate indicator", "indicator i {\n  target none\n}\nindicator i {\n  target none\n}\n", "duplicate-name",
       "i"},
      {"duplicate council", "council \"A\"\ncouncil \"B\"\n", "duplicate-council", "council \"B\""},
      {"two targets for every period", "indicator i {\n  polarity higher\n  target 5, 6\n}\n", "duplicate-property",
       "6"},
      {"two targets for one period", "indicator i {\n  polarity higher\n  target 2013-14 Q1 5, Q1 6\n}\n",
       "duplicate-property", "Q1"},
      {"unknown key", "scheme t uses nokey {\n  otherwise -> \"Nope\"\n}\n", "unknown-key", "nokey"},
      {"unknown scheme", "indicator i {\n  scheme nosuch\n}\n", "unknown-scheme", "nosuch"},
      {"unknown direction in a scheme", "scheme t uses k {\n  direction nosuch\n  otherwise -> \"Good\"\n}\n",
       "unknown-direction", "nosuch"},
      {"unknown direction in an indicator", "indicator i {\n  polarity higher\n  direction nosuch\n  target 5\n}\n",
       "unknown-direction", "nosuch"},
      {"unknown indicator in a test", "test \"t\" {\n  nosuch actual 5 -> \"Good\"\n}\n", "unknown-indicator",
       "nosuch"},
      {"undeclared indicator with its own polarity", "test \"t\" {\n  x actual 5 polarity higher -> \"Good\"\n}\n", "",
       ""},
      {"unknown outcome", "scheme t uses k {\n  otherwise -> \"Purple\"\n}\n", "unknown-status", "\"Purple\""},
      {"unknown status in a status test",
       "direction e uses k {\n  status \"Purple\" -> \"Good\"\n  otherwise -> \"Bad\"\n}\n", "unknown-status",
       "\"Purple\""},
      {"unknown unit", "indicator i {\n  unit furlongs\n  target none\n}\n", "unknown-unit", "furlongs"},
      {"unknown frequency", "indicator i {\n  frequency fortnightly\n  target none\n}\n", "unknown-frequency",
       "fortnightly"},
  };
  check_rows(std::begin(rows), std::end(rows));
}

BOOST_AUTO_TEST_CASE(blocks) {
  const Row rows[] = {
      {"gap used before it is defined", "scheme t uses k {\n  gap > 1% -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "missing-measure", "gap > 1%"},
      {"change used before it is defined",
       "direction e uses k {\n  change > 1% -> \"Good\"\n  otherwise -> \"Bad\"\n}\n", "missing-measure",
       "change > 1%"},
      {"gap defined twice",
       "scheme t uses k {\n  gap = relative to target\n  gap = relative to target\n  otherwise -> \"Good\"\n}\n",
       "duplicate-rule", "gap = relative to target"},
      {"special case given twice",
       "scheme t uses k {\n  no actual -> \"Bad\"\n  no actual or baseline -> \"Bad\"\n  otherwise -> \"Good\"\n}\n",
       "duplicate-rule", "no actual"},
      {"status test in a scheme", "scheme t uses k {\n  status \"Good\" -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "misplaced-rule", "status \"Good\""},
      {"value test in a scheme", "scheme t uses k {\n  value rose -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "misplaced-rule", "value rose"},
      {"no previous in a scheme", "scheme t uses k {\n  no previous -> \"Bad\"\n  otherwise -> \"Good\"\n}\n",
       "misplaced-rule", "no previous"},
      {"gap from the previous value", "scheme t uses k {\n  gap = relative to previous\n  otherwise -> \"Good\"\n}\n",
       "misplaced-rule", "previous"},
      {"tolerance in a direction block", "direction e uses k {\n  tolerance 5%\n  otherwise -> \"Good\"\n}\n",
       "misplaced-rule", "tolerance 5%"},
      {"relative measure with points",
       "scheme t uses k {\n  gap = relative to target\n  gap > 5 points -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "unit-mismatch", "5 points"},
      {"absolute measure with a percentage",
       "scheme t uses k {\n  gap = difference from target\n  gap > 5% -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "unit-mismatch", "5%"},
      {"a bad interval end is reported once per end",
       "scheme t uses k {\n  gap = relative to target\n  gap in [1, 2] -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "unit-mismatch, unit-mismatch", "1 | 2"},
      {"interval running backwards",
       "scheme t uses k {\n  gap = relative to target\n  gap in [5%, 1%] -> \"Good\"\n  otherwise -> \"Bad\"\n}\n",
       "invalid-range", "gap in [5%, 1%]"},
      {"threshold with too many digits",
       "scheme t uses k {\n  gap = relative to target\n  gap > 1234567890123456789012345678901% -> \"Good\"\n"
       "  otherwise -> \"Bad\"\n}\n",
       "invalid-number", "1234567890123456789012345678901%"},
      {"threshold too fine to keep exact as a fraction",
       "scheme t uses k {\n  gap = relative to target\n  gap > 0.00000000000000000000000000001% -> \"Good\"\n"
       "  otherwise -> \"Bad\"\n}\n",
       "invalid-number", "0.00000000000000000000000000001%"},
      {"two defaults",
       "scheme t uses k default {\n  otherwise -> \"Good\"\n}\nscheme u uses k default {\n  otherwise -> \"Good\"\n}\n",
       "multiple-defaults", "default"},
      {"empty key is a warning", "key e {\n}\n", "empty-key", "e"},
      {"an unknown key is one message", "scheme t uses nokey {\n  gap > 1 -> \"A\"\n  otherwise -> \"B\"\n}\n",
       "unknown-key", "nokey"},
  };
  check_rows(std::begin(rows), std::end(rows));
}

BOOST_AUTO_TEST_CASE(indicators) {
  const Row rows[] = {
      {"no target for a scheme that needs one", "indicator i {\n  polarity higher\n}\n", "missing-target", "i"},
      {"no polarity", "indicator i {\n  target 5\n}\n", "missing-polarity", "i"},
      {"polarity none", "indicator i {\n  polarity none\n  target 5\n}\n", "missing-polarity", "polarity none"},
      {"no numeric target needs no polarity", "indicator i {\n  target none\n}\n", "", ""},
      {"percent target on a count", "indicator i {\n  unit count\n  polarity higher\n  target 80%\n}\n",
       "unit-mismatch", "80%"},
      {"percent tolerance range on a count",
       "indicator i {\n  unit count\n  polarity higher\n  target 8\n  tolerance 1% - 2%\n}\n", "unit-mismatch", "1%"},
      {"zero target and a relative gap", "indicator i {\n  polarity lower\n  target 0.00\n}\n", "zero-target", "0.00"},
      {"zero target per period", "indicator i {\n  polarity lower\n  target 2013-14 Q1 5, Q2 0\n}\n", "zero-target",
       "0"},
      {"target range running backwards", "indicator i {\n  polarity higher\n  target 9 to 8\n}\n", "invalid-range",
       "9 to 8"},
      {"tolerance range running backwards", "indicator i {\n  polarity higher\n  target 8\n  tolerance 9 - 8\n}\n",
       "invalid-range", "tolerance 9 - 8"},
      {"quarter without a year", "indicator i {\n  polarity higher\n  target Q2 5\n}\n", "invalid-period", "Q2"},
      {"quarter after a year", "indicator i {\n  polarity higher\n  target 2013-14 5, Q2 6\n}\n", "invalid-period",
       "Q2"},
      {"month thirteen", "indicator i {\n  polarity higher\n  target 2022-13 5\n}\n", "invalid-period", "2022-13"},
      {"measure changed in no period",
       "indicator i {\n  polarity higher\n  target 5\n  measure changed in 2013-15\n}\n", "invalid-period", "2013-15"},
      {"quarter target on a monthly indicator",
       "indicator i {\n  polarity higher\n  frequency monthly\n  target 2013-14 Q2 5\n}\n", "period-mismatch",
       "2013-14 Q2"},
      {"month target on a yearly indicator",
       "indicator i {\n  polarity higher\n  frequency annual\n  target 2022-02 5\n}\n", "period-mismatch", "2022-02"},
      {"target with too many digits", "indicator i {\n  polarity higher\n  target 1234567890123456789012345678901\n}\n",
       "invalid-number", "1234567890123456789012345678901"},
      {"test case period", "test \"t\" {\n  x 2013-15 Q2 actual 5 polarity higher -> \"Good\"\n}\n", "invalid-period",
       "2013-15 Q2"},
  };
  check_rows(std::begin(rows), std::end(rows));
}

BOOST_AUTO_TEST_CASE(missing_scheme_is_reported_once) {
  const auto compiled = compile_text("key k {\n  status \"Good\"\n}\nindicator a {\n}\nindicator b {\n}\n");
  BOOST_TEST(compiled.kinds() == "missing-scheme");
  BOOST_TEST(compiled.spans() == "a");
  BOOST_TEST(!compiled.program.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
