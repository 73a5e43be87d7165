// `statuskey audit`: reconcile a published report (reported_status / reported_direction
// columns) with the council's own rules.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/audit.hpp"
#include "runtime/writers.hpp"

namespace cli {
namespace {

constexpr std::string_view kAuditHelp = R"(usage: statuskey audit FILE.sk... DATA.csv [--format text|json] [-o OUT] [--force]

Reconciles a published report with its own rules. DATA.csv carries the statuses and
arrows as printed (reported_status, reported_direction); audit lists every one that
departs from what the key gives, with the explanation and a classification:
  boundary               a value within 1% of the target (or previous value) either
                         side gives the printed outcome
  polarity               the opposite polarity gives it
  stale previous value   comparing with the value two periods back gives it
  no rule reproduces it  none of these
and says whether an override on file (status_override / direction_override with
override_reason) publishes the printed outcome. Ends with the totals.

exit status: 0 when every departure is covered by an override on file; 1 when some are
not, or on rule errors or an unreadable data file; 2 usage
)";

}  // namespace

int command_audit(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kAuditHelp;
    return kExitOk;
  }
  std::string format = "text";
  std::optional<std::string> output_path;
  bool force = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Usage{fmt::format("audit: `{}` needs a value", arg)};
      return args[++i];
    };
    if (arg == "--format") {
      format = value();
      if (format != "text" && format != "json") throw Usage{fmt::format("audit: unknown format `{}`; use text or json", format)};
    } else if (arg == "-o" || arg == "--output") {
      output_path = value();
    } else if (arg == "--force") {
      force = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("audit: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) throw Usage{"audit: give the rule files and then the data file"};
  const std::string data_path = positional.back();
  positional.pop_back();
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
  if (!table.has(runtime::Field::reported_status) && !table.has(runtime::Field::reported_direction)) {
    output.err += fmt::format("{}: error: no `reported_status` or `reported_direction` column; audit compares "
                              "what a report printed with what its rules give\n",
                              data_path);
    return kExitErrors;
  }
  const runtime::Program& program = *rules.program;
  const runtime::AuditReport report = runtime::audit(program, table);
  const std::size_t uncovered = report.findings.size() - report.covered_by_override;

  std::string rendered;
  if (format == "json") {
    rendered = fmt::format("{{\n  \"statuskey_version\": \"{}\",\n  \"fingerprint\": \"sha256:{}\",\n  \"data\": \"{}\",\n"
                           "  \"rows\": {},\n  \"statuses_checked\": {},\n  \"directions_checked\": {},\n"
                           "  \"departures\": {},\n  \"covered_by_override\": {},\n  \"findings\": [",
                           version(), program.fingerprint, runtime::json_escape(data_path), report.rows,
                           report.statuses_checked, report.directions_checked, report.findings.size(),
                           report.covered_by_override);
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const auto& finding = report.findings[i];
      fmt::format_to(std::back_inserter(rendered),
                     "{}\n    {{\"line\": {}, \"indicator\": \"{}\", \"period\": \"{}\", \"aspect\": \"{}\", "
                     "\"printed\": \"{}\", \"computed\": \"{}\", \"classification\": \"{}\", \"override_reason\": "
                     "\"{}\", \"explanation\": \"{}\"}}",
                     i == 0 ? "" : ",", finding.line, runtime::json_escape(finding.indicator),
                     runtime::json_escape(finding.period), finding.aspect, runtime::json_escape(finding.printed),
                     runtime::json_escape(finding.computed), finding.classification,
                     runtime::json_escape(finding.override_reason), runtime::json_escape(finding.explanation));
    }
    rendered += report.findings.empty() ? "]\n}\n" : "\n  ]\n}\n";
  } else {
    rendered = fmt::format("statuskey {} audit, rules sha256:{}, data {}\n", version(), program.fingerprint, data_path);
    for (const auto& finding : report.findings) {
      fmt::format_to(std::back_inserter(rendered), "\n{}:{}: {} {} {}: printed {}, the key gives {} [{}]\n", data_path,
                     finding.line, finding.indicator, finding.period, finding.aspect, finding.printed,
                     finding.computed, finding.classification);
      if (!finding.override_reason.empty()) {
        fmt::format_to(std::back_inserter(rendered), "  override on file: {}\n", finding.override_reason);
      } else {
        rendered += "  no override on file\n";
      }
      fmt::format_to(std::back_inserter(rendered), "  rules: {}\n", finding.explanation);
    }
    fmt::format_to(std::back_inserter(rendered),
                   "\n{} rows; {} printed statuses and {} printed arrows checked; {} departures", report.rows,
                   report.statuses_checked, report.directions_checked, report.findings.size());
    if (!report.by_classification.empty()) {
      rendered += " (";
      bool first = true;
      for (const auto& [classification, count] : report.by_classification) {
        fmt::format_to(std::back_inserter(rendered), "{}{}: {}", first ? "" : ", ", classification, count);
        first = false;
      }
      rendered += ")";
    }
    fmt::format_to(std::back_inserter(rendered), "; {} covered by overrides on file, {} not\n",
                   report.covered_by_override, uncovered);
    if (report.error_rows > 0) {
      fmt::format_to(std::back_inserter(rendered), "{} error rows were not audited\n", report.error_rows);
    }
  }
  if (output_path) {
    if (!write_output(*output_path, rendered, force, output)) return kExitUsage;
  } else {
    output.out += rendered;
  }
  return uncovered > 0 ? kExitErrors : kExitOk;
}

}  // namespace cli
