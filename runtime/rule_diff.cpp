// Comparing two compiled programs declaration by declaration. Names identify keys,
// statuses, blocks and indicators; a block's rules are aligned by their meaning (a
// longest common subsequence of instruction signatures), and what is left over in each
// gap is reported as changed (paired, same outcome first), removed or added.
#include "runtime/rule_diff.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace runtime {
namespace {

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string result;
  for (const auto& item : items) {
    if (!result.empty()) result += separator;
    result += item;
  }
  return result;
}

// Exact text of a fraction as a percentage: 0.05 -> "5%".
std::string percent_text(Decimal fraction) {
  const auto hundred = fraction.times(Decimal::from_integer(100));
  return hundred ? fmt::format("{}%", hundred->normalized().to_plain()) : fmt::format("{} (fraction)", fraction.to_plain());
}

std::string amount_text(Decimal value, bool percent) { return value.normalized().to_plain() + (percent ? "%" : ""); }

std::string target_text(const std::optional<Target>& target, bool percent) {
  if (!target) return "not declared";
  switch (target->kind) {
    case Target::Kind::value:
      return amount_text(target->value, percent);
    case Target::Kind::range:
      return fmt::format("{} to {}", amount_text(target->value, percent), amount_text(target->high, percent));
    case Target::Kind::bound:
      return fmt::format("{}{}{}", target->bound_below ? "<" : ">", target->strict ? "" : "=",
                         amount_text(target->value, percent));
    case Target::Kind::none:
      return "none";
    case Target::Kind::under_review:
      return "under review";
    case Target::Kind::baseline:
      return "baseline";
  }
  return "?";
}

std::string tolerance_text(const Tolerance& tolerance, bool percent) {
  switch (tolerance.kind) {
    case Tolerance::Kind::none:
      return "none";
    case Tolerance::Kind::relative:
      return fmt::format("{} of target", percent_text(tolerance.value));
    case Tolerance::Kind::absolute:
      return tolerance.value.normalized().to_plain() + (percent ? " points" : "");
    case Tolerance::Kind::range:
      return fmt::format("{} - {}", amount_text(tolerance.value, percent), amount_text(tolerance.high, percent));
  }
  return "?";
}

std::string measure_text(const std::optional<MeasureKind>& measure, bool gap) {
  if (!measure) return "not defined";
  return fmt::format("{} {}", *measure == MeasureKind::relative ? "relative to" : "difference from",
                     gap ? "target" : "previous");
}

std::string_view compare_text(CompareOp op) {
  switch (op) {
    case CompareOp::less:
      return "<";
    case CompareOp::less_equal:
      return "<=";
    case CompareOp::greater:
      return ">";
    case CompareOp::greater_equal:
      return ">=";
    case CompareOp::equal:
      return "=";
  }
  return "?";
}

// One instruction as exact text: what two rules must share to mean the same.
std::string instruction_text(const RuleSet& block, const Instruction& instruction) {
  switch (instruction.code) {
    case OpCode::measure:
      return fmt::format("{} {} {}", instruction.quantity == Quantity::gap ? "gap" : "change",
                         compare_text(instruction.compare), instruction.threshold.normalized().to_plain());
    case OpCode::actual: {
      return fmt::format("actual {} {}{}", actual_test_name(instruction.test), reference_name(instruction.reference),
                         instruction.reference == Reference::benchmark ? fmt::format(" #{}", instruction.benchmark) : "");
    }
    case OpCode::margin:
      return fmt::format("actual within {}{} of benchmark #{}", instruction.threshold.normalized().to_plain(),
                         instruction.relative_margin ? " (share)" : "", instruction.benchmark);
    case OpCode::quartile:
      return fmt::format("quartile {}", instruction.arity);
    case OpCode::polarity:
      return fmt::format("polarity {}", polarity_name(instruction.polarity));
    case OpCode::status: {
      std::vector<std::string> labels;
      if (instruction.status_set < block.status_sets.size()) labels = block.status_sets[instruction.status_set];
      std::sort(labels.begin(), labels.end());
      return fmt::format("status in {{{}}}", joined(labels, ", "));
    }
    case OpCode::moved:
      return fmt::format("value {}", instruction.move == ValueMove::rose   ? "rose"
                                     : instruction.move == ValueMove::fell ? "fell"
                                                                           : "unchanged");
    case OpCode::negate:
      return "not";
    case OpCode::all:
      return fmt::format("all/{}", instruction.arity);
    case OpCode::any:
      return fmt::format("any/{}", instruction.arity);
  }
  return "?";
}

