// `statuskey eval`: apply a rule set to every row of a data file.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/report.hpp"
#include "runtime/writers.hpp"

namespace cli {
namespace {

constexpr std::string_view kEvalHelp = R"(usage: statuskey eval FILE.sk... DATA.csv [--format csv|json|html] [-o OUT] [--force]
                     [--strict] [--summary]

Applies the rule set to every row of DATA.csv (RFC 4180, UTF-8, header row with at
least indicator, period and actual) and writes one result per row, in input order,
with status, symbol, colour, direction, explanation and the deciding rule's FILE:LINE.
Rows that cannot be evaluated become error rows with a reason.

options:
  --format csv|json|html
                      output format (default csv); html is the performance report page
                      (see `statuskey report --help`)
  -o, --output OUT    write to OUT (atomically) instead of standard output
  --force             replace OUT if it exists
  --strict            exit 1 when any row is an error row
  --summary           print the counts by status instead of the rows

exit status: 0 ok (error rows allowed unless --strict); 1 rule errors, an unreadable
data file, or error rows with --strict; 2 usage or unwritable output
)";

}  // namespace

int command_eval(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kEvalHelp;
    return kExitOk;
  }
  std::string format = "csv";
  std::optional<std::string> output_path;
  bool force = false;
  bool strict = false;
  bool summary = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Usage{fmt::format("eval: `{}` needs a value", arg)};
      return args[++i];
    };
    if (arg == "--format") {
      format = value();
      if (format != "csv" && format != "json" && format != "html") {
        throw Usage{fmt::format("eval: unknown format `{}`; use csv, json or html", format)};
      }
    } else if (arg.rfind("--format=", 0) == 0) {
      format = arg.substr(9);
      if (format != "csv" && format != "json" && format != "html") {
        throw Usage{fmt::format("eval: unknown format `{}`; use csv, json or html", format)};
      }
    } else if (arg == "-o" || arg == "--output") {
      output_path = value();
    } else if (arg == "--force") {
      force = true;
    } else if (arg == "--strict") {
      strict = true;
    } else if (arg == "--summary") {
      summary = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("eval: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) throw Usage{"eval: give the rule files and then the data file"};
  const std::string data_path = positional.back();
  positional.pop_back();

  const RuleSet rules = load_rules(positional, output);
  if (!rules.readable) return kExitUsage;
  if (!rules.program) return kExitErrors;
  std::string data_text;
  if (!read_file(data_path, data_text, output)) return kExitUsage;
  const runtime::DataTable table = runtime::read_data(data_path, data_text);
  if (!table.error.empty()) {
    output.err += fmt::format("{}: error: {}\n", data_path, table.error);
    return kExitErrors;
  }
  // The HTML report explains every indicator, so it keeps the decoded facts and decisions.
  const runtime::Results results = runtime::evaluate(*rules.program, table, format == "html" && !summary);
  const runtime::OutputInfo info{rules.program->fingerprint, version(), rules.program->council};
  std::string rendered;
  if (summary) {
    rendered = runtime::write_summary(results);
  } else if (format == "json") {
    rendered = runtime::write_json(results, info);
  } else if (format == "html") {
    rendered = runtime::write_report_html(*rules.program, table, results, info, data_path);
  } else {
    rendered = runtime::write_csv(results, info);
  }
  if (output_path) {
    if (!write_output(*output_path, rendered, force, output)) return kExitUsage;
  } else {
    output.out += rendered;
  }
  output.err += fmt::format("{}: rows read {} = evaluated {} + error rows {}\n", data_path, results.rows.size(),
                            results.rows.size() - results.error_rows, results.error_rows);
  for (const auto& row : results.rows) {
    if (!row.error.empty()) output.err += fmt::format("{}:{}: error row: {}\n", data_path, row.line, row.error);
  }
  return strict && results.error_rows > 0 ? kExitErrors : kExitOk;
}

}  // namespace cli
