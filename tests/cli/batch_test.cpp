// The batch path decides every row exactly as decide() does: the same status, rule,
// direction, sources and reasons, and the same explanation written from the decision.
// Checked on generated benchmark data and on every bundled rule file with its data, each
// row also moved onto and either side of every band boundary and direction threshold.
#include <unistd.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/generate.hpp"
#include "cli/common.hpp"
#include "runtime/batch.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"

namespace {

namespace fs = std::filesystem;
using runtime::Decimal;
using runtime::Observation;

std::string slurp(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

runtime::Program load(const std::string& path) {
  cli::Output output;
  cli::RuleSet rules = cli::load_rules({path}, output);
  BOOST_TEST_REQUIRE(rules.program.has_value(), output.err);
  return std::move(*rules.program);
}

// The observations the evaluator decodes from a data file (error rows left out).
std::vector<Observation> observations(const runtime::Program& program, const std::string& data_path) {
  const std::string text = slurp(data_path);
  const runtime::DataTable table = runtime::read_data(data_path, text, program.columns);
  const runtime::Results results = runtime::evaluate(program, table, true);
  std::vector<Observation> found;
  for (std::size_t i = 0; i < results.observations.size(); ++i) {
    if (!results.observations[i]) continue;
    found.push_back(*results.observations[i]);
    // evaluate() decides on the batch path: its outcome is decide()'s.
    const runtime::Outcome expected = runtime::decide(program, found.back());
    const runtime::Outcome& got = *results.outcomes[i];
    BOOST_TEST((got.status == expected.status && got.status_rule == expected.status_rule &&
                got.direction == expected.direction && got.direction_rule == expected.direction_rule &&
                got.explanation == expected.explanation),
               "line " << results.rows[i].line << ": `" << got.explanation << "` against `" << expected.explanation
                       << "`");
  }
  return found;
}

Decimal step_at(int scale) { return Decimal::from_parts(1, scale); }

// Values at and one step either side of `value`, at its own scale and one place finer.
void around(Decimal value, std::vector<Decimal>& values) {
  values.push_back(value);
  for (const int scale : {std::max(value.scale(), 2), value.scale() + 1}) {
    if (scale > Decimal::kMaxScale) continue;
    if (const auto below = value.minus(step_at(scale))) values.push_back(*below);
    if (const auto above = value.plus(step_at(scale))) values.push_back(*above);
  }
}

// The row, and the row moved onto every boundary its scheme and direction block draw.
void add_variants(const runtime::Program& program, const Observation& facts, std::vector<Observation>& out) {
  out.push_back(facts);
  std::vector<Decimal> actuals;
  if (facts.target) {
    around(facts.target->value, actuals);
    around(facts.target->high, actuals);
    for (const char* share : {"0.95", "1.05", "0.9", "1.1"}) {  // default tolerances, four bands
      if (const auto limit = facts.target->value.times(*Decimal::parse(share))) around(*limit, actuals);
    }
  }
  const runtime::ResolvedBands* bands = facts.resolved;
  runtime::ResolvedBands own;
  if ((bands == nullptr || bands->thresholds.empty()) && facts.scheme && facts.target && facts.polarity) {
    own = runtime::resolve_bands(program.schemes[*facts.scheme], *facts.target, *facts.polarity);
    bands = &own;
  }
  if (bands != nullptr) {
    for (const auto& threshold : bands->thresholds) {
      if (threshold.valid) around(threshold.threshold, actuals);
    }
  }
  for (const Decimal actual : actuals) {
    Observation moved = facts;
    moved.actual = actual;
    out.push_back(moved);
  }
  // Direction of travel: exactly 2% either way from the previous value, and around it.
  if (facts.previous) {
    std::vector<Decimal> changed;
    around(*facts.previous, changed);
    for (const char* share : {"1.02", "0.98", "1.05", "0.95"}) {
      if (const auto limit = facts.previous->times(*Decimal::parse(share))) around(*limit, changed);
    }
    for (const Decimal actual : changed) {
      Observation moved = facts;
      moved.actual = actual;
      out.push_back(moved);
    }
  }
  Observation zero_previous = facts;
  zero_previous.previous = Decimal{};
  out.push_back(zero_previous);
  Observation no_previous = facts;
  no_previous.previous.reset();
  out.push_back(no_previous);
  Observation changed = facts;
  changed.measure_changed = true;
  out.push_back(changed);
  Observation no_polarity = facts;
  no_polarity.polarity = runtime::Polarity::none;
  no_polarity.resolved = nullptr;
  out.push_back(no_polarity);
  Observation huge = facts;  // too large for the fast form: decided one row at a time
  huge.actual = Decimal::parse("123456789012345678901234.5");
  out.push_back(huge);
}

struct FastCounts {
  std::size_t fast = 0;     // rows decided by the fast form
  std::size_t compact = 0;  // of those, rows decided on a plan's compact form
};

// Every row decided by the batch against decide().
FastCounts check_batch(const runtime::Program& program, const std::vector<Observation>& rows) {
  runtime::DecisionBatch batch(program);
  for (const auto& facts : rows) batch.add(facts);
  std::vector<runtime::Decision> decisions;
  batch.decide(decisions);
  BOOST_TEST_REQUIRE(decisions.size() == rows.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const runtime::Outcome expected = runtime::decide(program, rows[i]);
    runtime::Outcome got = batch.outcome(i, decisions[i]);
    got.explanation = runtime::explanation(program, rows[i], got);
    const bool same = decisions[i] == runtime::to_decision(expected) && got.status == expected.status &&
                      got.direction == expected.direction && got.status_rule == expected.status_rule &&
                      got.direction_rule == expected.direction_rule && got.status_special == expected.status_special &&
                      got.status_case == expected.status_case && got.direction_special == expected.direction_special &&
                      got.direction_block == expected.direction_block &&
                      got.status_source.file == expected.status_source.file &&
                      got.status_source.line == expected.status_source.line &&
                      got.direction_source.file == expected.direction_source.file &&
                      got.direction_source.line == expected.direction_source.line &&
                      got.status_reason == expected.status_reason && got.direction_reason == expected.direction_reason &&
                      got.error == expected.error && got.explanation == expected.explanation;
    if (!same && ++mismatches <= 5) {
      BOOST_ERROR("row " << i << " (" << rows[i].indicator << ", actual "
                         << (rows[i].actual ? rows[i].actual->to_string() : "-") << "): batch gives `"
                         << got.explanation << "` error `" << got.error << "`, decide gives `" << expected.explanation
                         << "` error `" << expected.error << "`");
    }
  }
  BOOST_TEST(mismatches == 0U);
  BOOST_TEST_MESSAGE(batch.fast_rows() << " of " << rows.size() << " rows decided by the fast form, "
                                       << batch.compact_rows() << " on the compact form");
  return {batch.fast_rows(), batch.compact_rows()};
}

// The row with its actual, previous value and target times `factor` (10^k, either sign):
// from small numbers through the compact form's limit to past the fast form's.
void add_magnitudes(const Observation& facts, std::vector<Observation>& out) {
  for (int power = 0; power <= 16; ++power) {
    for (const char* sign : {"", "-"}) {
      const std::string zeros(static_cast<std::size_t>(power), '0');
      const Decimal factor = *Decimal::parse(fmt::format("{}1{}", sign, zeros));
      Observation scaled = facts;
      scaled.resolved = nullptr;  // thresholds from the scaled target
      const auto times = [&factor](std::optional<Decimal>& value) {
        if (value) value = value->times(factor);
      };
      times(scaled.actual);
      times(scaled.previous);
      if (scaled.target) {
        const auto value = scaled.target->value.times(factor);
        const auto high = scaled.target->high.times(factor);
        if (!value || !high) continue;
        scaled.target->value = *value;
        scaled.target->high = *high;
      }
      out.push_back(scaled);
    }
  }
}

// Edges of the compact form: a direction that looks at the status, an absolute change, strict
// and non-strict bounds on either side, lower is better, negative targets and values, no
// target, no direction block.
constexpr const char* kEdgeRules = R"(council "Compact edges"

key rag "RAG" {
  status "Green+"
  status "Green"
  status "Amber"
  status "Red"
  status "Trend"
  status "No data"
  status "Not assessable"
}

key travel "Travel" {
  status "Improved"
  status "Same"
  status "Declined, on target"
  status "Declined"
  status "N/A"
}

direction relative_status uses travel {
  first match
  no actual or no previous or measure changed -> "N/A"
  cannot evaluate -> "N/A"
  change = relative to previous
  change in [-5%, 5%] -> "Same"
  change > 5%         -> "Improved"
  status is "Green"   -> "Declined, on target"
  otherwise           -> "Declined"
}

direction by_points uses travel {
  first match
  no actual or no previous -> "N/A"
  change = difference from previous
  change > 0.5 points    -> "Improved"
  change >= -0.25 points -> "Same"
  otherwise              -> "Declined"
}

direction strict_edges uses travel {
  first match
  no actual or no previous -> "N/A"
  cannot evaluate -> "N/A"
  change = relative to previous
  change >= 1.5% -> "Improved"
  change > -1.5% -> "Same"
  otherwise      -> "Declined"
}

scheme four_band uses rag default {
  direction relative_status
  no actual              -> "No data"
  no target or baseline  -> "Trend"
  cannot evaluate        -> "Not assessable"
  gap = relative to target
  gap > 10%          -> "Green+"
  gap in [-5%, 10%]  -> "Green"
  gap in [-10%, -5%) -> "Amber"
  gap < -10%         -> "Red"
}

scheme three_band uses rag {
  first match
  direction by_points
  tolerance 5%
  no actual              -> "No data"
  no target              -> "Trend"
  cannot evaluate        -> "Not assessable"
  actual meets target    -> "Green"
  actual meets tolerance -> "Amber"
  otherwise              -> "Red"
}

scheme strict uses rag {
  direction strict_edges
  no actual       -> "No data"
  no target       -> "Trend"
  cannot evaluate -> "Not assessable"
  gap = difference from target
  gap >= 0 points -> "Green"
  gap < 0 points  -> "Red"
}

scheme no_direction uses rag {
  no actual        -> "No data"
  no target        -> "Trend"
  cannot evaluate  -> "Not assessable"
  gap = relative to target
  gap >= 0%        -> "Green"
  gap in [-5%, 0%) -> "Amber"
  gap < -5%        -> "Red"
}

indicator pct "Percent, higher is better" { unit percent polarity higher frequency month target 75% }
indicator cnt "Count, lower is better" { unit count polarity lower frequency month scheme three_band target 4170 }
indicator neg "Negative target" { unit count polarity higher frequency month scheme strict target -20 }
indicator low "Lower is better, strict" { unit count polarity lower frequency month scheme strict target 50 }
indicator nodir "No direction" { unit count polarity lower frequency month scheme no_direction target 10 }
indicator untargeted "No target" { unit count polarity higher frequency month }
)";

constexpr const char* kEdgeData = R"(indicator,period,polarity,actual,target,previous
pct,Jan 2020,,80%,,78%
pct,Feb 2020,,70%,,80%
pct,Mar 2020,,-12.5%,,0%
pct,Apr 2020,,0%,,-12.5%
cnt,Jan 2020,,4200,,4100
cnt,Feb 2020,,3900,,4200
cnt,Mar 2020,,-3,,0
neg,Jan 2020,,-25,,-24
neg,Feb 2020,,-19.7,,-20
neg,Mar 2020,,0,,-19.7
low,Jan 2020,,49.25,,50
low,Feb 2020,,50.75,,50
low,Mar 2020,,-1,,1
nodir,Jan 2020,,9.5,,
nodir,Feb 2020,,10.5,,9.5
nodir,Mar 2020,,461168601842738.7903,,
nodir,Apr 2020,,-461168601842738.7903,,
nodir,May 2020,,461168601842738.7904,,
untargeted,Jan 2020,,12,,10
untargeted,Feb 2020,,-12,,12
other,Jan 2020,higher,5,4,6
other,Feb 2020,lower,5,4,5
other,Mar 2020,none,5,4,5
)";

