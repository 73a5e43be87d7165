// Test helpers for the compiler suite: compile rule texts in memory and describe the
// lowered program as short strings, so that expected results read like the input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/compile.hpp"
#include "dsl/parser.hpp"
#include "runtime/program.hpp"

namespace compiler_test {

struct Compiled {
  dsl::SourceSet sources;
  std::vector<dsl::Diagnostic> diagnostics;  // syntax and compile, in source order
  std::optional<runtime::Program> program;

  // "unknown-key, unit-mismatch": the kind of every diagnostic, in source order.
  [[nodiscard]] std::string kinds() const {
    std::vector<std::string_view> names;
    for (const auto& diagnostic : diagnostics) names.push_back(dsl::kind_name(diagnostic.kind));
    return fmt::format("{}", fmt::join(names, ", "));
  }
  // The text each diagnostic points at, in source order.
  [[nodiscard]] std::string spans() const {
    std::vector<std::string_view> texts;
    for (const auto& diagnostic : diagnostics) texts.push_back(sources.file(diagnostic.file).slice(diagnostic.span));
    return fmt::format("{}", fmt::join(texts, " | "));
  }
};

// Parses every text as one file of a single rule set and compiles the set.
inline Compiled compile_files(const std::vector<std::string_view>& texts) {
  Compiled compiled;
  for (std::size_t i = 0; i < texts.size(); ++i) compiled.sources.add(fmt::format("f{}.sk", i), std::string(texts[i]));
  dsl::DiagnosticSink sink;
  std::vector<dsl::RuleFile> files;
  for (std::uint32_t i = 0; i < compiled.sources.size(); ++i) files.push_back(dsl::parse(compiled.sources, i, sink));
  if (!sink.has_errors()) compiled.program = compiler::compile(compiled.sources, files, sink);
  compiled.diagnostics = sink.sorted();
  return compiled;
}

inline Compiled compile_text(std::string_view text) { return compile_files({text}); }

inline std::string_view op_text(runtime::CompareOp op) {
  constexpr std::string_view kOps[] = {"<", "<=", ">", ">=", "=="};
  return kOps[static_cast<std::size_t>(op)];
}

inline std::string describe(const runtime::Instruction& instruction, const runtime::RuleSet& rules) {
  using runtime::OpCode;
  switch (instruction.code) {
    case OpCode::measure:
      return fmt::format("{} {} {}", instruction.quantity == runtime::Quantity::gap ? "gap" : "change",
                         op_text(instruction.compare), instruction.threshold.to_string());
    case OpCode::actual:
      return fmt::format("actual {} {}", runtime::actual_test_name(instruction.test),
                         runtime::reference_name(instruction.reference));
    case OpCode::margin:
      return fmt::format("margin {}{} of benchmark {}", instruction.threshold.to_string(),
                         instruction.relative_margin ? " share" : "", instruction.benchmark);
    case OpCode::quartile:
      return fmt::format("quartile {}", instruction.arity);
    case OpCode::polarity:
      return fmt::format("polarity {}", runtime::polarity_name(instruction.polarity));
    case OpCode::status:
      return fmt::format("status {}", fmt::join(rules.status_sets.at(instruction.status_set), "|"));
    case OpCode::moved: {
      constexpr std::string_view kMoves[] = {"rose", "fell", "unchanged"};
      return fmt::format("value {}", kMoves[static_cast<std::size_t>(instruction.move)]);
    }
    case OpCode::negate:
      return "not";
    case OpCode::all:
      return fmt::format("and/{}", instruction.arity);
    case OpCode::any:
      return fmt::format("or/{}", instruction.arity);
  }
  return "?";
}

// One string per rule: its postfix code, then `-> "OUTCOME"`; `otherwise` has no code.
inline std::vector<std::string> describe_rules(const runtime::Program& program, const runtime::RuleSet& rules) {
  std::vector<std::string> described;
  for (const runtime::Rule& rule : rules.rules) {
    std::vector<std::string> code;
    for (std::uint32_t i = rule.first; i < rule.first + rule.count; ++i)
      code.push_back(describe(rules.code.at(i), rules));
    const std::string& outcome = program.keys.at(rules.key).statuses.at(rule.outcome).label;
    described.push_back(code.empty() ? fmt::format("otherwise -> \"{}\"", outcome)
                                     : fmt::format("{} -> \"{}\"", fmt::join(code, "; "), outcome));
  }
  return described;
}

inline std::string describe(const runtime::Target& target) {
  using Kind = runtime::Target::Kind;
  switch (target.kind) {
    case Kind::value:
      return target.value.to_string();
    case Kind::range:
      return fmt::format("{} to {}", target.value.to_string(), target.high.to_string());
    case Kind::bound:
      return fmt::format("{}{} {}", target.bound_below ? "<" : ">", target.strict ? "" : "=", target.value.to_string());
    case Kind::none:
      return "none";
    case Kind::under_review:
      return "under review";
    case Kind::baseline:
      return "baseline";
  }
  return "?";
}

// "80" for a target for every period, "2013-14 Q2: 78" per period, in declaration order.
inline std::vector<std::string> describe_targets(const runtime::Indicator& indicator) {
  std::vector<std::string> described;
  if (indicator.target) described.push_back(describe(*indicator.target));
  for (const auto& [period, target] : indicator.period_targets) {
    described.push_back(fmt::format("{}: {}", period.to_string(), describe(target)));
  }
  return described;
}

}  // namespace compiler_test
