// Shared command-line plumbing.
#include "cli/common.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "dsl/imports.hpp"
#include "dsl/parser.hpp"

namespace cli {

bool read_file(const std::string& path, std::string& content, Output& output) {
  std::error_code status_error;
  if (std::filesystem::is_directory(path, status_error)) {
    std::string_view folder = path;
    while (folder.size() > 1 && folder.back() == '/') folder.remove_suffix(1);
    output.err += fmt::format("statuskey: `{}` is a directory; name the files, e.g. `{}/*.sk`\n", path, folder);
    return false;
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    output.err += fmt::format("statuskey: cannot read `{}`: {}\n", path, std::error_code(errno, std::generic_category()).message());
    return false;
  }
  content.clear();
  // A regular file in one read of its size; anything else (a pipe) as it comes.
  std::error_code size_error;
  const auto size = std::filesystem::is_regular_file(path, size_error) ? std::filesystem::file_size(path, size_error)
                                                                        : std::uintmax_t{0};
  if (size > 0 && !size_error) {
    content.resize(static_cast<std::size_t>(size));
    stream.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(stream.gcount()));
    if (stream.gcount() < static_cast<std::streamsize>(size)) return true;  // shrank while read
    stream.clear();
  }
  content.append(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  return true;
}

std::optional<std::string> read_imported_file(const std::string& path, std::string& error) {
  // Only regular files: importing a directory, a FIFO or /dev/zero must not hang.
  std::error_code status_error;
  if (std::filesystem::exists(path, status_error) && !std::filesystem::is_regular_file(path, status_error)) {
    error = "not a regular file";
    return std::nullopt;
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    error = std::error_code(errno, std::generic_category()).message();
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

RuleSet load_rules(const std::vector<std::string>& paths, Output& output) {
  RuleSet rules;
  for (const auto& path : paths) {
    std::string content;
    if (!read_file(path, content, output)) {
      rules.readable = false;
      return rules;
    }
    rules.sources.add(path, std::move(content));
  }
  dsl::DiagnosticSink sink;
  const dsl::FileReader reader = read_imported_file;
  const std::vector<dsl::RuleFile> files = dsl::parse_with_imports(rules.sources, reader, sink);
  // Syntax and import errors leave declarations out of the rule set; checking names
  // against it would only repeat the same mistake as many unknown-name errors, so stop here.
  const bool incomplete = sink.count(dsl::DiagnosticKind::syntax_error) + sink.count(dsl::DiagnosticKind::invalid_utf8) +
                              sink.count(dsl::DiagnosticKind::limit_exceeded) +
                              sink.count(dsl::DiagnosticKind::import_not_found) +
                              sink.count(dsl::DiagnosticKind::import_cycle) >
                          0;
  if (!incomplete) rules.program = compiler::compile(rules.sources, files, sink);
  for (const auto& diagnostic : sink.sorted()) output.err += dsl::render(diagnostic, rules.sources);
  if (sink.error_count() > 0 || sink.warning_count() > 0) {
    output.err += fmt::format("{} error{}, {} warning{}\n", sink.error_count(), sink.error_count() == 1 ? "" : "s",
                              sink.warning_count(), sink.warning_count() == 1 ? "" : "s");
  }
  return rules;
}

bool wants_help(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

bool write_output(const std::string& path, const std::string& content, bool force, Output& output) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(path, error) && !force) {
    output.err += fmt::format("statuskey: `{}` exists; pass --force to replace it or choose another name\n", path);
    return false;
  }
  const std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream.write(content.data(), static_cast<std::streamsize>(content.size()));
    stream.close();
    if (!stream) {
      output.err += fmt::format("statuskey: cannot write `{}`\n", temporary);
      fs::remove(temporary, error);
      return false;
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    output.err += fmt::format("statuskey: cannot rename `{}` to `{}`: {}\n", temporary, path, error.message());
    fs::remove(temporary, error);
    return false;
  }
  return true;
}

}  // namespace cli