struct Bundled {
  const char* rules;
  const char* data;
};

const std::vector<Bundled> kBundled = {
    {"rules/ncc-2013-q2.sk", "rules/ncc-2013-q2.csv"},
    {"rules/nnc-2022-02.sk", "rules/nnc-2022-02.csv"},
    {"rules/nnc-2022-02-export.sk", "rules/nnc-2022-02-export.csv"},
    {"rules/standard-library-example.sk", "rules/standard-library-example.csv"},
    {"tests/browser/evil.sk", "tests/browser/evil.csv"},  // hostile labels and cells
};

std::ostream& operator<<(std::ostream& stream, const Bundled& bundled) { return stream << bundled.rules; }

}  // namespace

BOOST_AUTO_TEST_SUITE(batch_path)

BOOST_DATA_TEST_CASE(agrees_with_decide_on_bundled_rules, boost::unit_test::data::make(kBundled), bundled) {
  const std::string root = STATUSKEY_SOURCE_DIR;
  const runtime::Program program = load(root + "/" + bundled.rules);
  std::vector<Observation> rows;
  for (const auto& facts : observations(program, root + "/" + bundled.data)) add_variants(program, facts, rows);
  BOOST_TEST_REQUIRE(rows.size() > 0U);
  check_batch(program, rows);
}

