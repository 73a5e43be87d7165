// Keys, schemes and direction blocks: name resolution, checks and lowering of
// conditions to postfix instructions.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/context.hpp"

namespace compiler {
namespace {

using dsl::DiagnosticKind;

std::string status_list(const runtime::Key& key) {
  std::string list;
  for (const auto& status : key.statuses) {
    if (!list.empty()) list += ", ";
    list += fmt::format("\"{}\"", status.label);
  }
  return list;
}

std::optional<std::uint16_t> find_status(const runtime::Key& key, std::string_view label) {
  for (std::size_t i = 0; i < key.statuses.size(); ++i) {
    if (key.statuses[i].label == label) return static_cast<std::uint16_t>(i);
  }
  return std::nullopt;
}

runtime::Special to_special(dsl::Special special) {
  switch (special) {
    case dsl::Special::no_actual:
      return runtime::Special::no_actual;
    case dsl::Special::no_target:
      return runtime::Special::no_target;
    case dsl::Special::no_previous:
      return runtime::Special::no_previous;
    case dsl::Special::under_review:
      return runtime::Special::under_review;
    case dsl::Special::baseline:
      return runtime::Special::baseline;
    case dsl::Special::measure_changed:
      return runtime::Special::measure_changed;
    case dsl::Special::cannot_evaluate:
      return runtime::Special::cannot_evaluate;
  }
  return runtime::Special::cannot_evaluate;
}

runtime::CompareOp to_compare(dsl::CompareOp op) {
  switch (op) {
    case dsl::CompareOp::less:
      return runtime::CompareOp::less;
    case dsl::CompareOp::less_equal:
      return runtime::CompareOp::less_equal;
    case dsl::CompareOp::greater:
      return runtime::CompareOp::greater;
    case dsl::CompareOp::greater_equal:
      return runtime::CompareOp::greater_equal;
    case dsl::CompareOp::equal:
      return runtime::CompareOp::equal;
  }
  return runtime::CompareOp::equal;
}

// Lowers one block's conditions; holds what the block has declared so far.
class BlockLowering {
 public:
  BlockLowering(Context& context, runtime::RuleSet& rules, bool is_direction)
      : context_(context), rules_(rules), is_direction_(is_direction) {}

  // Returns false when the condition had an error (already reported).
  bool condition(const dsl::Condition& condition) {
    return std::visit([this](const auto& node) { return lower(node); }, condition.node);
  }

  std::optional<dsl::Span> gap_span;
  std::optional<dsl::Span> change_span;

 private:
  std::optional<runtime::MeasureKind> measure_of(dsl::Quantity quantity, dsl::Span span) {
    const bool is_gap = quantity == dsl::Quantity::gap;
    const auto& measure = is_gap ? rules_.gap_measure : rules_.change_measure;
    if (!measure) {
      context_.error(DiagnosticKind::missing_measure, span,
                     "`{0}` is used before it is defined; add `{0} = relative to {1}` or `{0} = difference from "
                     "{1}` above this rule",
                     is_gap ? "gap" : "change", is_gap ? "target" : "previous");
    }
    return measure;
  }

  void note_quantity(dsl::Quantity quantity) {
    rules_.needs_polarity = rules_.needs_polarity || !is_direction_;
    if (quantity == dsl::Quantity::gap) rules_.needs_target = true;
  }

  static std::string measure_text(dsl::Quantity quantity, runtime::MeasureKind kind) {
    const bool is_gap = quantity == dsl::Quantity::gap;
    return fmt::format("`{} = {} {}`", is_gap ? "gap" : "change",
                       kind == runtime::MeasureKind::relative ? "relative to" : "difference from",
                       is_gap ? "target" : "previous");
  }

  void push_measure(dsl::Quantity quantity, runtime::CompareOp op, runtime::Decimal threshold) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::measure;
    instruction.quantity = quantity == dsl::Quantity::gap ? runtime::Quantity::gap : runtime::Quantity::change;
    instruction.compare = op;
    instruction.threshold = threshold;
    rules_.code.push_back(instruction);
  }

