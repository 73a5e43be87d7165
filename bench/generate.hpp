// Synthetic rule files and data for the benchmarks: a deterministic mix of schemes,
// polarities, units, council cell formats ("87.03%", "1,174", "20.5 days", blanks, n/a)
// and period history, written in the data contract of `statuskey eval` (brief §5).
#pragma once

#include <cstdint>
#include <string>

namespace bench {

struct GenerateOptions {
  std::uint64_t rows = 1000;        // data rows
  std::uint32_t indicators = 1000;  // declared indicators in the rule file
  std::uint64_t seed = 20260101;
  // Fraction of rows (per mille) for indicators the rule file does not declare, which
  // the engine evaluates from the row's own polarity and target under the default scheme.
  unsigned undeclared_per_mille = 100;
};

// Writes the rule file (four-band relative scheme as default, a target-and-tolerance
// scheme, a +/-2% direction block, `indicators` indicators). Returns false on I/O error.
bool write_rules(const std::string& path, const GenerateOptions& options);

// Writes `rows` data rows with the columns indicator,period,polarity,actual,target,previous.
// Rows come period by period; every row carries its target and polarity, and `previous`
// holds the indicator's actual for the period before (blank for its first period).
bool write_data(const std::string& path, const GenerateOptions& options);

}  // namespace bench
