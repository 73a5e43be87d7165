// Rule-file text and its line table. Only this type knows lines and columns: every
// other part of the toolchain speaks in byte spans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsl {

// Half-open byte range [begin, end) in one source file.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct LineColumn {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in UTF-8 code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] std::string_view slice(Span span) const;

  [[nodiscard]] LineColumn locate(std::uint32_t byte) const;
  // The text of a 1-based line, without its line ending.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace dsl
