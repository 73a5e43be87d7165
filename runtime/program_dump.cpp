// The canonical dump of a compiled program (see program_dump.hpp).
#include "runtime/program_dump.hpp"

#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace runtime {
namespace {

template <typename Enum>
int number(Enum value) {
  return static_cast<int>(value);
}

std::string without_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string decimal(const std::optional<Decimal>& value) { return value ? value->to_string() : "-"; }

std::string target_text(const Target& target) {
  std::string annual = "-";
  if (target.annual) {
    const AnnualShare& share = *target.annual;
    annual = fmt::format("{}:{}:{}:{}/{}:{}", share.pro_rata ? "pro_rata" : "in_full", share.year.to_string(),
                         share.annual.to_string(), share.part, share.parts, share.rounded);
  }
  return fmt::format("kind={} value={} high={} below={} strict={} annual={}", number(target.kind),
                     target.value.to_string(), target.high.to_string(), target.bound_below, target.strict, annual);
}

std::string target_text(const std::optional<Target>& target) { return target ? target_text(*target) : "-"; }

std::string bands_text(const ResolvedBands& bands) {
  std::vector<std::string> parts;
  for (const auto& threshold : bands.thresholds) {
    parts.push_back(threshold.valid
                        ? fmt::format("{}:{}", number(threshold.op), threshold.threshold.to_string())
                        : fmt::format("invalid({})", threshold.reason));
  }
  return fmt::format("[{}]", fmt::join(parts, " "));
}

void dump_rule_set(std::string& out, std::string_view what, const RuleSet& rules) {
  out += fmt::format("{} {} key={} gap={} change={} direction={} tolerance={} first_match={} uses_tolerance={} "
                     "uses_floor={} uses_expected={} needs_target={} needs_polarity={}\n",
                     what, rules.name, rules.key, rules.gap_measure ? number(*rules.gap_measure) : -1,
                     rules.change_measure ? number(*rules.change_measure) : -1,
                     rules.direction ? static_cast<long>(*rules.direction) : -1L, decimal(rules.default_tolerance),
                     rules.first_match, rules.uses_tolerance, rules.uses_floor, rules.uses_expected, rules.needs_target, rules.needs_polarity);
  for (std::size_t i = 0; i < rules.specials.size(); ++i) {
    if (rules.specials[i]) out += fmt::format("  special {} -> {}\n", i, rules.specials[i]->outcome);
  }
  for (const auto& instruction : rules.code) {
    out += fmt::format("  code op={} quantity={} compare={} threshold={} test={} reference={} polarity={} move={} "
                       "set={} arity={} benchmark={} relative_margin={}\n",
                       number(instruction.code), number(instruction.quantity), number(instruction.compare),
                       instruction.threshold.to_string(), number(instruction.test), number(instruction.reference),
                       number(instruction.polarity), number(instruction.move), instruction.status_set,
                       instruction.arity, instruction.benchmark, instruction.relative_margin);
  }
  for (const auto& rule : rules.rules) {
    out += fmt::format("  rule first={} count={} -> {} text={}\n", rule.first, rule.count, rule.outcome,
                       without_spaces(rule.text));
  }
  for (const auto& set : rules.status_sets) out += fmt::format("  status_set {}\n", fmt::join(set, "|"));
  out += fmt::format("  uses_benchmark={} benchmarks={}\n", rules.uses_benchmark, fmt::join(rules.benchmark_names, "|"));
}

}  // namespace

