// `statuskey test`: run the `test` blocks of rule files.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/edges.hpp"
#include "runtime/test_runner.hpp"

namespace cli {
namespace {

constexpr std::string_view kTestHelp = R"(usage: statuskey test [--edges] FILE.sk...

Runs every `test` block in the rule files: each case is evaluated and its status and
direction compared with the expected ones. Prints PASS/FAIL per case with the
expected and actual outcome and the deciding rule, then "N passed, N failed".

options:
  --edges   instead, print for every indicator and target each value where a band
            starts or ends and its neighbours one step either side, with the gap, the
            status and the deciding rule: exactly where each status starts and ends

exit status: 0 when all pass, 1 on any failure or rule error, 2 on usage
)";

}  // namespace

int command_test(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kTestHelp;
    return kExitOk;
  }
  std::vector<std::string> files;
  bool edges = false;
  for (const auto& arg : args) {
    if (arg == "--edges") {
      edges = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("test: unknown option `{}`", arg)};
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) throw Usage{"test: no rule files given"};
  if (edges) {
    for (const auto& file : files) {
      const RuleSet rules = load_rules({file}, output);
      if (!rules.readable) return kExitUsage;
      if (!rules.program) return kExitErrors;
      for (const auto& table : runtime::edge_tables(*rules.program)) {
        output.out += fmt::format("\n{}\n  {:<14}{:<12}{:<16}{}\n", table.heading, "value", "gap", "status", "rule");
        for (const auto& row : table.rows) {
          output.out += fmt::format("  {:<14}{:<12}{:<16}{}\n", row.value, row.gap, row.status, row.rule);
        }
      }
    }
    return kExitOk;
  }
  std::size_t passed = 0;
  std::size_t failed = 0;
  bool rule_errors = false;
  for (const auto& file : files) {
    const RuleSet rules = load_rules({file}, output);
    if (!rules.readable) return kExitUsage;
    if (!rules.program) {
      rule_errors = true;
      continue;
    }
    for (const auto& result : runtime::run_tests(*rules.program)) {
      if (result.passed) {
        ++passed;
        output.out += fmt::format("PASS {} [{}] {} -> {}\n", result.where, result.block, result.description,
                                  result.actual);
      } else {
        ++failed;
        output.out += fmt::format("FAIL {} [{}] {}\n  expected {}\n  actual   {}\n  because  {}\n", result.where,
                                  result.block, result.description, result.expected, result.actual,
                                  result.explanation);
      }
    }
  }
  output.out += fmt::format("{} passed, {} failed\n", passed, failed);
  return failed > 0 || rule_errors ? kExitErrors : kExitOk;
}

}  // namespace cli
