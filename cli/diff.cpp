// `statuskey diff`: what changes between two versions of a rule file, in the rules
// themselves (a semantic comparison of the compiled programs) and on a data file (every
// row whose status or direction of travel comes out differently).
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/rule_diff.hpp"
#include "runtime/writers.hpp"

namespace cli {
namespace {

constexpr std::string_view kDiffHelp = R"(usage: statuskey diff OLD.sk NEW.sk DATA.csv [--format text|json] [-o OUT] [--force]

Compares two versions of a rule file, for an auditor:
  - the rule changes: keys, statuses, schemes, direction blocks, their rules (compared
    by meaning: exact thresholds and outcomes, not text), tolerances and indicators;
    comments, layout and the order of declarations do not count;
  - the row changes: DATA.csv is evaluated under both versions and every row whose
    status or direction of travel differs is listed, old -> new, with both
    explanations; rows that become or stop being error rows count as status changes.
Rows are matched by position (the same data file under both rule sets).

options:
  --format text|json  output format (default text); JSON carries the same content
  -o, --output OUT    write to OUT (atomically) instead of standard output
  --force             replace OUT if it exists

exit status: 0 nothing changes; 1 some rule or row changes, or a rule file has errors;
2 usage errors and files that cannot be read or written
)";

struct Options {
  std::string format = "text";
  std::optional<std::string> output_path;
  bool force = false;
  std::string old_path;
  std::string new_path;
  std::string data_path;
};

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  std::vector<std::string> positional;
  const auto set_format = [&](std::string format) {
    if (format != "text" && format != "json") {
      throw Usage{fmt::format("diff: unknown format `{}`; use text or json", format)};
    }
    options.format = std::move(format);
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Usage{fmt::format("diff: `{}` needs a value", arg)};
      return args[++i];
    };
    if (arg == "--format") {
      set_format(value());
    } else if (arg.rfind("--format=", 0) == 0) {
      set_format(arg.substr(9));
    } else if (arg == "-o" || arg == "--output") {
      options.output_path = value();
    } else if (arg == "--force") {
      options.force = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("diff: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 3) {
    throw Usage{fmt::format("diff: give OLD.sk, NEW.sk and DATA.csv ({} file{} given)", positional.size(),
                            positional.size() == 1 ? "" : "s")};
  }
  options.old_path = positional[0];
  options.new_path = positional[1];
  options.data_path = positional[2];
  return options;
}

// A row's outcome as compared: error rows compare by their reason.
std::string status_of(const runtime::RowResult& row) {
  if (!row.error.empty()) return "error";
  if (row.status != row.computed_status) return fmt::format("{} (overridden; computed {})", row.status, row.computed_status);
  return row.status;
}

std::string direction_of(const runtime::RowResult& row) {
  if (!row.error.empty()) return "-";
  std::string text = row.direction.empty() ? std::string("none") : row.direction;
  if (row.direction != row.computed_direction) text += fmt::format(" (overridden; computed {})", row.computed_direction);
  return text;
}

struct RowChange {
  std::size_t index = 0;
  bool status = false;     // includes becoming or ceasing to be an error row
  bool direction = false;  // only between rows that are not error rows
};

struct Comparison {
  std::vector<runtime::RuleChange> rules;
  std::vector<RowChange> rows;
  std::size_t status_changes = 0;
  std::size_t direction_changes = 0;
  std::size_t row_count = 0;
};

Comparison compare(const runtime::Program& old_program, const runtime::Program& new_program,
                   const runtime::Results& old_results, const runtime::Results& new_results) {
  Comparison comparison;
  comparison.rules = runtime::diff_programs(old_program, new_program);
  comparison.row_count = old_results.rows.size();
  if (old_results.rows.size() != new_results.rows.size()) {
    throw std::logic_error("diff: the same data table gave different row counts");
  }
  for (std::size_t i = 0; i < old_results.rows.size(); ++i) {
    const auto& before = old_results.rows[i];
    const auto& after = new_results.rows[i];
    RowChange change{i, false, false};
    change.status = status_of(before) != status_of(after) || before.error != after.error;
    change.direction = before.error.empty() && after.error.empty() && direction_of(before) != direction_of(after);
    if (!change.status && !change.direction) continue;
    comparison.status_changes += change.status ? 1 : 0;
    comparison.direction_changes += change.direction ? 1 : 0;
    comparison.rows.push_back(change);
  }
  return comparison;
}

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural_form);
}