BOOST_AUTO_TEST_CASE(agrees_with_decide_on_generated_bench_data) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("statuskey-batch-test-{}", ::getpid());
  fs::create_directories(dir);
  bench::GenerateOptions options;
  options.indicators = 400;
  options.rows = 12'000;
  BOOST_TEST_REQUIRE(bench::write_rules((dir / "rules.sk").string(), options));
  BOOST_TEST_REQUIRE(bench::write_data((dir / "data.csv").string(), options));
  const runtime::Program program = load((dir / "rules.sk").string());
  const std::vector<Observation> plain = observations(program, (dir / "data.csv").string());
  // The rows as they are: nearly all decided by the fast form, most on the compact form.
  const FastCounts counts = check_batch(program, plain);
  BOOST_TEST(counts.fast * 100 >= plain.size() * 95, counts.fast << " of " << plain.size() << " rows on the fast form");
  BOOST_TEST(counts.compact * 100 >= plain.size() * 85,
             counts.compact << " of " << plain.size() << " rows on the compact form");
  // And moved onto every boundary (a sample of rows: the variants are many).
  std::vector<Observation> rows;
  for (std::size_t i = 0; i < plain.size(); i += 7) add_variants(program, plain[i], rows);
  check_batch(program, rows);
  fs::remove_all(dir);
}