  bool lower(const dsl::MeasureCompare& node) {
    const auto measure = measure_of(node.quantity, node.span);
    if (!measure) return false;
    note_quantity(node.quantity);
    const bool relative = *measure == runtime::MeasureKind::relative;
    const auto threshold = to_threshold(context_, node.value, relative, measure_text(node.quantity, *measure));
    if (!threshold) return false;
    push_measure(node.quantity, to_compare(node.op), *threshold);
    return true;
  }

  bool lower(const dsl::MeasureInterval& node) {
    const auto measure = measure_of(node.quantity, node.span);
    if (!measure) return false;
    note_quantity(node.quantity);
    const bool relative = *measure == runtime::MeasureKind::relative;
    const std::string text = measure_text(node.quantity, *measure);
    const auto low = to_threshold(context_, node.low, relative, text);
    const auto high = to_threshold(context_, node.high, relative, text);
    if (!low || !high) return false;
    if (*high < *low) {
      context_.error(DiagnosticKind::invalid_range, node.span,
                     "the interval `{}` runs backwards and contains no value; write the lower end first",
                     context_.text(node.span));
      return false;
    }
    push_measure(node.quantity, node.low_inclusive ? runtime::CompareOp::greater_equal : runtime::CompareOp::greater,
                 *low);
    push_measure(node.quantity, node.high_inclusive ? runtime::CompareOp::less_equal : runtime::CompareOp::less,
                 *high);
    runtime::Instruction both;
    both.code = runtime::OpCode::all;
    both.arity = 2;
    rules_.code.push_back(both);
    return true;
  }

  bool lower(const dsl::ActualCompare& node) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::actual;
    switch (node.test) {
      case dsl::ActualTest::meets:
        instruction.test = runtime::ActualTest::meets;
        break;
      case dsl::ActualTest::better_than:
        instruction.test = runtime::ActualTest::better_than;
        break;
      case dsl::ActualTest::worse_than:
        instruction.test = runtime::ActualTest::worse_than;
        break;
      case dsl::ActualTest::below:
        instruction.test = runtime::ActualTest::below;
        break;
      case dsl::ActualTest::above:
        instruction.test = runtime::ActualTest::above;
        break;
    }
    switch (node.reference) {
      case dsl::Reference::target:
        instruction.reference = runtime::Reference::target;
        break;
      case dsl::Reference::tolerance:
        instruction.reference = runtime::Reference::tolerance;
        break;
      case dsl::Reference::floor:
        instruction.reference = runtime::Reference::floor;
        break;
      case dsl::Reference::expected:
        instruction.reference = runtime::Reference::expected;
        break;
      case dsl::Reference::benchmark:
        instruction.reference = runtime::Reference::benchmark;
        if (node.benchmark) instruction.benchmark = context_.benchmark_index(node.benchmark->name);
        break;
    }
    const bool plain = node.test == dsl::ActualTest::below || node.test == dsl::ActualTest::above;
    if (node.reference == dsl::Reference::expected &&
        (node.test == dsl::ActualTest::better_than || node.test == dsl::ActualTest::worse_than)) {
      context_.error(DiagnosticKind::misplaced_rule, node.span,
                     "an expected range has no better or worse side; write `actual below expected range`, `actual "
                     "within expected range` or `actual above expected range`");
      return false;
    }
    if (plain && node.reference == dsl::Reference::tolerance) {
      context_.error(DiagnosticKind::misplaced_rule, node.span,
                     "the tolerance limit lies on the worse side of target, so `below`/`above` it depends on "
                     "polarity; write `actual within tolerance` or `actual worse than tolerance`");
      return false;
    }
    if (node.reference == dsl::Reference::tolerance) uses_tolerance_ = true;
    if (node.reference == dsl::Reference::floor) rules_.uses_floor = true;
    if (node.reference == dsl::Reference::expected) rules_.uses_expected = true;
    if (!is_direction_) {
      const bool target_based =
          node.reference == dsl::Reference::target || node.reference == dsl::Reference::tolerance;
      if (target_based) rules_.needs_target = true;
      if (!plain && node.reference != dsl::Reference::expected) rules_.needs_polarity = true;
      if (node.reference == dsl::Reference::benchmark) rules_.uses_benchmark = true;
    }
    rules_.code.push_back(instruction);
    return true;
  }

