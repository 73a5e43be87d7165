// WCAG contrast (runtime/contrast.hpp): known ratios, and the text colour chosen for the
// bundled keys' colours reaching 4.5:1.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/contrast.hpp"

namespace {

namespace bdata = boost::unit_test::data;

struct ContrastCase {
  std::string background;
  std::string text;       // the text colour chosen
  double ratio_at_least;  // the ratio it reaches, rounded down
  double ratio_below;     // and rounded up
};

std::ostream& operator<<(std::ostream& stream, const ContrastCase& row) { return stream << row.background; }

// Ratios from the WCAG 2 formula (computed independently in Python when writing the test).
const std::vector<ContrastCase> kCases = {
    {"#FFFFFF", "#000000", 21.0, 21.01},  {"#000000", "#FFFFFF", 21.0, 21.01},
    {"#00703C", "#FFFFFF", 6.20, 6.21},   {"#7AB800", "#000000", 8.60, 8.70},
    {"#FFBF00", "#000000", 12.70, 12.71}, {"#D4351C", "#FFFFFF", 4.85, 4.86},
    {"#B1B4B6", "#000000", 10.07, 10.08},  {"#505A5F", "#FFFFFF", 7.07, 7.08},
    {"#28A197", "#000000", 6.63, 6.64},   {"#777777", "#000000", 4.68, 4.69},
    {"#fff", "#000000", 21.0, 21.01},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(contrast)

BOOST_DATA_TEST_CASE(text_colour_on_status_colours, bdata::make(kCases), row) {
  const auto background = runtime::parse_hex_colour(row.background);
  BOOST_TEST_REQUIRE(background.has_value());
  const runtime::TextColour chosen = runtime::text_colour_for(*background);
  BOOST_TEST(std::string(chosen.text) == row.text);
  BOOST_TEST(chosen.ratio >= row.ratio_at_least);
  BOOST_TEST(chosen.ratio < row.ratio_below);
  BOOST_TEST(chosen.ratio >= 4.5);
}

BOOST_AUTO_TEST_CASE(worst_case_still_passes) {
  // Whatever the background, black or white reaches sqrt(21) ~ 4.58.
  double worst = 21;
  for (unsigned grey = 0; grey < 256; ++grey) {
    worst = std::min(worst, runtime::text_colour_for({grey, grey, grey}).ratio);
  }
  BOOST_TEST(worst >= 4.5);
  BOOST_TEST(worst < 4.65);
}

BOOST_AUTO_TEST_CASE(bad_colours_are_refused) {
  for (const char* text : {"", "#", "FFFFFF", "#FFFF", "#GGGGGG", "#1234567", "red"}) {
    BOOST_TEST(!runtime::parse_hex_colour(text).has_value(), text);
  }
  const auto short_form = runtime::parse_hex_colour("#a1C");
  BOOST_TEST_REQUIRE(short_form.has_value());
  BOOST_TEST(short_form->red == 0xAAU);
  BOOST_TEST(short_form->green == 0x11U);
  BOOST_TEST(short_form->blue == 0xCCU);
}

BOOST_AUTO_TEST_SUITE_END()
