// Drawing the report's charts. Every text that came from data or rule files goes through
// html_escape; colours reach attributes only when they are #RGB/#RRGGBB.
#include "runtime/report_chart.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "runtime/document_model.hpp"

namespace runtime::report {
namespace {

struct Frame {
  double width;
  double height;
  double left;
  double right;
  double top;
  double bottom;
  double radius;
};

constexpr Frame kSparkline{120, 32, 5, 5, 5, 5, 3};
constexpr Frame kLarge{560, 220, 64, 40, 14, 44, 5};

std::string accessible_name(const IndicatorEntry& indicator, const Results& results) {
  std::string name = fmt::format("{}: ", indicator.id);
  for (std::size_t i = 0; i < indicator.history.size(); ++i) {
    const RowResult& row = results.rows[indicator.history[i].row];
    fmt::format_to(std::back_inserter(name), "{}{} {}", i == 0 ? "" : "; ", row.period,
                   row.actual.empty() ? "no actual" : row.actual);
    if (!row.target.empty()) fmt::format_to(std::back_inserter(name), " against target {}", row.target);
    if (!row.error.empty()) {
      name += " (error row)";
    } else if (!row.status.empty()) {
      fmt::format_to(std::back_inserter(name), " ({})", row.status);
    }
  }
  return name;
}

// "88.1", "1,688" style tick labels; percentages get a % sign.
std::string tick_label(double value, bool percent) {
  std::string text = fmt::format("{:.4g}", value);
  if (text.find('e') != std::string::npos) text = fmt::format("{:.0f}", value);
  return percent ? text + "%" : text;
}

// A path through the values, broken where a value is missing; a value on its own gets a
// short level stroke so that it shows.
std::string path_through(const std::vector<std::optional<double>>& values, const std::vector<double>& xs,
                         const auto& y_of, double stub) {
  std::string path;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    const bool after = i > 0 && values[i - 1];
    const bool before = i + 1 < values.size() && values[i + 1];
    if (after) {
      fmt::format_to(std::back_inserter(path), "L{:.1f},{:.1f} ", xs[i], y_of(*values[i]));
    } else if (before) {
      fmt::format_to(std::back_inserter(path), "M{:.1f},{:.1f} ", xs[i], y_of(*values[i]));
    } else {
      fmt::format_to(std::back_inserter(path), "M{:.1f},{:.1f} h{:.1f} ", xs[i] - stub, y_of(*values[i]), 2 * stub);
    }
  }
  return path;
}

}  // namespace

