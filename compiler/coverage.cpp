// Band coverage analysis. For every indicator and each of its targets (schemes), or each
// polarity and status (direction blocks), the rules are evaluated at every critical value
// of the actual and between neighbouring ones: exactly the places where a condition can
// change truth, so what holds there holds everywhere. Each finding is reported once per
// rule set, with a concrete value that shows it.
//
// Thousands of indicators share a target, polarity and tolerance: a case whose facts are
// the same as an earlier one's (its shape) has the same findings, so it replays them
// instead of evaluating the rules again; only the first case's witness is ever shown.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/context.hpp"
#include "runtime/coverage.hpp"
#include "runtime/explain.hpp"

namespace compiler {
namespace {

using dsl::DiagnosticKind;

// One situation the rules are checked in.
struct Case {
  runtime::Observation facts;
  const runtime::ResolvedBands* resolved = nullptr;
  std::string status;  // the row's status, for direction blocks
  std::string where;   // "`calls_20s` 2013-14 Q2", "polarity higher"
};

struct Finding {
  DiagnosticKind kind;
  std::size_t first_rule;
  std::size_t second_rule;  // overlaps and contradictions: the other rule
  std::string witness;      // the first case that shows it
  std::size_t count = 0;    // cases that show it
  std::size_t last_case = 0;
};

class Analysis {
 public:
  Analysis(Context& context, const runtime::RuleSet& rules, const BlockSpans& spans, bool is_direction)
      : context_(context), rules_(rules), spans_(spans), is_direction_(is_direction) {}

  // A case counts when at least one of its sample values can be evaluated by every rule: a
  // case with no floor, benchmark or tolerance to compare with proves nothing about them.
  void run(const Case& situation) {
    const std::string shape = shape_of(situation);
    if (const auto known = memo_.find(shape); known != memo_.end()) {
      replay(known->second);
      return;
    }
    Effects& effects = memo_[shape];
    recording_ = &effects;
    effects.evaluated = evaluate(situation);
    recording_ = nullptr;
    if (effects.evaluated) ++cases_;
  }

 private:
  // What a case did to the analysis, in order, to replay for a case of the same shape.
  struct Effects {
    bool evaluated = false;  // some sample could be evaluated by every rule
    std::vector<std::tuple<DiagnosticKind, std::size_t, std::size_t>> records;
    std::vector<std::size_t> reachable;
    std::vector<std::pair<std::size_t, std::size_t>> upper_neighbours;
  };

  void replay(const Effects& effects) {
    if (effects.evaluated) ++cases_;
    for (const auto& [kind, first, second] : effects.records) record(kind, first, second, {});
    reachable_.insert(effects.reachable.begin(), effects.reachable.end());
    for (const auto& [below, above] : effects.upper_neighbours) upper_neighbour_[below] = above;
  }

  // Everything about a case that the rules, the critical values and the polarity check
  // look at, as bytes (the indicator and period only name the case in a witness).
  static std::string shape_of(const Case& situation) {
    std::string key;
    const auto bytes = [&key](const auto& value) {
      key.append(reinterpret_cast<const char*>(&value), sizeof value);
    };
    const auto decimal = [&](runtime::Decimal value) {
      bytes(value.mantissa());
      bytes(value.scale());
    };
    const auto optional = [&](const std::optional<runtime::Decimal>& value) {
      key.push_back(value ? '1' : '0');
      if (value) decimal(*value);
    };
    const runtime::Observation& facts = situation.facts;
    key.push_back(facts.target ? static_cast<char>(facts.target->kind) : 'n');
    if (facts.target) {
      decimal(facts.target->value);
      decimal(facts.target->high);
      key.push_back(static_cast<char>((facts.target->bound_below ? 1 : 0) | (facts.target->strict ? 2 : 0)));
    }
    key.push_back(facts.polarity ? static_cast<char>(*facts.polarity) : 'n');
    key.push_back(static_cast<char>(facts.tolerance.kind));
    decimal(facts.tolerance.value);
    decimal(facts.tolerance.high);
    optional(facts.floor);
    key.push_back(facts.expected ? '1' : '0');
    if (facts.expected) {
      decimal(facts.expected->low);
      decimal(facts.expected->high);
    }
    bytes(facts.benchmarks.size());
    for (const auto& [name, value] : facts.benchmarks) {
      bytes(name);
      decimal(value);
    }
    optional(facts.row_benchmark);
    key.push_back(facts.quartiles ? '1' : '0');
    if (facts.quartiles) {
      for (const runtime::Decimal cut : *facts.quartiles) decimal(cut);
    }
    optional(facts.previous);
    optional(facts.last_year);
    key.push_back(facts.measure_changed ? '1' : '0');
    // Resolved thresholds follow from the scheme, the target and the polarity.
    key.push_back(situation.resolved != nullptr ? '1' : '0');
    key += situation.status;
    return key;
  }

