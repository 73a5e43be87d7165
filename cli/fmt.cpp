// `statuskey fmt`: rewrite rule files in the canonical layout, or check that they are.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/common.hpp"
#include "compiler/compile.hpp"
#include "dsl/format.hpp"
#include "dsl/imports.hpp"
#include "runtime/program_dump.hpp"

namespace cli {
namespace {

constexpr std::string_view kFmtHelp = R"(usage: statuskey fmt [--check | --stdout] FILE.sk...
       statuskey fmt -              (standard input to standard output)

Rewrites each rule file in the canonical layout (see docs/language.md, "Canonical
layout"): two-space indentation, single spaces, the `->` of consecutive rules and the
colour/symbol/means columns of a key aligned, one property per line, one blank line
between declarations, comments kept where they are. Formatting never changes what a
file means: when the file compiles, the formatted text must compile to the same
program or nothing is written. A file with syntax errors is not formatted; its errors
are reported. Files already in the canonical layout are left untouched.

options:
  --check    write nothing; list each file that is not in the canonical layout with
             a short diff (- as written, + canonical), for CI
  --stdout   print the formatted text instead of rewriting the files

exit status: 0 ok (with --check: every file is canonical); 1 syntax errors, or with
--check a file that would change; 2 usage errors and files that cannot be read or
written
)";

constexpr std::size_t kDiffLinesShown = 40;
constexpr std::size_t kDiffContext = 2;
constexpr std::size_t kMaxDiffCells = 16U * 1024U * 1024U;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text.remove_prefix(end + 1);
  }
  return lines;
}