std::string summary_line(const Comparison& comparison) {
  return fmt::format("{}, {} change status, {} change direction (of {})",
                     plural(comparison.rules.size(), "rule change", "rule changes"),
                     plural(comparison.status_changes, "row", "rows"), plural(comparison.direction_changes, "row", "rows"),
                     plural(comparison.row_count, "row", "rows"));
}

// "line 14", or "common.sk:14" when the line is in an imported file.
std::string where(const std::string& file, std::uint32_t line, const std::string& main_file) {
  if (line == 0) return "?";
  return file.empty() || file == main_file ? fmt::format("line {}", line) : fmt::format("{}:{}", file, line);
}

std::string render_change(const runtime::RuleChange& change, const Options& options) {
  const std::string old_at = where(change.old_file, change.old_line, options.old_path);
  const std::string new_at = where(change.new_file, change.new_line, options.new_path);
  switch (change.kind) {
    case runtime::ChangeKind::added:
      return fmt::format("+ {} added: {} ({})", change.subject, change.new_text, new_at);
    case runtime::ChangeKind::removed:
      return fmt::format("- {} removed: {} ({})", change.subject, change.old_text, old_at);
    case runtime::ChangeKind::moved:
      return fmt::format("~ {} {} moved in the order ({} → {})", change.subject, change.old_text, old_at, new_at);
    case runtime::ChangeKind::changed:
      break;
  }
  if (change.rule) {
    return fmt::format("~ {} {} became {} ({} → {})", change.subject, change.old_text, change.new_text, old_at, new_at);
  }
  return fmt::format("~ {}: {} → {} ({} → {})", change.subject, change.old_text, change.new_text, old_at, new_at);
}

std::string old_new(const std::string& before, const std::string& after) {
  return before == after ? before : fmt::format("{} → {}", before, after);
}

std::string render_text(const Options& options, const runtime::Program& old_program,
                        const runtime::Program& new_program, const runtime::Results& old_results,
                        const runtime::Results& new_results, const Comparison& comparison) {
  std::string out = fmt::format("statuskey diff (statuskey {})\n", version());
  fmt::format_to(std::back_inserter(out), "old:  {}  sha256:{}\n", options.old_path, old_program.fingerprint);
  fmt::format_to(std::back_inserter(out), "new:  {}  sha256:{}\n", options.new_path, new_program.fingerprint);
  fmt::format_to(std::back_inserter(out), "data: {}  {}\n", options.data_path, plural(comparison.row_count, "row", "rows"));

  fmt::format_to(std::back_inserter(out), "\nrule changes ({}):\n", comparison.rules.size());
  if (comparison.rules.empty()) out += "  none\n";
  for (const auto& change : comparison.rules) fmt::format_to(std::back_inserter(out), "  {}\n", render_change(change, options));

  fmt::format_to(std::back_inserter(out), "\nrow changes ({}):\n", comparison.rows.size());
  if (comparison.rows.empty()) out += "  none\n";
  for (const auto& change : comparison.rows) {
    const auto& before = old_results.rows[change.index];
    const auto& after = new_results.rows[change.index];
    std::string what;
    if (change.status) what += fmt::format("  status {} → {}", status_of(before), status_of(after));
    if (change.direction) what += fmt::format("  direction {} → {}", direction_of(before), direction_of(after));
    fmt::format_to(std::back_inserter(out), "  line {}  {} {}{}\n", after.line, after.indicator, after.period, what);
    fmt::format_to(std::back_inserter(out), "    actual {}, target {}\n", old_new(before.actual, after.actual),
                   old_new(before.target.empty() ? "none" : before.target, after.target.empty() ? "none" : after.target));
    fmt::format_to(std::back_inserter(out), "    old: {}\n    new: {}\n", before.explanation, after.explanation);
  }
  fmt::format_to(std::back_inserter(out), "\n{}\n", summary_line(comparison));
  return out;
}

std::string json_string(std::string_view text) { return fmt::format("\"{}\"", runtime::json_escape(text)); }

std::string json_side(const runtime::RowResult& row) {
  return fmt::format(
      "{{\"actual\": {}, \"target\": {}, \"status\": {}, \"computed_status\": {}, \"direction\": {}, "
      "\"computed_direction\": {}, \"rule\": {}, \"direction_rule\": {}, \"explanation\": {}, \"error\": {}}}",
      json_string(row.actual), json_string(row.target), json_string(row.status), json_string(row.computed_status),
      json_string(row.direction), json_string(row.computed_direction), json_string(row.rule),
      json_string(row.direction_rule), json_string(row.explanation), json_string(row.error));
}

