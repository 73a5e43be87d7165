// CSV, JSON and summary writers.
#include "runtime/writers.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>

#include <fmt/format.h>

#include "runtime/csv.hpp"

namespace runtime {
namespace {

// The output columns, in order, each with the RowResult member it shows.
struct Column {
  std::string_view name;
  std::string RowResult::*member;
};

constexpr std::array kColumns = {
    Column{"indicator", &RowResult::indicator},
    Column{"period", &RowResult::period},
    Column{"section", &RowResult::section},
    Column{"actual", &RowResult::actual},
    Column{"target", &RowResult::target},
    Column{"status", &RowResult::status},
    Column{"symbol", &RowResult::symbol},
    Column{"colour", &RowResult::colour},
    Column{"direction", &RowResult::direction},
    Column{"computed_status", &RowResult::computed_status},
    Column{"computed_direction", &RowResult::computed_direction},
    Column{"override_reason", &RowResult::override_reason},
    Column{"explanation", &RowResult::explanation},
    Column{"rule", &RowResult::rule},
    Column{"direction_rule", &RowResult::direction_rule},
    Column{"error", &RowResult::error},
};

// Whether a field holds ',', '"', CR or LF: sixteen bytes at a time, then eight (a word
// has a byte equal to c when word ^ c...c has a zero byte, which (x - 0x01...) & ~x &
// 0x80... detects exactly), stopping at the first block that has one.
bool needs_quotes(std::string_view field) {
  constexpr std::uint64_t kOnes = 0x0101'0101'0101'0101ULL;
  constexpr std::uint64_t kHighs = 0x8080'8080'8080'8080ULL;
  const auto has = [](std::uint64_t word, unsigned char c) {
    const std::uint64_t x = word ^ (kOnes * c);
    return ((x - kOnes) & ~x & kHighs) != 0;
  };
  std::size_t at = 0;
  // Sixteen bytes at a time with the compiler's vector types (SSE2 on x86-64): each
  // comparison gives -1 in the bytes equal to its character.
  using Bytes = char __attribute__((vector_size(16)));
  for (; at + 16 <= field.size(); at += 16) {
    Bytes bytes;
    std::memcpy(&bytes, field.data() + at, sizeof bytes);
    const Bytes found = (bytes == ',') | (bytes == '"') | (bytes == '\r') | (bytes == '\n');
    std::array<std::uint64_t, 2> halves{};
    std::memcpy(halves.data(), &found, sizeof found);
    if ((halves[0] | halves[1]) != 0) return true;
  }
  for (; at + 8 <= field.size(); at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, field.data() + at, sizeof word);
    if (has(word, ',') || has(word, '"') || has(word, '\r') || has(word, '\n')) return true;
  }
  for (; at < field.size(); ++at) {
    const char c = field[at];
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}


}  // namespace

// Without building a string per field.
void append_csv_field(std::string& out, std::string_view field) {
  if (!needs_quotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (;;) {  // each run up to a quote in one piece, the quote doubled
    const std::size_t quote = field.find('"');
    if (quote == std::string_view::npos) break;
    out.append(field.substr(0, quote + 1));
    out.push_back('"');
    field.remove_prefix(quote + 1);
  }
  out.append(field);
  out.push_back('"');
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_escaped(out, text);
  return out;
}

void append_json_escaped(std::string& out, std::string_view text) {
  for (;;) {  // each run of plain bytes in one piece
    std::size_t plain = 0;
    while (plain < text.size() && text[plain] != '"' && text[plain] != '\\' &&
           static_cast<unsigned char>(text[plain]) >= 0x20U) {
      ++plain;
    }
    out.append(text.substr(0, plain));
    if (plain == text.size()) return;
    const char c = text[plain];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
    }
    text.remove_prefix(plain + 1);
  }
}

std::string csv_header() {
  std::string out;
  for (const auto& column : kColumns) fmt::format_to(std::back_inserter(out), "{},", column.name);
  out += "fingerprint\n";
  return out;
}

void append_csv_row(std::string& out, const RowResult& row, const OutputInfo& info) {
  for (const auto& column : kColumns) {
    append_csv_field(out, row.*column.member);
    out.push_back(',');
  }
  out += "sha256:";
  out += info.fingerprint;
  out.push_back('\n');
}

std::string write_csv(const Results& results, const OutputInfo& info) {
  std::string out = csv_header();
  for (const auto& row : results.rows) append_csv_row(out, row, info);
  return out;
}

void RowCounts::count(const RowResult& row) {
  ++rows;
  overrides += row.overrides;
  if (row.error.empty()) {
    ++status_counts[row.status];
  } else {
    ++error_rows;
  }
}

RowCounts& RowCounts::operator-=(const RowCounts& other) {
  rows -= other.rows;
  error_rows -= other.error_rows;
  overrides -= other.overrides;
  for (const auto& [status, count] : other.status_counts) {
    const auto found = status_counts.find(status);
    if (found != status_counts.end() && (found->second -= count) == 0) status_counts.erase(found);
  }
  return *this;
}

RowCounts& RowCounts::operator+=(const RowCounts& other) {
  rows += other.rows;
  error_rows += other.error_rows;
  overrides += other.overrides;
  for (const auto& [status, count] : other.status_counts) status_counts[status] += count;
  return *this;
}

std::string json_opening(const OutputInfo& info) {
  std::string out = "{\n  \"statuskey_version\": \"";
  append_json_escaped(out, info.version);
  out += "\",\n  \"fingerprint\": \"sha256:";
  out += info.fingerprint;
  out += "\",\n  \"council\": \"";
  append_json_escaped(out, info.council);
  out += "\",\n  \"rows\": [";
  return out;
}

void append_json_row(std::string& out, const RowResult& row) {
  out += "\n    {\"line\": ";
  fmt::format_to(std::back_inserter(out), "{}", row.line);
  for (const auto& column : kColumns) {
    out += ", \"";
    out += column.name;
    out += "\": \"";
    append_json_escaped(out, row.*column.member);
    out.push_back('"');
  }
  out.push_back('}');
}

std::string json_closing(const RowCounts& counts) {
  std::string out = fmt::format("\n  ],\n  \"summary\": {{\n    \"rows\": {},\n    \"evaluated\": {},\n"
                                "    \"error_rows\": {},\n    \"overrides\": {},\n    \"statuses\": {{",
                                counts.rows, counts.rows - counts.error_rows, counts.error_rows, counts.overrides);
  bool first = true;
  for (const auto& [status, count] : counts.status_counts) {
    out += first ? "\"" : ", \"";
    append_json_escaped(out, status);
    fmt::format_to(std::back_inserter(out), "\": {}", count);
    first = false;
  }
  out += "}\n  }\n}\n";
  return out;
}

// The summary from the evaluation's own counts (the streaming path counts rows instead).
std::string write_json(const Results& results, const OutputInfo& info) {
  std::string out = json_opening(info);
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_row(out, results.rows[i]);
  }
  const RowCounts counts{results.rows.size(), results.error_rows, results.overrides, results.status_counts};
  out += json_closing(counts);
  return out;
}

std::string write_summary(const Results& results) {
  std::string out = fmt::format("rows read {} = evaluated {} + error rows {}", results.rows.size(),
                                results.rows.size() - results.error_rows, results.error_rows);
  if (results.overrides > 0) fmt::format_to(std::back_inserter(out), "; {} overridden", results.overrides);
  out += "\n";
  for (const auto& [status, count] : results.status_counts) {
    fmt::format_to(std::back_inserter(out), "  {:<14} {}\n", status, count);
  }
  return out;
}

}  // namespace runtime
