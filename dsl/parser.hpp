// The dsl stage's entry point: rule-file text -> syntax tree, with syntax diagnostics.
#pragma once

#include <cstdint>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"

namespace dsl {

// Parses one file of `sources`. Syntax errors go to `sink` (one per top-level item: the
// parser resynchronises at the next line that starts, in column 1, with a top-level
// keyword) and the items that did parse are returned, so later passes can still check
// them. Never throws for bad input.
[[nodiscard]] RuleFile parse(const SourceSet& sources, std::uint32_t file, DiagnosticSink& sink);

// Limits that keep hostile input from exhausting the stack or memory; each one exceeded
// is a [limit-exceeded] diagnostic that names it. Nesting counts `(` and `not` in a
// condition; string length counts the bytes between the quotes.
inline constexpr std::size_t kMaxRuleFileBytes = 16U * 1024U * 1024U;
inline constexpr std::size_t kMaxNestingDepth = 64;
inline constexpr std::size_t kMaxStringBytes = 4096;
inline constexpr std::size_t kMaxIndicators = 10000;  // per rule file

}  // namespace dsl
