// Running the `test` blocks of a rule set: each case is evaluated like a data row and
// its status and direction compared with what the case expects.
#pragma once

#include <string>
#include <vector>

#include "runtime/program.hpp"

namespace runtime {

struct TestResult {
  std::string block;
  std::string description;  // "calls_20s 2013-14 Q2 actual 76%"
  std::string where;        // FILE:LINE of the case
  bool passed = false;
  std::string expected;     // "Green", "Green ↑"
  std::string actual;       // what the rules gave
  std::string explanation;  // includes the deciding rule's FILE:LINE
};

[[nodiscard]] std::vector<TestResult> run_tests(const Program& program);

}  // namespace runtime