  bool lower(const dsl::MarginCompare& node) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::margin;
    instruction.benchmark = context_.benchmark_index(node.benchmark.name);
    instruction.relative_margin = node.margin.percent;
    const auto margin = to_threshold(context_, node.margin, node.margin.percent, "a margin around a benchmark");
    if (!margin) return false;
    if (margin->is_negative()) {
      context_.error(DiagnosticKind::invalid_range, node.margin.span,
                     "a margin is a distance either side of the benchmark and cannot be negative");
      return false;
    }
    instruction.threshold = *margin;
    rules_.uses_benchmark = true;
    rules_.code.push_back(instruction);
    return true;
  }

  bool lower(const dsl::QuartileIs& node) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::quartile;
    instruction.arity = static_cast<std::uint16_t>(node.quartile);
    if (!is_direction_) rules_.needs_polarity = true;
    rules_.code.push_back(instruction);
    return true;
  }

  bool lower(const dsl::PolarityIs& node) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::polarity;
    instruction.polarity = to_polarity(node.polarity);
    rules_.code.push_back(instruction);
    return true;
  }

  bool lower(const dsl::StatusIs& node) {
    std::vector<std::string> labels;
    bool ok = true;
    for (const auto& status : node.statuses) {
      ok = require_known_status(context_, status) && ok;
      labels.push_back(status.value);
    }
    if (!is_direction_) {
      context_.error(DiagnosticKind::misplaced_rule, node.span,
                     "a scheme cannot test the status it is computing; `status` tests belong in direction blocks");
      return false;
    }
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::status;
    instruction.status_set = static_cast<std::uint32_t>(rules_.status_sets.size());
    rules_.status_sets.push_back(std::move(labels));
    rules_.code.push_back(instruction);
    return ok;
  }

  bool lower(const dsl::ValueMoved& node) {
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::moved;
    instruction.move = node.move == dsl::ValueMove::rose   ? runtime::ValueMove::rose
                       : node.move == dsl::ValueMove::fell ? runtime::ValueMove::fell
                                                           : runtime::ValueMove::unchanged;
    if (!is_direction_) {
      context_.error(DiagnosticKind::misplaced_rule, node.span,
                     "`value rose/fell/unchanged` compares with the previous period and belongs in a direction block");
      return false;
    }
    rules_.code.push_back(instruction);
    return true;
  }

  bool lower(const dsl::Not& node) {
    if (!condition(node.operand.front())) return false;
    runtime::Instruction instruction;
    instruction.code = runtime::OpCode::negate;
    rules_.code.push_back(instruction);
    return true;
  }

  template <typename Group>
  bool lower_group(const Group& node, runtime::OpCode code) {
    bool ok = true;
    for (const auto& operand : node.operands) ok = condition(operand) && ok;
    runtime::Instruction instruction;
    instruction.code = code;
    instruction.arity = static_cast<std::uint16_t>(node.operands.size());
    rules_.code.push_back(instruction);
    return ok;
  }

  bool lower(const dsl::All& node) { return lower_group(node, runtime::OpCode::all); }
  bool lower(const dsl::Any& node) { return lower_group(node, runtime::OpCode::any); }

 public:
  bool uses_tolerance_ = false;

 private:
  Context& context_;
  runtime::RuleSet& rules_;
  bool is_direction_;
};

}  // namespace

bool require_known_status(Context& context, const dsl::StringLit& label) {
  const bool known = std::any_of(context.program.keys.begin(), context.program.keys.end(),
                                 [&](const runtime::Key& key) { return find_status(key, label.value).has_value(); });
  if (!known) {
    context.error(DiagnosticKind::unknown_status, label.span,
                  "no key declares a status \"{}\"; check the spelling against the keys", label.value);
  }
  return known;
}

