// `statuskey check`: compile rule files and report every problem.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"

namespace cli {
namespace {

constexpr std::string_view kCheckHelp = R"(usage: statuskey check [--fingerprint] FILE.sk...

Compiles each rule file as its own rule set and reports every syntax and semantic
error as FILE:LINE:COLUMN: error: message [kind], with the source line and a caret.

options:
  --fingerprint   print the rule set's SHA-256 fingerprint when it compiles

exit status: 0 when the files compile (warnings allowed), 1 on any error, 2 on usage
)";

}  // namespace

int command_check(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kCheckHelp;
    return kExitOk;
  }
  bool print_fingerprint = false;
  std::vector<std::string> files;
  for (const auto& arg : args) {
    if (arg == "--fingerprint") {
      print_fingerprint = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("check: unknown option `{}`", arg)};
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) throw Usage{"check: no rule files given"};
  // Each file is its own rule set (a council's file); shared files arrive with imports.
  int status = kExitOk;
  for (const auto& file : files) {
    const RuleSet rules = load_rules({file}, output);
    if (!rules.readable) return kExitUsage;
    if (!rules.program) {
      status = kExitErrors;
      continue;
    }
    const runtime::Program& program = *rules.program;
    if (print_fingerprint) {
      output.out += files.size() == 1 ? fmt::format("sha256:{}\n", program.fingerprint)
                                      : fmt::format("sha256:{}  {}\n", program.fingerprint, file);
    } else {
      output.out += fmt::format("ok: {}: {} key{}, {} scheme{}, {} direction block{}, {} indicator{}, {} test{}\n",
                                file, program.keys.size(), program.keys.size() == 1 ? "" : "s",
                                program.schemes.size(), program.schemes.size() == 1 ? "" : "s",
                                program.directions.size(), program.directions.size() == 1 ? "" : "s",
                                program.indicators.size(), program.indicators.size() == 1 ? "" : "s",
                                program.tests.size(), program.tests.size() == 1 ? "" : "s");
    }
  }
  return status;
}

}  // namespace cli
