// Grouping the evaluated rows into the report's sections and indicators. The reporting
// period is, for each kind of period (years, quarters, months), the latest in which any row
// reports an actual; each indicator is judged on its latest row up to that period, so that an
// indicator without this period's figure shows "data missing" rather than an older status,
// and rows set ahead (targets for later quarters) appear only in its history.
#include "runtime/report_model.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <unordered_map>

#include "runtime/describe.hpp"

namespace runtime::report {
namespace {

// Periods of different kinds (years, quarters, months) ordered by the month they end in
// (financial years run April to March), then years after quarters after months.
std::pair<int, int> chronological(const Period& period) {
  switch (period.kind) {
    case Period::Kind::year:
      return {(period.ordinal + 1) * 12 + 2, 2};
    case Period::Kind::quarter: {
      const int year = period.ordinal >= 0 ? period.ordinal / 4 : (period.ordinal - 3) / 4;
      const int quarter = period.ordinal - year * 4;
      return {year * 12 + 5 + 3 * quarter, 1};
    }
    case Period::Kind::month:
      return {period.ordinal, 0};
  }
  return {0, 0};
}

// Sort key of a row: its period's place in time (unparseable periods first), then its
// place in the file.
struct RowOrder {
  bool has_period = false;
  std::pair<int, int> when;
  std::size_t index = 0;

  friend bool operator<(const RowOrder& a, const RowOrder& b) {
    return std::tie(a.has_period, a.when, a.index) < std::tie(b.has_period, b.when, b.index);
  }
};

std::optional<double> as_double(const std::optional<Decimal>& value) {
  if (!value) return std::nullopt;
  return std::strtod(value->to_string().c_str(), nullptr);
}

std::optional<Period> row_period(const Results& results, std::size_t i) {
  if (i < results.observations.size() && results.observations[i] && results.observations[i]->period) {
    return results.observations[i]->period;
  }
  return Period::parse(results.rows[i].period);
}

// The keys that give statuses (those of the schemes), in declaration order.
std::vector<std::uint32_t> status_keys(const Program& program) {
  std::vector<std::uint32_t> keys;
  for (const auto& scheme : program.schemes) {
    if (std::find(keys.begin(), keys.end(), scheme.key) == keys.end()) keys.push_back(scheme.key);
  }
  return keys;
}

Badge badge_of(const Status& status) { return Badge{status.label, status.symbol, status.colour, status.means}; }

class CountBuilder {
 public:
  explicit CountBuilder(const Program& program) : program_(program) {}

  void add(const std::string& label) {
    ++total_;
    if (label.empty()) {
      ++errors_;
    } else {
      ++counts_[label];
    }
  }

  [[nodiscard]] Counts build() const {
    Counts counts;
    counts.total = total_;
    counts.errors = errors_;
    std::vector<std::string> seen;
    const auto take = [&](const Badge& badge) {
      const auto found = counts_.find(badge.label);
      if (found == counts_.end() || std::find(seen.begin(), seen.end(), badge.label) != seen.end()) return;
      seen.push_back(badge.label);
      counts.statuses.push_back({badge, found->second});
    };
    for (const std::uint32_t key : status_keys(program_)) {
      for (const auto& status : program_.keys[key].statuses) take(badge_of(status));
    }
    for (const auto& [label, count] : counts_) take(find_badge(program_, std::nullopt, label));
    return counts;
  }

