// Reconciling a published report with its own rules: every printed status or arrow that
// departs from what the council's key gives, with a short classification.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"

namespace runtime {

struct AuditFinding {
  std::size_t line = 0;
  std::string indicator;
  std::string period;
  std::string aspect;    // "status" or "direction"
  std::string printed;   // as the report prints it (reported_status / reported_direction)
  std::string computed;  // what the key gives
  // "boundary" (a value within 1% of the base either side gives the printed outcome),
  // "polarity" (the opposite polarity gives it), "stale previous value" (the value two
  // periods back as the previous gives it), or "no rule reproduces it".
  std::string classification;
  std::string override_reason;  // non-empty: an override on file publishes the printed outcome
  std::string explanation;
};

struct AuditReport {
  std::size_t rows = 0;
  std::size_t error_rows = 0;
  std::size_t statuses_checked = 0;
  std::size_t directions_checked = 0;
  std::vector<AuditFinding> findings;
  std::map<std::string, std::size_t> by_classification;
  std::size_t covered_by_override = 0;
};

[[nodiscard]] AuditReport audit(const Program& program, const DataTable& table);

}  // namespace runtime
