// Decompiling rule conditions into words. The postfix instructions of a rule are rebuilt
// into a tree (the inverse of the compiler's lowering), then each node is phrased. An
// interval `x in [a, b)` lowers to `x >= a; x < b; all 2`, so that shape is phrased as an
// interval again, with the inclusivity of each end stated.
#include "runtime/describe.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace runtime {
namespace {

struct Node {
  const Instruction* instruction = nullptr;
  std::vector<Node> operands;
};

Node decompile(const RuleSet& rules, const Rule& rule) {
  if (static_cast<std::size_t>(rule.first) + rule.count > rules.code.size()) {
    throw std::logic_error("internal error: rule instructions out of range");
  }
  std::vector<Node> stack;
  for (std::uint32_t pc = rule.first; pc < rule.first + rule.count; ++pc) {
    const Instruction& instruction = rules.code[pc];
    Node node{&instruction, {}};
    std::size_t take = 0;
    if (instruction.code == OpCode::negate) take = 1;
    if (instruction.code == OpCode::all || instruction.code == OpCode::any) take = instruction.arity;
    if (take > stack.size() || ((instruction.code == OpCode::all || instruction.code == OpCode::any) && take == 0)) {
      throw std::logic_error("internal error: unbalanced condition program");
    }
    const auto split = stack.end() - static_cast<std::ptrdiff_t>(take);
    node.operands.assign(std::make_move_iterator(split), std::make_move_iterator(stack.end()));
    stack.erase(split, stack.end());
    stack.push_back(std::move(node));
  }
  if (stack.size() != 1) throw std::logic_error("internal error: unbalanced condition program");
  return std::move(stack.front());
}

// A phrase, and whether it offers alternatives ("…, on target or worse") and so needs
// parentheses inside an `and`/`or`.
struct Phrase {
  std::string text;
  bool compound = false;
};

bool is_measure(const Node& node) { return node.instruction->code == OpCode::measure; }

CompareOp inverse(CompareOp op) {
  switch (op) {
    case CompareOp::less:
      return CompareOp::greater_equal;
    case CompareOp::less_equal:
      return CompareOp::greater;
    case CompareOp::greater:
      return CompareOp::less_equal;
    case CompareOp::greater_equal:
      return CompareOp::less;
    case CompareOp::equal:
      return CompareOp::equal;
  }
  return op;
}

class Describer {
 public:
  explicit Describer(const RuleSet& rules) : rules_(rules) {}

  Phrase node(const Node& node) {
    const Instruction& instruction = *node.instruction;
    switch (instruction.code) {
      case OpCode::measure:
        return compare(instruction.quantity, instruction.compare, instruction.threshold);
      case OpCode::actual:
        return Phrase{actual(instruction.test, instruction.reference), false};
      case OpCode::margin:
        return Phrase{fmt::format("within {} of the {} benchmark", margin_text(instruction),
                                  benchmark_name(instruction.benchmark)),
                      false};
      case OpCode::quartile:
        return Phrase{quartile_text(instruction.arity), false};
      case OpCode::polarity:
        return Phrase{polarity(instruction.polarity), false};
      case OpCode::status:
        return Phrase{status(instruction.status_set), false};
      case OpCode::moved:
        return Phrase{instruction.move == ValueMove::rose   ? "the value rose"
                      : instruction.move == ValueMove::fell ? "the value fell"
                                                            : "the value stayed exactly the same",
                      false};
      case OpCode::negate:
        return negation(node.operands.front());
      case OpCode::all:
      case OpCode::any:
        if (auto range = interval(node)) return *range;
        return group(node);
    }
    throw std::logic_error("internal error: unknown instruction");
  }

 private:
  [[nodiscard]] MeasureKind kind_of(Quantity quantity) const {
    const auto& kind = quantity == Quantity::gap ? rules_.gap_measure : rules_.change_measure;
    return kind.value_or(MeasureKind::relative);
  }

  // "10%", "2% of the previous value", "3 units".
  [[nodiscard]] std::string amount(Quantity quantity, Decimal magnitude, bool name_base = true) const {
    if (kind_of(quantity) == MeasureKind::relative) {
      std::string text = fraction_as_percent(magnitude);
      if (quantity == Quantity::change && name_base) text += " of the previous value";
      return text;
    }
    return fmt::format("{} {}", magnitude.normalized().to_plain(),
                       magnitude == Decimal::from_integer(1) ? "unit" : "units");
  }

