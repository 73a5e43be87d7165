// Diagnostic registry lookups, the sink, and the one renderer.
#include "dsl/diagnostics.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace dsl {
namespace {

struct KindInfo {
  std::string_view name;
  Severity severity;
};

constexpr std::array kKinds = {
#define X(id, name, severity) KindInfo{name, Severity::severity},
#include "dsl/diagnostic_kinds.def"
};

}  // namespace

std::string_view kind_name(DiagnosticKind kind) { return kKinds.at(static_cast<std::size_t>(kind)).name; }

Severity kind_severity(DiagnosticKind kind) { return kKinds.at(static_cast<std::size_t>(kind)).severity; }

const std::vector<DiagnosticKind>& all_kinds() {
  static const std::vector<DiagnosticKind> kinds = [] {
    std::vector<DiagnosticKind> result;
    for (std::size_t i = 0; i < kKinds.size(); ++i) result.push_back(static_cast<DiagnosticKind>(i));
    return result;
  }();
  return kinds;
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

void DiagnosticSink::add(Diagnostic diagnostic) {
  if (kind_severity(diagnostic.kind) == Severity::error) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

std::size_t DiagnosticSink::count(DiagnosticKind kind) const {
  return static_cast<std::size_t>(std::count_if(diagnostics_.begin(), diagnostics_.end(),
                                                [&](const Diagnostic& diagnostic) { return diagnostic.kind == kind; }));
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  auto result = diagnostics_;
  std::stable_sort(result.begin(), result.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    return a.span.begin < b.span.begin;
  });
  return result;
}

std::string render(const Diagnostic& diagnostic, const SourceSet& sources) {
  const SourceFile& file = sources.file(diagnostic.file);
  const LineColumn start = file.locate(diagnostic.span.begin);
  const std::string_view severity = kind_severity(diagnostic.kind) == Severity::error ? "error" : "warning";
  std::string out = fmt::format("{}:{}:{}: {}: {} [{}]\n", file.path(), start.line, start.column, severity,
                                diagnostic.message, kind_name(diagnostic.kind));
  const std::string_view line = file.line_text(start.line);
  // Caret under the first column, tildes under the rest of the span on this line.
  const LineColumn end = file.locate(std::max(diagnostic.span.end, diagnostic.span.begin + 1));
  std::uint32_t width = 1;
  if (end.line == start.line && end.column > start.column) width = end.column - start.column;
  std::string marker;
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < line.size() && column < start.column; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0U) == 0x80U) continue;
    marker.push_back(line[i] == '\t' ? '\t' : ' ');
    ++column;
  }
  marker.push_back('^');
  marker.append(width - 1, '~');
  fmt::format_to(std::back_inserter(out), "    {}\n    {}\n", line, marker);
  return out;
}

}  // namespace dsl
