// Rule sets that span files: parsing the files given and every file they import,
// each once, with import cycles and missing files reported as diagnostics.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"

namespace dsl {

// Reads a file; on failure returns nothing and sets `error` to the reason.
using FileReader = std::function<std::optional<std::string>(const std::string& path, std::string& error)>;

// Parses every file already in `sources` (the roots), then, depth first and in the order
// written, every file they import (paths relative to the importing file), adding each to
// `sources` once. Returns the parsed files indexed like `sources`: roots first, then
// imports in the order they were found, a stable order for fingerprints.
[[nodiscard]] std::vector<RuleFile> parse_with_imports(SourceSet& sources, const FileReader& read,
                                                       DiagnosticSink& sink);

}  // namespace dsl
