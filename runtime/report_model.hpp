// The performance report's content before any markup: indicators grouped by section, the
// row each one is judged on (its latest reported period), its history for the charts, and
// the status counts. report_model.cpp fills it from the evaluated rows; report_html.cpp and
// report_chart.cpp render it. All text is plain (unescaped). Private to the runtime library.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"

namespace runtime::report {

// A status or a direction as the key defines it (empty strings when the key is unknown).
struct Badge {
  std::string label;
  std::string symbol;
  std::string colour;  // "#RRGGBB" or empty
  std::string means;
};

// One period of an indicator, for the charts and the history table. Numbers are for
// drawing only (doubles); the exact text is in the row.
struct Point {
  std::size_t row = 0;  // index into Results::rows
  std::optional<double> actual;
  std::optional<double> target_low;   // a value target, or the low end of a range / a bound
  std::optional<double> target_high;  // the high end of a range (else equal to target_low)
};

struct IndicatorEntry {
  std::string id;
  std::string title;
  std::string unit;
  std::string polarity;  // "higher is better", ... or empty when unknown
  std::vector<Point> history;  // chronological
  std::size_t latest = 0;      // index into Results::rows: the row the indicator is judged on
  Badge status;                // of the latest row (empty label on an error row)
  std::optional<Badge> direction;
};

struct StatusCount {
  Badge status;
  std::size_t count = 0;
};

// Counts in the order the keys list their statuses, then error rows.
struct Counts {
  std::vector<StatusCount> statuses;  // only statuses with a non-zero count
  std::size_t errors = 0;
  std::size_t total = 0;
};

struct Section {
  std::string name;
  std::vector<IndicatorEntry> indicators;
  Counts counts;  // of the indicators' latest rows
};

struct Model {
  std::vector<Section> sections;  // in order of first appearance in the data
  Counts latest;                  // every indicator's latest row
  Counts all_rows;                // every row of the data
  std::vector<std::pair<std::string, std::size_t>> latest_periods;  // period, indicators judged on it
  std::string first_period;       // earliest and latest period in the data
  std::string last_period;
  // The reporting period of each kind, indexed by Period::Kind: the latest in which a row
  // reports an actual or a status set by hand.
  std::array<std::optional<Period>, 3> reporting_periods;
};

// `results` from evaluate(program, table, /*keep_trace=*/true); rows line up with the
// table's records.
[[nodiscard]] Model build_model(const Program& program, const DataTable& table, const Results& results);

// The badge of a status label in the key of the row's scheme (or the first key that has it).
[[nodiscard]] Badge find_badge(const Program& program, std::optional<std::uint32_t> key, std::string_view label);

}  // namespace runtime::report