std::string dump_program(const Program& program) {
  std::string out = fmt::format("council {}\n", program.council);
  for (const auto& [header, field] : program.columns.headers) out += fmt::format("column {} -> {}\n", header, field);
  out += fmt::format("columns_period {}\n", program.columns.period);
  out += fmt::format("rollup {}\n", fmt::join(program.rollup_order, "|"));
  for (const auto& rule : program.rollup_rules) {
    out += fmt::format("rollup {} when {} or more {}\n", rule.status, rule.at_least, rule.of);
  }
  for (const auto& theme : program.themes) {
    out += fmt::format("theme {}: {} themes={} parent={}\n", theme.name, fmt::join(theme.sections, "|"),
                       fmt::join(theme.themes, "|"), theme.parent ? static_cast<long>(*theme.parent) : -1L);
  }
  for (const auto& escalation : program.escalations) {
    out += fmt::format("escalate {} for {} to {}\n", escalation.status, escalation.periods, escalation.to);
  }
  for (const auto& key : program.keys) {
    out += fmt::format("key {} title={}\n", key.name, key.title);
    for (const auto& status : key.statuses) {
      out += fmt::format("  status {} colour={} symbol={} means={} aliases={}\n", status.label, status.colour,
                         status.symbol, status.means, fmt::join(status.aliases, "|"));
    }
  }
  for (const auto& scheme : program.schemes) dump_rule_set(out, "scheme", scheme);
  for (const auto& direction : program.directions) dump_rule_set(out, "direction", direction);
  out += fmt::format("benchmark_names {}\n", fmt::join(program.benchmark_names, "|"));
  out += fmt::format("default_scheme {}\n", program.default_scheme ? static_cast<long>(*program.default_scheme) : -1L);
  for (const auto& indicator : program.indicators) {
    out += fmt::format("indicator {} title={} section={} owner={} unit={} frequency={} polarity={} declared={} "
                       "cumulative={} scheme={} direction={}\n",
                       indicator.id, indicator.title, indicator.section, indicator.owner, indicator.unit,
                       indicator.frequency, number(indicator.polarity), indicator.polarity_declared,
                       indicator.cumulative, indicator.scheme,
                       indicator.direction ? static_cast<long>(*indicator.direction) : -1L);
    if (indicator.manual_key) out += fmt::format("  manual key={}\n", *indicator.manual_key);
    if (indicator.lag != 0) out += fmt::format("  lag {}\n", indicator.lag);
    out += fmt::format("  target {}\n", target_text(indicator.target));
    if (indicator.resolved_target) out += fmt::format("  resolved {}\n", bands_text(*indicator.resolved_target));
    for (const auto& [period, target] : indicator.period_targets) {
      out += fmt::format("  target {} {}\n", period.to_string(), target_text(target));
    }
    for (const auto& bands : indicator.resolved_period_targets) out += fmt::format("  resolved {}\n", bands_text(bands));
    for (const auto& [name, values] : indicator.benchmarks) {
      if (values.all) out += fmt::format("  benchmark {} {}\n", name, values.all->to_string());
      for (const auto& [period, value] : values.periods) {
        out += fmt::format("  benchmark {} {} {}\n", name, period.to_string(), value.to_string());
      }
    }
    const auto cuts_text = [](const std::array<Decimal, 3>& cuts) {
      return fmt::format("{} {} {}", cuts[0].to_string(), cuts[1].to_string(), cuts[2].to_string());
    };
    if (indicator.quartiles.all) out += fmt::format("  quartiles {}\n", cuts_text(*indicator.quartiles.all));
    for (const auto& [period, cuts] : indicator.quartiles.periods) {
      out += fmt::format("  quartiles {} {}\n", period.to_string(), cuts_text(cuts));
    }
    out += fmt::format("  precision={} rounding={}\n", indicator.precision ? *indicator.precision : -1,
                       number(indicator.rounding));
    out += fmt::format("  tolerance kind={} value={} high={}\n", number(indicator.tolerance.kind),
                       indicator.tolerance.value.to_string(), indicator.tolerance.high.to_string());
    for (const auto& period : indicator.measure_changed) out += fmt::format("  measure_changed {}\n", period.to_string());
    if (indicator.floor.all) out += fmt::format("  floor {}\n", indicator.floor.all->to_string());
    for (const auto& [period, floor] : indicator.floor.periods) {
      out += fmt::format("  floor {} {}\n", period.to_string(), floor.to_string());
    }
    if (indicator.expected.all) {
      out += fmt::format("  expected {} to {}\n", indicator.expected.all->low.to_string(),
                         indicator.expected.all->high.to_string());
    }
    for (const auto& [period, range] : indicator.expected.periods) {
      out += fmt::format("  expected {} {} to {}\n", period.to_string(), range.low.to_string(), range.high.to_string());
    }
  }
  for (const auto& test : program.tests) {
    out += fmt::format("test {}\n", test.name);
    for (const auto& test_case : test.cases) {
      out += fmt::format("  case {} period={} actual={} previous={} target={} polarity={} status={} direction={}\n",
                         test_case.indicator, collapse_spaces(test_case.period), decimal(test_case.actual),
                         decimal(test_case.previous), target_text(test_case.target),
                         test_case.polarity ? number(*test_case.polarity) : -1,
                         test_case.expect_status.value_or("-"), test_case.expect_direction.value_or("-"));
    }
  }
  return out;
}

}  // namespace runtime
