// Coverage analysis replays the findings of a case whose shape (target, polarity,
// tolerance, ...) it has already analysed: the messages must be what analysing every
// case gives, the first case's witness and the count of cases that show each finding.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "compile_text.hpp"

namespace {

using compiler_test::compile_text;

// Two bands that both claim a gap of exactly 0%, and an unreachable third.
constexpr std::string_view kScheme = R"(key k {
  status "Good"
  status "Bad"
}
scheme s uses k {
  gap = relative to target
  gap >= 0% -> "Good"
  gap in [-5%, 0%] -> "Bad"
  gap < -5% -> "Bad"
  gap < -50% -> "Bad"
}
)";

struct Row {
  std::string_view name;
  std::string_view targets;  // one indicator per target, in order: "80 80 50"
  std::string_view overlap;  // expected text in the band-overlap message
  std::string_view unreachable;  // expected text in the unreachable-rule message
};

const Row kRows[] = {
    {"one case", "80", "at 80)", "in the one case checked"},
    {"the same target three times", "80 80 80", "(`i0` at 80) (and 2 more cases)", "in all 3 cases checked"},
    {"a repeated target after another", "50 80 50 80", "(`i0` at 50) (and 3 more cases)", "in all 4 cases checked"},
    {"a different scale is another shape", "80 80.0 80", "(`i0` at 80) (and 2 more cases)", "in all 3 cases checked"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(coverage_memo)

BOOST_AUTO_TEST_CASE(replayed_cases_count_like_analysed_ones) {
  for (const Row& row : kRows) {
    BOOST_TEST_CONTEXT(row.name) {
      std::string text(kScheme);
      std::size_t index = 0;
      std::string_view rest = row.targets;
      while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view target = rest.substr(0, space);
        text += fmt::format("indicator i{} {{\n  unit count  polarity higher\n  target {}\n}}\n", index++, target);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      }
      const auto compiled = compile_text(text);
      BOOST_TEST(compiled.kinds() == "band-overlap, unreachable-rule");
      BOOST_TEST_REQUIRE(compiled.diagnostics.size() == 2U);
      BOOST_TEST(compiled.diagnostics[0].message.find(row.overlap) != std::string::npos, compiled.diagnostics[0].message);
      BOOST_TEST(compiled.diagnostics[1].message.find(row.unreachable) != std::string::npos,
                 compiled.diagnostics[1].message);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
