// The summary of an evaluation: counts of each status among every indicator's latest
// row ("of the 58 indicators, 25 …"), by section, each section's roll-up status when the
// rule set declares `rollup worst of (...)`, and the escalation list from its `escalate`
// rules (an indicator whose latest periods have had a status for N consecutive periods).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"

namespace runtime {

struct EscalationEntry {
  std::string indicator;
  std::string title;
  std::string section;
  std::string owner;
  std::string status;
  std::uint32_t periods = 0;  // length of the run of that status ending at the latest period
  std::string since;          // the run's first period
  std::string to;
  SourceRef source;           // the `escalate` rule
};

// Indicators whose latest rows have the status of an `escalate` rule for at least its
// number of consecutive periods (one entry per indicator and rule).
[[nodiscard]] std::vector<EscalationEntry> escalations(const Program& program, const DataTable& table,
                                                       const Results& results);

// The summary as text. `results` from evaluate(program, table, /*keep_trace=*/true).
[[nodiscard]] std::string write_rollup_summary(const Program& program, const DataTable& table, const Results& results);

}  // namespace runtime