// A whole side of a comparison: the program and its lookups.
struct Side {
  const Program& program;

  [[nodiscard]] std::string file(SourceRef source) const {
    return source.file < program.files.size() ? program.files[source.file] : std::string();
  }
  [[nodiscard]] std::string label(const RuleSet& block, std::uint16_t status) const {
    if (block.key >= program.keys.size()) return "?";
    const auto& statuses = program.keys[block.key].statuses;
    return status < statuses.size() ? statuses[status].label : "?";
  }
  [[nodiscard]] std::string key_name(const RuleSet& block) const {
    return block.key < program.keys.size() ? program.keys[block.key].name : "?";
  }
  [[nodiscard]] std::string direction_name(const std::optional<std::uint32_t>& direction, std::string_view none) const {
    if (!direction) return std::string(none);
    return *direction < program.directions.size() ? program.directions[*direction].name : "?";
  }
  [[nodiscard]] std::string scheme_name(const std::optional<std::uint32_t>& scheme) const {
    if (!scheme) return "none";
    return *scheme < program.schemes.size() ? program.schemes[*scheme].name : "?";
  }
  [[nodiscard]] std::vector<std::string> instructions(const RuleSet& block, const Rule& rule) const {
    std::vector<std::string> result;
    for (std::uint32_t i = rule.first; i < rule.first + rule.count && i < block.code.size(); ++i) {
      result.push_back(instruction_text(block, block.code[i]));
    }
    return result;
  }
  // The meaning of a rule: its instructions and the label it gives.
  [[nodiscard]] std::string signature(const RuleSet& block, const Rule& rule) const {
    return fmt::format("{} => {}", joined(instructions(block, rule), "; "), label(block, rule.outcome));
  }
  [[nodiscard]] std::string rule_text(const RuleSet& block, const Rule& rule) const {
    return fmt::format("{} -> {}", quoted(rule.text), quoted(label(block, rule.outcome)));
  }
};

