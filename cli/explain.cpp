// `statuskey explain`: every row's status and direction in plain English, with the
// arithmetic, the deciding rule and its line.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/data.hpp"
#include "runtime/explain.hpp"
#include "runtime/writers.hpp"

namespace cli {
namespace {

constexpr std::string_view kExplainHelp = R"(usage: statuskey explain FILE.sk... DATA.csv [--indicator ID] [--period P]
                        [--format text|json] [-o OUT] [--force]

Explains every row (or the rows of one indicator and/or period): the inputs and where
each came from, the measure with its arithmetic, the rule that decided and the rules
before it that did not apply, the direction of travel and why, any override and its
reason, and the rule file and line. The output names the rule set's fingerprint.

exit status: 0 ok; 1 rule errors or an unreadable data file; 2 usage
)";

}  // namespace

int command_explain(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kExplainHelp;
    return kExitOk;
  }
  std::string format = "text";
  std::string indicator;
  std::string period;
  std::optional<std::string> output_path;
  bool force = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Usage{fmt::format("explain: `{}` needs a value", arg)};
      return args[++i];
    };
    if (arg == "--format") {
      format = value();
      if (format != "text" && format != "json") throw Usage{fmt::format("explain: unknown format `{}`; use text or json", format)};
    } else if (arg == "--indicator") {
      indicator = value();
    } else if (arg == "--period") {
      period = value();
    } else if (arg == "-o" || arg == "--output") {
      output_path = value();
    } else if (arg == "--force") {
      force = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("explain: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) throw Usage{"explain: give the rule files and then the data file"};
  const std::string data_path = positional.back();
  positional.pop_back();
  std::optional<runtime::Period> wanted_period;
  if (!period.empty()) {
    wanted_period = runtime::Period::parse(period);
    if (!wanted_period) throw Usage{fmt::format("explain: `{}` is not a period; write `2013-14 Q2`, `2013-14` or `2022-02`", period)};
  }

  const RuleSet rules = load_rules(positional, output);
  if (!rules.readable) return kExitUsage;
  if (!rules.program) return kExitErrors;
  std::string data_text;
  if (!read_file(data_path, data_text, output)) return kExitUsage;
  const runtime::DataTable table = runtime::read_data(data_path, data_text, rules.program->columns);
  if (!table.error.empty()) {
    output.err += fmt::format("{}: error: {}\n", data_path, table.error);
    return kExitErrors;
  }
  const runtime::Program& program = *rules.program;
  const runtime::Results results = runtime::evaluate(program, table, true);

  std::string rendered;
  if (format == "json") {
    rendered = fmt::format("{{\n  \"statuskey_version\": \"{}\",\n  \"fingerprint\": \"sha256:{}\",\n  \"data\": \"{}\",\n  \"rows\": [",
                           version(), program.fingerprint, runtime::json_escape(data_path));
  } else {
    rendered = fmt::format("statuskey {}, rules sha256:{}, data {}\n", version(), program.fingerprint, data_path);
  }
  std::size_t shown = 0;
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const runtime::RowResult& row = results.rows[i];
    if (!indicator.empty() && row.indicator != indicator) continue;
    if (wanted_period && row.period != wanted_period->to_string()) continue;
    const runtime::Explanation explanation =
        runtime::explain_row(program, row, results.observations[i], results.outcomes[i]);
    if (format == "json") {
      fmt::format_to(std::back_inserter(rendered),
                     "{}\n    {{\"line\": {}, \"indicator\": \"{}\", \"period\": \"{}\", \"status\": \"{}\", "
                     "\"direction\": \"{}\", \"rule\": \"{}\", \"heading\": \"{}\", \"explanation\": [",
                     shown == 0 ? "" : ",", row.line, runtime::json_escape(row.indicator),
                     runtime::json_escape(row.period), runtime::json_escape(row.status),
                     runtime::json_escape(row.direction), runtime::json_escape(row.rule),
                     runtime::json_escape(explanation.heading));
      for (std::size_t k = 0; k < explanation.lines.size(); ++k) {
        fmt::format_to(std::back_inserter(rendered), "{}{{\"topic\": \"{}\", \"text\": \"{}\"}}", k == 0 ? "" : ", ",
                       runtime::json_escape(explanation.lines[k].topic),
                       runtime::json_escape(explanation.lines[k].text));
      }
      rendered += "]}";
    } else {
      fmt::format_to(std::back_inserter(rendered), "\n{}\n", explanation.heading);
      for (const auto& line : explanation.lines) {
        fmt::format_to(std::back_inserter(rendered), "  {:<12}{}\n", line.topic, line.text);
      }
    }
    ++shown;
  }
  if (format == "json") rendered += shown == 0 ? "]\n}\n" : "\n  ]\n}\n";
  if (shown == 0) {
    output.err += fmt::format("{}: no row matches{}{}\n", data_path,
                              indicator.empty() ? "" : fmt::format(" indicator `{}`", indicator),
                              period.empty() ? "" : fmt::format(" period `{}`", period));
  }
  if (output_path) {
    if (!write_output(*output_path, rendered, force, output)) return kExitUsage;
  } else {
    output.out += rendered;
  }
  return kExitOk;
}

}  // namespace cli