void declare_key(Context& context, const dsl::KeyDecl& key) {
  if (const auto found = context.key_spans.find(key.name.name); found != context.key_spans.end()) {
    context.error(DiagnosticKind::duplicate_name, key.name.span, "a key named `{}` is already declared; rename one",
                  key.name.name);
    return;
  }
  context.key_spans.emplace(key.name.name, key.name.span);
  runtime::Key result;
  result.name = key.name.name;
  result.source = context.source_ref(key.name.span);
  if (key.title) result.title = key.title->value;
  for (const auto& status : key.statuses) {
    if (find_status(result, status.label.value)) {
      context.error(DiagnosticKind::duplicate_name, status.label.span,
                    "key `{}` already has a status \"{}\"; each label appears once", key.name.name, status.label.value);
      continue;
    }
    runtime::Status lowered;
    lowered.label = status.label.value;
    lowered.source = context.source_ref(status.label.span);
    if (status.colour) lowered.colour = status.colour->hex;
    lowered.symbol = status.symbol ? status.symbol->value : status.label.value;
    if (status.means) lowered.means = status.means->value;
    for (const auto& alias : status.aliases) lowered.aliases.push_back(alias.value);
    result.statuses.push_back(std::move(lowered));
  }
  if (result.statuses.empty()) {
    context.error(DiagnosticKind::empty_key, key.name.span, "key `{}` declares no statuses; add `status \"LABEL\"` lines",
                  key.name.name);
  }
  context.key_by_name.emplace(result.name, static_cast<std::uint32_t>(context.program.keys.size()));
  context.program.keys.push_back(std::move(result));
}

