// The entry point: dispatches to the subcommands and prints the usage text.
#include "cli/driver.hpp"

#include <string_view>

#include <fmt/format.h>

#include "cli/common.hpp"

namespace cli {
namespace {

constexpr std::string_view kUsage = R"(statuskey - council performance status rules: check, evaluate, test, explain, audit

usage: statuskey COMMAND [OPTIONS] ARGS...

commands:
  check FILE.sk...            compile each rule file and report every problem
  eval FILE.sk... DATA.csv    apply the rules to every row of a data file
  report FILE.sk... DATA.csv  the performance report: one self-contained HTML page
  test FILE.sk...             run the rule files' `test` blocks
  explain FILE.sk DATA.csv    explain every row's status and direction in plain English
  doc FILE.sk                 render the rule set as the council's "key to status" page
  diff OLD.sk NEW.sk DATA.csv what changes, in the rules and on the data, between versions
  audit FILE.sk DATA.csv      reconcile a published report's statuses with its own rules
  fmt [--check] FILE.sk...    rewrite rule files in the canonical layout (--check: CI)

  statuskey COMMAND --help    help for one command
  statuskey --version         the version

exit status: 0 ok; 1 errors in rule files or data, or failed tests; 2 usage errors
and files that cannot be read or written
)";

}  // namespace

const char* version() { return STATUSKEY_VERSION; }

int run(const std::vector<std::string>& args, Output& output) {
  try {
    if (args.empty()) throw Usage{"no command given"};
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
      output.out += kUsage;
      return kExitOk;
    }
    if (command == "--version" || command == "version") {
      output.out += fmt::format("statuskey {}\n", version());
      return kExitOk;
    }
    if (command == "check") return command_check(rest, output);
    if (command == "eval") return command_eval(rest, output);
    if (command == "report") return command_report(rest, output);
    if (command == "test") return command_test(rest, output);
    if (command == "explain") return command_explain(rest, output);
    if (command == "doc") return command_doc(rest, output);
    if (command == "diff") return command_diff(rest, output);
    if (command == "audit") return command_audit(rest, output);
    if (command == "fmt") return command_fmt(rest, output);
    throw Usage{fmt::format("unknown command `{}`", command)};
  } catch (const Usage& usage) {
    output.err += fmt::format("statuskey: {}; see `statuskey --help`\n", usage.message);
    return kExitUsage;
  }
}

}  // namespace cli
