// The rule set as the "Key to status" page a council prints: keys, schemes, direction
// blocks and indicators in plain English. Generated only from the compiled program, so the
// page cannot disagree with what is evaluated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/program.hpp"

namespace runtime {

enum class DocumentFormat : std::uint8_t { markdown, html };

// A Markdown document, or a complete self-contained HTML page (lang en-GB, inline CSS, no
// scripts or external requests). `version` is statuskey's, shown in the footer beside
// the rule set's fingerprint.
[[nodiscard]] std::string render_document(const Program& program, DocumentFormat format, std::string_view version);

}  // namespace runtime
