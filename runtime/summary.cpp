// Summary, roll-up and escalation over the report model's grouping of rows (the same
// latest row per indicator that the HTML report shows).
#include "runtime/summary.hpp"

#include <algorithm>
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

// The worst status of a section's indicators in the declared order (worst first), or empty.
std::string worst_of(const std::vector<std::string>& order, const report::Counts& counts) {
  for (const auto& label : order) {
    for (const auto& entry : counts.statuses) {
      if (entry.status.label == label && entry.count > 0) return label;
    }
  }
  return {};
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
  out += "\nby section:\n";
  std::size_t width = 0;
  for (const auto& section : model.sections) width = std::max(width, section.name.size());
  width = std::min<std::size_t>(width, 48);  // longer names push their counts along
  for (const auto& section : model.sections) {
    const std::string name = section.name.empty() ? "(no section)" : section.name;
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {:>3} indicator{}: {}", name, width, section.counts.total,
                   section.counts.total == 1 ? " " : "s", counts_text(section.counts));
    if (!program.rollup_order.empty()) {
      const std::string worst = worst_of(program.rollup_order, section.counts);
      fmt::format_to(std::back_inserter(out), "; roll-up {}", worst.empty() ? "none" : worst);
    }
    out += "\n";
  }
  if (!program.rollup_order.empty()) {
    const std::string worst = worst_of(program.rollup_order, model.latest);
    fmt::format_to(std::back_inserter(out), "overall roll-up: {} (worst of the indicators' latest statuses; {})\n",
                   worst.empty() ? "none" : worst, where(program, program.rollup_source));
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