// The edge-case rule file compiled, and its rows decoded (written to a scratch directory
// and read back, as `eval` would read them). Filled in place: the rows point into the
// program.
struct Edges {
  runtime::Program program;
  std::vector<Observation> plain;
};

void load_edges(const char* name, Edges& loaded) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("statuskey-batch-{}-{}", name, ::getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "edges.sk") << kEdgeRules;
  std::ofstream(dir / "edges.csv") << kEdgeData;
  loaded.program = load((dir / "edges.sk").string());
  loaded.plain = observations(loaded.program, (dir / "edges.csv").string());
  fs::remove_all(dir);
  BOOST_TEST_REQUIRE(loaded.plain.size() == 23U);
}

BOOST_AUTO_TEST_CASE(agrees_with_decide_at_the_compact_forms_edges) {
  Edges loaded;
  load_edges("edges", loaded);
  const runtime::Program& program = loaded.program;
  const std::vector<Observation>& plain = loaded.plain;
  std::vector<Observation> scaled;
  for (const auto& facts : plain) add_magnitudes(facts, scaled);
  std::vector<Observation> rows;
  for (const auto& facts : scaled) add_variants(program, facts, rows);
  const FastCounts counts = check_batch(program, rows);
  // Every path is taken: compact, the 128-bit row loop, decide_outcome.
  BOOST_TEST(counts.compact * 2 > rows.size());
  BOOST_TEST(counts.fast > counts.compact);
  BOOST_TEST(counts.fast < rows.size());
}

// Plans of one scheme that differ only in their target, polarity or tolerance, all in one
// batch: most share a shape (batch_compact.cpp) but each keeps its own cuts, and a plan
// must never take the regions or decisions of another shape.
BOOST_AUTO_TEST_CASE(plans_differing_in_one_part_of_their_key_keep_their_own_decisions) {
  Edges loaded;
  load_edges("keys", loaded);
  const runtime::Program& program = loaded.program;
  const std::vector<Observation>& plain = loaded.plain;
  using runtime::Polarity;
  using runtime::Tolerance;
  const auto tolerance = [](Tolerance::Kind kind, const char* value, const char* high) {
    Tolerance result;
    result.kind = kind;
    result.value = *Decimal::parse(value);
    result.high = *Decimal::parse(high);
    return result;
  };
  const std::vector<Tolerance> tolerances = {
      Tolerance{},
      tolerance(Tolerance::Kind::relative, "0.05", "0"),
      tolerance(Tolerance::Kind::relative, "0", "0"),
      tolerance(Tolerance::Kind::absolute, "3", "0"),
      tolerance(Tolerance::Kind::range, "40", "60"),
  };
  std::vector<Observation> keyed;
  for (std::size_t i = 0; i < plain.size(); i += 2) {  // one month of each indicator or two
    for (const char* target : {"50", "-20", "0", "75.5", "4170", "0.001"}) {
      for (const Polarity polarity : {Polarity::higher, Polarity::lower, Polarity::none}) {
        for (const Tolerance& given : tolerances) {
          Observation facts = plain[i];
          facts.resolved = nullptr;  // the plan resolves the row's own target
          runtime::Target own;
          own.kind = runtime::Target::Kind::value;
          own.value = *Decimal::parse(target);
          facts.target = own;
          facts.polarity = polarity;
          facts.tolerance = given;
          keyed.push_back(facts);
        }
      }
    }
  }
  std::vector<Observation> rows;
  for (const auto& facts : keyed) add_variants(program, facts, rows);
  const FastCounts counts = check_batch(program, rows);
  BOOST_TEST(counts.compact * 2 > rows.size());
}

BOOST_AUTO_TEST_SUITE_END()
