// What the subcommands share: usage errors, reading files, loading a rule set, and
// writing output files atomically.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "dsl/diagnostics.hpp"
#include "runtime/program.hpp"

namespace cli {

// Thrown for a command-line mistake; run() prints it and exits 2.
struct Usage {
  std::string message;
};

// Reads a whole file; on failure appends a message to output.err.
bool read_file(const std::string& path, std::string& content, Output& output);

// Rule files read, parsed and compiled as one rule set; diagnostics already rendered to
// output.err. `program` is empty when there were errors.
struct RuleSet {
  dsl::SourceSet sources;
  std::optional<runtime::Program> program;
  bool readable = true;
};
// Reads a file an `import` names: only regular files (a directory or a FIFO must not
// hang); on failure returns nothing and sets `error` to the reason.
std::optional<std::string> read_imported_file(const std::string& path, std::string& error);

RuleSet load_rules(const std::vector<std::string>& paths, Output& output);

bool wants_help(const std::vector<std::string>& args);

// Writes via a temporary file in the same directory and renames it into place, so an
// interrupted run never leaves a half-written file where a good one was. Refuses to
// replace an existing file unless `force`.
bool write_output(const std::string& path, const std::string& content, bool force, Output& output);

// The subcommands: each returns an exit code.
int command_check(const std::vector<std::string>& args, Output& output);
int command_eval(const std::vector<std::string>& args, Output& output);
int command_report(const std::vector<std::string>& args, Output& output);
int command_test(const std::vector<std::string>& args, Output& output);
int command_explain(const std::vector<std::string>& args, Output& output);
int command_doc(const std::vector<std::string>& args, Output& output);
int command_diff(const std::vector<std::string>& args, Output& output);
int command_audit(const std::vector<std::string>& args, Output& output);
int command_fmt(const std::vector<std::string>& args, Output& output);

}  // namespace cli
