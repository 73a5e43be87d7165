// Byte-level text helpers for decoding cells (see cell_text.hpp).
#include "runtime/cell_text.hpp"

#include <algorithm>
#include <array>

namespace runtime::cell_text {
namespace {

constexpr std::string_view kNonBreakingSpace = "\xC2\xA0";
constexpr std::string_view kEnDash = "\xE2\x80\x93";
constexpr std::string_view kEmDash = "\xE2\x80\x94";
constexpr std::array<std::string_view, 3> kFootnoteMarkers = {"*", "\xE2\x80\xA0", "\xE2\x80\xA1"};

}  // namespace

bool is_letter(char character) {
  return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), to_lower);
  return lowered;
}

std::size_t leading_space_length(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  if (text[0] == ' ' || text[0] == '\t' || text[0] == '\r' || text[0] == '\n') {
    return 1;
  }
  return text.starts_with(kNonBreakingSpace) ? kNonBreakingSpace.size() : 0;
}

std::size_t trailing_space_length(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  const char last = text.back();
  if (last == ' ' || last == '\t' || last == '\r' || last == '\n') {
    return 1;
  }
  return text.ends_with(kNonBreakingSpace) ? kNonBreakingSpace.size() : 0;
}

std::string_view trim_start(std::string_view text) {
  while (const std::size_t length = leading_space_length(text)) {
    text.remove_prefix(length);
  }
  return text;
}

std::string_view trim_end(std::string_view text) {
  while (const std::size_t length = trailing_space_length(text)) {
    text.remove_suffix(length);
  }
  return text;
}

std::string_view trim(std::string_view text) { return trim_end(trim_start(text)); }

std::size_t leading_dash_length(std::string_view text) {
  if (text.starts_with('-')) {
    return 1;
  }
  if (text.starts_with(kEnDash) || text.starts_with(kEmDash)) {
    return kEnDash.size();
  }
  return 0;
}

std::string comparison_key(std::string_view text, char dash) {
  std::string key;
  bool pending_space = false;
  while (!text.empty()) {
    if (const std::size_t length = leading_space_length(text)) {
      pending_space = true;
      text.remove_prefix(length);
      continue;
    }
    char next = to_lower(text[0]);
    std::size_t length = 1;
    if (const std::size_t dash_length = leading_dash_length(text)) {
      next = dash;
      length = dash_length;
    }
    if (next == ' ') {
      pending_space = true;
    } else {
      if (pending_space && !key.empty()) {
        key.push_back(' ');
      }
      pending_space = false;
      key.push_back(next);
    }
    text.remove_prefix(length);
  }
  return key;
}

std::string_view strip_notes(std::string_view text) {
  for (;;) {
    text = trim_end(text);
    if (text.ends_with(')')) {
      int depth = 0;
      std::size_t open = text.size();
      while (open > 0) {
        --open;
        depth += text[open] == ')' ? 1 : (text[open] == '(' ? -1 : 0);
        if (depth == 0) {
          break;
        }
      }
      if (depth != 0) {
        return text;  // unbalanced: left for the number parser to reject
      }
      text = text.substr(0, open);
      continue;
    }
    const auto marker = std::find_if(kFootnoteMarkers.begin(), kFootnoteMarkers.end(),
                                     [&](std::string_view m) { return text.ends_with(m); });
    if (marker == kFootnoteMarkers.end()) {
      return text;
    }
    text.remove_suffix(marker->size());
  }
}

std::string_view leading_word(std::string_view text) {
  std::size_t length = 0;
  while (length < text.size() && is_letter(text[length])) {
    ++length;
  }
  return text.substr(0, length);
}

std::optional<std::pair<std::size_t, std::size_t>> find_keyword(std::string_view text,
                                                                 std::string_view keyword) {
  const std::string lowered = lower_case(text);
  for (std::size_t at = lowered.find(keyword); at != std::string::npos;
       at = lowered.find(keyword, at + 1)) {
    const std::size_t end = at + keyword.size();
    if (trailing_space_length(text.substr(0, at)) > 0 &&
        leading_space_length(text.substr(end)) > 0) {
      return std::pair{at, keyword.size()};
    }
  }
  return std::nullopt;
}

}  // namespace runtime::cell_text