  // True when at least one sample value could be evaluated by every rule.
  bool evaluate(const Case& situation) {
    bool evaluated = false;
    const auto critical = runtime::critical_actuals(rules_, situation.facts);
    const auto samples = runtime::sample_actuals(critical);
    std::size_t previous_first = kNone;  // the rule that decided the previous sample
    std::optional<runtime::Decimal> previous_value;
    std::size_t gap_below = kNone;  // the rule just below a gap, while looking for the one above
    bool in_gap = false;
    for (const runtime::Decimal& value : samples) {
      runtime::Observation facts = situation.facts;
      facts.actual = value;
      const auto truths = runtime::rule_truths(rules_, facts, situation.status, situation.resolved);
      if (std::any_of(truths.begin(), truths.end(), [](const auto& truth) { return !truth.has_value(); })) continue;
      evaluated = true;
      std::vector<std::size_t> matched;
      for (std::size_t i = 0; i < truths.size(); ++i) {
        if (*truths[i]) matched.push_back(i);
      }
      if (matched.empty()) {
        gap_below = previous_first;
        in_gap = true;
        record(DiagnosticKind::coverage_gap, previous_first, kNone, witness(situation, value));
        previous_first = kNone;
        continue;
      }
      const std::size_t first = matched.front();
      reachable_.insert(first);
      if (recording_ != nullptr) recording_->reachable.push_back(first);
      if (!rules_.first_match) {
        for (std::size_t k = 1; k < matched.size(); ++k) {
          // `otherwise` takes what is left by definition; it never overlaps.
          if (rules_.rules[matched[k]].count == 0) continue;
          if (rules_.rules[matched[k]].outcome == first_outcome(matched)) continue;
          record(DiagnosticKind::band_overlap, first, matched[k], witness(situation, value));
          break;
        }
      }
      if (in_gap) {
        if (gap_below != kNone) {
          upper_neighbour_[gap_below] = first;
          if (recording_ != nullptr) recording_->upper_neighbours.emplace_back(gap_below, first);
        }
        in_gap = false;
      }
      // Walking from worse to better values, a status later in the key (worse) must not
      // follow an earlier one.
      if (!is_direction_ && previous_first != kNone && previous_value) {
        const bool improved = oriented_better(situation, *previous_value, value);
        const bool worsened = oriented_better(situation, value, *previous_value);
        const auto before = rules_.rules[previous_first].outcome;
        const auto now = rules_.rules[first].outcome;
        if ((improved && now > before) || (worsened && now < before)) {
          // Reported as (rule for the worse value, rule for the better value).
          const std::size_t worse_rule = improved ? previous_first : first;
          const std::size_t better_rule = improved ? first : previous_first;
          record(DiagnosticKind::polarity_contradiction, worse_rule, better_rule,
                 fmt::format("{} and {}", witness(situation, *previous_value), witness(situation, value)));
        }
      }
      previous_first = first;
      previous_value = value;
    }
    return evaluated;
  }

 public:
  void report() {
    if (cases_ == 0) return;
    const auto text = [&](std::size_t rule) {
      return fmt::format("`{} -> \"{}\"` (line {})", rules_.rules[rule].text, label(rules_.rules[rule].outcome),
                         rules_.rules[rule].source.line);
    };
    const std::string what = fmt::format("{} `{}`", is_direction_ ? "direction block" : "scheme", rules_.name);
    context_.file = spans_.file;
    for (const auto& [key, finding] : findings_) {
      const std::string also = finding.count > 1 ? fmt::format(" (and {} more case{})", finding.count - 1,
                                                               finding.count == 2 ? "" : "s")
                                                 : std::string();
      switch (finding.kind) {
        case DiagnosticKind::coverage_gap: {
          const auto above = upper_neighbour_.find(finding.first_rule);
          std::string between;
          if (finding.first_rule != kNone && above != upper_neighbour_.end()) {
            between = fmt::format(" between {} and {}", text(finding.first_rule), text(above->second));
          } else if (finding.first_rule != kNone) {
            between = fmt::format(" beyond {}", text(finding.first_rule));
          }
          const dsl::Span span = finding.first_rule != kNone ? spans_.rules[finding.first_rule] : spans_.name;
          context_.error(DiagnosticKind::coverage_gap, span, "{} gives no {} to {}{}{}; add a rule for it or `otherwise`",
                         what, is_direction_ ? "direction" : "status", finding.witness, between, also);
          break;
        }
        case DiagnosticKind::band_overlap:
          context_.error(DiagnosticKind::band_overlap, spans_.rules[finding.second_rule],
                         "{} and {} both claim {}{}; make one end exclusive, or declare `first match` in the {} if "
                         "the earlier rule is meant to win",
                         text(finding.first_rule), text(finding.second_rule), finding.witness, also,
                         is_direction_ ? "block" : "scheme");
          break;
        case DiagnosticKind::polarity_contradiction:
          context_.error(DiagnosticKind::polarity_contradiction, spans_.rules[finding.second_rule],
                         "{} gives a better value a worse status: {} decides the worse value but {} the better one, "
                         "at {}{}; check the order of the bands or the indicator's polarity",
                         what, text(finding.first_rule), text(finding.second_rule), finding.witness, also);
          break;
        default:
          break;
      }
    }
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      if (reachable_.count(i) != 0) continue;
      context_.error(DiagnosticKind::unreachable_rule, spans_.rules[i],
                     "{} can never apply: earlier rules take every value it covers, in {} checked; remove it or "
                     "move it up",
                     text(i), cases_ == 1 ? std::string("the one case") : fmt::format("all {} cases", cases_));
    }
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::uint16_t first_outcome(const std::vector<std::size_t>& matched) const {
    return rules_.rules[matched.front()].outcome;
  }