// Pairs of positions (old, new) of a longest common subsequence, in increasing order.
std::vector<std::pair<std::size_t, std::size_t>> common_subsequence(const std::vector<std::string>& a,
                                                                    const std::vector<std::string>& b) {
  const std::size_t width = b.size() + 1;
  std::vector<std::uint32_t> length((a.size() + 1) * width, 0);
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      length[i * width + j] = a[i] == b[j] ? length[(i + 1) * width + j + 1] + 1
                                           : std::max(length[(i + 1) * width + j], length[i * width + j + 1]);
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      pairs.emplace_back(i++, j++);
    } else if (length[(i + 1) * width + j] >= length[i * width + j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

class Differ {
 public:
  Differ(const Program& old_program, const Program& new_program) : old_{old_program}, new_{new_program} {}

  std::vector<RuleChange> run() {
    if (old_.program.council != new_.program.council) {
      record(ChangeKind::changed, "council", quoted(old_.program.council), quoted(new_.program.council), {}, {});
    }
    diff_named(old_.program.keys, new_.program.keys, "key", [this](const Key& a, const Key& b) { keys(a, b); });
    diff_named(old_.program.directions, new_.program.directions, "direction",
               [this](const RuleSet& a, const RuleSet& b) { blocks("direction", a, b); });
    diff_named(old_.program.schemes, new_.program.schemes, "scheme",
               [this](const RuleSet& a, const RuleSet& b) { blocks("scheme", a, b); });
    const std::string old_default = old_.scheme_name(old_.program.default_scheme);
    const std::string new_default = new_.scheme_name(new_.program.default_scheme);
    if (old_default != new_default) record(ChangeKind::changed, "default scheme", old_default, new_default, {}, {});
    diff_named(old_.program.indicators, new_.program.indicators, "indicator",
               [this](const Indicator& a, const Indicator& b) { indicators(a, b); });
    return std::move(changes_);
  }

 private:
  void record(ChangeKind kind, std::string subject, std::string old_text, std::string new_text,
              std::optional<SourceRef> old_source, std::optional<SourceRef> new_source, bool rule = false) {
    RuleChange change;
    change.kind = kind;
    change.rule = rule;
    change.subject = std::move(subject);
    change.old_text = std::move(old_text);
    change.new_text = std::move(new_text);
    if (old_source) {
      change.old_file = old_.file(*old_source);
      change.old_line = old_source->line;
    }
    if (new_source) {
      change.new_file = new_.file(*new_source);
      change.new_line = new_source->line;
    }
    changes_.push_back(std::move(change));
  }

  // Reports a property that differs, at the lines of the declarations that hold it.
  void property(const std::string& subject, const std::string& old_text, const std::string& new_text,
                SourceRef old_source, SourceRef new_source) {
    if (old_text != new_text) record(ChangeKind::changed, subject, old_text, new_text, old_source, new_source);
  }

  static std::string name_of(const Key& key) { return key.name; }
  static std::string name_of(const RuleSet& block) { return block.name; }
  static std::string name_of(const Indicator& indicator) { return indicator.id; }
  static std::string summary_of(const Key& key) { return quoted(key.title); }
  static std::string summary_of(const RuleSet& block) { return fmt::format("{} rules", block.rules.size()); }
  static std::string summary_of(const Indicator& indicator) { return quoted(indicator.title); }

  // Declarations matched by name: removed ones (old order), then the new program's.
  template <typename Item, typename Compare>
  void diff_named(const std::vector<Item>& old_items, const std::vector<Item>& new_items, std::string_view what,
                  Compare&& compare) {
    std::map<std::string, const Item*> old_by_name;
    std::set<std::string> new_names;
    for (const auto& item : old_items) old_by_name.emplace(name_of(item), &item);
    for (const auto& item : new_items) new_names.insert(name_of(item));
    for (const auto& item : old_items) {
      if (new_names.count(name_of(item)) == 0) {
        record(ChangeKind::removed, fmt::format("{} {}", what, name_of(item)), summary_of(item), {}, item.source, {});
      }
    }
    for (const auto& item : new_items) {
      const auto found = old_by_name.find(name_of(item));
      if (found == old_by_name.end()) {
        record(ChangeKind::added, fmt::format("{} {}", what, name_of(item)), {}, summary_of(item), {}, item.source);
      } else {
        compare(*found->second, item);
      }
    }
  }

  void keys(const Key& a, const Key& b) {
    const std::string subject = fmt::format("key {}", b.name);
    property(subject + ": title", quoted(a.title), quoted(b.title), a.source, b.source);
    const auto describe = [](const Status& status) {
      return fmt::format("{} colour {} symbol {} means {}", quoted(status.label),
                         status.colour.empty() ? "none" : status.colour, quoted(status.symbol), quoted(status.means));
    };
    const auto aliases = [](const Status& status) {
      std::vector<std::string> sorted;
      for (const auto& alias : status.aliases) sorted.push_back(quoted(alias));
      std::sort(sorted.begin(), sorted.end());
      return sorted.empty() ? std::string("none") : joined(sorted, ", ");
    };
    std::map<std::string, const Status*> old_by_label;
    std::set<std::string> new_labels;
    for (const auto& status : a.statuses) old_by_label.emplace(status.label, &status);
    for (const auto& status : b.statuses) new_labels.insert(status.label);
    std::vector<std::string> old_order;
    std::vector<std::string> new_order;
    for (const auto& status : a.statuses) {
      if (new_labels.count(status.label) == 0) {
        record(ChangeKind::removed, subject + ": status", describe(status), {}, status.source, {});
      } else {
        old_order.push_back(quoted(status.label));
      }
    }
    for (const auto& status : b.statuses) {
      const auto found = old_by_label.find(status.label);
      if (found == old_by_label.end()) {
        record(ChangeKind::added, subject + ": status", {}, describe(status), {}, status.source);
        continue;
      }
      new_order.push_back(quoted(status.label));
      const Status& old_status = *found->second;
      const std::string status_subject = fmt::format("{}: status {}", subject, quoted(status.label));
      const auto colour = [](const Status& s) { return s.colour.empty() ? std::string("none") : s.colour; };
      property(status_subject + " colour", colour(old_status), colour(status), old_status.source, status.source);
      property(status_subject + " symbol", quoted(old_status.symbol), quoted(status.symbol), old_status.source,
               status.source);
      property(status_subject + " meaning", quoted(old_status.means), quoted(status.means), old_status.source,
               status.source);
      property(status_subject + " aliases", aliases(old_status), aliases(status), old_status.source, status.source);
    }
    // The order of a key is its severity order (worst-of roll-ups read it).
    property(subject + ": status order", joined(old_order, ", "), joined(new_order, ", "), a.source, b.source);
  }

  void blocks(std::string_view what, const RuleSet& a, const RuleSet& b) {
    const std::string subject = fmt::format("{} {}", what, b.name);
    property(subject + ": key", old_.key_name(a), new_.key_name(b), a.source, b.source);
    property(subject + ": gap", measure_text(a.gap_measure, true), measure_text(b.gap_measure, true), a.source, b.source);
    property(subject + ": change", measure_text(a.change_measure, false), measure_text(b.change_measure, false),
             a.source, b.source);
    property(subject + ": direction", old_.direction_name(a.direction, "none"), new_.direction_name(b.direction, "none"),
             a.source, b.source);
    const auto tolerance = [](const RuleSet& block) {
      return block.default_tolerance ? percent_text(*block.default_tolerance) : std::string("none");
    };
    property(subject + ": default tolerance", tolerance(a), tolerance(b),
             a.default_tolerance ? a.tolerance_source : a.source, b.default_tolerance ? b.tolerance_source : b.source);
    for (std::size_t i = 0; i < kSpecialCount; ++i) specials(subject, static_cast<Special>(i), a, b);
    rules(subject, a, b);
  }

  void specials(const std::string& subject, Special special, const RuleSet& a, const RuleSet& b) {
    const auto& old_slot = a.specials[static_cast<std::size_t>(special)];
    const auto& new_slot = b.specials[static_cast<std::size_t>(special)];
    const auto text = [&](const Side& side, const RuleSet& block, const SpecialOutcome& slot) {
      return fmt::format("{} -> {}", quoted(special_name(special)), quoted(side.label(block, slot.outcome)));
    };
    const std::string what = subject + ": special outcome";
    if (old_slot && !new_slot) {
      record(ChangeKind::removed, what, text(old_, a, *old_slot), {}, old_slot->source, {}, true);
    } else if (!old_slot && new_slot) {
      record(ChangeKind::added, what, {}, text(new_, b, *new_slot), {}, new_slot->source, true);
    } else if (old_slot && new_slot) {
      const std::string old_text = text(old_, a, *old_slot);
      const std::string new_text = text(new_, b, *new_slot);
      if (old_text != new_text) record(ChangeKind::changed, what, old_text, new_text, old_slot->source, new_slot->source, true);
    }
  }

  static bool is_band(const RuleSet& block, const Rule& rule) {
    for (std::uint32_t i = rule.first; i < rule.first + rule.count && i < block.code.size(); ++i) {
      if (block.code[i].code == OpCode::measure) return true;
    }
    return false;
  }

  void rule_record(ChangeKind kind, const std::string& subject, const RuleSet& a, const Rule* old_rule,
                   const RuleSet& b, const Rule* new_rule) {
    const Rule& shown = new_rule ? *new_rule : *old_rule;
    const std::string what = fmt::format("{}: {}", subject, is_band(new_rule ? b : a, shown) ? "band" : "rule");
    std::string old_text = old_rule ? old_.rule_text(a, *old_rule) : std::string();
    std::string new_text = new_rule ? new_.rule_text(b, *new_rule) : std::string();
    if (kind == ChangeKind::changed && old_text == new_text) {
      // Written alike but meaning something else: show the instructions.
      old_text += fmt::format(" [{}]", joined(old_.instructions(a, *old_rule), "; "));
      new_text += fmt::format(" [{}]", joined(new_.instructions(b, *new_rule), "; "));
    }
    record(kind, what, std::move(old_text), std::move(new_text),
           old_rule ? std::optional<SourceRef>(old_rule->source) : std::nullopt,
           new_rule ? std::optional<SourceRef>(new_rule->source) : std::nullopt, true);
  }

  void rules(const std::string& subject, const RuleSet& a, const RuleSet& b) {
    std::vector<std::string> old_signatures;
    std::vector<std::string> new_signatures;
    for (const auto& rule : a.rules) old_signatures.push_back(old_.signature(a, rule));
    for (const auto& rule : b.rules) new_signatures.push_back(new_.signature(b, rule));
    auto pairs = common_subsequence(old_signatures, new_signatures);
    std::vector<bool> old_done(a.rules.size(), false);
    std::vector<bool> new_done(b.rules.size(), false);
    for (const auto& [i, j] : pairs) old_done[i] = new_done[j] = true;
    // The same rule in another place in the order: it now wins over different rules.
    for (std::size_t i = 0; i < a.rules.size(); ++i) {
      for (std::size_t j = 0; j < b.rules.size() && !old_done[i]; ++j) {
        if (new_done[j] || old_signatures[i] != new_signatures[j]) continue;
        old_done[i] = new_done[j] = true;
        rule_record(ChangeKind::moved, subject, a, &a.rules[i], b, &b.rules[j]);
      }
    }
    // The gaps between aligned rules: pair what is left (same outcome first, then in
    // order) as changed; the rest was removed or added.
    pairs.emplace_back(a.rules.size(), b.rules.size());
    std::size_t old_start = 0;
    std::size_t new_start = 0;
    for (const auto& [old_end, new_end] : pairs) {
      std::vector<std::size_t> olds;
      std::vector<std::size_t> news;
      for (std::size_t i = old_start; i < old_end; ++i) {
        if (!old_done[i]) olds.push_back(i);
      }
      for (std::size_t j = new_start; j < new_end; ++j) {
        if (!new_done[j]) news.push_back(j);
      }
      std::vector<std::pair<std::size_t, std::size_t>> changed;
      for (const auto i : olds) {
        for (const auto j : news) {
          if (old_done[i] || new_done[j]) continue;
          if (old_.label(a, a.rules[i].outcome) != new_.label(b, b.rules[j].outcome)) continue;
          old_done[i] = new_done[j] = true;
          changed.emplace_back(i, j);
        }
      }
      auto next_new = news.begin();
      for (const auto i : olds) {
        if (old_done[i]) continue;
        while (next_new != news.end() && new_done[*next_new]) ++next_new;
        if (next_new == news.end()) break;
        old_done[i] = new_done[*next_new] = true;
        changed.emplace_back(i, *next_new);
      }
      std::sort(changed.begin(), changed.end());
      for (const auto& [i, j] : changed) rule_record(ChangeKind::changed, subject, a, &a.rules[i], b, &b.rules[j]);
      for (const auto i : olds) {
        if (!old_done[i]) rule_record(ChangeKind::removed, subject, a, &a.rules[i], b, nullptr);
      }
      for (const auto j : news) {
        if (!new_done[j]) rule_record(ChangeKind::added, subject, a, nullptr, b, &b.rules[j]);
      }
      old_start = old_end + 1;
      new_start = new_end + 1;
    }
  }

  void indicators(const Indicator& a, const Indicator& b) {
    const std::string subject = fmt::format("indicator {}", b.id);
    const bool old_percent = a.unit == "percent";
    const bool new_percent = b.unit == "percent";
    const auto field = [&](std::string_view name, const std::string& old_text, const std::string& new_text) {
      property(fmt::format("{}: {}", subject, name), old_text, new_text, a.source, b.source);
    };
    const auto polarity = [](const Indicator& indicator) {
      return indicator.polarity_declared ? std::string(polarity_name(indicator.polarity))
                                         : std::string("not declared (the row's column)");
    };
    const auto periods = [](const std::vector<Period>& list) {
      std::vector<std::string> texts;
      for (const auto& period : list) texts.push_back(period.to_string());
      std::sort(texts.begin(), texts.end());
      return texts.empty() ? std::string("none") : joined(texts, ", ");
    };
    field("title", quoted(a.title), quoted(b.title));
    field("section", quoted(a.section), quoted(b.section));
    field("owner", quoted(a.owner), quoted(b.owner));
    field("unit", a.unit.empty() ? "none" : a.unit, b.unit.empty() ? "none" : b.unit);
    field("polarity", polarity(a), polarity(b));
    field("frequency", a.frequency.empty() ? "none" : a.frequency, b.frequency.empty() ? "none" : b.frequency);
    field("cumulative", a.cumulative ? "yes" : "no", b.cumulative ? "yes" : "no");
    field("scheme", a.manual_key ? "set by hand" : old_.scheme_name(a.scheme),
          b.manual_key ? "set by hand" : new_.scheme_name(b.scheme));
    field("direction", old_.direction_name(a.direction, "the scheme's"), new_.direction_name(b.direction, "the scheme's"));
    field("target", target_text(a.target, old_percent), target_text(b.target, new_percent));
    std::map<Period, std::pair<std::optional<Target>, std::optional<Target>>> by_period;
    for (const auto& [period, target] : a.period_targets) by_period[period].first = target;
    for (const auto& [period, target] : b.period_targets) by_period[period].second = target;
    for (const auto& [period, targets] : by_period) {
      const std::string what = fmt::format("{}: target for {}", subject, period.to_string());
      const auto& [old_target, new_target] = targets;
      if (old_target && !new_target) {
        record(ChangeKind::removed, what, target_text(old_target, old_percent), {}, a.source, {});
      } else if (!old_target && new_target) {
        record(ChangeKind::added, what, {}, target_text(new_target, new_percent), {}, b.source);
      } else {
        property(what, target_text(old_target, old_percent), target_text(new_target, new_percent), a.source, b.source);
      }
    }
    field("tolerance", tolerance_text(a.tolerance, old_percent), tolerance_text(b.tolerance, new_percent));
    field("measure changed in", periods(a.measure_changed), periods(b.measure_changed));
  }

  Side old_;
  Side new_;
  std::vector<RuleChange> changes_;
};

}  // namespace

std::vector<RuleChange> diff_programs(const Program& old_program, const Program& new_program) {
  return Differ(old_program, new_program).run();
}

std::string_view change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added:
      return "added";
    case ChangeKind::removed:
      return "removed";
    case ChangeKind::changed:
      return "changed";
    case ChangeKind::moved:
      return "moved";
  }
  return "changed";
}

}  // namespace runtime
