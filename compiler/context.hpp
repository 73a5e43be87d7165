// Shared state of one compilation and the literal conversions every pass uses.
// Private to the compiler library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "runtime/program.hpp"

namespace compiler {

// Where each lowered rule set and indicator came from, for diagnostics after lowering.
struct BlockSpans {
  std::uint32_t file = 0;
  dsl::Span name;
  std::vector<dsl::Span> rules;  // like RuleSet::rules
};

struct IndicatorSpans {
  std::uint32_t file = 0;
  dsl::Span id;
};

struct Context {
  const dsl::SourceSet& sources;
  dsl::DiagnosticSink& sink;
  runtime::Program program;
  std::uint32_t file = 0;  // the file being lowered
  std::unordered_map<std::string, std::uint32_t> key_by_name;
  std::unordered_map<std::string, std::uint32_t> direction_by_name;
  std::unordered_map<std::string, dsl::Span> key_spans;
  bool reported_missing_scheme = false;
  std::vector<BlockSpans> scheme_spans;     // like program.schemes
  std::vector<BlockSpans> direction_spans;  // like program.directions
  std::vector<IndicatorSpans> indicator_spans;  // like program.indicators

  template <typename... Args>
  void error(dsl::DiagnosticKind kind, dsl::Span span, fmt::format_string<Args...> format, Args&&... args) {
    sink.report(kind, file, span, format, std::forward<Args>(args)...);
  }

  [[nodiscard]] runtime::SourceRef source_ref(dsl::Span span) const {
    return runtime::SourceRef{file, sources.file(file).locate(span.begin).line};
  }
  [[nodiscard]] std::string_view text(dsl::Span span) const { return sources.file(file).slice(span); }

  // The index of a benchmark name in the program's table, adding it on first mention.
  std::uint16_t benchmark_index(const std::string& name) {
    auto& names = program.benchmark_names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return static_cast<std::uint16_t>(i);
    }
    names.push_back(name);
    return static_cast<std::uint16_t>(names.size() - 1);
  }
};

// The number as written, exactly; reports invalid-number and returns nothing on failure.
std::optional<runtime::Decimal> to_decimal(Context& context, const dsl::NumberLit& literal);
// A band threshold: "10%" -> 0.10 when relative, "5 points" -> 5 when absolute.
std::optional<runtime::Decimal> to_threshold(Context& context, const dsl::NumberLit& literal, bool relative,
                                             std::string_view measure_text);
std::optional<runtime::Period> to_period(Context& context, const dsl::PeriodLit& literal);
std::optional<runtime::Target> to_target(Context& context, const dsl::TargetValue& value);
[[nodiscard]] runtime::Polarity to_polarity(dsl::Polarity polarity);

// Whether some key declares the status; reports unknown-status at the label if not.
bool require_known_status(Context& context, const dsl::StringLit& label);

// Digits as written, when they make a whole number from 1 to `max`.
std::optional<std::uint32_t> whole_number(std::string_view digits, std::uint32_t max);

// Lowering passes.
void declare_key(Context& context, const dsl::KeyDecl& key);
void lower_block(Context& context, const dsl::RuleBlock& block, bool is_direction);
void lower_indicator(Context& context, const dsl::IndicatorDecl& indicator);
void lower_test(Context& context, const dsl::TestDecl& test);
// Band coverage: gaps, overlaps, unreachable rules and polarity contradictions, on the
// bands as they apply to each indicator's targets. Runs on a program without errors.
void check_coverage(Context& context);

}  // namespace compiler
