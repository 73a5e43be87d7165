// `statuskey report`: the performance report as one self-contained HTML page. The same page
// as `statuskey eval --format html`; this command exists so that the everyday job has a name.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"

namespace cli {
namespace {

constexpr std::string_view kReportHelp = R"(usage: statuskey report FILE.sk... DATA.csv [-o OUT.html] [--force] [--strict]

Evaluates DATA.csv with the rule set and writes the performance report: one self-contained
HTML page (inline CSS and SVG; no scripts, no external requests) with
  - the council, the periods, the rule set's fingerprint and the statuskey version;
  - the summary ("Of 67 indicators: 30 Green, ...") and a bar of status counts per section;
  - the indicators by section: ref, title, latest actual and target, the status in the key's
    colour with its symbol and label, the direction of travel, polarity and a sparkline;
    each row's details hold the explanation, a larger chart and the history by period;
  - the key and the rules at the foot, in the same words as `statuskey doc`.
Each indicator is shown at the reporting period: the latest period (of its kind: year,
quarter or month) in which any row reports an actual; an indicator without a figure for it
shows its "data missing" status, and later rows (targets set ahead) appear only in its history.
The page prints on A4 landscape and reads on a phone. Same as `eval --format html`.

options:
  -o, --output OUT    write to OUT (atomically) instead of standard output
  --force             replace OUT if it exists
  --strict            exit 1 when any row is an error row

exit status: 0 ok (error rows allowed unless --strict); 1 rule errors, an unreadable
data file, or error rows with --strict; 2 usage or unwritable output
)";

}  // namespace

int command_report(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kReportHelp;
    return kExitOk;
  }
  std::vector<std::string> forwarded;
  std::size_t positional = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-o" || arg == "--output") {
      if (i + 1 >= args.size()) throw Usage{fmt::format("report: `{}` needs a value", arg)};
      forwarded.push_back(arg);
      forwarded.push_back(args[++i]);
    } else if (arg == "--force" || arg == "--strict") {
      forwarded.push_back(arg);
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("report: unknown option `{}`", arg)};
    } else {
      forwarded.push_back(arg);
      ++positional;
    }
  }
  if (positional < 2) throw Usage{"report: give the rule files and then the data file"};
  forwarded.emplace_back("--format");
  forwarded.emplace_back("html");
  return command_eval(forwarded, output);
}

}  // namespace cli
