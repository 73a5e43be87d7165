// The semantic difference between two compiled rule sets, for `statuskey diff`: what an
// auditor must know changed, never what only moved in the text. Declarations are matched
// by name (so reordering them, comments and layout do not show); the rules of a block are
// compared by their instructions (exact thresholds) and outcome, in order, because the
// first matching rule wins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program.hpp"

namespace runtime {

enum class ChangeKind : std::uint8_t {
  added,    // only in the new program
  removed,  // only in the old program
  changed,  // in both, with a different meaning
  moved,    // the same rule (or status) in both, in a different place in its order
};

struct RuleChange {
  ChangeKind kind = ChangeKind::changed;
  bool rule = false;     // the subject is a rule of a block: the texts are "condition" -> "outcome"
  std::string subject;   // "scheme corporate: default tolerance", "indicator T11: polarity"
  std::string old_text;  // empty when added
  std::string new_text;  // empty when removed
  std::string old_file;  // where the subject is written (empty and 0 when absent)
  std::uint32_t old_line = 0;
  std::string new_file;
  std::uint32_t new_line = 0;
};

// Every semantic change from `old_program` to `new_program`, grouped by declaration
// (council, keys, directions, schemes, indicators), each group in the new program's order.
// Test blocks are not compared: they do not change what any row gets.
[[nodiscard]] std::vector<RuleChange> diff_programs(const Program& old_program, const Program& new_program);

[[nodiscard]] std::string_view change_kind_name(ChangeKind kind);

}  // namespace runtime