std::string render_json(const Options& options, const runtime::Program& old_program,
                        const runtime::Program& new_program, const runtime::Results& old_results,
                        const runtime::Results& new_results, const Comparison& comparison) {
  std::string out = fmt::format("{{\n  \"statuskey_version\": {},\n", json_string(version()));
  fmt::format_to(std::back_inserter(out), "  \"old\": {{\"path\": {}, \"fingerprint\": \"sha256:{}\", \"council\": {}}},\n",
                 json_string(options.old_path), old_program.fingerprint, json_string(old_program.council));
  fmt::format_to(std::back_inserter(out), "  \"new\": {{\"path\": {}, \"fingerprint\": \"sha256:{}\", \"council\": {}}},\n",
                 json_string(options.new_path), new_program.fingerprint, json_string(new_program.council));
  fmt::format_to(std::back_inserter(out), "  \"data\": {},\n", json_string(options.data_path));
  fmt::format_to(std::back_inserter(out),
                 "  \"summary\": {{\"rule_changes\": {}, \"status_changes\": {}, \"direction_changes\": {}, \"rows\": {}, "
                 "\"text\": {}}},\n",
                 comparison.rules.size(), comparison.status_changes, comparison.direction_changes, comparison.row_count,
                 json_string(summary_line(comparison)));
  out += "  \"rule_changes\": [";
  for (std::size_t i = 0; i < comparison.rules.size(); ++i) {
    const auto& change = comparison.rules[i];
    fmt::format_to(std::back_inserter(out),
                   "{}\n    {{\"kind\": \"{}\", \"rule\": {}, \"subject\": {}, \"old\": {}, \"new\": {}, "
                   "\"old_file\": {}, \"old_line\": {}, \"new_file\": {}, \"new_line\": {}, \"text\": {}}}",
                   i == 0 ? "" : ",", runtime::change_kind_name(change.kind), change.rule ? "true" : "false",
                   json_string(change.subject), json_string(change.old_text), json_string(change.new_text),
                   json_string(change.old_file), change.old_line, json_string(change.new_file), change.new_line,
                   json_string(render_change(change, options)));
  }
  out += comparison.rules.empty() ? "],\n" : "\n  ],\n";
  out += "  \"row_changes\": [";
  for (std::size_t i = 0; i < comparison.rows.size(); ++i) {
    const auto& change = comparison.rows[i];
    const auto& before = old_results.rows[change.index];
    const auto& after = new_results.rows[change.index];
    fmt::format_to(std::back_inserter(out),
                   "{}\n    {{\"line\": {}, \"indicator\": {}, \"period\": {}, \"status_changed\": {}, "
                   "\"direction_changed\": {},\n     \"old\": {},\n     \"new\": {}}}",
                   i == 0 ? "" : ",", after.line, json_string(after.indicator), json_string(after.period),
                   change.status ? "true" : "false", change.direction ? "true" : "false", json_side(before),
                   json_side(after));
  }
  out += comparison.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace

int command_diff(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kDiffHelp;
    return kExitOk;
  }
  const Options options = parse_options(args);
  // Both rule files are loaded before giving up, so that every diagnostic is shown.
  const RuleSet old_rules = load_rules({options.old_path}, output);
  const RuleSet new_rules = load_rules({options.new_path}, output);
  if (!old_rules.readable || !new_rules.readable) return kExitUsage;
  if (!old_rules.program || !new_rules.program) return kExitErrors;
  std::string data_text;
  if (!read_file(options.data_path, data_text, output)) return kExitUsage;
  const runtime::DataTable table = runtime::read_data(options.data_path, data_text, old_rules.program->columns);
  if (!table.error.empty()) {
    output.err += fmt::format("{}: error: {}\n", options.data_path, table.error);
    return kExitErrors;
  }
  const runtime::Results old_results = runtime::evaluate(*old_rules.program, table);
  const runtime::Results new_results = runtime::evaluate(*new_rules.program, table);
  const Comparison comparison = compare(*old_rules.program, *new_rules.program, old_results, new_results);
  const std::string rendered =
      options.format == "json"
          ? render_json(options, *old_rules.program, *new_rules.program, old_results, new_results, comparison)
          : render_text(options, *old_rules.program, *new_rules.program, old_results, new_results, comparison);
  if (options.output_path) {
    if (!write_output(*options.output_path, rendered, options.force, output)) return kExitUsage;
    output.err += summary_line(comparison) + "\n";
  } else {
    output.out += rendered;
  }
  const bool changed = !comparison.rules.empty() || !comparison.rows.empty();
  return changed ? kExitErrors : kExitOk;
}

}  // namespace cli