// A unified-style diff (longest common subsequence of lines, hunks with two lines of
// context): whole hunks until kDiffLinesShown changed lines have been shown, then a
// count of the rest. Files too large for the table get the first differing line only.
std::string line_diff(const std::string& path, std::string_view before, std::string_view after) {
  const auto old_lines = split_lines(before);
  const auto new_lines = split_lines(after);
  const std::size_t n = old_lines.size();
  const std::size_t m = new_lines.size();
  std::string out = fmt::format("--- {}\n+++ {} (canonical)\n", path, path);
  if ((n + 1) * (m + 1) > kMaxDiffCells) {
    std::size_t i = 0;
    while (i < n && i < m && old_lines[i] == new_lines[i]) ++i;
    out += fmt::format("@@ line {} @@\n", i + 1);
    if (i < n) out += fmt::format("-{}\n", old_lines[i]);
    if (i < m) out += fmt::format("+{}\n", new_lines[i]);
    return out;
  }
  // common[i][j]: length of the longest common subsequence of old[i..] and new[j..].
  std::vector<std::uint32_t> common((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return common[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = old_lines[i] == new_lines[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  struct Edit {
    char kind;  // ' ', '-', '+'
    std::size_t old_line;
    std::size_t new_line;
  };
  std::vector<Edit> edits;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && old_lines[i] == new_lines[j]) {
      edits.push_back({' ', i++, j++});
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      edits.push_back({'-', i++, j});
    } else {
      edits.push_back({'+', i, j++});
    }
  }
  std::size_t shown = 0;
  std::size_t changed = 0;
  for (std::size_t k = 0; k < edits.size();) {
    if (edits[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kDiffContext lines before this change to kDiffContext after the last
    // change that is at most 2 * kDiffContext unchanged lines further on.
    const std::size_t begin = k >= kDiffContext ? k - kDiffContext : 0;
    std::size_t end = k;
    std::size_t unchanged = 0;
    for (std::size_t e = k; e < edits.size(); ++e) {
      if (edits[e].kind == ' ') {
        if (++unchanged > 2 * kDiffContext) break;
      } else {
        unchanged = 0;
        end = e + 1;
      }
    }
    const std::size_t stop = std::min(edits.size(), end + kDiffContext);
    std::size_t old_count = 0;
    std::size_t new_count = 0;
    std::size_t hunk_changes = 0;
    for (std::size_t e = begin; e < stop; ++e) {
      old_count += edits[e].kind != '+' ? 1 : 0;
      new_count += edits[e].kind != '-' ? 1 : 0;
      hunk_changes += edits[e].kind != ' ' ? 1 : 0;
    }
    changed += hunk_changes;
    if (shown < kDiffLinesShown) {
      // Whole hunks, until the budget is spent.
      shown += hunk_changes;
      out += fmt::format("@@ -{},{} +{},{} @@\n", edits[begin].old_line + 1, old_count, edits[begin].new_line + 1,
                         new_count);
      for (std::size_t e = begin; e < stop; ++e) {
        const Edit& edit = edits[e];
        out += fmt::format("{}{}\n", edit.kind, edit.kind == '+' ? new_lines[edit.new_line] : old_lines[edit.old_line]);
      }
    }
    k = stop;
  }
  if (changed > shown) out += fmt::format("... and {} more changed lines\n", changed - shown);
  return out;
}

// The compiled meaning of `text` read as the file `path` (imports from disk), or
// nothing when it does not compile on its own.
std::optional<std::string> meaning(const std::string& path, const std::string& text) {
  dsl::SourceSet sources;
  sources.add(path, text);
  dsl::DiagnosticSink sink;
  const dsl::FileReader reader = read_imported_file;
  const std::vector<dsl::RuleFile> files = dsl::parse_with_imports(sources, reader, sink);
  if (sink.has_errors()) return std::nullopt;
  const auto program = compiler::compile(sources, files, sink);
  if (!program || sink.has_errors()) return std::nullopt;
  return runtime::dump_program(*program);
}

enum class Mode : std::uint8_t { rewrite, check, print };

}  // namespace

int command_fmt(const std::vector<std::string>& args, Output& output) {
  if (wants_help(args)) {
    output.out += kFmtHelp;
    return kExitOk;
  }
  Mode mode = Mode::rewrite;
  std::vector<std::string> files;
  for (const auto& arg : args) {
    if (arg == "--check") {
      if (mode == Mode::print) throw Usage{"fmt: --check and --stdout cannot be combined"};
      mode = Mode::check;
    } else if (arg == "--stdout") {
      if (mode == Mode::check) throw Usage{"fmt: --check and --stdout cannot be combined"};
      mode = Mode::print;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Usage{fmt::format("fmt: unknown option `{}`", arg)};
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) throw Usage{"fmt: no rule files given"};
  if (std::find(files.begin(), files.end(), "-") != files.end()) {
    if (files.size() > 1) throw Usage{"fmt: `-` (standard input) cannot be combined with files"};
    if (mode == Mode::rewrite) mode = Mode::print;
  }

  int status = kExitOk;
  std::vector<std::string> unformatted;
  for (const auto& file : files) {
    std::string text;
    std::string path = file;
    if (file == "-") {
      path = "<stdin>";
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (!read_file(file, text, output)) {
      return kExitUsage;
    }
    dsl::SourceSet sources;
    const std::uint32_t id = sources.add(path, text);
    dsl::DiagnosticSink sink;
    const std::optional<std::string> formatted = dsl::format(sources, id, sink);
    if (!formatted) {
      for (const auto& diagnostic : sink.sorted()) output.err += dsl::render(diagnostic, sources);
      output.err += fmt::format("statuskey: `{}` has syntax errors and was not formatted\n", path);
      status = kExitErrors;
      continue;
    }
    if (*formatted != text && file != "-") {
      // The proof that only the layout changed: the same compiled program.
      if (const auto before = meaning(file, text)) {
        if (meaning(file, *formatted) != before) {
          throw std::logic_error(fmt::format("formatting `{}` would change its meaning; it was left as it is", file));
        }
      }
    }
    switch (mode) {
      case Mode::print:
        output.out += *formatted;
        break;
      case Mode::check:
        if (*formatted != text) {
          unformatted.push_back(file);
          output.out += line_diff(file, text, *formatted);
          status = kExitErrors;
        }
        break;
      case Mode::rewrite:
        if (*formatted != text) {
          if (!write_output(file, *formatted, true, output)) return kExitUsage;
          output.out += fmt::format("formatted {}\n", file);
        }
        break;
    }
  }
  if (mode == Mode::check && !unformatted.empty()) {
    output.err += fmt::format("{} file{} not in the canonical layout: {}; run `statuskey fmt` on {}\n",
                              unformatted.size(), unformatted.size() == 1 ? " is" : "s are",
                              fmt::join(unformatted, ", "), unformatted.size() == 1 ? "it" : "them");
  }
  return status;
}

}  // namespace cli
