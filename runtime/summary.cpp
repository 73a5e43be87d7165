// Summary, roll-up and escalation over the report model's grouping of rows (the same
// latest row per indicator that the HTML report shows).
#include "runtime/summary.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

#include <fmt/format.h>

#include "runtime/report_model.hpp"

namespace runtime {
namespace {

std::string counts_text(const report::Counts& counts) {
  std::string text;
  for (const auto& entry : counts.statuses) {
    if (!text.empty()) text += ", ";
    fmt::format_to(std::back_inserter(text), "{} {}", entry.count, entry.status.label);
  }
  if (counts.errors > 0) {
    if (!text.empty()) text += ", ";
    fmt::format_to(std::back_inserter(text), "{} error row{}", counts.errors, counts.errors == 1 ? "" : "s");
  }
  return text;
}

std::size_t count_of(const report::Counts& counts, const std::string& label) {
  std::size_t total = 0;
  for (const auto& entry : counts.statuses) {
    if (entry.status.label == label) total += entry.count;
  }
  return total;
}

// A node's roll-up status: the first count-based rule that holds, else the worst status
// among its indicators in the declared order (worst first), else empty.
std::string rollup_status(const Program& program, const report::Counts& counts) {
  for (const auto& rule : program.rollup_rules) {
    if (count_of(counts, rule.of) >= rule.at_least) return rule.status;
  }
  for (const auto& label : program.rollup_order) {
    if (count_of(counts, label) > 0) return label;
  }
  return {};
}

// The counts of several sections added up, statuses in the order of `order` (the keys').
report::Counts add_up(const std::vector<const report::Counts*>& parts, const report::Counts& order) {
  report::Counts sum;
  for (const auto& entry : order.statuses) sum.statuses.push_back(report::StatusCount{entry.status, 0});
  for (const report::Counts* part : parts) {
    sum.errors += part->errors;
    sum.total += part->total;
    for (const auto& entry : part->statuses) {
      auto found = std::find_if(sum.statuses.begin(), sum.statuses.end(),
                                [&](const report::StatusCount& existing) { return existing.status.label == entry.status.label; });
      if (found == sum.statuses.end()) {
        sum.statuses.push_back(entry);
      } else {
        found->count += entry.count;
      }
    }
  }
  sum.statuses.erase(std::remove_if(sum.statuses.begin(), sum.statuses.end(),
                                    [](const report::StatusCount& entry) { return entry.count == 0; }),
                     sum.statuses.end());
  return sum;
}

std::string where(const Program& program, SourceRef source) {
  return fmt::format("{}:{}", program.files.at(source.file), source.line);
}

}  // namespace

std::vector<EscalationEntry> escalations(const Program& program, const DataTable& table, const Results& results) {
  std::vector<EscalationEntry> list;
  if (program.escalations.empty()) return list;
  const report::Model model = report::build_model(program, table, results);
  for (const auto& section : model.sections) {
    for (const auto& indicator : section.indicators) {
      // The history up to and including the row the indicator is judged on.
      std::vector<std::size_t> rows;
      for (const auto& point : indicator.history) {
        rows.push_back(point.row);
        if (point.row == indicator.latest) break;
      }
      for (const Escalation& rule : program.escalations) {
        std::uint32_t run = 0;
        std::string since;
        std::optional<Period> next;  // the period after the one just counted, going back
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
          const RowResult& row = results.rows[*it];
          const auto period = Period::parse(row.period);
          if (!row.error.empty() || row.status != rule.status || !period) break;
          if (next && !(*period == next->previous())) break;  // a gap: the run ends
          ++run;
          since = row.period;
          next = period;
        }
        if (run < rule.periods) continue;
        EscalationEntry entry;
        entry.indicator = indicator.id;
        entry.title = indicator.title;
        entry.section = section.name;
        if (const auto found = program.indicator_by_id.find(indicator.id); found != program.indicator_by_id.end()) {
          entry.owner = program.indicators[found->second].owner;
        }
        entry.status = rule.status;
        entry.periods = run;
        entry.since = since;
        entry.to = rule.to;
        entry.source = rule.source;
        list.push_back(std::move(entry));
      }
    }
  }
  return list;
}

