// Audit: compare each printed outcome with the key's, and try the few readings that
// explain most departures (a boundary, the polarity, a stale previous value).
#include "runtime/audit.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace runtime {
namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return std::string(text);
}

// Whether `printed` spells the status `label` of `key` (its label or an alias).
bool spells(const Key& key, std::string_view label, std::string_view printed) {
  for (const auto& status : key.statuses) {
    if (status.label != label) continue;
    return status.label == printed ||
           std::find(status.aliases.begin(), status.aliases.end(), printed) != status.aliases.end();
  }
  return false;
}

struct Aspect {
  bool is_status;
  const Key* key;
};

std::string outcome_label(const Program& program, const Observation& facts, const Outcome& outcome, bool is_status) {
  if (!outcome.error.empty()) return {};
  if (is_status) {
    if (!outcome.status) return {};
    return runtime::status_key(program, facts).statuses[*outcome.status].label;
  }
  if (!outcome.direction || !outcome.direction_block) return {};
  return program.keys[program.directions[*outcome.direction_block].key].statuses[*outcome.direction].label;
}

class Classifier {
 public:
  Classifier(const Program& program, const Results& results) : program_(program) {
    for (const auto& facts : results.observations) {
      if (facts && facts->period && facts->actual) {
        actuals_.emplace(std::make_pair(facts->indicator, *facts->period), *facts->actual);
      }
    }
  }

  std::string classify(const Observation& original, const Key& key, bool is_status, std::string_view printed) const {
    const auto reproduces = [&](const Observation& facts) {
      const Outcome outcome = decide(program_, facts);
      const std::string label = outcome_label(program_, facts, outcome, is_status);
      return !label.empty() && spells(key, label, printed);
    };
    Observation facts = original;
    facts.resolved = nullptr;  // the variations below change what the thresholds depend on
    // A boundary: the actual moved by up to 1% of the base (target or previous).
    const std::optional<Decimal> base = is_status ? (facts.target ? std::optional(gap_base(*facts.target,
                                                        facts.polarity.value_or(Polarity::higher)))
                                                                  : std::nullopt)
                                                  : facts.previous;
    if (facts.actual && base && !base->is_zero()) {
      const auto step = base->abs().times(Decimal::from_parts(1, 2));
      for (const auto& moved : {step ? facts.actual->plus(*step) : std::nullopt,
                                step ? facts.actual->minus(*step) : std::nullopt}) {
        if (!moved) continue;
        Observation varied = facts;
        varied.actual = moved;
        if (reproduces(varied)) return "boundary";
      }
    }
    if (facts.polarity && *facts.polarity != Polarity::none) {
      Observation varied = facts;
      varied.polarity = *facts.polarity == Polarity::higher ? Polarity::lower : Polarity::higher;
      if (reproduces(varied)) return "polarity";
    }
    if (!is_status && facts.period) {
      const auto older = actuals_.find(std::make_pair(facts.indicator, facts.period->previous().previous()));
      if (older != actuals_.end()) {
        Observation varied = facts;
        varied.previous = older->second;
        if (reproduces(varied)) return "stale previous value";
      }
    }
    return "no rule reproduces it";
  }

 private:
  const Program& program_;
  std::map<std::pair<std::string, Period>, Decimal> actuals_;
};

}  // namespace

AuditReport audit(const Program& program, const DataTable& table) {
  AuditReport report;
  const Results results = evaluate(program, table, true);
  const Classifier classifier(program, results);
  report.rows = results.rows.size();
  report.error_rows = results.error_rows;
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const RowResult& row = results.rows[i];
    const auto& facts = results.observations[i];
    const auto& outcome = results.outcomes[i];
    const CsvRecord& record = table.csv.records[i];
    if (!facts || !outcome || !row.error.empty()) continue;
    const Key& key_of_status = runtime::status_key(program, *facts);
    const Key* direction_key =
        outcome->direction_block ? &program.keys[program.directions[*outcome->direction_block].key] : nullptr;
    for (const bool is_status : {true, false}) {
      const std::string printed = trim(table.cell(record, is_status ? Field::reported_status : Field::reported_direction));
      if (printed.empty()) continue;
      (is_status ? report.statuses_checked : report.directions_checked) += 1;
      const std::string& computed = is_status ? row.computed_status : row.computed_direction;
      const Key* key = is_status ? &key_of_status : direction_key;
      if (key != nullptr && !computed.empty() && spells(*key, computed, printed)) continue;
      AuditFinding finding;
      finding.line = row.line;
      finding.indicator = row.indicator;
      finding.period = row.period;
      finding.aspect = is_status ? "status" : "direction";
      finding.printed = printed;
      finding.computed = computed.empty() ? "(none)" : computed;
      finding.classification = key != nullptr ? classifier.classify(*facts, *key, is_status, printed)
                                              : std::string("no rule reproduces it");
      const std::string& published = is_status ? row.status : row.direction;
      if (!row.override_reason.empty() && key != nullptr && spells(*key, published, printed)) {
        finding.override_reason = row.override_reason;
        ++report.covered_by_override;
      }
      finding.explanation = row.explanation;
      ++report.by_classification[finding.classification];
      report.findings.push_back(std::move(finding));
    }
  }
  return report;
}

}  // namespace runtime
