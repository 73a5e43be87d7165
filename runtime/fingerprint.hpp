// The rule set's fingerprint: SHA-256 (OpenSSL libcrypto) over the rule files' bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace runtime {

// Hex SHA-256 of the files in the given order, each preceded by its length so that
// moving bytes between files changes the fingerprint.
[[nodiscard]] std::string fingerprint(const std::vector<std::string_view>& file_contents);

}  // namespace runtime
