// Diagnostics are values: passes report them into a sink, the driver sorts and renders
// them in one place. Library code never prints and never exits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "dsl/source.hpp"

namespace dsl {

enum class Severity : std::uint8_t { error, warning };

enum class DiagnosticKind : std::uint16_t {
#define X(id, name, severity) id,
#include "dsl/diagnostic_kinds.def"
};

[[nodiscard]] std::string_view kind_name(DiagnosticKind kind);
[[nodiscard]] Severity kind_severity(DiagnosticKind kind);
// Every kind, in registry order (for tests and `statuskey help diagnostics`).
[[nodiscard]] const std::vector<DiagnosticKind>& all_kinds();

struct Diagnostic {
  DiagnosticKind kind{};
  std::uint32_t file = 0;  // index into the SourceSet
  Span span;
  std::string message;  // lower case, no trailing period, hint after "; "
};

// All source files of one run, indexed by the file ids that spans refer to.
class SourceSet {
 public:
  std::uint32_t add(std::string path, std::string text);
  [[nodiscard]] const SourceFile& file(std::uint32_t id) const { return files_.at(id); }
  [[nodiscard]] std::size_t size() const { return files_.size(); }

 private:
  std::vector<SourceFile> files_;
};

class DiagnosticSink {
 public:
  template <typename... Args>
  void report(DiagnosticKind kind, std::uint32_t file, Span span, fmt::format_string<Args...> format,
              Args&&... args) {
    add(Diagnostic{kind, file, span, fmt::format(format, std::forward<Args>(args)...)});
  }
  void add(Diagnostic diagnostic);

  [[nodiscard]] bool has_errors() const { return error_count_ > 0; }
  [[nodiscard]] std::size_t count(DiagnosticKind kind) const;
  [[nodiscard]] std::size_t error_count() const { return error_count_; }
  [[nodiscard]] std::size_t warning_count() const { return diagnostics_.size() - error_count_; }
  // In source order: by file, then byte offset; stable for equal positions.
  [[nodiscard]] std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t error_count_ = 0;
};

// "FILE:LINE:COLUMN: error: message [kind]" then the source line and a caret line
// (tildes under the rest of the span on that line).
[[nodiscard]] std::string render(const Diagnostic& diagnostic, const SourceSet& sources);

}  // namespace dsl
