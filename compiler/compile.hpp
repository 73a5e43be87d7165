// The compiler stage's entry point: syntax trees of one rule set -> runtime program.
#pragma once

#include <optional>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "runtime/program.hpp"

namespace compiler {

// Resolves names, checks units, polarity and targets, and lowers every scheme and
// direction block to postfix instructions. All files form one rule set (one namespace).
// Returns the program when there were no errors (warnings allowed); every problem found
// is reported to `sink`, many per run.
[[nodiscard]] std::optional<runtime::Program> compile(const dsl::SourceSet& sources,
                                                      const std::vector<dsl::RuleFile>& files,
                                                      dsl::DiagnosticSink& sink);

// Units an indicator may declare, and whether "%" is its natural notation.
[[nodiscard]] bool is_known_unit(std::string_view unit);

}  // namespace compiler
