// Generated edge tests: for every indicator and target, each value where a band starts
// or ends, and its neighbours one step either side, with the status each one gets.
#pragma once

#include <string>
#include <vector>

#include "runtime/program.hpp"

namespace runtime {

struct EdgeRow {
  std::string value;  // "76%"
  std::string gap;    // "-5%" (relative), "-4" (difference), or empty
  std::string status;
  std::string rule;  // FILE:LINE of the deciding rule, or the reason it could not decide
};

struct EdgeTable {
  std::string indicator;
  std::string heading;  // "calls_20s: target 80%, higher is better, scheme `corporate`"
  std::vector<EdgeRow> rows;
};

// The step is one unit of the finest decimal place among the band edges (at least 0.01
// for percentages).
[[nodiscard]] std::vector<EdgeTable> edge_tables(const Program& program);

}  // namespace runtime
