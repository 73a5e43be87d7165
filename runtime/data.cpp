// Header mapping for data files.
#include "runtime/data.hpp"

#include <cctype>

#include <fmt/format.h>

namespace runtime {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
#define X(id, name) name,
#include "runtime/fields.def"
};

std::string normalise_header(std::string_view header) {
  std::string result;
  for (const char c : header) {
    if (c == ' ' || c == '-') {
      if (!result.empty() && result.back() != '_') result.push_back('_');
    } else {
      result.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  while (!result.empty() && result.back() == '_') result.pop_back();
  return result;
}

// "Ref No." and " ref no. " are the same header.
std::string fold_header(std::string_view header) {
  std::string result;
  for (const char c : header) {
    if (c == ' ' || c == '\t') {
      if (!result.empty() && result.back() != ' ') result.push_back(' ');
    } else {
      result.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  while (!result.empty() && result.back() == ' ') result.pop_back();
  return result;
}

}  // namespace

std::string_view field_name(Field field) { return kFieldNames.at(static_cast<std::size_t>(field)); }

std::optional<Field> field_by_name(std::string_view name) {
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (kFieldNames[f] == name) return static_cast<Field>(f);
  }
  return std::nullopt;
}

namespace {

// The field name a header stands for: the rule file's mapping first, else the header
// itself, normalised.
std::string header_field(std::string_view header, const ColumnMapping& mapping) {
  const std::string folded = fold_header(header);
  for (const auto& [written, field] : mapping.headers) {
    if (fold_header(written) == folded) return field;
  }
  return normalise_header(header);
}

}  // namespace

DataTable read_data(std::string path, std::string_view text, const ColumnMapping& mapping) {
  DataTable table;
  table.path = std::move(path);
  table.csv = read_csv(text);
  if (!table.csv.error.empty()) {
    table.error = table.csv.error;
    return table;
  }
  for (std::size_t i = 0; i < table.csv.header.size(); ++i) {
    const std::string name = header_field(table.csv.header[i], mapping);
    bool known = false;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (kFieldNames[f] != name) continue;
      known = true;
      if (table.column[f]) {
        table.error = fmt::format("columns {} and {} are both `{}`; keep one", *table.column[f] + 1, i + 1, name);
        return table;
      }
      table.column[f] = i;
    }
    if (!known) table.unknown_columns.push_back(table.csv.header[i]);
  }
  table.fixed_period = mapping.period;
  for (const Field required : {Field::indicator, Field::period, Field::actual}) {
    if (required == Field::period && !table.fixed_period.empty()) continue;
    // Statuses set by hand (a `status` column) need no figures.
    if (required == Field::actual && table.has(Field::status)) continue;
    if (!table.has(required)) {
      for (const auto& [written, field] : mapping.headers) {
        if (field != field_name(required)) continue;
        table.error = fmt::format("the header has no column \"{}\", which the rule file's `columns` maps to `{}`; "
                                  "check the header against the mapping",
                                  written, field);
        return table;
      }
      table.error = fmt::format("the header has no `{}` column; the required columns are indicator, period and actual "
                                "(or status, for statuses set by hand)",
                                field_name(required));
      return table;
    }
  }
  return table;
}

}  // namespace runtime
