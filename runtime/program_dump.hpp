// A canonical text dump of a compiled program: every key, scheme, direction block,
// indicator and test with its resolved values, and nothing about where in the source
// it was written (no files, lines or fingerprint). Two rule files whose dumps are equal
// have the same meaning; `statuskey fmt` relies on this to prove it changed layout only.
#pragma once

#include <string>

#include "runtime/program.hpp"

namespace runtime {

// One line per fact, in program order. Enumerations are printed as their numbers, and
// a rule's condition text (kept for explanations) without its whitespace, so that only
// layout-independent content is compared.
[[nodiscard]] std::string dump_program(const Program& program);

}  // namespace runtime
