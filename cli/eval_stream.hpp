// `statuskey eval` over a large data file in bounded memory: the file is read in windows
// of whole records, evaluated a few windows at a time (one per core) and written in input
// order. The output is byte for byte what evaluating the whole file at once gives.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/driver.hpp"
#include "runtime/data.hpp"
#include "runtime/program.hpp"
#include "runtime/writers.hpp"

namespace cli {

struct StreamRequest {
  std::string data_path;
  std::size_t window_bytes = 0;
  std::optional<std::string> output_path;  // else standard output (Output::direct or Output::out)
  bool force = false;
  bool strict = false;
  // Called once with the first window's text and the mapped header (for header warnings).
  std::function<void(std::string_view text, const runtime::DataTable& header)> check_header;
  enum class Format { csv, json };  // JSON rows are separated by commas, also across windows
  Format format = Format::csv;
};

// Passes 1 and 2 (see eval_streaming), begun on another thread as soon as the data file
// is known, while the rule files are still being loaded: they read the header by
// statuskey's own column names, and eval_streaming uses them when the rule files map it
// the same way (no `columns`, or one naming the same columns). Destroyed unused, it stops
// them at the next window.
class EarlyPasses {
 public:
  EarlyPasses(std::string path, std::size_t window_bytes);
  ~EarlyPasses();
  EarlyPasses(const EarlyPasses&) = delete;
  EarlyPasses& operator=(const EarlyPasses&) = delete;

  struct State;  // eval_stream.cpp's
  std::unique_ptr<State> state;
};

// Evaluates the data file window by window and writes the CSV or JSON output (JSON: its
// summary, after the rows, from the windows' counts). Returns the exit code, or nothing
// when the file should be evaluated whole instead: it fits in one window, it cannot be
// opened or its header is unusable (the whole-file path reports that), or it holds two
// rows for one indicator and period (whose error message names the first row's line,
// which a window may no longer hold).
//
// Memory: a few windows' records and results, plus 8 bytes per row during the first pass
// (duplicate detection), plus the rows whose actual another row needs as its derived
// `previous` (rows whose `previous` cell is blank or absent), kept until the end.
// `early`: the first passes, begun for this request's file and window size.
std::optional<int> eval_streaming(const runtime::Program& program, const runtime::OutputInfo& info,
                                  const StreamRequest& request, Output& output, EarlyPasses& early);

}  // namespace cli