  std::string label(std::uint16_t outcome) const {
    return context_.program.keys[rules_.key].statuses[outcome].label;
  }

  static bool oriented_better(const Case& situation, runtime::Decimal before, runtime::Decimal after) {
    const auto polarity = situation.facts.polarity.value_or(runtime::Polarity::none);
    if (polarity == runtime::Polarity::none) return false;
    return polarity == runtime::Polarity::higher ? after > before : after < before;
  }

  // "a gap of exactly -5% (`calls_20s` 2013-14 Q2 at 76%)"
  std::string witness(const Case& situation, runtime::Decimal value) const {
    const runtime::Observation& facts = situation.facts;
    const std::string shown = runtime::display(value, facts.percent);
    const bool lower = facts.polarity == runtime::Polarity::lower;
    if (is_direction_ && facts.previous) {
      auto change = value.minus(*facts.previous);
      if (change && lower) change = change->negated();
      const std::string amount = change ? (rules_.change_measure == runtime::MeasureKind::difference
                                               ? runtime::display(change->normalized(), false)
                                               : runtime::signed_share(*change, *facts.previous))
                                        : std::string("?");
      return fmt::format("a change of exactly {} ({}, from {} to {})", amount, situation.where,
                         runtime::display(*facts.previous, false), runtime::display(value.normalized(), false));
    }
    if (rules_.gap_measure && facts.target && facts.polarity && *facts.polarity != runtime::Polarity::none) {
      const runtime::Decimal base = runtime::gap_base(*facts.target, *facts.polarity);
      auto gap = value.minus(base);
      if (gap && lower) gap = gap->negated();
      const std::string amount = gap ? (*rules_.gap_measure == runtime::MeasureKind::difference
                                            ? runtime::display(gap->normalized(), false)
                                            : runtime::signed_share(*gap, base))
                                     : std::string("?");
      return fmt::format("a gap of exactly {} ({} at {})", amount, situation.where, shown);
    }
    return fmt::format("an actual of {} ({})", shown, situation.where);
  }

  void record(DiagnosticKind kind, std::size_t first, std::size_t second, std::string witness) {
    if (recording_ != nullptr) recording_->records.emplace_back(kind, first, second);
    auto [entry, inserted] = findings_.try_emplace(std::make_tuple(kind, first, second),
                                                   Finding{kind, first, second, std::move(witness), 0, 0});
    if (inserted || entry->second.last_case != cases_) ++entry->second.count;
    entry->second.last_case = cases_;
  }