  // One end of an interval: "5% worse than target", "an improvement of 2% of the previous value".
  [[nodiscard]] std::string point(Quantity quantity, Decimal value) const {
    const std::string size = amount(quantity, value.abs());
    if (quantity == Quantity::gap) {
      if (value.is_zero()) return "the target";
      return fmt::format("{} {} than target", size, value.is_negative() ? "worse" : "better");
    }
    if (value.is_zero()) return "no change";
    return fmt::format("{} {}", value.is_negative() ? "a decline of" : "an improvement of", size);
  }

  [[nodiscard]] Phrase compare(Quantity quantity, CompareOp op, Decimal value) const {
    return quantity == Quantity::gap ? compare_gap(op, value) : compare_change(op, value);
  }

  [[nodiscard]] Phrase compare_gap(CompareOp op, Decimal value) const {
    if (value.is_zero()) {
      switch (op) {
        case CompareOp::greater:
          return {"better than target", false};
        case CompareOp::greater_equal:
          return {"at or better than target", false};
        case CompareOp::less:
          return {"worse than target", false};
        case CompareOp::less_equal:
          return {"at or worse than target", false};
        case CompareOp::equal:
          return {"exactly on target", false};
      }
    }
    const std::string at = point(Quantity::gap, value);
    const bool better = !value.is_negative();
    switch (op) {
      case CompareOp::greater:
        return better ? Phrase{"more than " + at, false} : Phrase{"less than " + at + ", on target or better", true};
      case CompareOp::greater_equal:
        return better ? Phrase{"at least " + at, false} : Phrase{"at most " + at + ", on target or better", true};
      case CompareOp::less:
        return better ? Phrase{"less than " + at + ", on target or worse", true} : Phrase{"more than " + at, false};
      case CompareOp::less_equal:
        return better ? Phrase{"at most " + at + ", on target or worse", true} : Phrase{"at least " + at, false};
      case CompareOp::equal:
        return {"exactly " + at, false};
    }
    return {at, false};
  }

  [[nodiscard]] Phrase compare_change(CompareOp op, Decimal value) const {
    if (value.is_zero()) {
      switch (op) {
        case CompareOp::greater:
          return {"improved", false};
        case CompareOp::greater_equal:
          return {"improved or stayed the same", true};
        case CompareOp::less:
          return {"declined", false};
        case CompareOp::less_equal:
          return {"declined or stayed the same", true};
        case CompareOp::equal:
          return {"stayed the same", false};
      }
    }
    const std::string size = amount(Quantity::change, value.abs());
    const bool improved = !value.is_negative();
    const std::string moved = improved ? "improved by " : "declined by ";
    const std::string others = improved ? ", stayed the same or declined" : ", stayed the same or improved";
    switch (op) {
      case CompareOp::greater:
        return improved ? Phrase{moved + "more than " + size, false}
                        : Phrase{moved + "less than " + size + others, true};
      case CompareOp::greater_equal:
        return improved ? Phrase{moved + "at least " + size, false} : Phrase{moved + "at most " + size + others, true};
      case CompareOp::less:
        return improved ? Phrase{moved + "less than " + size + others, true}
                        : Phrase{moved + "more than " + size, false};
      case CompareOp::less_equal:
        return improved ? Phrase{moved + "at most " + size + others, true} : Phrase{moved + "at least " + size, false};
      case CompareOp::equal:
        return {moved + "exactly " + size, false};
    }
    return {moved + size, false};
  }

  // `x >= a and x < b` (in either order) on one quantity, phrased as an interval.
  [[nodiscard]] std::optional<Phrase> interval(const Node& node) const {
    if (node.instruction->code != OpCode::all || node.operands.size() != 2) return std::nullopt;
    const Node* low = &node.operands[0];
    const Node* high = &node.operands[1];
    if (!is_measure(*low) || !is_measure(*high)) return std::nullopt;
    const auto is_low = [](const Node& n) {
      return n.instruction->compare == CompareOp::greater || n.instruction->compare == CompareOp::greater_equal;
    };
    const auto is_high = [](const Node& n) {
      return n.instruction->compare == CompareOp::less || n.instruction->compare == CompareOp::less_equal;
    };
    if (is_high(*low) && is_low(*high)) std::swap(low, high);
    if (!is_low(*low) || !is_high(*high)) return std::nullopt;
    const Quantity quantity = low->instruction->quantity;
    if (high->instruction->quantity != quantity) return std::nullopt;
    const Decimal a = low->instruction->threshold;
    const Decimal b = high->instruction->threshold;
    if (b < a) return std::nullopt;
    const bool low_included = low->instruction->compare == CompareOp::greater_equal;
    const bool high_included = high->instruction->compare == CompareOp::less_equal;

    if (quantity == Quantity::change && low_included == high_included && a == b.negated() && !b.is_zero()) {
      const bool relative = kind_of(quantity) == MeasureKind::relative;
      return Phrase{fmt::format("stayed within {} either way{} ({})", amount(quantity, b, false),
                                relative ? " of the previous value" : "",
                                low_included ? "both ends included" : "both ends not included"),
                    false};
    }
    const std::string from = point(quantity, a);
    const std::string to = point(quantity, b);
    const std::string prefix = quantity == Quantity::change ? "changed " : "";
    if (low_included && high_included)
      return Phrase{fmt::format("{}from {} up to and including {}", prefix, from, to), false};
    return Phrase{fmt::format("{}from {} ({}) to {} ({})", prefix, from, low_included ? "included" : "not included", to,
                              high_included ? "included" : "not included"),
                  false};
  }