void lower_block(Context& context, const dsl::RuleBlock& block, bool is_direction) {
  auto& names = is_direction ? context.direction_by_name : context.program.scheme_by_name;
  auto& sets = is_direction ? context.program.directions : context.program.schemes;
  const std::string_view what = is_direction ? "direction block" : "scheme";
  if (names.count(block.name.name) != 0) {
    context.error(DiagnosticKind::duplicate_name, block.name.span, "a {} named `{}` is already declared; rename one",
                  what, block.name.name);
    return;
  }
  runtime::RuleSet rules;
  rules.name = block.name.name;
  rules.source = context.source_ref(block.name.span);
  const auto key = context.key_by_name.find(block.key.name);
  if (key == context.key_by_name.end()) {
    context.error(DiagnosticKind::unknown_key, block.key.span, "no key named `{}`; declare `key {} {{ ... }}` first",
                  block.key.name, block.key.name);
    (is_direction ? context.direction_spans : context.scheme_spans).push_back(BlockSpans{context.file, block.name.span, {}});
    names.emplace(block.name.name, static_cast<std::uint32_t>(sets.size()));
    sets.push_back(std::move(rules));
    return;
  }
  rules.key = key->second;
  const runtime::Key& status_key = context.program.keys[rules.key];
  const auto outcome = [&](const dsl::StringLit& label) -> std::optional<std::uint16_t> {
    auto found = find_status(status_key, label.value);
    if (!found) {
      context.error(DiagnosticKind::unknown_status, label.span, "\"{}\" is not a status of key `{}`; it has {}",
                    label.value, status_key.name, status_list(status_key));
    }
    return found;
  };

  BlockLowering lowering(context, rules, is_direction);
  BlockSpans spans{context.file, block.name.span, {}};
  std::optional<dsl::Span> direction_span;
  for (const auto& item : block.items) {
    std::visit(
        [&](const auto& node) {
          using Node = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<Node, dsl::MeasureDecl>) {
            const bool is_gap = node.quantity == dsl::Quantity::gap;
            auto& slot = is_gap ? lowering.gap_span : lowering.change_span;
            if (slot) {
              context.error(DiagnosticKind::duplicate_rule, node.span, "`{}` is defined twice in this {}",
                            is_gap ? "gap" : "change", what);
              return;
            }
            if (node.base_is_previous == is_gap) {
              context.error(DiagnosticKind::misplaced_rule, node.base_span,
                            "`{}` is measured from the {}; write `{} = relative to {}`", is_gap ? "gap" : "change",
                            is_gap ? "target" : "previous value", is_gap ? "gap" : "change",
                            is_gap ? "target" : "previous");
              return;
            }
            slot = node.span;
            const auto kind = node.kind == dsl::MeasureKind::relative ? runtime::MeasureKind::relative
                                                                      : runtime::MeasureKind::difference;
            (is_gap ? rules.gap_measure : rules.change_measure) = kind;
            if (!is_gap) rules.change_from_last_year = node.base_is_last_year;
          } else if constexpr (std::is_same_v<Node, dsl::SpecialRule>) {
            const auto status = outcome(node.outcome);
            for (const auto& special_case : node.cases) {
              const runtime::Special special = to_special(special_case.special);
              if (special == runtime::Special::no_previous && !is_direction) {
                context.error(DiagnosticKind::misplaced_rule, special_case.span,
                              "`no previous` belongs in a direction block; a scheme does not look at the previous "
                              "period");
                continue;
              }
              auto& slot = rules.specials[static_cast<std::size_t>(special)];
              if (slot) {
                context.error(DiagnosticKind::duplicate_rule, special_case.span,
                              "`{}` already has an outcome in this {} (line {})", context.text(special_case.span),
                              what, slot->source.line);
                continue;
              }
              if (status) slot = runtime::SpecialOutcome{*status, context.source_ref(special_case.span)};
            }
          } else if constexpr (std::is_same_v<Node, dsl::BandRule>) {
            runtime::Rule rule;
            rule.first = static_cast<std::uint32_t>(rules.code.size());
            const bool ok = lowering.condition(node.condition);
            const auto status = outcome(node.outcome);
            if (!ok || !status) return;
            rule.count = static_cast<std::uint32_t>(rules.code.size()) - rule.first;
            rule.outcome = *status;
            rule.source = context.source_ref(node.span);
            std::string_view text = context.text(node.span);
            text = text.substr(0, text.rfind("->"));
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
            rule.text = std::string(text);
            rules.rules.push_back(std::move(rule));
            spans.rules.push_back(node.span);
          } else if constexpr (std::is_same_v<Node, dsl::OtherwiseRule>) {
            const auto status = outcome(node.outcome);
            if (!status) return;
            runtime::Rule rule;
            rule.first = static_cast<std::uint32_t>(rules.code.size());
            rule.outcome = *status;
            rule.source = context.source_ref(node.span);
            rule.text = "otherwise";
            rules.rules.push_back(std::move(rule));
            spans.rules.push_back(node.span);
          } else if constexpr (std::is_same_v<Node, dsl::DirectionUse>) {
            if (is_direction) {
              context.error(DiagnosticKind::misplaced_rule, node.span,
                            "a direction block cannot name another direction block");
              return;
            }
            if (direction_span) {
              context.error(DiagnosticKind::duplicate_rule, node.span, "this scheme already names its direction block");
              return;
            }
            direction_span = node.span;
            const auto found = context.direction_by_name.find(node.name.name);
            if (found == context.direction_by_name.end()) {
              context.error(DiagnosticKind::unknown_direction, node.name.span,
                            "no direction block named `{}`; declare `direction {} uses KEY {{ ... }}`", node.name.name,
                            node.name.name);
              return;
            }
            rules.direction = found->second;
          } else if constexpr (std::is_same_v<Node, dsl::FirstMatch>) {
            if (rules.first_match) {
              context.error(DiagnosticKind::duplicate_rule, node.span, "`first match` is already declared in this {}", what);
              return;
            }
            rules.first_match = true;
          } else if constexpr (std::is_same_v<Node, dsl::DefaultTolerance>) {
            if (is_direction) {
              context.error(DiagnosticKind::misplaced_rule, node.span,
                            "a tolerance belongs in a scheme or an indicator, not a direction block");
              return;
            }
            if (rules.default_tolerance) {
              context.error(DiagnosticKind::duplicate_rule, node.span, "this scheme already has a default tolerance");
              return;
            }
            rules.default_tolerance = to_threshold(context, node.value, true, "a default tolerance");
            rules.tolerance_source = context.source_ref(node.span);
          }
        },
        item);
  }
  rules.uses_tolerance = lowering.uses_tolerance_;
  (is_direction ? context.direction_spans : context.scheme_spans).push_back(std::move(spans));
  names.emplace(block.name.name, static_cast<std::uint32_t>(sets.size()));
  sets.push_back(std::move(rules));
}

}  // namespace compiler
