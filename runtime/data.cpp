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

}  // namespace

std::string_view field_name(Field field) { return kFieldNames.at(static_cast<std::size_t>(field)); }

std::string_view DataTable::cell(const CsvRecord& record, Field field) const {
  const auto& index = column[static_cast<std::size_t>(field)];
  if (!index || *index >= record.fields.size()) return {};
  return record.fields[*index];
}

DataTable read_data(std::string path, std::string_view text) {
  DataTable table;
  table.path = std::move(path);
  table.csv = read_csv(text);
  if (!table.csv.error.empty()) {
    table.error = table.csv.error;
    return table;
  }
  for (std::size_t i = 0; i < table.csv.header.size(); ++i) {
    const std::string name = normalise_header(table.csv.header[i]);
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
  for (const Field required : {Field::indicator, Field::period, Field::actual}) {
    if (!table.has(required)) {
      table.error = fmt::format("the header has no `{}` column; the required columns are indicator, period and actual",
                                field_name(required));
      return table;
    }
  }
  return table;
}

}  // namespace runtime