 private:
  const Program& program_;
  std::map<std::string, std::size_t> counts_;
  std::size_t errors_ = 0;
  std::size_t total_ = 0;
};

}  // namespace

Badge find_badge(const Program& program, std::optional<std::uint32_t> key, std::string_view label) {
  const auto search = [&](const Key& candidate) -> std::optional<Badge> {
    for (const auto& status : candidate.statuses) {
      if (status.label == label) return badge_of(status);
    }
    return std::nullopt;
  };
  if (key && *key < program.keys.size()) {
    if (auto found = search(program.keys[*key])) return *found;
  }
  for (const auto& candidate : program.keys) {
    if (auto found = search(candidate)) return *found;
  }
  return Badge{std::string(label), {}, {}, {}};
}

Model build_model(const Program& program, const DataTable& table, const Results& results) {
  Model model;
  const auto& rows = results.rows;
  const bool traced = results.observations.size() == rows.size();

  // Rows by indicator, indicators in order of first appearance.
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<std::size_t>> by_indicator;
  std::vector<RowOrder> keys(rows.size());
  std::optional<std::size_t> earliest;
  std::optional<std::size_t> latest_row;
  // The reporting period of each kind (years, quarters, months): the latest with an actual
  // or a status set by hand.
  auto& reporting_period = model.reporting_periods;
  std::vector<std::optional<Period>> row_periods(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto period = row_period(results, i);
    row_periods[i] = period;
    const bool manual = traced && results.observations[i] && results.observations[i]->manual != nullptr;
    if (period && (!rows[i].actual.empty() || manual)) {
      auto& reporting = reporting_period[static_cast<std::size_t>(period->kind)];
      if (!reporting || *reporting < *period) reporting = period;
    }
    keys[i] = RowOrder{period.has_value(), period ? chronological(*period) : std::pair{0, 0}, i};
    if (period) {
      if (!earliest || keys[i].when < keys[*earliest].when) earliest = i;
      if (!latest_row || keys[*latest_row].when < keys[i].when) latest_row = i;
    }
    auto [entry, inserted] = by_indicator.try_emplace(rows[i].indicator);
    if (inserted) order.push_back(rows[i].indicator);
    entry->second.push_back(i);
  }
  if (earliest) model.first_period = rows[*earliest].period;
  if (latest_row) model.last_period = rows[*latest_row].period;

  CountBuilder all_rows(program);
  for (const auto& row : rows) all_rows.add(row.error.empty() ? row.status : std::string());
  model.all_rows = all_rows.build();

  std::vector<std::string> section_order;
  std::map<std::string, std::vector<IndicatorEntry>> sections;
  for (const auto& id : order) {
    std::vector<std::size_t> indices = by_indicator[id];
    std::sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    IndicatorEntry entry;
    entry.id = id;
    // Judged on its latest row up to the reporting period of its kind of period; failing
    // that (only rows after it), its latest row.
    entry.latest = indices.back();
    for (auto it = indices.rbegin(); it != indices.rend(); ++it) {
      const auto& period = row_periods[*it];
      if (!period) continue;
      const auto& reporting = reporting_period[static_cast<std::size_t>(period->kind)];
      if (!reporting || *period <= *reporting) {
        entry.latest = *it;
        break;
      }
    }
    const RowResult& latest = rows[entry.latest];
    const Indicator* declared = nullptr;
    if (const auto found = program.indicator_by_id.find(id); found != program.indicator_by_id.end()) {
      declared = &program.indicators[found->second];
    }
    // Title and unit: the declaration, else the latest row that gives them.
    if (declared) {
      entry.title = declared->title;
      entry.unit = declared->unit;
    }
    for (auto it = indices.rbegin(); it != indices.rend() && (entry.title.empty() || entry.unit.empty()); ++it) {
      const CsvRecord& record = table.csv.records.at(*it);
      if (entry.title.empty()) entry.title = std::string(table.cell(record, Field::title));
      if (entry.unit.empty()) entry.unit = std::string(table.cell(record, Field::unit));
    }
    std::optional<Polarity> polarity;
    if (declared && declared->polarity_declared) polarity = declared->polarity;
    for (auto it = indices.rbegin(); it != indices.rend() && !polarity && traced; ++it) {
      if (results.observations[*it]) polarity = results.observations[*it]->polarity;
    }
    if (polarity) entry.polarity = describe_polarity(*polarity);

    for (const std::size_t i : indices) {
      Point point{i, {}, {}, {}};
      if (traced && results.observations[i]) {
        const Observation& facts = *results.observations[i];
        point.actual = as_double(facts.actual);
        if (facts.target) {
          switch (facts.target->kind) {
            case Target::Kind::value:
            case Target::Kind::bound:
              point.target_low = as_double(facts.target->value);
              point.target_high = point.target_low;
              break;
            case Target::Kind::range:
              point.target_low = as_double(facts.target->value);
              point.target_high = as_double(facts.target->high);
              break;
            default:
              break;
          }
        }
      }
      entry.history.push_back(point);
    }

    std::optional<std::uint32_t> status_key;
    std::optional<std::uint32_t> direction_key;
    if (traced && results.observations[entry.latest]) {
      const Observation& facts = *results.observations[entry.latest];
      if (facts.manual != nullptr) {
        status_key = facts.manual->manual_key;
      } else if (facts.scheme && *facts.scheme < program.schemes.size()) {
        const RuleSet& scheme = program.schemes[*facts.scheme];
        status_key = scheme.key;
        const auto direction = facts.direction ? facts.direction : scheme.direction;
        if (direction && *direction < program.directions.size()) direction_key = program.directions[*direction].key;
      }
    }
    if (latest.error.empty()) {
      entry.status = find_badge(program, status_key, latest.status);
      // The row's own symbol and colour win: they are what evaluation gave (overrides included).
      entry.status.symbol = latest.symbol;
      entry.status.colour = latest.colour;
      if (!latest.direction.empty()) entry.direction = find_badge(program, direction_key, latest.direction);
    }

    const std::string section = latest.section.empty() ? "Other indicators" : latest.section;
    auto [slot, inserted] = sections.try_emplace(section);
    if (inserted) section_order.push_back(section);
    slot->second.push_back(std::move(entry));
  }

  CountBuilder overall(program);
  std::map<std::string, std::size_t> periods;
  std::vector<std::string> period_order;
  for (const auto& name : section_order) {
    Section section{name, std::move(sections[name]), {}};
    CountBuilder counts(program);
    for (const auto& entry : section.indicators) {
      counts.add(entry.status.label);
      overall.add(entry.status.label);
      const std::string& period = rows[entry.latest].period;
      if (periods[period]++ == 0) period_order.push_back(period);
    }
    section.counts = counts.build();
    model.sections.push_back(std::move(section));
  }
  model.latest = overall.build();
  // The periods the indicators are judged on, the most common first.
  std::stable_sort(period_order.begin(), period_order.end(),
                   [&](const std::string& a, const std::string& b) { return periods[a] > periods[b]; });
  for (const auto& period : period_order) model.latest_periods.emplace_back(period, periods[period]);
  return model;
}

}  // namespace runtime::report