  static std::string actual(ActualTest test, Reference reference) {
    if (reference == Reference::expected) {
      switch (test) {
        case ActualTest::below:
          return "below the expected range";
        case ActualTest::above:
          return "above the expected range";
        default:
          return "within the expected range (ends included)";
      }
    }
    if (test == ActualTest::below || test == ActualTest::above) {
      return fmt::format("{} the {}", test == ActualTest::below ? "below" : "above", reference_name(reference));
    }
    if (reference == Reference::benchmark) {
      switch (test) {
        case ActualTest::meets:
          return "at or better than the benchmark";
        case ActualTest::better_than:
          return "better than the benchmark";
        default:
          return "worse than the benchmark";
      }
    }
    if (reference == Reference::floor) {
      switch (test) {
        case ActualTest::meets:
          return "at or better than the floor";
        case ActualTest::better_than:
          return "better than the floor";
        default:
          return "worse than the floor (below the floor standard)";
      }
    }
    if (reference == Reference::target) {
      switch (test) {
        case ActualTest::meets:
          return "at or better than target";
        case ActualTest::better_than:
          return "better than target";
        default:
          return "worse than target (does not meet it)";
      }
    }
    switch (test) {
      case ActualTest::meets:
        return "within the tolerance (at or better than the tolerance limit)";
      case ActualTest::better_than:
        return "inside the tolerance (better than the tolerance limit)";
      default:
        return "outside the tolerance (worse than the tolerance limit)";
    }
    return {};
  }

  std::string benchmark_name(std::uint16_t index) const {
    const auto& names = rules_.benchmark_names;
    return index < names.size() ? names[index] : std::string("?");
  }

  static std::string margin_text(const Instruction& instruction) {
    if (!instruction.relative_margin) return fmt::format("{}", instruction.threshold.normalized().to_plain());
    const auto share = instruction.threshold.times(Decimal::from_integer(100));
    return fmt::format("{}%", share ? share->normalized().to_plain() : "?");
  }

  static std::string quartile_text(std::uint16_t quartile) {
    switch (quartile) {
      case 1:
        return "in the best quartile (the upper quartile where higher is better), cut point included";
      case 2:
        return "in the second-best quartile, between the median and the best quartile";
      case 3:
        return "in the third quartile, between the worst quartile and the median";
      default:
        return "in the worst quartile";
    }
  }

  static std::string polarity(Polarity polarity) {
    return polarity == Polarity::none ? "the indicator has no polarity" : describe_polarity(polarity);
  }

  [[nodiscard]] std::string status(std::uint32_t set) const {
    if (set >= rules_.status_sets.size()) throw std::logic_error("internal error: status set out of range");
    const auto& labels = rules_.status_sets[set];
    std::string list;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) list += i + 1 == labels.size() ? " or " : ", ";
      list += fmt::format("\"{}\"", labels[i]);
    }
    return labels.size() > 2 ? "the status is one of " + list : "the status is " + list;
  }

  Phrase negation(const Node& operand) {
    const Instruction& instruction = *operand.instruction;
    if (instruction.code == OpCode::measure && instruction.compare != CompareOp::equal) {
      return compare(instruction.quantity, inverse(instruction.compare), instruction.threshold);
    }
    // `worse than` is exactly `not meets` (decide.cpp), for the target and the tolerance.
    if (instruction.code == OpCode::actual &&
        (instruction.test == ActualTest::meets || instruction.test == ActualTest::worse_than) &&
        instruction.reference != Reference::expected) {
      const ActualTest flipped = instruction.test == ActualTest::meets ? ActualTest::worse_than : ActualTest::meets;
      return Phrase{actual(flipped, instruction.reference), false};
    }
    return Phrase{fmt::format("not ({})", node(operand).text), false};
  }

  Phrase group(const Node& node) {
    const bool is_all = node.instruction->code == OpCode::all;
    std::string text;
    for (const Node& operand : node.operands) {
      if (!text.empty()) text += is_all ? " and " : " or ";
      const Phrase part = this->node(operand);
      text += part.compound ? fmt::format("({})", part.text) : part.text;
    }
    return Phrase{text, node.operands.size() > 1};
  }

  const RuleSet& rules_;
};

}  // namespace

