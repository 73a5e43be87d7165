// Rendering the performance report as one HTML page. Every string from a rule file or the
// data goes through doc::html_escape, in text and in attributes alike; colours reach a style
// attribute only when they are #RGB/#RRGGBB. Text on a status colour is black or white,
// whichever contrasts more (runtime/contrast.hpp), and every status shows its symbol and its
// label, never the colour alone.
#include "runtime/report.hpp"

#include <array>
#include <iterator>

#include <fmt/format.h>

#include "runtime/contrast.hpp"
#include "runtime/document_model.hpp"
#include "runtime/explain.hpp"
#include "runtime/report_chart.hpp"
#include "runtime/report_model.hpp"

namespace runtime {
namespace {

using doc::html_escape;
using report::Badge;
using report::Counts;
using report::IndicatorEntry;
using report::Model;

constexpr std::string_view kErrorSymbol = "⚠";
constexpr std::string_view kErrorLabel = "Error row";
constexpr std::string_view kNeutral = "#F3F2F1";  // background of a status without a colour

// The indicator table's columns; `label` is also what the phone layout prints before each cell.
constexpr std::array<std::string_view, 9> kColumns = {"Ref",    "Indicator", "Period",   "Actual", "Target",
                                                      "Status", "Direction", "Polarity", "Trend"};

// ` style="background-color:#...;color:#..." data-colour="#..." data-text-colour=... data-contrast="7.03"`
std::string colour_attributes(std::string_view colour) {
  const std::string_view background = doc::is_hex_colour(colour) ? colour : kNeutral;
  const auto rgb = parse_hex_colour(background);
  const TextColour text = text_colour_for(rgb ? *rgb : Rgb{243, 242, 241});
  return fmt::format(
      " style=\"background-color:{0};color:{1}\" data-colour=\"{0}\" data-text-colour=\"{1}\" data-contrast=\"{2:.2f}\"",
      background, text.text, text.ratio);
}

// Symbol and label, the symbol hidden from screen readers (the label says it).
std::string symbol_and_label(std::string_view symbol, std::string_view label) {
  std::string out;
  if (!symbol.empty()) out += fmt::format("<span class=\"symbol\" aria-hidden=\"true\">{}</span> ", html_escape(symbol));
  out += fmt::format("<span class=\"label\">{}</span>", html_escape(label));
  return out;
}

std::string badge(const Badge& status) {
  return fmt::format("<span class=\"badge\"{}>{}</span>", colour_attributes(status.colour),
                     symbol_and_label(status.symbol, status.label));
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// "15 Green, 4 Amber and 2 error rows" as badges, each with data-status and data-count.
std::string count_list(const Counts& counts) {
  std::vector<std::string> parts;
  for (const auto& entry : counts.statuses) {
    Badge shown = entry.status;
    shown.label = fmt::format("{} {}", entry.count, entry.status.label);
    parts.push_back(fmt::format("<span class=\"count\" data-status=\"{}\" data-count=\"{}\">{}</span>",
                                html_escape(entry.status.label), entry.count, badge(shown)));
  }
  if (counts.errors > 0) {
    parts.push_back(fmt::format("<span class=\"count count-error\" data-errors=\"{0}\">{1}</span>", counts.errors,
                                badge(Badge{plural(counts.errors, "error row", "error rows"),
                                            std::string(kErrorSymbol), {}, {}})));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out.empty() ? "none" : out;
}

// A stacked bar of the counts, with the counts in its accessible name.
std::string count_bar(const Counts& counts) {
  constexpr double kWidth = 200;
  constexpr double kHeight = 14;
  if (counts.total == 0) return {};
  std::string name;
  for (const auto& entry : counts.statuses) {
    name += fmt::format("{}{} {}", name.empty() ? "" : ", ", entry.count, entry.status.label);
  }
  if (counts.errors > 0) name += fmt::format("{}{}", name.empty() ? "" : ", ", plural(counts.errors, "error row", "error rows"));
  std::string out = fmt::format(
      "<svg class=\"bar\" role=\"img\" aria-label=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title>{0}</title>",
      html_escape(name), kWidth, kHeight);
  double x = 0;
  const auto segment = [&](std::size_t count, std::string_view colour, std::string_view label) {
    const double width = kWidth * static_cast<double>(count) / static_cast<double>(counts.total);
    fmt::format_to(std::back_inserter(out),
                   "<rect x=\"{:.2f}\" y=\"0\" width=\"{:.2f}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" "
                   "stroke-width=\"1\"><title>{} {}</title></rect>",
                   x, width, kHeight, doc::is_hex_colour(colour) ? colour : kNeutral, count, html_escape(label));
    x += width;
  };
  for (const auto& entry : counts.statuses) segment(entry.count, entry.status.colour, entry.status.label);
  if (counts.errors > 0) segment(counts.errors, "#ffffff", kErrorLabel);
  out += "</svg>";
  return out;
}

class Page {
 public:
  Page(const Program& program, const DataTable& table, const Results& results, const OutputInfo& info,
       std::string_view data_path)
      : program_(program),
        results_(results),
        info_(info),
        data_path_(data_path),
        model_(report::build_model(program, table, results)) {}

  std::string render() {
    const std::string council = program_.council.empty() ? std::string("Performance report") : program_.council;
    out_ = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}: performance report</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<div class=\"page\">\n",
        html_escape(council), kStyle);
    header(council);
    out_ += "<main>\n";
    summary();
    for (std::size_t s = 0; s < model_.sections.size(); ++s) section(s);
    key();
    out_ += "</main>\n";
    footer();
    out_ += "</div>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  static constexpr std::string_view kStyle = R"(:root { --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --panel: #f3f2f1; --link: #1d70b8; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--ink); background: #ffffff; margin: 0; line-height: 1.4; }
.page { max-width: 92em; margin: 0 auto; padding: 1.5em 1.5em 3em; }
a { color: var(--link); }
header.masthead { border-bottom: 6px solid var(--link); padding-bottom: 0.8em; margin-bottom: 1.2em; }
header.masthead h1 { margin: 0 0 0.2em; font-size: 2em; }
header.masthead .subtitle { margin: 0; font-size: 1.2em; }
dl.meta { display: flex; flex-wrap: wrap; gap: 0.2em 2em; margin: 0.6em 0 0; color: var(--muted); }
dl.meta div { display: flex; gap: 0.4em; min-width: 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
h2 { font-size: 1.5em; margin: 1.4em 0 0.4em; border-bottom: 2px solid var(--ink); }
code { font-family: Consolas, "Courier New", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.headline { font-size: 1.25em; line-height: 1.9; }
.badge { display: inline-block; padding: 0.1em 0.45em; border-radius: 3px; font-weight: bold; white-space: nowrap; border: 1px solid rgba(11, 12, 12, 0.25); }
.badge, td.status, .bar, .chart, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.symbol { margin-right: 0.15em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1.4em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; font-size: 1.05em; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35em 0.5em; text-align: left; vertical-align: middle; }
thead th { background: var(--panel); border-bottom: 2px solid var(--ink); }
th[scope="row"] { font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ref { font-weight: bold; white-space: nowrap; }
td.period { white-space: nowrap; }
td.status { font-weight: bold; white-space: nowrap; }
td.status .override, td.direction .override { display: block; font-weight: normal; font-size: 0.8em; }
td.polarity { color: var(--muted); font-size: 0.9em; }
td.trend .none { color: var(--muted); font-size: 0.85em; }
tr.details td { padding: 0 0.5em 0.2em; border-bottom: 1px solid var(--rule); }
details summary { cursor: pointer; color: var(--link); padding: 0.2em 0; }
.details-body { display: flex; flex-wrap: wrap; gap: 1em 2em; padding: 0.5em 0 0.8em; }
.details-body .explanation { flex: 1 1 28em; min-width: 0; }
.details-body .explanation dt { font-weight: bold; }
.details-body .explanation dd { margin: 0 0 0.4em 1em; overflow-wrap: anywhere; }
.details-body figure { margin: 0; flex: 0 1 560px; max-width: 100%; }
.details-body figure svg { max-width: 100%; height: auto; }
table.history { font-size: 0.9em; flex: 1 1 100%; }
table.sections .bar { vertical-align: middle; margin-right: 0.6em; }
.all-rows, .judged { color: var(--muted); }
section.key { margin-top: 2.5em; }
section.key h3 { font-size: 1.25em; margin-top: 1.4em; }
section.key h4 { font-size: 1.1em; margin: 1.2em 0 0.3em; }
section.key th, section.key td { vertical-align: top; }
.swatch { display: inline-block; width: 1.6em; height: 1em; vertical-align: middle; border: 1px solid var(--ink); }
footer { margin-top: 2em; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9em; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  tr.details { display: none; }
  thead { display: table-header-group; }
}
@media (max-width: 40em) {
  .page { padding: 0.8em; }
  header.masthead h1 { font-size: 1.5em; }
  table.indicators thead, table.sections thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.indicators, table.indicators caption, table.indicators tbody, table.indicators tr, table.indicators td { display: block; width: 100%; }
  table.sections, table.sections caption, table.sections tbody, table.sections tfoot, table.sections tr, table.sections th, table.sections td { display: block; width: 100%; text-align: left; border: none; padding: 0.1em 0; }
  table.sections tr { border-top: 1px solid var(--rule); padding: 0.3em 0; }
  table.sections td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  table.indicators tr.indicator { border-top: 2px solid var(--ink); padding-top: 0.3em; }
  table.indicators td { border: none; padding: 0.15em 0.3em; text-align: left; }
  table.indicators td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  table.indicators td.title::before, table.indicators td.ref::before { content: none; }
  table.sections .bar { display: block; margin: 0.2em 0; }
  section.key table { display: block; overflow-x: auto; }
})";

  void header(const std::string& council) {
    std::string files;
    for (std::size_t i = 0; i < program_.files.size(); ++i) {
      files += fmt::format("{}<code>{}</code>", i == 0 ? "" : ", ", html_escape(program_.files[i]));
    }
    std::string periods = html_escape(model_.first_period);
    if (model_.first_period != model_.last_period) {
      periods = fmt::format("{} to {}", html_escape(model_.first_period), html_escape(model_.last_period));
    }
    out_ += fmt::format(
        "<header class=\"masthead\">\n<h1>{}</h1>\n<p class=\"subtitle\">Performance report: {}</p>\n"
        "<dl class=\"meta\">\n<div><dt>Periods in the data</dt><dd class=\"periods\">{}</dd></div>\n"
        "<div><dt>Data</dt><dd><code>{}</code></dd></div>\n<div><dt>Rules</dt><dd>{}</dd></div>\n"
        "<div><dt>Rule set fingerprint</dt><dd><code class=\"fingerprint\">sha256:{}</code></dd></div>\n"
        "<div><dt>statuskey</dt><dd class=\"version\">{}</dd></div>\n</dl>\n</header>\n",
        html_escape(council), judged_periods(), periods.empty() ? "none" : periods, html_escape(data_path_), files,
        html_escape(info_.fingerprint), html_escape(info_.version));
  }

  // "2022-02" or "2013-14 Q2 (35 indicators), 2012-13 (7 indicators)".
  [[nodiscard]] std::string judged_periods() const {
    if (model_.latest_periods.size() == 1) return html_escape(model_.latest_periods.front().first);
    std::string out;
    for (const auto& [period, count] : model_.latest_periods) {
      out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", html_escape(period),
                         plural(count, "indicator", "indicators"));
    }
    return out.empty() ? "no data" : out;
  }

  void summary() {
    const std::size_t indicators = model_.latest.total;
    out_ += fmt::format(
        "<section class=\"summary\" id=\"summary\" aria-labelledby=\"summary-heading\">\n"
        "<h2 id=\"summary-heading\">Summary</h2>\n"
        "<p class=\"headline\" data-indicators=\"{}\">Of {}: {}.</p>\n"
        "<p class=\"judged\">Each indicator is shown at the reporting period, the latest with an actual "
        "reported (or its latest period before it): {}.</p>\n",
        indicators, plural(indicators, "indicator", "indicators"), count_list(model_.latest), judged_periods());
    out_ +=
        "<table class=\"sections\">\n<caption>Latest status of each indicator, by section</caption>\n"
        "<thead><tr><th scope=\"col\">Section</th><th scope=\"col\" class=\"num\">Indicators</th>"
        "<th scope=\"col\">Statuses</th></tr></thead>\n<tbody>\n";
    for (std::size_t s = 0; s < model_.sections.size(); ++s) {
      const auto& section = model_.sections[s];
      out_ += fmt::format(
          "<tr data-section=\"{0}\"><th scope=\"row\"><a href=\"#section-{1}\">{0}</a></th>"
          "<td class=\"num\" data-label=\"Indicators\">{2}</td><td>{3}<span class=\"bar-text\">{4}</span></td></tr>\n",
          html_escape(section.name), s + 1, section.counts.total, count_bar(section.counts),
          count_list(section.counts));
    }
    out_ += fmt::format(
        "</tbody>\n<tfoot><tr><th scope=\"row\">All sections</th><td class=\"num\" data-label=\"Indicators\">{}</td>"
        "<td>{}</td></tr></tfoot>\n"
        "</table>\n",
        indicators, count_bar(model_.latest));
    const std::size_t rows = results_.rows.size();
    std::string overrides;
    if (results_.overrides > 0) overrides = fmt::format("; {} set by an officer (override)", results_.overrides);
    out_ += fmt::format(
        "<p class=\"all-rows\" data-rows=\"{}\" data-evaluated=\"{}\" data-errors=\"{}\">Every row of the data, "
        "all periods: {} read = {} evaluated + {}{}. Statuses over all rows: {}.</p>\n</section>\n",
        rows, rows - results_.error_rows, results_.error_rows, plural(rows, "row", "rows"),
        rows - results_.error_rows, plural(results_.error_rows, "error row", "error rows"), overrides,
        count_list(model_.all_rows));
  }

  void section(std::size_t s) {
    const auto& section = model_.sections[s];
    out_ += fmt::format(
        "<section class=\"section\" id=\"section-{0}\" aria-labelledby=\"section-{0}-heading\">\n"
        "<h2 id=\"section-{0}-heading\">{1}</h2>\n<table class=\"indicators\">\n"
        "<caption>{1}: {2}, each at its latest reported period; open a row's details for the explanation and "
        "history</caption>\n<thead><tr>",
        s + 1, html_escape(section.name), plural(section.indicators.size(), "indicator", "indicators"));
    for (const auto column : kColumns) {
      const bool numeric = column == "Actual" || column == "Target";
      out_ += fmt::format("<th scope=\"col\"{}>{}</th>", numeric ? " class=\"num\"" : "", column);
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < section.indicators.size(); ++i) indicator(section.indicators[i], s, i);
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void indicator(const IndicatorEntry& entry, std::size_t s, std::size_t i) {
    const RowResult& row = results_.rows[entry.latest];
    const bool error = !row.error.empty();
    std::string status_cell;
    if (error) {
      status_cell = fmt::format("<td class=\"status status-error\" data-label=\"Status\" data-status=\"\"{}>{}</td>",
                                colour_attributes({}), symbol_and_label(kErrorSymbol, kErrorLabel));
    } else {
      std::string override_note;
      if (!row.override_reason.empty() && row.status != row.computed_status) {
        override_note = fmt::format("<span class=\"override\">set by an officer; computed {}</span>",
                                    html_escape(row.computed_status));
      }
      // The explanation on hover too; the details row below has it for every reader.
      status_cell = fmt::format(
          "<td class=\"status\" data-label=\"Status\" data-status=\"{}\" title=\"{}\"{}>{}{}</td>",
          html_escape(entry.status.label), html_escape(row.explanation), colour_attributes(entry.status.colour),
          symbol_and_label(entry.status.symbol, entry.status.label), override_note);
    }
    std::string direction_cell = "<td class=\"direction\" data-label=\"Direction\" data-direction=\"\">–</td>";
    if (entry.direction) {
      std::string override_note;
      if (!row.override_reason.empty() && row.direction != row.computed_direction) {
        override_note = fmt::format("<span class=\"override\">set by an officer; computed {}</span>",
                                    row.computed_direction.empty() ? "none" : html_escape(row.computed_direction));
      }
      direction_cell = fmt::format(
          "<td class=\"direction\" data-label=\"Direction\" data-direction=\"{}\"><span class=\"badge\" "
          "title=\"{}\"{}><span class=\"label\">{}</span></span>{}</td>",
          html_escape(entry.direction->label), html_escape(entry.direction->means),
          colour_attributes(entry.direction->colour), html_escape(entry.direction->label), override_note);
    }
    const std::string spark = report::chart_svg(entry, results_, report::ChartSize::sparkline);
    out_ += fmt::format(
        "<tr class=\"indicator\" id=\"indicator-{}-{}\" data-indicator=\"{}\" data-period=\"{}\">"
        "<td class=\"ref\" data-label=\"Ref\">{}</td><td class=\"title\" data-label=\"Indicator\">{}</td>"
        "<td class=\"period\" data-label=\"Period\">{}</td><td class=\"num actual\" data-label=\"Actual\">{}</td>"
        "<td class=\"num target\" data-label=\"Target\">{}</td>{}{}"
        "<td class=\"polarity\" data-label=\"Polarity\">{}</td><td class=\"trend\" data-label=\"Trend\">{}</td></tr>\n",
        s + 1, i + 1, html_escape(entry.id), html_escape(row.period), html_escape(entry.id),
        html_escape(entry.title), html_escape(row.period), row.actual.empty() ? "–" : html_escape(row.actual),
        row.target.empty() ? "–" : html_escape(row.target), status_cell, direction_cell,
        entry.polarity.empty() ? "–" : html_escape(entry.polarity),
        spark.empty() ? "<span class=\"none\">one period</span>" : spark);
    details(entry, row);
  }

  void details(const IndicatorEntry& entry, const RowResult& row) {
    const std::size_t index = entry.latest;
    const bool traced = results_.observations.size() == results_.rows.size();
    const Explanation explanation =
        traced ? explain_row(program_, row, results_.observations[index], results_.outcomes[index])
               : explain_row(program_, row, std::nullopt, std::nullopt);
    const std::string summary = row.error.empty() ? fmt::format("Why {} is {}", entry.id, row.status)
                                                  : fmt::format("Why {} has no status", entry.id);
    out_ += fmt::format(
        "<tr class=\"details\"><td colspan=\"{}\"><details><summary>{}</summary>\n<div class=\"details-body\">\n"
        "<div class=\"explanation\">\n<p>{}</p>\n<dl>\n",
        kColumns.size(), html_escape(summary), html_escape(row.explanation));
    if (!row.error.empty()) {
      out_ += fmt::format("<dt>status</dt><dd>{}</dd>\n", html_escape(row.error));
    } else if (!entry.status.means.empty()) {
      out_ += fmt::format("<dt>meaning</dt><dd>{}: {}</dd>\n", html_escape(entry.status.label),
                          html_escape(entry.status.means));
    }
    for (const auto& line : explanation.lines) {
      out_ += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(line.topic), html_escape(line.text));
    }
    if (entry.direction && !entry.direction->means.empty()) {
      out_ += fmt::format("<dt>direction of travel</dt><dd>{}: {}</dd>\n", html_escape(entry.direction->label),
                          html_escape(entry.direction->means));
    }
    if (!row.rule.empty()) out_ += fmt::format("<dt>rule</dt><dd><code>{}</code></dd>\n", html_escape(row.rule));
    out_ += "</dl>\n</div>\n";
    const std::string chart = report::chart_svg(entry, results_, report::ChartSize::large);
    if (!chart.empty()) {
      out_ += fmt::format("<figure>{}<figcaption>{}: actual (line), target (dashed) and the status of each "
                          "period (dots)</figcaption></figure>\n",
                          chart, html_escape(entry.id));
    }
    history(entry);
    out_ += "</div>\n</details></td></tr>\n";
  }

  void history(const IndicatorEntry& entry) {
    out_ += fmt::format(
        "<table class=\"history\">\n<caption>{} by period</caption>\n<thead><tr><th scope=\"col\">Period</th>"
        "<th scope=\"col\" class=\"num\">Actual</th><th scope=\"col\" class=\"num\">Target</th>"
        "<th scope=\"col\">Status</th><th scope=\"col\">Direction</th><th scope=\"col\">Rule</th></tr></thead>\n"
        "<tbody>\n",
        html_escape(entry.id));
    for (const auto& point : entry.history) {
      const RowResult& row = results_.rows[point.row];
      const std::string status =
          row.error.empty() ? badge(Badge{row.status, row.symbol, row.colour, {}})
                            : fmt::format("{} {}", badge(Badge{std::string(kErrorLabel), std::string(kErrorSymbol), {}, {}}),
                                          html_escape(row.error));
      out_ += fmt::format(
          "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
          "<td><code>{}</code></td></tr>\n",
          html_escape(row.period), row.actual.empty() ? "–" : html_escape(row.actual),
          row.target.empty() ? "–" : html_escape(row.target), status,
          row.direction.empty() ? "–" : html_escape(row.direction), html_escape(row.rule));
    }
    out_ += "</tbody>\n</table>\n";
  }

  // The key and the rules, from the same document model as `statuskey doc`.
  void key() {
    const doc::Document document = doc::build_document(program_, info_.version, {.page = false, .indicators = false});
    out_ += fmt::format(
        "<section class=\"key\" id=\"key\" aria-labelledby=\"key-heading\">\n"
        "<h2 id=\"key-heading\">Key to status</h2>\n<p>How {} gives each indicator its status and direction of travel, "
        "generated from the compiled rules (the same words as <code>statuskey doc</code>).</p>\n{}</section>\n",
        program_.council.empty() ? std::string("the rule set") : html_escape(program_.council),
        doc::write_html_blocks(document.blocks, 1));
  }

  void footer() {
    out_ += fmt::format(
        "<footer><p>Generated by statuskey {} from the rule set with fingerprint <code>sha256:{}</code> and the data "
        "<code>{}</code>. Statuses are decided with exact decimal arithmetic; the charts are drawings only.</p>"
        "</footer>\n",
        html_escape(info_.version), html_escape(info_.fingerprint), html_escape(data_path_));
  }

  const Program& program_;
  const Results& results_;
  const OutputInfo& info_;
  std::string_view data_path_;
  Model model_;
  std::string out_;
};

}  // namespace

std::string write_report_html(const Program& program, const DataTable& table, const Results& results,
                              const OutputInfo& info, std::string_view data_path) {
  return Page(program, table, results, info, data_path).render();
}

}  // namespace runtime