  Context& context_;
  const runtime::RuleSet& rules_;
  const BlockSpans& spans_;
  bool is_direction_;
  std::size_t cases_ = 0;
  std::set<std::size_t> reachable_;
  std::map<std::size_t, std::size_t> upper_neighbour_;
  std::map<std::tuple<DiagnosticKind, std::size_t, std::size_t>, Finding> findings_;
  std::unordered_map<std::string, Effects> memo_;
  Effects* recording_ = nullptr;  // the effects of the case being evaluated
};

bool numeric(const runtime::Target& target) {
  return target.kind == runtime::Target::Kind::value || target.kind == runtime::Target::Kind::range ||
         target.kind == runtime::Target::Kind::bound;
}

void check_scheme(Context& context, std::uint32_t index) {
  const runtime::Program& program = context.program;
  const runtime::RuleSet& scheme = program.schemes[index];
  Analysis analysis(context, scheme, context.scheme_spans.at(index), false);
  runtime::Tolerance default_tolerance;
  if (scheme.default_tolerance) {
    default_tolerance = runtime::Tolerance{runtime::Tolerance::Kind::relative, *scheme.default_tolerance, {}};
  }
  bool any = false;
  for (const runtime::Indicator& indicator : program.indicators) {
    if (indicator.scheme != index || !indicator.polarity_declared || indicator.manual_key) continue;
    const auto add = [&](std::optional<runtime::Target> target, const runtime::ResolvedBands* resolved,
                         std::optional<runtime::Period> period) {
      Case situation;
      situation.facts.indicator = indicator.id;
      situation.facts.period = period;
      situation.facts.target = target;
      situation.facts.polarity = indicator.polarity;
      situation.facts.tolerance =
          indicator.tolerance.kind != runtime::Tolerance::Kind::none ? indicator.tolerance : default_tolerance;
      situation.facts.percent = indicator.unit == "percent";
      runtime::attach_references(indicator, situation.facts);
      if (!(target && numeric(*target)) && !situation.facts.expected && !situation.facts.floor &&
          situation.facts.benchmarks.empty() && !situation.facts.quartiles) {
        return;
      }
      situation.resolved = resolved;
      situation.where =
          fmt::format("`{}`{}{}", indicator.id, period ? " " : "", period ? period->to_string() : std::string());
      analysis.run(situation);
      any = true;
    };
    if (indicator.target) {
      add(*indicator.target, indicator.resolved_target ? &*indicator.resolved_target : nullptr, std::nullopt);
    }
    for (std::size_t i = 0; i < indicator.period_targets.size(); ++i) {
      const auto* resolved = i < indicator.resolved_period_targets.size() ? &indicator.resolved_period_targets[i]
                                                                          : nullptr;
      add(indicator.period_targets[i].second, resolved, indicator.period_targets[i].first);
    }
    // Indicators judged only against an expected range, a floor or benchmarks have no target
    // at all: one case for every period, and one per period any of them names.
    if (!indicator.target && indicator.period_targets.empty()) {
      const bool for_all = indicator.expected.all || indicator.floor.all || indicator.quartiles.all ||
                           std::any_of(indicator.benchmarks.begin(), indicator.benchmarks.end(),
                                       [](const auto& benchmark) { return benchmark.second.all.has_value(); });
      if (for_all) add(std::nullopt, nullptr, std::nullopt);
      std::set<runtime::Period> periods;
      for (const auto& [period, range] : indicator.expected.periods) periods.insert(period);
      for (const auto& [period, floor] : indicator.floor.periods) periods.insert(period);
      for (const auto& [period, cuts] : indicator.quartiles.periods) periods.insert(period);
      for (const auto& [name, values] : indicator.benchmarks) {
        for (const auto& [period, value] : values.periods) periods.insert(period);
      }
      for (const runtime::Period& period : periods) add(std::nullopt, nullptr, period);
    }
  }
  if (!any) {
    // No declared indicator uses the scheme: check it on a target of 100 either way.
    for (const auto polarity : {runtime::Polarity::higher, runtime::Polarity::lower}) {
      Case situation;
      situation.facts.target = runtime::Target{runtime::Target::Kind::value, runtime::Decimal::from_integer(100), {}, true, false, std::nullopt};
      situation.facts.polarity = polarity;
      situation.facts.tolerance = default_tolerance;
      situation.where = fmt::format("a target of 100, {} is better", runtime::polarity_name(polarity));
      analysis.run(situation);
    }
  }
  analysis.report();
}

void check_direction(Context& context, std::uint32_t index) {
  const runtime::RuleSet& direction = context.program.directions[index];
  Analysis analysis(context, direction, context.direction_spans.at(index), true);
  std::vector<std::string> statuses{""};
  for (const auto& set : direction.status_sets) statuses.insert(statuses.end(), set.begin(), set.end());
  for (const auto polarity : {runtime::Polarity::higher, runtime::Polarity::lower, runtime::Polarity::none}) {
    for (const std::string& status : statuses) {
      Case situation;
      situation.facts.polarity = polarity;
      situation.facts.previous = runtime::Decimal::from_integer(100);
      situation.status = status;
      situation.where = status.empty() ? fmt::format("polarity {}", runtime::polarity_name(polarity))
                                       : fmt::format("polarity {}, status \"{}\"", runtime::polarity_name(polarity), status);
      analysis.run(situation);
    }
  }
  analysis.report();
}

}  // namespace

void check_coverage(Context& context) {
  for (std::uint32_t i = 0; i < context.program.schemes.size(); ++i) check_scheme(context, i);
  for (std::uint32_t i = 0; i < context.program.directions.size(); ++i) check_direction(context, i);
}

}  // namespace compiler
