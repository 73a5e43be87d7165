// `statuskey eval`: apply a rule set to every row of a data file.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/eval_stream.hpp"
#include "runtime/csv_position.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/report.hpp"
#include "runtime/summary.hpp"
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
  --window BYTES      CSV or JSON output of a data file larger than BYTES (default
                      1048576) is read, evaluated and written one window of rows at a
                      time, in bounded memory; the output is the same either way

exit status: 0 ok (error rows allowed unless --strict); 1 rule errors, an unreadable
data file, or error rows with --strict; 2 usage or unwritable output
)";

// A header statuskey does not read that is one or two edits away from a field it does
// ("Targte", "acutal"): most likely a typo that would silently drop the column.
std::optional<std::string_view> likely_field(std::string_view header) {
  std::string name;
  for (const char c : header) {
    name.push_back(c == ' ' || c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (std::size_t f = 0; f < runtime::kFieldCount; ++f) {
    const std::string_view field = runtime::field_name(static_cast<runtime::Field>(f));
    // Levenshtein distance, one row at a time.
    std::vector<std::size_t> row(field.size() + 1);
    for (std::size_t j = 0; j <= field.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= name.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= field.size(); ++j) {
        const std::size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (name[i - 1] == field[j - 1] ? 0U : 1U)});
        diagonal = above;
      }
    }
    const std::size_t allowed = field.size() >= 6 ? 2 : 1;
    if (row[field.size()] <= allowed && field.size() >= 4) return field;
  }
  return std::nullopt;
}

void warn_about_misspelt_columns(const std::string& path, std::string_view text, const runtime::DataTable& table,
                                 Output& output) {
  std::optional<runtime::CsvLocator> locator;
  for (std::size_t i = 0; i < table.csv.header.size(); ++i) {
    const std::string& header = table.csv.header[i];
    if (std::find(table.unknown_columns.begin(), table.unknown_columns.end(), header) == table.unknown_columns.end()) {
      continue;
    }
    if (const auto field = likely_field(header)) {
      if (!locator) locator.emplace(text);
      const runtime::TextPosition at = locator->locate(1, i + 1);
      output.err += fmt::format("{}:{}:{}: warning: column `{}` is not one statuskey reads, so it is ignored; did you "
                                "mean `{}`?\n",
                                path, at.line, at.column, header, *field);
    }
  }
}

constexpr std::size_t kDefaultWindowBytes = std::size_t{1} << 20U;

std::size_t parse_window(const std::string& text) {
  std::size_t bytes = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  if (error != std::errc{} || end != text.data() + text.size() || bytes < 64) {
    throw Usage{fmt::format("eval: `--window {}` is not a size; give a number of bytes, at least 64", text)};
  }
  return bytes;
}

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
  std::size_t window_bytes = kDefaultWindowBytes;
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
    } else if (arg == "--window") {
      window_bytes = parse_window(value());
    } else if (!arg.empty() && arg[0] == '-') {
      throw Usage{fmt::format("eval: unknown option `{}`", arg)};
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) throw Usage{"eval: give the rule files and then the data file"};
  const std::string data_path = positional.back();
  positional.pop_back();

  // A large file's first passes need only its header's mapping: they begin while the
  // rule files load (and stop if they turn out not to be needed).
  const bool streams = (format == "csv" || format == "json") && !summary;
  std::optional<EarlyPasses> early;
  if (streams) early.emplace(data_path, window_bytes);
  const RuleSet rules = load_rules(positional, output);
  if (!rules.readable) return kExitUsage;
  if (!rules.program) return kExitErrors;
  // Streaming derives only the previous period's value; year-on-year comparisons need the
  // whole file.
  const bool year_on_year = std::any_of(rules.program->directions.begin(), rules.program->directions.end(),
                                        [](const runtime::RuleSet& block) { return block.change_from_last_year; });
  if (year_on_year) early.reset();
  if (streams && !year_on_year) {
    StreamRequest request{data_path, window_bytes, output_path, force, strict, {}};
    request.format = format == "json" ? StreamRequest::Format::json : StreamRequest::Format::csv;
    request.check_header = [&](std::string_view text, const runtime::DataTable& header) {
      warn_about_misspelt_columns(data_path, text, header, output);
    };
    const runtime::OutputInfo stream_info{rules.program->fingerprint, version(), rules.program->council};
    if (const auto status = eval_streaming(*rules.program, stream_info, request, output, *early)) return *status;
  }
  std::string data_text;
  if (!read_file(data_path, data_text, output)) return kExitUsage;
  const runtime::DataTable table = runtime::read_data(data_path, data_text, rules.program->columns);
  if (!table.error.empty()) {
    output.err += fmt::format("{}: error: {}\n", data_path, table.error);
    return kExitErrors;
  }
  warn_about_misspelt_columns(data_path, data_text, table, output);
  // The HTML report explains every indicator, and the summary groups them by period, so
  // both keep the decoded facts and decisions.
  const runtime::Results results = runtime::evaluate(*rules.program, table, format == "html" || summary);
  const runtime::OutputInfo info{rules.program->fingerprint, version(), rules.program->council};
  std::string rendered;
  if (summary) {
    rendered = runtime::write_rollup_summary(*rules.program, table, results);
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
  if (results.error_rows > 0) {
    const runtime::CsvLocator locator(data_text);
    for (const auto& row : results.rows) {
      if (row.error.empty()) continue;
      const runtime::TextPosition at = locator.locate(row.line, std::max<std::size_t>(row.error_field, 1));
      output.err += fmt::format("{}:{}:{}: error row: {}\n", data_path, at.line, at.column, row.error);
    }
  }
  return strict && results.error_rows > 0 ? kExitErrors : kExitOk;
}

}  // namespace cli
