// CSV, JSON and summary writers.
#include "runtime/writers.hpp"

#include <algorithm>
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

// Sixteen bytes as one value of the compiler's vector extension (GCC and Clang): SSE2 on
// x86-64, plain code where there is no such unit.
using Chunk = char __attribute__((vector_size(16)));

// Whether any byte of a chunk is ',', '"', CR or LF.
bool chunk_needs_quotes(Chunk chunk) {
  const Chunk hits = (chunk == ',') | (chunk == '"') | (chunk == '\r') | (chunk == '\n');
  std::array<std::uint64_t, 2> halves{};
  std::memcpy(halves.data(), &hits, sizeof hits);
  return (halves[0] | halves[1]) != 0;
}

constexpr std::size_t kChunkSize = sizeof(Chunk);

// Two words as one chunk.
Chunk chunk_of(std::uint64_t first, std::uint64_t second) {
  const std::array<std::uint64_t, 2> halves = {first, second};
  Chunk chunk;
  std::memcpy(&chunk, halves.data(), sizeof chunk);
  return chunk;
}

// copy_unquoted_field for a field of one to two Words (a field under a chunk): its first
// and last Word, overlapping, checked as one chunk and then stored.
template <typename Word>
bool copy_two_words(char* out, const char* data, std::size_t size) {
  Word first = 0;
  Word last = 0;
  std::memcpy(&first, data, sizeof first);
  std::memcpy(&last, data + size - sizeof last, sizeof last);
  if (chunk_needs_quotes(chunk_of(first, last))) return false;
  std::memcpy(out, &first, sizeof first);
  std::memcpy(out + size - sizeof last, &last, sizeof last);
  return true;
}

// Copies a field that needs no quotes (no ',', '"', CR or LF) to `out` and returns true;
// returns false, having written part of it, for one that needs them. A chunk at a time,
// each checked and then stored; a long field ends with its last chunk, overlapping the one
// before. A field shorter than a chunk (most) is moved by two overlapping moves of 8 or 4
// bytes (1 to 3 bytes: its first, middle and last) instead of a call to memcpy, and checked
// as a chunk of those bytes, the rest zero (which never needs quotes).
bool copy_unquoted_field(char* out, std::string_view field) {
  const char* data = field.data();
  const std::size_t size = field.size();
  if (size >= kChunkSize) {
    Chunk chunk;
    for (std::size_t at = 0; at + kChunkSize < size; at += kChunkSize) {
      std::memcpy(&chunk, data + at, kChunkSize);
      if (chunk_needs_quotes(chunk)) return false;
      std::memcpy(out + at, &chunk, kChunkSize);
    }
    std::memcpy(&chunk, data + size - kChunkSize, kChunkSize);
    if (chunk_needs_quotes(chunk)) return false;
    std::memcpy(out + size - kChunkSize, &chunk, kChunkSize);
  } else if (size >= 8) {
    return copy_two_words<std::uint64_t>(out, data, size);
  } else if (size >= 4) {
    return copy_two_words<std::uint32_t>(out, data, size);
  } else if (size > 0) {
    const auto byte = [](char character) { return std::uint64_t{static_cast<unsigned char>(character)}; };
    if (chunk_needs_quotes(chunk_of(byte(data[0]) | (byte(data[size / 2]) << 8U) | (byte(data[size - 1]) << 16U), 0))) {
      return false;
    }
    out[0] = data[0];
    out[size / 2] = data[size / 2];
    out[size - 1] = data[size - 1];
  }
  return true;
}

// The length of a field that needs quotes as csv_escape() writes it.
std::size_t quoted_size(std::string_view field) {
  std::size_t size = field.size() + 2;
  for (std::size_t quote = field.find('"'); quote != std::string_view::npos; quote = field.find('"', quote + 1)) {
    ++size;
  }
  return size;
}

// Writes a field that needs quotes as csv_escape() writes it at `out`, which has room for
// it; returns its end.
char* write_quoted_field(char* out, std::string_view field) {
  *out++ = '"';
  for (;;) {  // each run up to a quote in one piece, the quote doubled
    const std::size_t quote = field.find('"');
    if (quote == std::string_view::npos) break;
    std::memcpy(out, field.data(), quote + 1);
    out += quote + 1;
    *out++ = '"';
    field.remove_prefix(quote + 1);
  }
  std::memcpy(out, field.data(), field.size());
  out += field.size();
  *out++ = '"';
  return out;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
  const std::size_t start = out.size();
  out.resize(start + field.size());
  if (copy_unquoted_field(out.data() + start, field)) return;
  out.resize(start + quoted_size(field));
  write_quoted_field(out.data() + start, field);
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

// The string grows once by the row's length as if no field needed quotes, and each field
// is copied straight into it as it is checked; a field that needs quotes (few) is then
// written again, quoted, after the string has grown by the difference.
void append_csv_row(std::string& out, const RowResult& row, const OutputInfo& info) {
  constexpr std::string_view kFingerprintPrefix = "sha256:";
  std::size_t size = kColumns.size() + kFingerprintPrefix.size() + info.fingerprint.size() + 1;
  for (const auto& column : kColumns) size += (row.*column.member).size();
  const std::size_t start = out.size();
  out.resize(start + size);
  char* at = out.data() + start;
  for (const auto& column : kColumns) {
    const std::string& field = row.*column.member;
    if (copy_unquoted_field(at, field)) {
      at += field.size();
    } else {
      const auto offset = at - out.data();
      out.resize(out.size() + quoted_size(field) - field.size());
      at = write_quoted_field(out.data() + offset, field);
    }
    *at++ = ',';
  }
  at = std::copy(kFingerprintPrefix.begin(), kFingerprintPrefix.end(), at);
  at = std::copy(info.fingerprint.begin(), info.fingerprint.end(), at);  // may be empty (no data)
  *at = '\n';
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