std::string chart_svg(const IndicatorEntry& indicator, const Results& results, ChartSize size) {
  const auto& history = indicator.history;
  if (history.size() < 2) return {};
  const Frame frame = size == ChartSize::large ? kLarge : kSparkline;

  double low = 0;
  double high = 0;
  bool any = false;
  const auto widen = [&](const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) return;
    low = any ? std::min(low, *value) : *value;
    high = any ? std::max(high, *value) : *value;
    any = true;
  };
  for (const Point& point : history) {
    widen(point.actual);
    widen(point.target_low);
    widen(point.target_high);
  }
  if (!any) return {};
  if (high - low < 1e-9) {
    const double pad = std::abs(high) > 0 ? std::abs(high) * 0.1 : 1;
    low -= pad;
    high += pad;
  }
  const double plot_width = frame.width - frame.left - frame.right;
  const double plot_height = frame.height - frame.top - frame.bottom;
  std::vector<double> xs;
  for (std::size_t i = 0; i < history.size(); ++i) {
    xs.push_back(frame.left + plot_width * static_cast<double>(i) / static_cast<double>(history.size() - 1));
  }
  const auto y_of = [&](double value) { return frame.top + plot_height * (high - value) / (high - low); };

  const std::string name = doc::html_escape(accessible_name(indicator, results));
  std::string out = fmt::format(
      "<svg class=\"chart chart-{}\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
      size == ChartSize::large ? "large" : "spark", name, frame.width, frame.height, frame.width, frame.height, name);
  const bool percent = indicator.unit == "percent";
  if (size == ChartSize::large) {
    // Axes: the value range on the left, the periods along the bottom.
    fmt::format_to(std::back_inserter(out),
                   "<g class=\"axes\" font-size=\"12\" fill=\"#0b0c0c\">"
                   "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#505a5f\"/>"
                   "<line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#505a5f\"/>"
                   "<text x=\"{4}\" y=\"{5:.1f}\" text-anchor=\"end\">{6}</text>"
                   "<text x=\"{4}\" y=\"{7:.1f}\" text-anchor=\"end\">{8}</text>",
                   frame.left - 4, frame.top, frame.top + plot_height, frame.left + plot_width + 4, frame.left - 8,
                   y_of(high) + 4, tick_label(high, percent), y_of(low) + 4, tick_label(low, percent));
    const std::size_t step = std::max<std::size_t>(1, (history.size() + 7) / 8);
    for (std::size_t i = 0; i < history.size(); i += step) {
      fmt::format_to(std::back_inserter(out), "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", xs[i],
                     frame.height - frame.bottom + 18, doc::html_escape(results.rows[history[i].row].period));
    }
    fmt::format_to(std::back_inserter(out),
                   "<text x=\"{0}\" y=\"{1}\">— actual</text><text x=\"{2}\" y=\"{1}\">- - target</text>"
                   "<text x=\"{3}\" y=\"{1}\">● status of the period</text></g>",
                   frame.left, frame.height - 6, frame.left + 90, frame.left + 180);
  }

  std::vector<std::optional<double>> actuals;
  std::vector<std::optional<double>> target_lows;
  std::vector<std::optional<double>> target_highs;
  bool range = false;
  for (const Point& point : history) {
    actuals.push_back(point.actual);
    target_lows.push_back(point.target_low);
    target_highs.push_back(point.target_high);
    range = range || (point.target_low && point.target_high && *point.target_low != *point.target_high);
  }
  const double stroke = size == ChartSize::large ? 2 : 1.5;
  const std::string target_path = path_through(target_lows, xs, y_of, frame.radius * 2);
  if (!target_path.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "<path class=\"target\" d=\"{}\" fill=\"none\" stroke=\"#505a5f\" stroke-width=\"{}\" "
                   "stroke-dasharray=\"4 3\"/>",
                   target_path, stroke * 0.75);
  }
  if (range) {
    fmt::format_to(std::back_inserter(out),
                   "<path class=\"target\" d=\"{}\" fill=\"none\" stroke=\"#505a5f\" stroke-width=\"{}\" "
                   "stroke-dasharray=\"4 3\"/>",
                   path_through(target_highs, xs, y_of, frame.radius * 2), stroke * 0.75);
  }
  const std::string actual_path = path_through(actuals, xs, y_of, 0.0);
  if (!actual_path.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "<path class=\"actual\" d=\"{}\" fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"{}\"/>",
                   actual_path, stroke);
  }
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (!history[i].actual) continue;
    const RowResult& row = results.rows[history[i].row];
    const std::string fill = row.error.empty() && doc::is_hex_colour(row.colour) ? row.colour : "#ffffff";
    const double radius = history[i].row == indicator.latest ? frame.radius + 1 : frame.radius;
    fmt::format_to(std::back_inserter(out),
                   "<circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" stroke=\"#0b0c0c\" "
                   "stroke-width=\"1\" data-status=\"{}\">",
                   xs[i], y_of(*history[i].actual), radius, fill, doc::html_escape(row.status));
    if (size == ChartSize::large) {
      fmt::format_to(std::back_inserter(out), "<title>{}: {}{}{}</title>", doc::html_escape(row.period),
                     doc::html_escape(row.actual), row.status.empty() ? "" : " ", doc::html_escape(row.status));
    }
    out += "</circle>";
  }
  out += "</svg>";
  return out;
}

}  // namespace runtime::report
