// Indicator declarations and test blocks: resolution of schemes and directions, targets
// per period, tolerance, and the checks that tie an indicator to its scheme.
#include <algorithm>
#include <functional>
#include <iterator>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "compiler/context.hpp"
#include "runtime/evaluate.hpp"

namespace compiler {
namespace {

using dsl::DiagnosticKind;

std::optional<runtime::Period::Kind> frequency_kind(std::string_view frequency) {
  if (frequency == "month" || frequency == "monthly") return runtime::Period::Kind::month;
  if (frequency == "quarter" || frequency == "quarterly") return runtime::Period::Kind::quarter;
  if (frequency == "year" || frequency == "yearly" || frequency == "annual") return runtime::Period::Kind::year;
  return std::nullopt;
}

std::string_view kind_name(runtime::Period::Kind kind) {
  switch (kind) {
    case runtime::Period::Kind::month:
      return "month";
    case runtime::Period::Kind::quarter:
      return "quarter";
    case runtime::Period::Kind::year:
      return "year";
  }
  return "period";
}

// Resolves a target entry's period. "Q2" inherits the financial year of the entry before.
std::optional<runtime::Period> entry_period(Context& context, const dsl::PeriodLit& literal,
                                            std::optional<runtime::Period>& last) {
  if (literal.text.size() == 2 && literal.text[0] == 'Q') {
    if (!last || last->kind != runtime::Period::Kind::quarter) {
      context.error(DiagnosticKind::invalid_period, literal.span,
                    "`{}` has no financial year; write the first quarter in full, e.g. `2013-14 {}`", literal.text,
                    literal.text);
      return std::nullopt;
    }
    const std::int32_t year_start = (last->ordinal >= 0 ? last->ordinal / 4 : -((-last->ordinal + 3) / 4)) * 4;
    return runtime::Period{runtime::Period::Kind::quarter, year_start + (literal.text[1] - '1')};
  }
  return to_period(context, literal);
}

bool is_numeric(const runtime::Target& target) {
  return target.kind == runtime::Target::Kind::value || target.kind == runtime::Target::Kind::range ||
         target.kind == runtime::Target::Kind::bound;
}

void check_unit(Context& context, const dsl::NumberLit& literal, std::string_view unit, std::string_view what) {
  if (literal.percent && !unit.empty() && unit != "percent") {
    context.error(DiagnosticKind::unit_mismatch, literal.span,
                  "{} `{}` is a percentage but the indicator's unit is `{}`; drop the `%` or declare `unit percent`",
                  what, context.text(literal.span), unit);
  }
}

// An entry's period, resolved (`Q2` after the entry before) and checked against the
// indicator's frequency; empty after reporting why it cannot be used.
std::optional<runtime::Period> period_of_entry(Context& context, const dsl::PeriodLit& literal,
                                               std::optional<runtime::Period::Kind> frequency, std::string_view id,
                                               std::optional<runtime::Period>& last) {
  const auto period = entry_period(context, literal, last);
  if (!period) return std::nullopt;
  last = period;
  if (frequency && period->kind != *frequency) {
    context.error(DiagnosticKind::period_mismatch, literal.span, "`{}` is a {} but indicator `{}` is reported every {}",
                  literal.text, kind_name(period->kind), id, kind_name(*frequency));
    return std::nullopt;
  }
  return period;
}

struct EntrySpan {
  std::optional<runtime::Period> period;  // nullopt: every period
  dsl::Span span;
};

// Each entry of a `target`-style list with its resolved period (nullopt: every period),
// after the period checks shared by targets, floors and expected ranges.
template <typename T, typename Convert>
void lower_per_period(Context& context, const std::vector<dsl::TargetEntry>& entries,
                      std::optional<runtime::Period::Kind> frequency, std::string_view id, std::string_view what,
                      runtime::PerPeriod<T>& out, Convert convert, std::vector<EntrySpan>* spans = nullptr,
                      std::string_view example = "`2022-23 85%`") {
  std::optional<runtime::Period> last_period;
  for (const auto& entry : entries) {
    if (entry.annual != dsl::TargetEntry::Annual::none) {
      context.error(DiagnosticKind::invalid_annual_target, entry.annual_span,
                    "`{}` spreads a financial year's target over its quarters or months; a {} is given for each "
                    "period it applies to",
                    context.text(entry.annual_span), what);
      continue;
    }
    const std::optional<T> value = convert(entry.value);
    if (!value) continue;
    if (!entry.period) {
      if (out.all) {
        context.error(DiagnosticKind::duplicate_property, entry.span,
                      "a {} for every period is already given; give others a period, e.g. {}", what, example);
        continue;
      }
      out.all = *value;
      if (spans != nullptr) spans->push_back(EntrySpan{std::nullopt, entry.span});
      continue;
    }
    const auto period = period_of_entry(context, *entry.period, frequency, id, last_period);
    if (!period) continue;
    const bool repeated = std::any_of(out.periods.begin(), out.periods.end(),
                                      [&](const auto& existing) { return existing.first == *period; });
    if (repeated) {
      context.error(DiagnosticKind::duplicate_property, entry.period->span, "period `{}` already has a {}",
                    entry.period->text, what);
      continue;
    }
    out.periods.emplace_back(*period, *value);
    if (spans != nullptr) spans->push_back(EntrySpan{*period, entry.span});
  }
}

// A floor is met on the same side as the target: at or below the target when higher is
// better (at or above when lower is better). One on the other side is a mistake.
void check_floor_side(Context& context, const dsl::IndicatorDecl& decl, const runtime::Indicator& indicator,
                      const std::vector<EntrySpan>& spans) {
  if (indicator.polarity == runtime::Polarity::none || !indicator.polarity_declared) return;
  const bool higher = indicator.polarity == runtime::Polarity::higher;
  const bool percent = indicator.unit == "percent";
  const auto check = [&](const runtime::Decimal& floor, const runtime::Target& target, dsl::Span span,
                         const std::optional<runtime::Period>& period) {
    if (!is_numeric(target)) return;
    const runtime::Decimal base = runtime::gap_base(target, indicator.polarity);
    if (higher ? !(floor > base) : !(floor < base)) return;
    context.error(DiagnosticKind::crossed_thresholds, span,
                  "the floor {} is {} the target {}{} of `{}`, where {} is better: a floor is the least acceptable "
                  "result, so it must be {} the target; swap them or check the polarity",
                  runtime::display(floor, percent), higher ? "above" : "below", runtime::display(base, percent),
                  period ? fmt::format(" for {}", period->to_string()) : std::string(), decl.id.name,
                  higher ? "higher" : "lower", higher ? "at or below" : "at or above");
  };
  for (const auto& [period, span] : spans) {
    const runtime::Decimal* floor = indicator.floor.find(period);
    if (floor == nullptr) continue;
    if (period) {
      const runtime::Target* target = indicator.target ? &*indicator.target : nullptr;
      for (const auto& [when, value] : indicator.period_targets) {
        if (when == *period) target = &value;
      }
      if (target != nullptr) check(*floor, *target, span, period);
      continue;
    }
    // The floor for every period meets the target for every period and each period's own
    // target, where that period has no floor of its own.
    if (indicator.target) check(*floor, *indicator.target, span, std::nullopt);
    for (const auto& [when, value] : indicator.period_targets) {
      if (indicator.floor.find(when) == floor) check(*floor, value, span, when);
    }
  }
}

void lower_floors(Context& context, const dsl::IndicatorDecl& decl, runtime::Indicator& indicator,
                  std::optional<runtime::Period::Kind> frequency) {
  std::vector<EntrySpan> spans;
  lower_per_period<runtime::Decimal>(
      context, decl.floors, frequency, decl.id.name, "floor", indicator.floor,
      [&](const dsl::TargetValue& value) -> std::optional<runtime::Decimal> {
        if (value.kind != dsl::TargetValue::Kind::value) {
          context.error(DiagnosticKind::invalid_reference, value.span,
                        "a floor is one value, such as `floor 85%`; a range or bound belongs in `target` or "
                        "`expected range`");
          return std::nullopt;
        }
        check_unit(context, value.value, indicator.unit, "floor");
        return to_decimal(context, value.value);
      },
      &spans);
  check_floor_side(context, decl, indicator, spans);
}

void lower_expected(Context& context, const dsl::IndicatorDecl& decl, runtime::Indicator& indicator,
                    std::optional<runtime::Period::Kind> frequency) {
  lower_per_period<runtime::ExpectedRange>(
      context, decl.expected, frequency, decl.id.name, "expected range", indicator.expected,
      [&](const dsl::TargetValue& value) -> std::optional<runtime::ExpectedRange> {
        if (value.kind != dsl::TargetValue::Kind::range) {
          context.error(DiagnosticKind::invalid_reference, value.span,
                        "an expected range has a lower and an upper threshold, such as `expected range 120 to 150`");
          return std::nullopt;
        }
        check_unit(context, value.value, indicator.unit, "expected range");
        check_unit(context, value.high, indicator.unit, "expected range");
        const auto low = to_decimal(context, value.value);
        const auto high = to_decimal(context, value.high);
        if (!low || !high) return std::nullopt;
        if (*high < *low) {
          context.error(DiagnosticKind::invalid_range, value.span,
                        "the expected range runs backwards and contains no value; write the lower threshold first");
          return std::nullopt;
        }
        return runtime::ExpectedRange{*low, *high};
      });
}

// `target 2013-14 6755 pro rata` / `target 2013-14 95% in full` on a quarterly or monthly
// indicator: one target per quarter or month of the financial year. Pro rata, period k of
// n has k/n of the annual value when the figures are cumulative (year to date), 1/n when
// they are not; in full, every period has the annual target. A period with a target of
// its own keeps it.
void expand_annual_targets(Context& context, const dsl::IndicatorDecl& decl, const runtime::Indicator& indicator,
                           std::optional<runtime::Period::Kind> frequency,
                           const std::function<std::optional<runtime::Target>(const dsl::TargetValue&)>& convert,
                           runtime::PerPeriod<runtime::Target>& targets) {
  std::vector<runtime::Period> years;
  for (const auto& entry : decl.targets) {
    if (entry.annual == dsl::TargetEntry::Annual::none) continue;
    const bool pro_rata = entry.annual == dsl::TargetEntry::Annual::pro_rata;
    const std::string rule = pro_rata ? "pro rata" : "in full";
    if (!entry.period) {
      context.error(DiagnosticKind::invalid_annual_target, entry.value.span,
                    "`{}` needs the financial year the target is for, such as `target 2013-14 6755 {}`", rule, rule);
      continue;
    }
    const auto year = to_period(context, *entry.period);
    if (!year) continue;
    if (year->kind != runtime::Period::Kind::year) {
      context.error(DiagnosticKind::invalid_annual_target, entry.period->span,
                    "`{}` is a {}; `{}` applies a financial year's target, such as `target 2013-14 6755 {}`",
                    entry.period->text, kind_name(year->kind), rule, rule);
      continue;
    }
    if (!frequency || *frequency == runtime::Period::Kind::year) {
      context.error(DiagnosticKind::invalid_annual_target, entry.annual_span,
                    "`{}` compares an annual target in each quarter or month, but indicator `{}` is {}; declare "
                    "`frequency quarter` or `frequency month`, or drop `{}`",
                    rule, decl.id.name, frequency ? "reported once a year" : "given no frequency", rule);
      continue;
    }
    if (std::find(years.begin(), years.end(), *year) != years.end()) {
      context.error(DiagnosticKind::duplicate_property, entry.period->span, "{} already has an annual target",
                    entry.period->text);
      continue;
    }
    years.push_back(*year);
    if (pro_rata && entry.value.kind != dsl::TargetValue::Kind::value) {
      context.error(DiagnosticKind::invalid_annual_target, entry.value.span,
                    "only a single value can be spread pro rata; give a range or bound for each period, or write "
                    "`in full`");
      continue;
    }
    const auto annual = convert(entry.value);
    if (!annual) continue;
    const int parts = *frequency == runtime::Period::Kind::quarter ? 4 : 12;
    // Q1 is April-June; a financial year's months run April to March.
    const std::int32_t first = *frequency == runtime::Period::Kind::quarter ? year->ordinal * 4 : year->ordinal * 12 + 3;
    for (int i = 0; i < parts; ++i) {
      const runtime::Period period{*frequency, first + i};
      const bool own = std::any_of(targets.periods.begin(), targets.periods.end(),
                                   [&](const auto& existing) { return existing.first == period; });
      if (own) continue;
      runtime::Target target = *annual;
      runtime::AnnualShare share{pro_rata, *year, annual->value, 1, static_cast<std::uint8_t>(parts), false};
      if (pro_rata) {
        share.part = static_cast<std::uint8_t>(indicator.cumulative ? i + 1 : 1);
        const auto value = annual->value.share(share.part, parts, indicator.precision, indicator.rounding);
        if (!value) {
          const auto exact_to = annual->value.share(share.part, parts, 6, runtime::Rounding::half_up);
          context.error(DiagnosticKind::inexact_pro_rata, entry.span,
                        "{}/{} of {} for {} is {}..., which no decimal writes exactly; declare `precision N` to "
                        "compare figures and pro-rata targets rounded to N decimal places, or give a target per "
                        "period",
                        share.part, parts, context.text(entry.value.span), period.to_string(),
                        exact_to ? exact_to->to_string() : "not a terminating decimal");
          break;
        }
        share.rounded = indicator.precision.has_value() &&
                        annual->value.share(share.part, parts, std::nullopt, indicator.rounding) != value;
        target.value = *value;
      }
      target.annual = share;
      targets.periods.emplace_back(period, target);
    }
  }
  if (!years.empty()) {
    std::stable_sort(targets.periods.begin(), targets.periods.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
}

// `manual` / `manual key NAME`: the status comes from the data, from this key (default:
// the default scheme's key), with a reason; no scheme decides it.
void lower_manual(Context& context, const dsl::IndicatorDecl& decl, runtime::Indicator& indicator) {
  indicator.manual_source = context.source_ref(*decl.manual);
  if (decl.scheme) {
    context.error(DiagnosticKind::misplaced_rule, decl.scheme->span,
                  "indicator `{}`'s status is set by hand (`manual`), so no scheme decides it; drop `scheme {}`",
                  decl.id.name, decl.scheme->name);
  }
  if (decl.manual_key) {
    const auto found = context.key_by_name.find(decl.manual_key->name);
    if (found == context.key_by_name.end()) {
      context.error(DiagnosticKind::unknown_key, decl.manual_key->span,
                    "no key named `{}`; declare `key {} {{ ... }}` first", decl.manual_key->name,
                    decl.manual_key->name);
      return;
    }
    indicator.manual_key = found->second;
  } else if (context.program.default_scheme) {
    indicator.manual_key = context.program.schemes[*context.program.default_scheme].key;
  } else {
    context.error(DiagnosticKind::unknown_key, *decl.manual,
                  "indicator `{}`'s status is set by hand but the rule set has no scheme whose key it could use; "
                  "write `manual key NAME`",
                  decl.id.name);
  }
}

// `tolerance 10%` (relative), `tolerance 5 points` (absolute) or `tolerance 15% - 35%`.
std::optional<runtime::Tolerance> lower_tolerance(Context& context, const dsl::ToleranceSpec& spec,
                                                  std::string_view unit) {
  if (spec.is_range) {
    check_unit(context, spec.value, unit, "tolerance");
    const auto low = to_decimal(context, spec.value);
    const auto high = to_decimal(context, spec.high);
    if (!low || !high) return std::nullopt;
    if (*high < *low) {
      context.error(DiagnosticKind::invalid_range, spec.span, "the tolerance range runs backwards; write the lower end first");
    }
    return runtime::Tolerance{runtime::Tolerance::Kind::range, *low, *high};
  }
  if (spec.value.percent) {
    const auto fraction = to_threshold(context, spec.value, true, "a tolerance");
    if (!fraction) return std::nullopt;
    return runtime::Tolerance{runtime::Tolerance::Kind::relative, *fraction, {}};
  }
  const auto amount = to_decimal(context, spec.value);
  if (!amount) return std::nullopt;
  return runtime::Tolerance{runtime::Tolerance::Kind::absolute, *amount, {}};
}

}  // namespace

void lower_indicator(Context& context, const dsl::IndicatorDecl& decl) {
  auto& program = context.program;
  if (program.indicator_by_id.count(decl.id.name) != 0) {
    context.error(DiagnosticKind::duplicate_name, decl.id.span, "indicator `{}` is already declared; rename one",
                  decl.id.name);
    return;
  }
  runtime::Indicator indicator;
  indicator.id = decl.id.name;
  indicator.source = context.source_ref(decl.id.span);
  if (decl.title) indicator.title = decl.title->value;
  if (decl.section) indicator.section = decl.section->value;
  if (decl.owner) indicator.owner = decl.owner->value;
  indicator.cumulative = decl.cumulative.has_value();
  if (decl.unit) {
    if (is_known_unit(decl.unit->name)) {
      indicator.unit = decl.unit->name;
    } else {
      context.error(DiagnosticKind::unknown_unit, decl.unit->span,
                    "unknown unit `{}`; use percent, count, number, days, hours, weeks, months, years, minutes, "
                    "money, rate, tonnes, score or ratio",
                    decl.unit->name);
    }
  }
  std::optional<runtime::Period::Kind> frequency;
  if (decl.frequency) {
    frequency = frequency_kind(decl.frequency->name);
    if (frequency) {
      indicator.frequency = std::string(kind_name(*frequency));
    } else {
      context.error(DiagnosticKind::unknown_frequency, decl.frequency->span,
                    "unknown frequency `{}`; use month, quarter or year", decl.frequency->name);
    }
  }
  if (decl.polarity) {
    indicator.polarity = to_polarity(decl.polarity->polarity);
    indicator.polarity_declared = true;
  }

  // Scheme: named, else the default; none for a status set by hand.
  const runtime::RuleSet* scheme = nullptr;
  if (decl.manual) {
    lower_manual(context, decl, indicator);
  } else if (decl.scheme) {
    const auto found = program.scheme_by_name.find(decl.scheme->name);
    if (found == program.scheme_by_name.end()) {
      context.error(DiagnosticKind::unknown_scheme, decl.scheme->span, "no scheme named `{}`; declare `scheme {} uses KEY {{ ... }}`",
                    decl.scheme->name, decl.scheme->name);
    } else {
      indicator.scheme = found->second;
      scheme = &program.schemes[found->second];
    }
  } else if (program.default_scheme) {
    indicator.scheme = *program.default_scheme;
    scheme = &program.schemes[indicator.scheme];
  } else if (!context.reported_missing_scheme) {
    // Once is enough: every indicator after the first would repeat the same mistake.
    context.reported_missing_scheme = true;
    context.error(DiagnosticKind::missing_scheme, decl.id.span,
                  "indicator `{}` has no scheme and the rule set declares none; add a `scheme NAME uses KEY {{ ... }}`",
                  decl.id.name);
  }
  if (decl.direction) {
    const auto found = context.direction_by_name.find(decl.direction->name);
    if (found == context.direction_by_name.end()) {
      context.error(DiagnosticKind::unknown_direction, decl.direction->span,
                    "no direction block named `{}`; declare `direction {} uses KEY {{ ... }}`", decl.direction->name,
                    decl.direction->name);
    } else {
      indicator.direction = found->second;
    }
  }

  // Precision and rounding first: pro-rata targets are rounded the same way.
  if (decl.precision) {
    const std::string& places = decl.precision->name;
    if (places.size() > 2 || std::stoi(places) > 10) {
      context.error(DiagnosticKind::invalid_number, decl.precision->span,
                    "`precision {}` is more decimal places than a report prints; use 0 to 10", places);
    } else {
      indicator.precision = std::stoi(places);
    }
  }
  if (decl.rounding) {
    if (!decl.precision) {
      context.error(DiagnosticKind::misplaced_rule, decl.rounding->second,
                    "`rounding` says how figures are rounded to the indicator's `precision`, which is not declared; add "
                    "`precision N` (decimal places)");
    }
    switch (decl.rounding->first) {
      case dsl::IndicatorDecl::Rounding::half_up:
        indicator.rounding = runtime::Rounding::half_up;
        break;
      case dsl::IndicatorDecl::Rounding::half_even:
        indicator.rounding = runtime::Rounding::half_even;
        break;
      case dsl::IndicatorDecl::Rounding::down:
        indicator.rounding = runtime::Rounding::down;
        break;
      case dsl::IndicatorDecl::Rounding::up:
        indicator.rounding = runtime::Rounding::up;
        break;
    }
  }

  // Targets, all periods or per period; annual targets spread over their year.
  bool any_numeric = false;
  const auto convert_target = [&](const dsl::TargetValue& value) -> std::optional<runtime::Target> {
    if (value.kind == dsl::TargetValue::Kind::value || value.kind == dsl::TargetValue::Kind::range ||
        value.kind == dsl::TargetValue::Kind::bound) {
      check_unit(context, value.value, indicator.unit, "target");
    }
    auto target = to_target(context, value);
    if (!target) return std::nullopt;
    if (is_numeric(*target)) any_numeric = true;
    if (scheme != nullptr && scheme->gap_measure == runtime::MeasureKind::relative && is_numeric(*target) &&
        target->value.is_zero()) {
      context.error(DiagnosticKind::zero_target, value.span,
                    "a target of zero leaves scheme `{}`'s relative gap undefined (a share of nothing); use `gap = "
                    "difference from target` or a non-zero target",
                    scheme->name);
    }
    return target;
  };
  runtime::PerPeriod<runtime::Target> targets;
  std::vector<dsl::TargetEntry> own_targets;
  std::copy_if(decl.targets.begin(), decl.targets.end(), std::back_inserter(own_targets),
               [](const dsl::TargetEntry& entry) { return entry.annual == dsl::TargetEntry::Annual::none; });
  lower_per_period<runtime::Target>(context, own_targets, frequency, decl.id.name, "target", targets, convert_target,
                                    nullptr, "`2013-14 Q2 80%`");
  expand_annual_targets(context, decl, indicator, frequency, convert_target, targets);
  indicator.target = targets.all;
  indicator.period_targets = std::move(targets.periods);

  if (decl.tolerance) {
    if (const auto tolerance = lower_tolerance(context, *decl.tolerance, indicator.unit)) indicator.tolerance = *tolerance;
  }
  for (const auto& benchmark : decl.benchmarks) {
    const std::uint16_t index = context.benchmark_index(benchmark.name.name);
    const bool repeated = std::any_of(indicator.benchmarks.begin(), indicator.benchmarks.end(),
                                      [&](const auto& existing) { return existing.first == index; });
    if (repeated) {
      context.error(DiagnosticKind::duplicate_property, benchmark.name.span,
                    "benchmark `{}` is already given; list all its periods in one `benchmark {} ...` line",
                    benchmark.name.name, benchmark.name.name);
      continue;
    }
    runtime::PerPeriod<runtime::Decimal> values;
    lower_per_period<runtime::Decimal>(
        context, benchmark.values, frequency, decl.id.name, "benchmark value", values,
        [&](const dsl::TargetValue& value) -> std::optional<runtime::Decimal> {
          if (value.kind != dsl::TargetValue::Kind::value) {
            context.error(DiagnosticKind::invalid_reference, value.span,
                          "a benchmark is one value per period, such as `benchmark national 88%`");
            return std::nullopt;
          }
          check_unit(context, value.value, indicator.unit, "benchmark");
          return to_decimal(context, value.value);
        });
    indicator.benchmarks.emplace_back(index, std::move(values));
  }
  std::optional<runtime::Period> last_quartiles;
  for (const auto& quartiles : decl.quartiles) {
    std::array<runtime::Decimal, 3> cuts{};
    bool ok = quartiles.cuts.size() == 3;
    for (std::size_t i = 0; ok && i < 3; ++i) {
      check_unit(context, quartiles.cuts[i], indicator.unit, "quartile cut point");
      const auto value = to_decimal(context, quartiles.cuts[i]);
      if (!value) ok = false;
      else cuts[i] = *value;
    }
    if (ok && (cuts[1] < cuts[0] || cuts[2] < cuts[1])) {
      context.error(DiagnosticKind::invalid_range, quartiles.span,
                    "quartile cut points run lowest first: the lower quartile, the median, then the upper quartile");
      ok = false;
    }
    if (!ok) continue;
    std::optional<runtime::Period> period;
    if (quartiles.period) {
      period = period_of_entry(context, *quartiles.period, frequency, decl.id.name, last_quartiles);
      if (!period) continue;
    }
    const bool repeated = period ? std::any_of(indicator.quartiles.periods.begin(), indicator.quartiles.periods.end(),
                                               [&](const auto& existing) { return existing.first == *period; })
                                 : indicator.quartiles.all.has_value();
    if (repeated) {
      context.error(DiagnosticKind::duplicate_property, quartiles.span, "quartile cut points for {} are already given",
                    period ? period->to_string() : std::string("every period"));
      continue;
    }
    if (period) {
      indicator.quartiles.periods.emplace_back(*period, cuts);
    } else {
      indicator.quartiles.all = cuts;
    }
  }
  lower_floors(context, decl, indicator, frequency);
  lower_expected(context, decl, indicator, frequency);

  if (decl.lag) {
    // The unit is `period(s)` or the indicator's own frequency.
    const std::string& unit = decl.lag->unit.name;
    const std::string singular = unit.size() > 1 && unit.back() == 's' ? unit.substr(0, unit.size() - 1) : unit;
    const auto unit_kind = frequency_kind(singular);
    const auto periods = whole_number(decl.lag->count, 24);
    if (!periods) {
      context.error(DiagnosticKind::invalid_number, decl.lag->span,
                    "`lag {}` is not a whole number of periods from 1 to 24", decl.lag->count);
    } else if (singular != "period" && !unit_kind) {
      context.error(DiagnosticKind::unknown_frequency, decl.lag->unit.span,
                    "`{}` is not a reporting period; write `lag {} period`, or the indicator's frequency (`month`, "
                    "`quarter`, `year`)",
                    unit, decl.lag->count);
    } else if (unit_kind && frequency && *unit_kind != *frequency) {
      context.error(DiagnosticKind::period_mismatch, decl.lag->unit.span,
                    "indicator `{}` is reported every {}, so its lag is counted in {}s", decl.id.name,
                    kind_name(*frequency), kind_name(*frequency));
    } else {
      indicator.lag = *periods;
    }
  }

  for (const auto& literal : decl.measure_changed) {
    if (const auto period = to_period(context, literal)) indicator.measure_changed.push_back(*period);
  }

  // Checks that tie the indicator to its scheme.
  if (scheme != nullptr) {
    const bool handles_no_target = scheme->specials[static_cast<std::size_t>(runtime::Special::no_target)].has_value();
    if (scheme->needs_target && decl.targets.empty() && !handles_no_target) {
      context.error(DiagnosticKind::missing_target, decl.id.span,
                    "scheme `{}` compares with a target but indicator `{}` declares none; add `target ...` or "
                    "`target none`",
                    scheme->name, decl.id.name);
    }
    if (scheme->uses_tolerance && !scheme->default_tolerance && indicator.tolerance.kind == runtime::Tolerance::Kind::none &&
        any_numeric) {
      context.error(DiagnosticKind::missing_tolerance, decl.id.span,
                    "scheme `{}` compares with a tolerance but neither it nor indicator `{}` sets one; add "
                    "`tolerance 5%` (or a range `15% - 35%`) to the indicator or the scheme",
                    scheme->name, decl.id.name);
    }
    if (scheme->uses_floor && indicator.floor.empty()) {
      context.error(DiagnosticKind::missing_floor, decl.id.span,
                    "scheme `{}` compares with a floor standard but indicator `{}` declares none; add `floor 85%` "
                    "(or one per period: `floor 2022-23 85%, 2023-24 88%`)",
                    scheme->name, decl.id.name);
    }
    if (scheme->uses_expected && indicator.expected.empty()) {
      context.error(DiagnosticKind::missing_expected_range, decl.id.span,
                    "scheme `{}` compares with an expected range but indicator `{}` declares none; add `expected "
                    "range 120 to 150` (or one per period)",
                    scheme->name, decl.id.name);
    }
    if (scheme->needs_polarity && any_numeric &&
        (!indicator.polarity_declared || indicator.polarity == runtime::Polarity::none)) {
      const dsl::Span span = decl.polarity ? decl.polarity->span : decl.id.span;
      context.error(DiagnosticKind::missing_polarity, span,
                    "scheme `{}` judges better and worse against target but indicator `{}` has {}; declare "
                    "`polarity higher` or `polarity lower`",
                    scheme->name, decl.id.name, decl.polarity ? "`polarity none`" : "no polarity");
    }
  }

  // Lowering proper: every declared target's gap comparisons become exact thresholds on
  // the actual value (cross-multiplied once, here, instead of per row).
  if (scheme != nullptr && indicator.polarity_declared && indicator.polarity != runtime::Polarity::none) {
    if (indicator.target) indicator.resolved_target = runtime::resolve_bands(*scheme, *indicator.target, indicator.polarity);
    for (const auto& [period, target] : indicator.period_targets) {
      indicator.resolved_period_targets.push_back(runtime::resolve_bands(*scheme, target, indicator.polarity));
    }
  }

  context.indicator_spans.push_back(IndicatorSpans{context.file, decl.id.span});
  program.indicator_by_id.emplace(indicator.id, static_cast<std::uint32_t>(program.indicators.size()));
  program.indicators.push_back(std::move(indicator));
}

void lower_test(Context& context, const dsl::TestDecl& decl) {
  runtime::TestBlock block;
  block.name = decl.name.value;
  block.source = context.source_ref(decl.name.span);
  for (const auto& test_case : decl.cases) {
    runtime::TestCase lowered;
    lowered.indicator = test_case.indicator.name;
    lowered.source = context.source_ref(test_case.span);
    if (context.program.indicator_by_id.count(test_case.indicator.name) == 0 && !test_case.polarity) {
      context.error(DiagnosticKind::unknown_indicator, test_case.indicator.span,
                    "no indicator named `{}`; declare it, or give the case its own `polarity` and `target`",
                    test_case.indicator.name);
      continue;
    }
    if (test_case.period) {
      if (!to_period(context, *test_case.period)) continue;
      lowered.period = test_case.period->text;
    }
    if (test_case.actual) lowered.actual = to_decimal(context, *test_case.actual);
    if (test_case.previous) lowered.previous = to_decimal(context, *test_case.previous);
    if (test_case.target) lowered.target = to_target(context, *test_case.target);
    if (test_case.polarity) lowered.polarity = to_polarity(test_case.polarity->polarity);
    if (test_case.last_year) lowered.last_year = to_decimal(context, *test_case.last_year);
    if (test_case.floor) lowered.floor = to_decimal(context, *test_case.floor);
    if (test_case.tolerance) lowered.tolerance = lower_tolerance(context, *test_case.tolerance, "");
    for (const auto& [name, value] : test_case.benchmarks) {
      if (const auto decimal = to_decimal(context, value)) {
        lowered.benchmarks.emplace_back(context.benchmark_index(name.name), *decimal);
      }
    }
    lowered.percent = (test_case.actual && test_case.actual->percent) || (test_case.target && test_case.target->value.percent);
    if (test_case.status || test_case.reason) {
      const auto found = context.program.indicator_by_id.find(test_case.indicator.name);
      const bool manual =
          found != context.program.indicator_by_id.end() && context.program.indicators[found->second].manual_key;
      if (!manual) {
        context.error(DiagnosticKind::misplaced_rule, test_case.status ? test_case.status->span : test_case.reason->span,
                      "`status` and `reason` give the status a person set, for a `manual` indicator; `{}` is not one",
                      test_case.indicator.name);
        continue;
      }
      if (test_case.status) lowered.status = test_case.status->value;
      if (test_case.reason) lowered.reason = test_case.reason->value;
    }
    if (test_case.expect_status) lowered.expect_status = test_case.expect_status->value;
    if (test_case.expect_direction) lowered.expect_direction = test_case.expect_direction->value;
    block.cases.push_back(std::move(lowered));
  }
  context.program.tests.push_back(std::move(block));
}

}  // namespace compiler
