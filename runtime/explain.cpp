// Building the auditor's explanation of one evaluated row from its facts and decision.
#include "runtime/explain.hpp"

#include <fmt/format.h>

#include "runtime/describe.hpp"

namespace runtime {
namespace {

std::string where(const Program& program, SourceRef source) {
  return fmt::format("{}:{}", program.files.at(source.file), source.line);
}

std::string polarity_words(const std::optional<Polarity>& polarity) {
  if (!polarity) return "no polarity given";
  switch (*polarity) {
    case Polarity::higher:
      return "higher is better";
    case Polarity::lower:
      return "lower is better";
    case Polarity::none:
      return "no polarity (neither higher nor lower is better)";
  }
  return {};
}

std::string target_words(const Target& target, bool percent) {
  switch (target.kind) {
    case Target::Kind::value:
      return display(target.value, percent);
    case Target::Kind::range:
      return fmt::format("{} to {}", display(target.value, percent), display(target.high, percent));
    case Target::Kind::bound:
      return fmt::format("{}{}{}", target.bound_below ? "<" : ">", target.strict ? "" : "=",
                         display(target.value, percent));
    case Target::Kind::none:
      return "none (tracking only)";
    case Target::Kind::under_review:
      return "under review";
    case Target::Kind::baseline:
      return "baseline year";
  }
  return {};
}

bool numeric(const std::optional<Target>& target) {
  return target && (target->kind == Target::Kind::value || target->kind == Target::Kind::range ||
                    target->kind == Target::Kind::bound);
}

// "; floor 2.5; expected range 700 to 760; statistical_neighbours benchmark 22.4%": the
// values other than the target that a scheme may compare with, when the row has them.
std::string reference_inputs(const Program& program, const Observation& facts) {
  std::string text;
  if (facts.floor) fmt::format_to(std::back_inserter(text), "; floor {}", display(*facts.floor, facts.percent));
  if (facts.expected) {
    fmt::format_to(std::back_inserter(text), "; expected range {} to {}", display(facts.expected->low, facts.percent),
                   display(facts.expected->high, facts.percent));
  }
  for (const auto& [name, value] : facts.benchmarks) {
    fmt::format_to(std::back_inserter(text), "; {} benchmark {}",
                   name < program.benchmark_names.size() ? program.benchmark_names[name] : std::string("?"),
                   display(value, facts.percent));
  }
  if (facts.benchmarks.empty() && facts.row_benchmark) {
    fmt::format_to(std::back_inserter(text), "; benchmark {} (from the row)",
                   display(*facts.row_benchmark, facts.percent));
  }
  if (facts.quartiles) {
    const auto& cuts = *facts.quartiles;
    fmt::format_to(std::back_inserter(text), "; quartile cut points {}, {}, {}", display(cuts[0], facts.percent),
                   display(cuts[1], facts.percent), display(cuts[2], facts.percent));
  }
  return text;
}

std::string inputs(const Program& program, const Observation& facts) {
  std::string text = fmt::format("actual {}", facts.actual ? display(*facts.actual, facts.percent) : "not reported");
  if (facts.target) {
    fmt::format_to(std::back_inserter(text), "; target {} ({}{})", target_words(*facts.target, facts.percent),
                   facts.target_declared ? "declared in the rule file" : "from the data row",
                   facts.target->annual ? "; " + annual_share_words(*facts.target->annual, facts.percent) : "");
  } else {
    text += "; no target";
  }
  if (facts.previous) {
    fmt::format_to(std::back_inserter(text), "; previous {} ({})", display(*facts.previous, facts.percent),
                   facts.previous_derived && facts.period
                       ? fmt::format("the {} row", facts.period->previous().to_string())
                       : std::string("the previous column"));
  } else {
    text += "; no previous value";
  }
  fmt::format_to(std::back_inserter(text), "; {}", polarity_words(facts.polarity));
  text += reference_inputs(program, facts);
  if (facts.scheme) fmt::format_to(std::back_inserter(text), "; scheme `{}`", program.schemes[*facts.scheme].name);
  return text;
}

// "gap = (actual - target) / target = (47 - 80) / 80 = -41.25%"
std::string gap_arithmetic(const RuleSet& scheme, const Observation& facts) {
  if (!scheme.gap_measure || !facts.actual || !numeric(facts.target) || !facts.polarity ||
      *facts.polarity == Polarity::none) {
    return {};
  }
  const Decimal base = gap_base(*facts.target, *facts.polarity);
  const bool lower = *facts.polarity == Polarity::lower;
  const std::string a = facts.actual->to_string();
  const std::string b = base.to_string();
  auto difference = lower ? base.minus(*facts.actual) : facts.actual->minus(base);
  if (!difference) return {};
  const std::string formula = lower ? fmt::format("({} - {})", b, a) : fmt::format("({} - {})", a, b);
  const std::string sides = lower ? "target - actual, as lower is better" : "actual - target";
  if (*scheme.gap_measure == MeasureKind::difference) {
    return fmt::format("gap = {} = {} = {}{}", sides, formula, difference->is_negative() ? "" : "+",
                       display(*difference, false));
  }
  const std::string share = signed_share(*difference, base);
  if (share.empty()) return fmt::format("gap = ({}) / |target| is undefined: the target is zero", sides);
  return fmt::format("gap = ({}) / |target| = {} / {} = {}", sides, formula, display(base.abs(), false), share);
}

std::string change_arithmetic(const RuleSet& direction, const Observation& facts) {
  if (!direction.change_measure || !facts.actual || !facts.previous) return {};
  const bool lower = facts.polarity && *facts.polarity == Polarity::lower;
  const std::string a = facts.actual->to_string();
  const std::string p = facts.previous->to_string();
  auto difference = lower ? facts.previous->minus(*facts.actual) : facts.actual->minus(*facts.previous);
  if (!difference) return {};
  const std::string formula = lower ? fmt::format("({} - {})", p, a) : fmt::format("({} - {})", a, p);
  const std::string sides = lower ? "previous - actual, as lower is better" : "actual - previous";
  if (*direction.change_measure == MeasureKind::difference) {
    return fmt::format("change = {} = {} = {}{}", sides, formula, difference->is_negative() ? "" : "+",
                       display(*difference, false));
  }
  const std::string share = signed_share(*difference, *facts.previous);
  if (share.empty()) return fmt::format("change = ({}) / |previous| is undefined: the previous value is zero", sides);
  return fmt::format("change = ({}) / |previous| = {} / {} = {}", sides, formula, display(facts.previous->abs(), false),
                     share);
}

std::string rule_words(const Program& program, const RuleSet& rules, const Rule& rule) {
  return fmt::format("`{} -> \"{}\"` ({})", rule.text, program.keys[rules.key].statuses[rule.outcome].label,
                     where(program, rule.source));
}

void decision(const Program& program, const RuleSet& rules, std::optional<Special> special,
              std::optional<std::size_t> rule_index, std::string_view reason, std::string_view topic,
              std::string_view label, Explanation& out) {
  if (special) {
    const auto& chosen = rules.specials[static_cast<std::size_t>(*special)];
    std::string text = fmt::format("{}, because of the special outcome `{}`", label, special_name(*special));
    if (!reason.empty()) fmt::format_to(std::back_inserter(text), " ({})", reason);
    if (chosen) fmt::format_to(std::back_inserter(text), " ({})", where(program, chosen->source));
    out.lines.push_back({std::string(topic), text});
    return;
  }
  if (!rule_index) return;
  const Rule& rule = rules.rules[*rule_index];
  out.lines.push_back({std::string(topic), fmt::format("{}, by the first rule that applies: {}", label,
                                                       rule_words(program, rules, rule))});
  if (*rule_index > 0) {
    std::string earlier;
    for (std::size_t i = 0; i < *rule_index; ++i) {
      fmt::format_to(std::back_inserter(earlier), "{}{}", i == 0 ? "" : "; ", rule_words(program, rules, rules.rules[i]));
    }
    out.lines.push_back({"not applied", earlier});
  }
}

}  // namespace

std::string signed_share(Decimal numerator, Decimal base) {
  if (base.is_zero()) return {};
  const auto ratio = numerator.divided_by(base.abs());
  const auto hundred = ratio ? ratio->times(Decimal::from_integer(100)) : std::nullopt;
  if (!hundred) return {};
  const std::string text = display(hundred->normalized(), true);
  return hundred->is_negative() || hundred->is_zero() ? text : "+" + text;
}

Explanation explain_row(const Program& program, const RowResult& row, const std::optional<Observation>& observation,
                        const std::optional<Outcome>& outcome) {
  Explanation out;
  std::string title;
  if (const auto found = program.indicator_by_id.find(row.indicator); found != program.indicator_by_id.end()) {
    title = program.indicators[found->second].title;
  }
  out.heading = fmt::format("{} {}{}{} (data line {})", row.indicator, row.period, title.empty() ? "" : ": ", title,
                            row.line);
  if (!row.error.empty() || !observation || !outcome) {
    out.lines.push_back({"error", fmt::format("this row could not be evaluated: {}", row.error)});
    return out;
  }
  const Observation& facts = *observation;
  if (outcome->manual) {
    const Indicator& indicator = *facts.manual;
    out.lines.push_back({"status", fmt::format("{}, set by hand (`manual`, key `{}`, {}), because: {}",
                                               row.computed_status, program.keys[*indicator.manual_key].name,
                                               where(program, indicator.manual_source), facts.manual_reason)});
    return out;
  }
  out.lines.push_back({"inputs", inputs(program, facts)});
  const RuleSet& scheme = program.schemes[*facts.scheme];
  if (const std::string gap = gap_arithmetic(scheme, facts); !gap.empty()) {
    out.lines.push_back({"measure", gap});
  } else if (const std::string compared = describe_against_target(facts); !compared.empty()) {
    out.lines.push_back({"compared", compared});
  }
  decision(program, scheme, outcome->status_special, outcome->status_rule, outcome->status_reason, "status",
           row.computed_status, out);
  if (outcome->direction_block) {
    const RuleSet& direction = program.directions[*outcome->direction_block];
    if (const std::string change = change_arithmetic(direction, facts); !change.empty()) {
      out.lines.push_back({"change", change});
    }
    if (outcome->direction) {
      decision(program, direction, outcome->direction_special, outcome->direction_rule, outcome->direction_reason,
               "direction", row.computed_direction, out);
    } else {
      out.lines.push_back({"direction", fmt::format("none: {}", outcome->direction_special
                                                                  ? std::string(special_name(*outcome->direction_special))
                                                                  : outcome->direction_reason)});
    }
  }
  if (!row.override_reason.empty()) {
    out.lines.push_back({"override", fmt::format("published as {}{}{} instead of {}{}{}, because {}", row.status,
                                                 row.direction.empty() ? "" : " ", row.direction, row.computed_status,
                                                 row.computed_direction.empty() ? "" : " ", row.computed_direction,
                                                 row.override_reason)});
  }
  return out;
}

}  // namespace runtime