std::string describe_rule(const RuleSet& rules, const Rule& rule, bool is_direction) {
  if (rule.count == 0) return is_direction ? "any other change" : "any other value";
  Describer describer(rules);
  return describer.node(decompile(rules, rule)).text;
}

std::string describe_special(Special special) {
  switch (special) {
    case Special::no_actual:
      return "no actual reported";
    case Special::no_target:
      return "no target (tracking only)";
    case Special::no_previous:
      return "no previous value to compare with";
    case Special::under_review:
      return "target under review";
    case Special::baseline:
      return "baseline year (no target yet)";
    case Special::measure_changed:
      return "the way of measuring has changed (not comparable)";
    case Special::cannot_evaluate:
      return "the rules cannot judge the figures (for example no polarity, or a relative measure on a zero base)";
  }
  return {};
}

std::string describe_measure(Quantity quantity, MeasureKind kind) {
  if (quantity == Quantity::gap) {
    return kind == MeasureKind::relative
               ? "the gap to target, as a share of the target, + means better by the indicator's polarity"
               : "the difference from target in the indicator's unit (percentage points for percentages), + means "
                 "better by the indicator's polarity";
  }
  return kind == MeasureKind::relative
             ? "the change since the previous value, as a share of the previous value, + means better by the "
               "indicator's polarity (an increase when it has none)"
             : "the difference from the previous value in the indicator's unit (percentage points for percentages), "
               "+ means better by the indicator's polarity (an increase when it has none)";
}

std::string describe_polarity(Polarity polarity) {
  switch (polarity) {
    case Polarity::higher:
      return "higher is better";
    case Polarity::lower:
      return "lower is better";
    case Polarity::none:
      return "no polarity";
  }
  return {};
}

std::string annual_share_words(const AnnualShare& share, bool percent) {
  const std::string annual = share.annual.to_string() + (percent ? "%" : "");
  if (!share.pro_rata) return fmt::format("the {} annual target, in full", share.year.to_string());
  return fmt::format("pro rata: {}/{} of the {} annual target {}{}", share.part, share.parts, share.year.to_string(),
                     annual, share.rounded ? ", rounded to the indicator's precision" : "");
}

std::string describe_target_setting(const Target& target, bool percent) {
  const auto number = [percent](Decimal value) { return value.to_string() + (percent ? "%" : ""); };
  if (target.annual) {
    Target own = target;
    own.annual.reset();
    return fmt::format("{} ({})", describe_target_setting(own, percent), annual_share_words(*target.annual, percent));
  }
  switch (target.kind) {
    case Target::Kind::value:
      return number(target.value);
    case Target::Kind::range:
      return fmt::format("{} to {}", number(target.value), number(target.high));
    case Target::Kind::bound: {
      const std::string_view sign = target.bound_below ? (target.strict ? "<" : "≤") : (target.strict ? ">" : "≥");
      return fmt::format("{} {}", sign, number(target.value));
    }
    case Target::Kind::none:
      return "no target (tracking only)";
    case Target::Kind::under_review:
      return "target under review";
    case Target::Kind::baseline:
      return "baseline year (no target yet)";
  }
  return {};
}

std::string describe_tolerance_setting(const Tolerance& tolerance, bool percent) {
  const std::string_view sign = percent ? "%" : "";
  switch (tolerance.kind) {
    case Tolerance::Kind::none:
      return "none";
    case Tolerance::Kind::relative:
      return fraction_as_percent(tolerance.value) + " of target";
    case Tolerance::Kind::absolute:
      return fmt::format("{}{}", tolerance.value.to_string(), percent ? " percentage points" : " in the unit");
    case Tolerance::Kind::range:
      return fmt::format("{}{} to {}{}", tolerance.value.to_string(), sign, tolerance.high.to_string(), sign);
  }
  return {};
}

std::string fraction_as_percent(Decimal fraction) {
  if (const auto hundredths = fraction.scaled_by_power_of_ten(2)) return hundredths->normalized().to_plain() + "%";
  return fraction.to_plain() + " (as a fraction)";
}

}  // namespace runtime
