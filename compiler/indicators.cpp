// Indicator declarations and test blocks: resolution of schemes and directions, targets
// per period, tolerance, and the checks that tie an indicator to its scheme.
#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "compiler/context.hpp"

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

  // Scheme: named, else the default.
  const runtime::RuleSet* scheme = nullptr;
  if (decl.scheme) {
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

  // Targets, all periods or per period.
  std::optional<runtime::Period> last_period;
  bool any_numeric = false;
  for (const auto& entry : decl.targets) {
    if (entry.value.kind == dsl::TargetValue::Kind::value || entry.value.kind == dsl::TargetValue::Kind::range ||
        entry.value.kind == dsl::TargetValue::Kind::bound) {
      check_unit(context, entry.value.value, indicator.unit, "target");
    }
    auto target = to_target(context, entry.value);
    if (!target) continue;
    if (is_numeric(*target)) any_numeric = true;
    if (scheme != nullptr && scheme->gap_measure == runtime::MeasureKind::relative && is_numeric(*target) &&
        target->value.is_zero()) {
      context.error(DiagnosticKind::zero_target, entry.value.span,
                    "a target of zero leaves scheme `{}`'s relative gap undefined (a share of nothing); use `gap = "
                    "difference from target` or a non-zero target",
                    scheme->name);
    }
    if (!entry.period) {
      if (indicator.target) {
        context.error(DiagnosticKind::duplicate_property, entry.span,
                      "a target for every period is already given; give others a period, e.g. `2013-14 Q2 80%`");
        continue;
      }
      indicator.target = target;
      continue;
    }
    const auto period = entry_period(context, *entry.period, last_period);
    if (!period) continue;
    last_period = period;
    if (frequency && period->kind != *frequency) {
      context.error(DiagnosticKind::period_mismatch, entry.period->span,
                    "`{}` is a {} but indicator `{}` is reported every {}", entry.period->text, kind_name(period->kind),
                    decl.id.name, kind_name(*frequency));
      continue;
    }
    for (const auto& [existing, unused] : indicator.period_targets) {
      if (existing == *period) {
        context.error(DiagnosticKind::duplicate_property, entry.period->span, "period `{}` already has a target",
                      entry.period->text);
      }
    }
    indicator.period_targets.emplace_back(*period, *target);
  }

  if (decl.tolerance) {
    const auto& spec = *decl.tolerance;
    if (spec.is_range) {
      check_unit(context, spec.value, indicator.unit, "tolerance");
      const auto low = to_decimal(context, spec.value);
      const auto high = to_decimal(context, spec.high);
      if (low && high) {
        if (*high < *low) {
          context.error(DiagnosticKind::invalid_range, spec.span,
                        "the tolerance range runs backwards; write the lower end first");
        }
        indicator.tolerance = runtime::Tolerance{runtime::Tolerance::Kind::range, *low, *high};
      }
    } else if (spec.value.percent) {
      if (const auto fraction = to_threshold(context, spec.value, true, "a tolerance")) {
        indicator.tolerance = runtime::Tolerance{runtime::Tolerance::Kind::relative, *fraction, {}};
      }
    } else {
      if (const auto amount = to_decimal(context, spec.value)) {
        indicator.tolerance = runtime::Tolerance{runtime::Tolerance::Kind::absolute, *amount, {}};
      }
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
    if (test_case.expect_status) lowered.expect_status = test_case.expect_status->value;
    if (test_case.expect_direction) lowered.expect_direction = test_case.expect_direction->value;
    block.cases.push_back(std::move(lowered));
  }
  context.program.tests.push_back(std::move(block));
}

}  // namespace compiler