std::string write_rollup_summary(const Program& program, const DataTable& table, const Results& results) {
  const report::Model model = report::build_model(program, table, results);
  std::string out;
  const std::size_t indicators = model.latest.total;
  fmt::format_to(std::back_inserter(out), "{}summary of {} ({} to {})\n",
                 program.council.empty() ? "" : program.council + ": ", table.path, model.first_period,
                 model.last_period);
  fmt::format_to(std::back_inserter(out), "of {} indicator{} (each on its latest period): {}\n", indicators,
                 indicators == 1 ? "" : "s", counts_text(model.latest));
  if (!model.latest_periods.empty()) {
    std::string periods;
    for (const auto& [period, count] : model.latest_periods) {
      if (!periods.empty()) periods += ", ";
      fmt::format_to(std::back_inserter(periods), "{} ({})", period, count);
    }
    fmt::format_to(std::back_inserter(out), "latest periods: {}\n", periods);
  }
  const bool rolls_up = !program.rollup_order.empty() || !program.rollup_rules.empty();
  out += "\nby section:\n";
  std::size_t width = 0;
  for (const auto& section : model.sections) width = std::max(width, section.name.size());
  width = std::min<std::size_t>(width, 48);  // longer names push their counts along
  for (const auto& section : model.sections) {
    const std::string name = section.name.empty() ? "(no section)" : section.name;
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {:>3} indicator{}: {}", name, width, section.counts.total,
                   section.counts.total == 1 ? " " : "s", counts_text(section.counts));
    if (rolls_up) {
      const std::string status = rollup_status(program, section.counts);
      fmt::format_to(std::back_inserter(out), "; roll-up {}", status.empty() ? "none" : status);
    }
    out += "\n";
  }
  if (!program.themes.empty()) {
    out += "\nby theme:\n";
    // Each theme counts the sections of its own and of every theme below it; themes below
    // are listed under it, indented.
    const std::function<void(std::uint32_t, std::size_t)> print = [&](std::uint32_t index, std::size_t depth) {
      std::vector<std::string> sections;
      const std::function<void(std::uint32_t)> gather = [&](std::uint32_t at) {
        const auto& theme = program.themes[at];
        sections.insert(sections.end(), theme.sections.begin(), theme.sections.end());
        for (const auto child : theme.themes) gather(child);
      };
      gather(index);
      std::vector<const report::Counts*> parts;
      for (const auto& section : model.sections) {
        if (std::find(sections.begin(), sections.end(), section.name) != sections.end()) {
          parts.push_back(&section.counts);
        }
      }
      const auto& theme = program.themes[index];
      const report::Counts counts = add_up(parts, model.latest);
      const std::string below = theme.themes.empty() ? std::string()
                                                     : fmt::format("{} theme{}, ", theme.themes.size(),
                                                                   theme.themes.size() == 1 ? "" : "s");
      fmt::format_to(std::back_inserter(out), "{:>{}}{} ({}{} section{}): {} indicator{}: {}", "", 2 + 2 * depth,
                     theme.name, below, parts.size(), parts.size() == 1 ? "" : "s", counts.total,
                     counts.total == 1 ? "" : "s", counts_text(counts));
      if (rolls_up) {
        const std::string status = rollup_status(program, counts);
        fmt::format_to(std::back_inserter(out), "; roll-up {}", status.empty() ? "none" : status);
      }
      out += "\n";
      for (const auto child : theme.themes) print(child, depth + 1);
    };
    for (std::uint32_t i = 0; i < program.themes.size(); ++i) {
      if (!program.themes[i].parent) print(i, 0);
    }
  }
  if (rolls_up) {
    const std::string status = rollup_status(program, model.latest);
    fmt::format_to(std::back_inserter(out), "overall roll-up: {} ({}; {})\n", status.empty() ? "none" : status,
                   program.rollup_rules.empty() ? "worst of the indicators' latest statuses"
                                                : "the first roll-up rule that holds, else the worst status",
                   where(program, program.rollup_rules.empty() ? program.rollup_source
                                                               : program.rollup_rules.front().source));
  }
  // Timeliness: each indicator is due for the reporting period of its kind (the model's),
  // less its declared lag.
  std::vector<std::string> overdue;
  std::size_t judged = 0;
  std::size_t lagged = 0;
  for (const auto& section : model.sections) {
    for (const auto& entry : section.indicators) {
      const auto latest = Period::parse(results.rows[entry.latest].period);
      if (!latest) continue;
      const auto& newest = model.reporting_periods[static_cast<std::size_t>(latest->kind)];
      if (!newest) continue;
      ++judged;
      const Indicator* declared = nullptr;
      if (const auto found = program.indicator_by_id.find(entry.id); found != program.indicator_by_id.end()) {
        declared = &program.indicators[found->second];
      }
      const std::uint32_t lag = declared != nullptr ? declared->lag : 0;
      if (lag > 0) ++lagged;
      const Period due{latest->kind, newest->ordinal - static_cast<std::int32_t>(lag)};
      if (!(*latest < due)) continue;
      overdue.push_back(fmt::format("  {}{}: latest {}, due {}{}{}\n", entry.id,
                                    entry.title.empty() ? "" : " \"" + entry.title + "\"", latest->to_string(),
                                    due.to_string(), lag > 0 ? fmt::format(" (lag {})", lag) : "",
                                    declared != nullptr && !declared->owner.empty() ? ", owner " + declared->owner : ""));
    }
  }
  fmt::format_to(std::back_inserter(out),
                 "\nup to date: {} of {} indicator{} (each due for the latest period of its kind reported in the data{})\n",
                 judged - overdue.size(), judged, judged == 1 ? "" : "s",
                 lagged > 0 ? fmt::format(", less its declared lag: {} declare{} one", lagged, lagged == 1 ? "s" : "")
                            : "");
  if (!overdue.empty()) {
    fmt::format_to(std::back_inserter(out), "overdue ({}):\n", overdue.size());
    for (const auto& line : overdue) out += line;
  }
  if (!program.escalations.empty()) {
    const auto list = escalations(program, table, results);
    fmt::format_to(std::back_inserter(out), "\nescalations ({}):\n", list.size());
    for (const auto& entry : list) {
      fmt::format_to(std::back_inserter(out), "  {} {}: {} for {} consecutive period{} since {}{} -> {} ({})\n",
                     entry.indicator, entry.title.empty() ? "" : "\"" + entry.title + "\"", entry.status,
                     entry.periods, entry.periods == 1 ? "" : "s", entry.since,
                     entry.owner.empty() ? "" : fmt::format(", owner {}", entry.owner), entry.to,
                     where(program, entry.source));
    }
  }
  fmt::format_to(std::back_inserter(out), "\nrows read {} = evaluated {} + error rows {}", results.rows.size(),
                 results.rows.size() - results.error_rows, results.error_rows);
  if (results.overrides > 0) fmt::format_to(std::back_inserter(out), "; {} overridden", results.overrides);
  out += "\n";
  return out;
}

}  // namespace runtime
