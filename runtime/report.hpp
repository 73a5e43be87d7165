// The performance report: one self-contained HTML page (inline CSS and SVG, no scripts, no
// external requests) with the summary, the indicators by section with their status, direction
// of travel, charts and explanations, and the key at the foot in `statuskey doc`'s words.
#pragma once

#include <string>
#include <string_view>

#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/writers.hpp"

namespace runtime {

// `results` must come from evaluate(program, table, /*keep_trace=*/true) (the explanations
// and charts need the decoded facts). `data_path` is shown in the header as given.
[[nodiscard]] std::string write_report_html(const Program& program, const DataTable& table, const Results& results,
                                            const OutputInfo& info, std::string_view data_path);

}  // namespace runtime
