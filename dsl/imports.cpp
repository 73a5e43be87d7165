// Import resolution by depth-first search; the stack of files being loaded finds cycles.
#include "dsl/imports.hpp"

#include <filesystem>
#include <map>

#include "dsl/parser.hpp"

namespace dsl {
namespace {

namespace fs = std::filesystem;

// The identity of a file: its canonical path where it exists, else its normal path.
std::string identity(const std::string& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), error);
  return error ? fs::path(path).lexically_normal().string() : canonical.string();
}

class Loader {
 public:
  Loader(SourceSet& sources, const FileReader& read, DiagnosticSink& sink)
      : sources_(sources), read_(read), sink_(sink) {}

  std::vector<RuleFile> run() {
    const std::size_t roots = sources_.size();
    for (std::uint32_t i = 0; i < roots; ++i) loaded_.emplace(identity(sources_.file(i).path()), i);
    for (std::uint32_t i = 0; i < roots; ++i) visit(i);
    std::vector<RuleFile> ordered(files_.size());
    for (auto& [id, file] : files_) ordered[id] = std::move(file);
    return ordered;
  }

 private:
  void visit(std::uint32_t id) {
    if (files_.count(id) != 0) return;
    files_.emplace(id, parse(sources_, id, sink_));
    stack_.push_back(id);
    // Copy the imports: visiting may add files and so move what `files_` holds.
    std::vector<ImportDecl> imports;
    for (const auto& item : files_.at(id).items) {
      if (const auto* import = std::get_if<ImportDecl>(&item)) imports.push_back(*import);
    }
    for (const ImportDecl& import : imports) follow(id, import);
    stack_.pop_back();
  }

  void follow(std::uint32_t importer, const ImportDecl& import) {
    const fs::path written(import.path.value);
    const std::string path = written.is_absolute()
                                 ? written.lexically_normal().string()
                                 : (fs::path(sources_.file(importer).path()).parent_path() / written).lexically_normal().string();
    const std::string key = identity(path);
    if (const auto found = loaded_.find(key); found != loaded_.end()) {
      for (std::size_t depth = 0; depth < stack_.size(); ++depth) {
        if (stack_[depth] != found->second) continue;
        std::string cycle;
        for (std::size_t k = depth; k < stack_.size(); ++k) cycle += sources_.file(stack_[k]).path() + " -> ";
        cycle += sources_.file(found->second).path();
        sink_.report(DiagnosticKind::import_cycle, importer, import.path.span,
                     "import cycle: {}; a file cannot import itself, even through others, so move what both need "
                     "into a third file",
                     cycle);
        return;
      }
      return;  // already loaded through another import: load each file once
    }
    std::string error;
    auto content = read_(path, error);
    if (!content) {
      sink_.report(DiagnosticKind::import_not_found, importer, import.path.span,
                   "cannot read `{}` ({}): {}; import paths are relative to the importing file", import.path.value,
                   path, error);
      return;
    }
    const std::uint32_t id = sources_.add(path, std::move(*content));
    loaded_.emplace(key, id);
    visit(id);
  }

  SourceSet& sources_;
  const FileReader& read_;
  DiagnosticSink& sink_;
  std::map<std::string, std::uint32_t> loaded_;
  std::map<std::uint32_t, RuleFile> files_;
  std::vector<std::uint32_t> stack_;
};

}  // namespace

std::vector<RuleFile> parse_with_imports(SourceSet& sources, const FileReader& read, DiagnosticSink& sink) {
  return Loader(sources, read, sink).run();
}

}  // namespace dsl
