// Inline SVG charts for the performance report: a sparkline per indicator in its row and a
// larger chart with axes in its details row. Presentation only (doubles are fine here).
// Private to the runtime library.
#pragma once

#include <string>

#include "runtime/report_model.hpp"

namespace runtime::report {

enum class ChartSize : std::uint8_t { sparkline, large };

// An <svg role="img"> with the actuals as a line, the target as a dashed line, and each
// period's point filled with its status colour; its accessible name lists every period's
// actual, target and status. Empty when the indicator has fewer than two periods.
[[nodiscard]] std::string chart_svg(const IndicatorEntry& indicator, const Results& results, ChartSize size);

}  // namespace runtime::report
