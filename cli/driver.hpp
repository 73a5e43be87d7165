// The statuskey command line: parses arguments, runs the stages, renders diagnostics.
// Output goes to the two strings so that tests can run commands in-process.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace cli {

// Exit codes: 0 ok; 1 errors in rule files or data (or failed tests); 2 usage errors
// and unreadable or unwritable files.
inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;
inline constexpr int kExitUsage = 2;

struct Output {
  std::string out;
  std::string err;
  // When set (the executable sets standard output), a command with a very large output
  // may write it here as it goes, after anything already in `out`; tests leave it unset.
  std::FILE* direct = nullptr;
};

// `args` excludes the program name.
[[nodiscard]] int run(const std::vector<std::string>& args, Output& output);

[[nodiscard]] const char* version();

}  // namespace cli
