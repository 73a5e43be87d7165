// Subcommands `check`, `eval` and `test`, their help texts and argument handling.
#include "cli/driver.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "dsl/parser.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/test_runner.hpp"
#include "runtime/writers.hpp"

namespace cli {
namespace {

constexpr std::string_view kUsage = R"(statuskey - council performance status rules: check, evaluate, test

usage: statuskey COMMAND [OPTIONS] ARGS...

commands:
  check FILE.sk...            compile each rule file and report every problem
  eval FILE.sk... DATA.csv    apply the rules to every row of a data file
  test FILE.sk...             run the rule files' `test` blocks

  statuskey COMMAND --help    help for one command
  statuskey --version         the version

exit status: 0 ok; 1 errors in rule files or data, or failed tests; 2 usage errors
and files that cannot be read or written
)";

constexpr std::string_view kCheckHelp = R"(usage: statuskey check [--fingerprint] FILE.sk...

Compiles each rule file as its own rule set and reports every syntax and semantic
error as FILE:LINE:COLUMN: error: message [kind], with the source line and a caret.

options:
  --fingerprint   print the rule set's SHA-256 fingerprint when it compiles

exit status: 0 when the files compile (warnings allowed), 1 on any error, 2 on usage
)";

constexpr std::string_view kEvalHelp = R"(usage: statuskey eval FILE.sk... DATA.csv [--format csv|json] [-o OUT] [--force]
                     [--strict] [--summary]

Applies the rule set to every row of DATA.csv (RFC 4180, UTF-8, header row with at
least indicator, period and actual) and writes one result per row, in input order,
with status, symbol, colour, direction, explanation and the deciding rule's FILE:LINE.
Rows that cannot be evaluated become error rows with a reason.

options:
  --format csv|json   output format (default csv)
  -o, --output OUT    write to OUT (atomically) instead of standard output
  --force             replace OUT if it exists
  --strict            exit 1 when any row is an error row
  --summary           print the counts by status instead of the rows

exit status: 0 ok (error rows allowed unless --strict); 1 rule errors, an unreadable
data file, or error rows with --strict; 2 usage or unwritable output
)";

constexpr std::string_view kTestHelp = R"(usage: statuskey test FILE.sk...

Runs every `test` block in the rule files: each case is evaluated and its status and
direction compared with the expected ones. Prints PASS/FAIL per case with the
expected and actual outcome and the deciding rule, then "N passed, N failed".

exit status: 0 when all pass, 1 on any failure or rule error, 2 on usage
)";

struct Usage {
  std::string message;
};

bool read_file(const std::string& path, std::string& content, Output& output) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    output.err += fmt::format("statuskey: cannot read `{}`: {}\n", path, std::error_code(errno, std::generic_category()).message());
    return false;
  }
  content.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  return true;
}

// Loaded, parsed and compiled rule files.
struct RuleSet {
  dsl::SourceSet sources;
  std::optional<runtime::Program> program;
  bool readable = true;
};

RuleSet load_rules(const std::vector<std::string>& paths, Output& output) {
  RuleSet rules;
  for (const auto& path : paths) {
    std::string content;
    if (!read_file(path, content, output)) {
      rules.readable = false;
      return rules;
    }
    rules.sources.add(path, std::move(content));
  }
  dsl::DiagnosticSink sink;
  std::vector<dsl::RuleFile> files;
  for (std::uint32_t i = 0; i < rules.sources.size(); ++i) files.push_back(dsl::parse(rules.sources, i, sink));
  // Syntax errors leave declarations out of the tree; checking names against such a tree
  // would only repeat the same mistake as many unknown-name errors, so stop here.
  if (!sink.has_errors()) rules.program = compiler::compile(rules.sources, files, sink);
  for (const auto& diagnostic : sink.sorted()) output.err += dsl::render(diagnostic, rules.sources);
  if (sink.error_count() > 0 || sink.warning_count() > 0) {
    output.err += fmt::format("{} error{}, {} warning{}\n", sink.error_count(), sink.error_count() == 1 ? "" : "s",
                              sink.warning_count(), sink.warning_count() == 1 ? "" : "s");
  }
  return rules;
}

bool wants_help(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

// Writes via a temporary file in the same directory and renames it into place, so an
// interrupted run never leaves a half-written file where a good one was.
bool write_output(const std::string& path, const std::string& content, bool force, Output& output) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(path, error) && !force) {
    output.err += fmt::format("statuskey: `{}` exists; pass --force to replace it or choose another name\n", path);
    return false;
  }
  const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream.write(content.data(), static_cast<std::streamsize>(content.size()));
    stream.close();
    if (!stream) {
      output.err += fmt::format("statuskey: cannot write `{}`\n", temporary);
      fs::remove(temporary, error);
      return false;
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    output.err += fmt::format("statuskey: cannot rename `{}` to `{}`: {}\n", temporary, path, error.message());
    fs::remove(temporary, error);
    return false;
  }
  return true;
}

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
      if (format != "csv" && format != "json") {
        throw Usage{fmt::format("eval: unknown format `{}`; use csv or json", format)};
      }
    } else if (arg.rfind("--format=", 0) == 0) {
      format = arg.substr(9);
      if (format != "csv" && format != "json") {
        throw Usage{fmt::format("eval: unknown format `{}`; use csv or json", format)};
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
  const runtime::Results results = runtime::evaluate(*rules.program, table);
  const runtime::OutputInfo info{rules.program->fingerprint, version(), rules.program->council};
  std::string rendered;
  if (summary) {
    rendered = runtime::write_summary(results);
  } else if (format == "json") {
    rendered = runtime::write_json(results, info);
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

int command_test(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kTestHelp;
    return kExitOk;
  }
  std::vector<std::string> files;
  for (const auto& arg : args) {
    if (!arg.empty() && arg[0] == '-') throw Usage{fmt::format("test: unknown option `{}`", arg)};
    files.push_back(arg);
  }
  if (files.empty()) throw Usage{"test: no rule files given"};
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
    if (command == "test") return command_test(rest, output);
    throw Usage{fmt::format("unknown command `{}`", command)};
  } catch (const Usage& usage) {
    output.err += fmt::format("statuskey: {}; see `statuskey --help`\n", usage.message);
    return kExitUsage;
  }
}

}  // namespace cli
