// The hand-written reference: what a programmer would write for one fixed key with no
// engine. It parses the same CSV, decodes the same cell formats, computes the four-band
// status (relative gap to target: > 10% Green+, [-5%, 10%] Green, [-10%, -5%) Amber,
// < -10% Red) and the +/-2% direction of travel in binary floating point, and writes one
// CSV row per input row. It is the practical speed limit the engine is measured against.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct ReferenceCounts {
  std::size_t rows = 0;
  std::array<std::size_t, 8> statuses{};  // by reference status index
};

// Parses `csv` and appends the result rows to `out`.
ReferenceCounts reference_eval(std::string_view csv, std::string& out);

// Decoded columns for the in-memory comparison.
struct ReferenceColumns {
  std::vector<double> actual;
  std::vector<double> target;
  std::vector<double> previous;
  std::vector<std::int8_t> sense;  // +1 higher, -1 lower, 0 none
  std::vector<std::uint8_t> present;  // bit 0 actual, bit 1 target, bit 2 previous
};

ReferenceColumns reference_decode(std::string_view csv);

// Four-band status and direction per row (status index in [0, 6], direction in [0, 3]),
// written to the two output columns; returns a checksum so the loop cannot be removed.
std::uint64_t reference_decide(const ReferenceColumns& columns, std::vector<std::uint8_t>& status,
                               std::vector<std::uint8_t>& direction);

}  // namespace bench
