// `statuskey doc`: render a rule set as the council's "Key to status" page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/document.hpp"

namespace cli {
namespace {

constexpr std::string_view kDocHelp = R"(usage: statuskey doc FILE.sk... [--format md|html] [-o OUT] [--force]

Renders the rule set as the "Key to status" page a council prints: each key's statuses
in severity order with colour, symbol and meaning; each scheme's special outcomes, measure,
default tolerance and rules in first-match order, in plain English; the direction-of-travel
blocks the same way; a table of the indicators with their targets and tolerances; and the
statuskey version and the rule set's fingerprint. The page is generated from the compiled
rules only, so it cannot disagree with what `statuskey eval` applies.

options:
  --format md|html    Markdown (default) or a self-contained HTML page
  -o, --output OUT    write to OUT (atomically) instead of standard output
  --force             replace OUT if it exists

exit status: 0 ok; 1 errors in the rule files; 2 usage errors, unreadable rule files
or unwritable output
)";

runtime::DocumentFormat parse_format(std::string_view name) {
  if (name == "md" || name == "markdown") return runtime::DocumentFormat::markdown;
  if (name == "html") return runtime::DocumentFormat::html;
  throw Usage{fmt::format("doc: unknown format `{}`; use md or html", name)};
}

}  // namespace

int command_doc(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kDocHelp;
    return kExitOk;
  }
  runtime::DocumentFormat format = runtime::DocumentFormat::markdown;
  std::optional<std::string> output_path;
  bool force = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Usage{fmt::format("doc: `{}` needs a value", arg)};
      return args[++i];
    };
    if (arg == "--format") {
      format = parse_format(value());
    } else if (arg.rfind("--format=", 0) == 0) {
      format = parse_format(std::string_view(arg).substr(9));
    } else if (arg == "-o" || arg == "--output") {
      output_path = value();
    } else if (arg == "--force") {
      force = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("doc: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty()) throw Usage{"doc: give the rule file to document"};

  const RuleSet rules = load_rules(positional, output);
  if (!rules.readable) return kExitUsage;
  if (!rules.program) return kExitErrors;
  const std::string rendered = runtime::render_document(*rules.program, format, version());
  if (output_path) {
    if (!write_output(*output_path, rendered, force, output)) return kExitUsage;
  } else {
    output.out += rendered;
  }
  return kExitOk;
}

}  // namespace cli
