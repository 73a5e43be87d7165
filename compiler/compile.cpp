// Orchestrates the passes over all files of a rule set, and the literal conversions.
#include "compiler/compile.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "compiler/context.hpp"
#include "runtime/data.hpp"
#include "runtime/fingerprint.hpp"

namespace compiler {

namespace {

constexpr std::array<std::string_view, 14> kUnits = {"percent", "count",  "number", "days",  "hours",
                                                     "weeks",   "months", "money",  "rate",  "tonnes",
                                                     "score",   "ratio",  "years",  "minutes"};

template <typename Item, typename Visit>
void for_each_item(Context& context, const std::vector<dsl::RuleFile>& files, Visit&& visit) {
  for (const auto& file : files) {
    context.file = file.file;
    for (const auto& item : file.items) {
      if (const auto* node = std::get_if<Item>(&item)) visit(*node);
    }
  }
}

std::string field_list() {
  std::string list;
  for (std::size_t f = 0; f < runtime::kFieldCount; ++f) {
    if (!list.empty()) list += ", ";
    list += runtime::field_name(static_cast<runtime::Field>(f));
  }
  return list;
}

// `rollup worst of (...)` and `escalate ...`, after the keys are declared.
// `theme "X"` inside a theme: X (declared by its own `theme` block) rolls up into it. A
// theme has one parent, and no theme contains itself.
void lower_theme_members(Context& context, const std::vector<dsl::RuleFile>& files) {
  auto& themes = context.program.themes;
  const auto find = [&](const std::string& name) -> std::optional<std::uint32_t> {
    for (std::uint32_t i = 0; i < themes.size(); ++i) {
      if (themes[i].name == name) return i;
    }
    return std::nullopt;
  };
  for_each_item<dsl::ThemeDecl>(context, files, [&](const dsl::ThemeDecl& theme) {
    const auto parent = find(theme.name.value);
    const runtime::SourceRef here = context.source_ref(theme.span);
    if (!parent || themes[*parent].source.file != here.file || themes[*parent].source.line != here.line) {
      return;  // a second block of the same name, reported already
    }
    for (const auto& member : theme.themes) {
      const auto child = find(member.value);
      if (!child) {
        context.error(dsl::DiagnosticKind::invalid_reference, member.span,
                      "no theme named \"{}\"; declare it with `theme \"{}\" {{ section \"...\" }}`", member.value,
                      member.value);
        continue;
      }
      if (themes[*child].parent) {
        context.error(dsl::DiagnosticKind::duplicate_name, member.span,
                      "theme \"{}\" is already in theme \"{}\"; a theme rolls up into one theme", member.value,
                      themes[*themes[*child].parent].name);
        continue;
      }
      // Walking up from the parent must not meet the child.
      std::string path = member.value;
      bool cycle = false;
      for (std::optional<std::uint32_t> up = parent; up; up = themes[*up].parent) {
        path += " -> " + themes[*up].name;
        if (*up == *child) {
          cycle = true;
          break;
        }
      }
      if (cycle) {
        context.error(dsl::DiagnosticKind::invalid_reference, member.span,
                      "theme \"{}\" would contain itself ({}); a theme holds only themes below it", member.value, path);
        continue;
      }
      themes[*child].parent = *parent;
      themes[*parent].themes.push_back(*child);
    }
  });
}

void lower_rollup(Context& context, const std::vector<dsl::RuleFile>& files) {
  std::optional<dsl::Span> rollup_span;
  for_each_item<dsl::RollupDecl>(context, files, [&](const dsl::RollupDecl& rollup) {
    if (rollup.count) {
      const auto& rule = *rollup.count;
      bool ok = require_known_status(context, rule.status);
      ok = require_known_status(context, rule.of) && ok;
      const auto at_least = whole_number(rule.count, 100000);
      if (!at_least) {
        context.error(dsl::DiagnosticKind::invalid_number, rule.count_span,
                      "a roll-up counts 1 to 100,000 indicators, not {}", rule.count);
        ok = false;
      }
      if (ok) {
        context.program.rollup_rules.push_back(runtime::Program::RollupRule{rule.status.value, *at_least,
                                                                            rule.of.value,
                                                                            context.source_ref(rollup.span)});
      }
      return;
    }
    if (rollup_span) {
      context.error(dsl::DiagnosticKind::duplicate_rule, rollup.span,
                    "`rollup` is declared twice; a rule set rolls up one way");
      return;
    }
    rollup_span = rollup.span;
    context.program.rollup_source = context.source_ref(rollup.span);
    for (const auto& label : rollup.order) {
      if (!require_known_status(context, label)) continue;
      if (std::find(context.program.rollup_order.begin(), context.program.rollup_order.end(), label.value) !=
          context.program.rollup_order.end()) {
        context.error(dsl::DiagnosticKind::duplicate_name, label.span, "\"{}\" is already in the order; list it once",
                      label.value);
        continue;
      }
      context.program.rollup_order.push_back(label.value);
    }
  });
  std::map<std::string, std::string> theme_of_section;
  for_each_item<dsl::ThemeDecl>(context, files, [&](const dsl::ThemeDecl& theme) {
    for (const auto& existing : context.program.themes) {
      if (existing.name == theme.name.value) {
        context.error(dsl::DiagnosticKind::duplicate_name, theme.name.span,
                      "a theme \"{}\" is already declared; list all its sections in one `theme` block",
                      theme.name.value);
        return;
      }
    }
    runtime::Program::Theme lowered{theme.name.value, {}, context.source_ref(theme.span), {}, std::nullopt};
    for (const auto& section : theme.sections) {
      const auto [found, inserted] = theme_of_section.emplace(section.value, theme.name.value);
      if (!inserted) {
        context.error(dsl::DiagnosticKind::duplicate_name, section.span,
                      "section \"{}\" is already in theme \"{}\"; a section rolls up into one theme", section.value,
                      found->second);
        continue;
      }
      lowered.sections.push_back(section.value);
    }
    context.program.themes.push_back(std::move(lowered));
  });
  lower_theme_members(context, files);
  for_each_item<dsl::EscalateDecl>(context, files, [&](const dsl::EscalateDecl& escalate) {
    if (!require_known_status(context, escalate.status)) return;
    const auto periods = whole_number(escalate.periods, 1000);
    if (!periods) {
      context.error(dsl::DiagnosticKind::invalid_number, escalate.periods_span,
                    "escalate after 1 to 1,000 consecutive periods, not {}", escalate.periods);
      return;
    }
    context.program.escalations.push_back(
        runtime::Escalation{escalate.status.value, *periods, escalate.to.value, context.source_ref(escalate.span)});
  });
}

void lower_columns(Context& context, const dsl::ColumnsDecl& columns) {
  auto& mapping = context.program.columns;
  for (const auto& map : columns.maps) {
    if (!runtime::field_by_name(map.field.name)) {
      context.error(dsl::DiagnosticKind::unknown_field, map.field.span, "`{}` is not a data field; map headers to one of {}",
                    map.field.name, field_list());
      continue;
    }
    const bool repeated = std::any_of(mapping.headers.begin(), mapping.headers.end(),
                                      [&](const auto& existing) { return existing.first == map.header.value; });
    if (repeated) {
      context.error(dsl::DiagnosticKind::duplicate_property, map.header.span,
                    "the header \"{}\" is already mapped; map each header once", map.header.value);
      continue;
    }
    const bool taken = std::any_of(mapping.headers.begin(), mapping.headers.end(),
                                   [&](const auto& existing) { return existing.second == map.field.name; });
    if (taken) {
      context.error(dsl::DiagnosticKind::duplicate_property, map.field.span,
                    "another header is already mapped to `{}`; a field comes from one column", map.field.name);
      continue;
    }
    mapping.headers.emplace_back(map.header.value, map.field.name);
  }
  if (columns.period) {
    if (const auto period = to_period(context, *columns.period)) mapping.period = period->to_string();
  }
}

}  // namespace

std::optional<std::uint32_t> whole_number(std::string_view digits, std::uint32_t max) {
  std::uint32_t value = 0;
  for (const char digit : digits) {
    value = value * 10 + static_cast<std::uint32_t>(digit - '0');
    if (value > max) return std::nullopt;
  }
  if (value == 0) return std::nullopt;
  return value;
}


bool is_known_unit(std::string_view unit) {
  for (const auto known : kUnits) {
    if (known == unit) return true;
  }
  return false;
}

std::optional<runtime::Program> compile(const dsl::SourceSet& sources, const std::vector<dsl::RuleFile>& files,
                                        dsl::DiagnosticSink& sink) {
  Context context{sources, sink, {}, 0, {}, {}, {}, false, {}, {}, {}};
  const std::size_t errors_before = sink.error_count();
  std::vector<std::string_view> contents;
  for (std::uint32_t i = 0; i < sources.size(); ++i) {
    context.program.files.push_back(sources.file(i).path());
    contents.push_back(sources.file(i).text());
  }
  context.program.fingerprint = runtime::fingerprint(contents);

  // Every pass sees the whole rule set: names are global across its files.
  std::optional<dsl::Span> council_span;
  for_each_item<dsl::CouncilDecl>(context, files, [&](const dsl::CouncilDecl& council) {
    if (council_span) {
      context.error(dsl::DiagnosticKind::duplicate_council, council.span,
                    "`council` is declared twice; a rule set belongs to one council");
      return;
    }
    council_span = council.span;
    context.program.council = council.name.value;
  });
  std::optional<dsl::Span> columns_span;
  for_each_item<dsl::ColumnsDecl>(context, files, [&](const dsl::ColumnsDecl& columns) {
    if (columns_span) {
      context.error(dsl::DiagnosticKind::duplicate_property, columns.span,
                    "`columns` is declared twice; put every header in one `columns` block");
      return;
    }
    columns_span = columns.span;
    lower_columns(context, columns);
  });
  for_each_item<dsl::KeyDecl>(context, files, [&](const dsl::KeyDecl& key) { declare_key(context, key); });
  lower_rollup(context, files);
  for_each_item<dsl::DirectionDecl>(context, files,
                                    [&](const dsl::DirectionDecl& direction) { lower_block(context, direction.block, true); });
  for_each_item<dsl::SchemeDecl>(context, files,
                                 [&](const dsl::SchemeDecl& scheme) { lower_block(context, scheme.block, false); });

  // The default scheme: the one marked `default`, else the first declared.
  std::optional<dsl::Span> default_span;
  for_each_item<dsl::SchemeDecl>(context, files, [&](const dsl::SchemeDecl& scheme) {
    if (!scheme.block.is_default) return;
    if (default_span) {
      context.error(dsl::DiagnosticKind::multiple_defaults, *scheme.block.default_span,
                    "a second scheme is marked `default`; mark only one");
      return;
    }
    default_span = scheme.block.default_span;
    const auto found = context.program.scheme_by_name.find(scheme.block.name.name);
    if (found != context.program.scheme_by_name.end()) context.program.default_scheme = found->second;
  });
  if (!context.program.default_scheme && !context.program.schemes.empty()) context.program.default_scheme = 0;

  // Room for every indicator at once: an Indicator is large, and growing the vector one
  // doubling at a time moved each of them about twice.
  std::size_t indicator_count = 0;
  for_each_item<dsl::IndicatorDecl>(context, files, [&](const dsl::IndicatorDecl&) { ++indicator_count; });
  context.program.indicators.reserve(indicator_count);
  context.program.indicator_by_id.reserve(indicator_count);
  context.indicator_spans.reserve(indicator_count);
  for_each_item<dsl::IndicatorDecl>(context, files,
                                    [&](const dsl::IndicatorDecl& indicator) { lower_indicator(context, indicator); });
  for_each_item<dsl::TestDecl>(context, files, [&](const dsl::TestDecl& test) { lower_test(context, test); });
  for (auto& scheme : context.program.schemes) scheme.benchmark_names = context.program.benchmark_names;
  for (auto& direction : context.program.directions) direction.benchmark_names = context.program.benchmark_names;

  // A key no scheme or direction block uses is most likely a misspelt `uses`. Without any
  // scheme, or for an empty key, other diagnostics already say what is wrong.
  const bool any_block = !context.program.schemes.empty() || !context.program.directions.empty();
  for (std::uint32_t key = 0; any_block && key < context.program.keys.size(); ++key) {
    if (context.program.keys[key].statuses.empty()) continue;
    const auto uses = [&](const std::vector<runtime::RuleSet>& sets) {
      return std::any_of(sets.begin(), sets.end(), [&](const runtime::RuleSet& rules) { return rules.key == key; });
    };
    const bool manual = std::any_of(context.program.indicators.begin(), context.program.indicators.end(),
                                    [&](const runtime::Indicator& indicator) { return indicator.manual_key == key; });
    if (manual || uses(context.program.schemes) || uses(context.program.directions)) continue;
    const auto& name = context.program.keys[key].name;
    context.file = context.program.keys[key].source.file;
    context.error(dsl::DiagnosticKind::unused_key, context.key_spans.at(name),
                  "key `{}` is not used by any scheme or direction block; name it with `uses {}` or remove it", name,
                  name);
  }
  if (sink.error_count() > errors_before) return std::nullopt;
  check_coverage(context);
  if (sink.error_count() > errors_before) return std::nullopt;
  return std::move(context.program);
}

std::optional<runtime::Decimal> to_decimal(Context& context, const dsl::NumberLit& literal) {
  std::string_view digits = literal.digits;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  auto value = runtime::Decimal::parse(digits);
  if (!value) {
    context.error(dsl::DiagnosticKind::invalid_number, literal.span,
                  "`{}` has more than {} significant digits; statuskey keeps numbers exact and refuses to round them",
                  literal.digits, runtime::Decimal::kMaxDigits);
  }
  return value;
}

std::optional<runtime::Decimal> to_threshold(Context& context, const dsl::NumberLit& literal, bool relative,
                                             std::string_view measure_text) {
  if (relative && !literal.percent) {
    context.error(dsl::DiagnosticKind::unit_mismatch, literal.span,
                  "`{}` is not a percentage but {} is relative (a share of the base); write it with `%`, "
                  "or declare `difference from` for absolute amounts",
                  context.text(literal.span), measure_text);
    return std::nullopt;
  }
  if (!relative && literal.percent) {
    context.error(dsl::DiagnosticKind::unit_mismatch, literal.span,
                  "`{}` is a percentage but {} is an absolute difference; write `{} points` for percentage "
                  "points, or declare `relative to` for a share of the base",
                  context.text(literal.span), measure_text, literal.digits);
    return std::nullopt;
  }
  auto value = to_decimal(context, literal);
  if (!value || !relative) return value;
  // As a fraction the number has two more decimal places; when that is too many the
  // threshold cannot be kept exact, and dropping it silently would drop its rule.
  auto fraction = value->scaled_by_power_of_ten(-2);
  if (!fraction) {
    context.error(dsl::DiagnosticKind::invalid_number, literal.span,
                  "`{}` needs more than {} decimal places as a fraction; statuskey keeps numbers exact and refuses "
                  "to round them",
                  context.text(literal.span), runtime::Decimal::kMaxScale);
  }
  return fraction;
}

std::optional<runtime::Period> to_period(Context& context, const dsl::PeriodLit& literal) {
  auto period = runtime::Period::parse(literal.text);
  if (!period) {
    context.error(dsl::DiagnosticKind::invalid_period, literal.span,
                  "`{}` is not a period; write a financial year `2013-14`, a quarter `2013-14 Q2` or a month "
                  "`2022-02`",
                  literal.text);
  }
  return period;
}

std::optional<runtime::Target> to_target(Context& context, const dsl::TargetValue& value) {
  using Kind = dsl::TargetValue::Kind;
  runtime::Target target;
  switch (value.kind) {
    case Kind::none:
      target.kind = runtime::Target::Kind::none;
      return target;
    case Kind::under_review:
      target.kind = runtime::Target::Kind::under_review;
      return target;
    case Kind::baseline:
      target.kind = runtime::Target::Kind::baseline;
      return target;
    case Kind::value:
    case Kind::bound: {
      const auto number = to_decimal(context, value.value);
      if (!number) return std::nullopt;
      target.kind = value.kind == Kind::value ? runtime::Target::Kind::value : runtime::Target::Kind::bound;
      target.value = *number;
      target.bound_below = value.bound_below;
      target.strict = value.strict;
      return target;
    }
    case Kind::range: {
      const auto low = to_decimal(context, value.value);
      const auto high = to_decimal(context, value.high);
      if (!low || !high) return std::nullopt;
      if (*high < *low) {
        context.error(dsl::DiagnosticKind::invalid_range, value.span,
                      "the range `{}` runs backwards; write the lower end first", context.text(value.span));
        return std::nullopt;
      }
      target.kind = runtime::Target::Kind::range;
      target.value = *low;
      target.high = *high;
      return target;
    }
  }
  return std::nullopt;
}

runtime::Polarity to_polarity(dsl::Polarity polarity) {
  switch (polarity) {
    case dsl::Polarity::higher:
      return runtime::Polarity::higher;
    case dsl::Polarity::lower:
      return runtime::Polarity::lower;
    case dsl::Polarity::none:
      return runtime::Polarity::none;
  }
  return runtime::Polarity::none;
}

}  // namespace compiler
