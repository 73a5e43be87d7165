// Edge tables from the critical points the coverage analysis uses.
#include "runtime/edges.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/coverage.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/explain.hpp"

namespace runtime {
namespace {

bool numeric(const Target& target) {
  return target.kind == Target::Kind::value || target.kind == Target::Kind::range || target.kind == Target::Kind::bound;
}

EdgeTable table_for(const Program& program, const Indicator& indicator, const Target& target,
                    const ResolvedBands* resolved, const std::string& period) {
  const RuleSet& scheme = program.schemes[indicator.scheme];
  const bool percent = indicator.unit == "percent";
  Observation facts;
  facts.indicator = indicator.id;
  facts.target = target;
  facts.resolved = resolved;
  facts.scheme = indicator.scheme;
  facts.polarity = indicator.polarity;
  facts.percent = percent;
  if (!period.empty()) facts.period = Period::parse(period);
  attach_references(indicator, facts);
  facts.tolerance = indicator.tolerance;
  if (facts.tolerance.kind == Tolerance::Kind::none && scheme.default_tolerance) {
    facts.tolerance = Tolerance{Tolerance::Kind::relative, *scheme.default_tolerance, {}};
  }
  EdgeTable table;
  table.indicator = indicator.id;
  table.heading = fmt::format("{}{}{}: target {}, {} is better, scheme `{}`", indicator.id, period.empty() ? "" : " ",
                              period, target_text(target, percent), polarity_name(indicator.polarity), scheme.name);
  const auto critical = critical_actuals(scheme, facts);
  // One unit of the declared precision either side; without one, of the finest figure.
  int places = percent ? 2 : 0;
  for (const Decimal& point : critical) places = std::max(places, point.normalized().scale());
  if (indicator.precision) places = *indicator.precision;
  const Decimal step = Decimal::from_parts(1, places);
  std::vector<Decimal> values;
  for (const Decimal& exact : critical) {
    // With a declared precision, figures exist only at that precision: the switch lies
    // between the printed values either side of the exact boundary.
    const Decimal point = indicator.precision ? exact.rounded(places, Rounding::down) : exact;
    if (const auto below = point.minus(step)) values.push_back(below->normalized());
    values.push_back(point.normalized());
    if (const auto above = point.plus(step)) {
      values.push_back(above->normalized());
      if (indicator.precision) {
        if (const auto next = above->plus(step)) values.push_back(next->normalized());
      }
    }
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  const Key& key = program.keys[scheme.key];
  for (const Decimal& value : values) {
    facts.actual = value;
    const Outcome outcome = decide(program, facts);
    EdgeRow row;
    row.value = display(value, percent);
    if (scheme.gap_measure && indicator.polarity != Polarity::none) {
      const Decimal base = gap_base(target, indicator.polarity);
      auto gap = value.minus(base);
      if (gap && indicator.polarity == Polarity::lower) gap = gap->negated();
      if (gap) {
        row.gap = *scheme.gap_measure == MeasureKind::relative ? signed_share(*gap, base)
                                                               : display(gap->normalized(), false);
      }
    }
    if (!outcome.error.empty() || !outcome.status) {
      row.status = "(none)";
      row.rule = outcome.error;
    } else {
      row.status = key.statuses[*outcome.status].label;
      row.rule = fmt::format("{}:{}", program.files.at(outcome.status_source.file), outcome.status_source.line);
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

std::vector<EdgeTable> edge_tables(const Program& program) {
  std::vector<EdgeTable> tables;
  for (const Indicator& indicator : program.indicators) {
    if (indicator.manual_key) continue;  // set by hand: no thresholds
    if (indicator.target && numeric(*indicator.target)) {
      tables.push_back(table_for(program, indicator, *indicator.target,
                                 indicator.resolved_target ? &*indicator.resolved_target : nullptr, ""));
    }
    for (std::size_t i = 0; i < indicator.period_targets.size(); ++i) {
      const auto& [period, target] = indicator.period_targets[i];
      if (!numeric(target)) continue;
      const auto* resolved = i < indicator.resolved_period_targets.size() ? &indicator.resolved_period_targets[i]
                                                                          : nullptr;
      tables.push_back(table_for(program, indicator, target, resolved, period.to_string()));
    }
  }
  return tables;
}

}  // namespace runtime
