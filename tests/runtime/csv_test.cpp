// CSV reading and escaping. Each record is shown as `line [fields]` plus its error, so
// the expected table reads like the input.
#include "runtime/csv.hpp"
#include "runtime/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string describe(std::size_t line, const std::vector<std::string>& fields,
                     std::string_view error) {
  std::string text = fmt::format("{} [{}]", line, fmt::join(fields, "|"));
  if (!error.empty()) {
    text += fmt::format(" error: {}", error);
  }
  return text;
}

std::vector<std::string> describe_records(const runtime::CsvTable& table) {
  std::vector<std::string> described;
  for (const runtime::CsvRecord& record : table.records) {
    described.push_back(describe(record.line, record.fields, record.error));
  }
  return described;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(reads_records_with_their_lines) {
  struct Row {
    std::string_view name;
    std::string_view input;
    std::string header;  // fields joined by '|'
    std::vector<std::string> records;
    std::string table_error;
  };
  const Row rows[] = {
      {"lf", "a,b\n1,2\n3,4\n", "a|b", {"2 [1|2]", "3 [3|4]"}, ""},
      {"crlf, no final newline", "a,b\r\n1,2\r\n3,4", "a|b", {"2 [1|2]", "3 [3|4]"}, ""},
      {"lone cr ends a line", "a,b\r1,2\r", "a|b", {"2 [1|2]"}, ""},
      {"bom removed", "\xEF\xBB\xBFindicator,actual\nx,5\n", "indicator|actual", {"2 [x|5]"},
       ""},
      {"empty lines skipped but counted", "\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n", "a|b",
       {"5 [1|2]", "8 [3|4]"}, ""},
      {"empty fields kept", "a,b,c\n,,\n1,,\n", "a|b|c", {"2 [||]", "3 [1||]"}, ""},
      {"whitespace is data", "a\n  \n", "a", {"2 [  ]"}, ""},
      {"quoted comma", "a,b\n\"1,406,685\",2\n", "a|b", {"2 [1,406,685|2]"}, ""},
      {"doubled quote", "a\n\"say \"\"hi\"\"\"\n", "a", {"2 [say \"hi\"]"}, ""},
      {"empty quoted field", "a,b\n\"\",x\n", "a|b", {"2 [|x]"}, ""},
      {"newline inside quotes counts lines", "a,b\n\"two\nlines\",x\n3,4\n", "a|b",
       {"2 [two\nlines|x]", "4 [3|4]"}, ""},
      {"crlf inside quotes kept", "a\n\"x\r\ny\"\nz\n", "a", {"2 [x\r\ny]", "4 [z]"}, ""},
      {"lone cr inside quotes counts a line", "a\n\"x\r\"\n\"\ry\r\"\nz\n", "a", {"2 [x\r]", "4 [\ry\r]", "7 [z]"}, ""},
      {"quote inside unquoted field is text", "a,b\n5\" tall,2\n", "a|b", {"2 [5\" tall|2]"},
       ""},
      {"text after closing quote kept", "a\n\"ab\"c\n", "a", {"2 [abc]"}, ""},
      {"quoted header", "\"Indicator, name\",\"Target\"\n", "Indicator, name|Target", {}, ""},
      {"unterminated quote takes the rest", "a,b\n1,2\n3,\"oops\n4,5\n", "a|b",
       {"2 [1|2]", "3 [3|oops\n4,5\n] error: unterminated quoted field"}, ""},
      {"unterminated quote in header", "\"a,b\n1,2\n", "a,b\n1,2\n", {},
       "the header row has an unterminated quoted field"},
      {"empty input", "", "", {}, "there is no header row; the file is empty"},
      {"only blank lines", "\r\n\n\r\n", "", {}, "there is no header row; the file is empty"},
      {"only a bom", "\xEF\xBB\xBF", "", {}, "there is no header row; the file is empty"},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT(row.name) {
      const runtime::CsvTable table = runtime::read_csv(row.input);
      BOOST_TEST(fmt::format("{}", fmt::join(table.header, "|")) == row.header);
      BOOST_TEST(describe_records(table) == row.records, boost::test_tools::per_element());
      BOOST_TEST(table.error == row.table_error);
    }
  }
}

// read_csv takes plain records from CsvScanner's views; every text must give what reading
// byte by byte gives: every string of up to six characters over an alphabet of the bytes
// that matter, and fields on either side of the size limit.
BOOST_AUTO_TEST_CASE(scanned_records_match_reading_in_full) {
  const auto same = [](std::string_view text) {
    const runtime::CsvTable fast = runtime::read_csv(text);
    const runtime::CsvTable full = runtime::read_csv_in_full(text);
    const auto shown = [](const runtime::CsvTable& table) {
      std::vector<std::string> lines = describe_records(table);
      for (std::size_t i = 0; i < table.records.size(); ++i) lines[i] += fmt::format(" @{}", table.records[i].error_field);
      lines.push_back(fmt::format("header [{}] {}", fmt::join(table.header, "|"), table.error));
      return lines;
    };
    return shown(fast) == shown(full);
  };
  constexpr std::string_view kAlphabet("a,\"\n\r\0\xE9\xC3", 8);
  std::vector<std::string> level = {"h\n"};
  std::size_t checked = 0;
  std::size_t differing = 0;
  for (int length = 1; length <= 6; ++length) {
    std::vector<std::string> next;
    for (const auto& prefix : level) {
      for (const char c : kAlphabet) next.push_back(prefix + c);
    }
    for (const auto& text : next) {
      ++checked;
      if (!same(text)) {
        if (++differing <= 5) BOOST_TEST_MESSAGE("differs: " << fmt::format("{:?}", text));
      }
    }
    level = std::move(next);
  }
  BOOST_TEST(differing == 0U);
  BOOST_TEST(checked == 299'592U);  // 8 + 8^2 + ... + 8^6
  // Fields long enough for the scanner's blocks: one or two of the alphabet's other bytes
  // at every place of a field of 'a's, alone on its line and after a first field.
  std::size_t long_differing = 0;
  const auto check_long = [&](const std::string& field) {
    for (const std::string& text : {"h\n" + field + "\n", "h\nx," + field + ",y\nz\n"}) {
      if (!same(text) && ++long_differing <= 5) BOOST_TEST_MESSAGE("differs: " << fmt::format("{:?}", text));
    }
  };
  std::vector<std::size_t> lengths;  // about the scanner's word and block (64 bytes) sizes
  for (std::size_t length = 1; length <= 24; ++length) lengths.push_back(length);
  for (std::size_t length = 60; length <= 70; ++length) lengths.push_back(length);
  for (std::size_t length = 125; length <= 132; ++length) lengths.push_back(length);
  for (const std::size_t length : lengths) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const char c : kAlphabet.substr(1)) {
        std::string field(length, 'a');
        field[at] = c;
        check_long(field);
      }
    }
  }
  for (std::size_t first = 0; first < 20; ++first) {
    for (std::size_t second = first + 1; second < 20; ++second) {
      for (const char c : kAlphabet.substr(1)) {
        for (const char d : kAlphabet.substr(1)) {
          std::string field(20, 'a');
          field[first] = c;
          field[second] = d;
          check_long(field);
        }
      }
    }
  }
  // Many short fields in one record that spans blocks, one byte of the alphabet at every
  // place of it.
  std::string fields;
  for (int i = 0; fields.size() < 150; ++i) fields += i % 3 == 0 ? "ab," : "c,";
  for (std::size_t at = 0; at < fields.size(); ++at) {
    for (const char c : kAlphabet.substr(1)) {
      std::string record = fields;
      record[at] = c;
      if (!same("h\n" + record + "\nz\n") && ++long_differing <= 5) {
        BOOST_TEST_MESSAGE("differs: " << fmt::format("{:?}", record));
      }
    }
  }
  BOOST_TEST(long_differing == 0U);
  for (const std::size_t size : {runtime::kMaxCsvFieldBytes - 2, runtime::kMaxCsvFieldBytes - 1,
                                 runtime::kMaxCsvFieldBytes, runtime::kMaxCsvFieldBytes + 1}) {
    const std::string field(size, 'x');
    for (const std::string& text : {"h\n" + field + "\n1\n", "h\n\"" + field + "\",2\n", "h\n1," + field,
                                    "h,i\n" + field.substr(0, size / 2) + "," + field.substr(size / 2) + "\n"}) {
      BOOST_TEST_CONTEXT("size " << size << ", text of " << text.size() << " bytes") { BOOST_TEST(same(text)); }
    }
  }
}

// read_csv_in_place gives the records read_csv_records gives (line, fields, error and the
// field at fault), plain ones as views: every string of up to five characters over the
// alphabet above, after a first line number other than 1, and a few longer texts.
BOOST_AUTO_TEST_CASE(records_read_in_place_are_the_records_read) {
  const auto shown = [](const runtime::CsvRecord& record) {
    std::vector<std::string> fields(record.fields.begin(), record.fields.end());
    if (!record.views.empty()) {
      BOOST_TEST(record.fields.empty());
      fields.assign(record.views.begin(), record.views.end());
    }
    return fmt::format("{}: [{}] {} @{} ({} fields)", record.line, fmt::join(fields, "|"), record.error,
                       record.error_field, record.field_count());
  };
  std::size_t differing = 0;
  std::size_t in_place = 0;
  const auto check = [&](const std::string& text) {
    const std::vector<runtime::CsvRecord> copied = runtime::read_csv_records(text, 7);
    const runtime::CsvTable viewed = runtime::read_csv_in_place(text, 7);
    bool same = copied.size() == viewed.records.size();
    for (std::size_t i = 0; same && i < copied.size(); ++i) {
      same = shown(copied[i]) == shown(viewed.records[i]);
      in_place += viewed.records[i].views.empty() ? 0 : 1;
    }
    if (!same && ++differing <= 5) BOOST_TEST_MESSAGE("differs: " << fmt::format("{:?}", text));
  };
  constexpr std::string_view kAlphabet("a,\"\n\r\0\xE9\xC3", 8);
  std::vector<std::string> level = {""};
  for (int length = 1; length <= 5; ++length) {
    std::vector<std::string> next;
    for (const auto& prefix : level) {
      for (const char c : kAlphabet) next.push_back(prefix + c);
    }
    for (const auto& text : next) check(text);
    level = std::move(next);
  }
  for (const std::string& text : {std::string("X1,2022-01,\"4,698\",,\nX2,2022-02,\"a \"\"b\"\"\",c\r\nshort\n\n"),
                                 "caf\xC3\xA9,\"two\nlines\",x\rbad \xFF byte,y\n" + std::string(70000, 'z') + ",q\n"}) {
    check(text);
  }
  BOOST_TEST(differing == 0U);
  BOOST_TEST(in_place > 9'000U);  // most records are read in place
}

BOOST_AUTO_TEST_CASE(counts_line_ends_as_the_reader_does) {
  struct Row {
    std::string_view input;
    std::size_t lines;
  };
  const Row rows[] = {
      {"", 0},         {"a", 0},        {"\n", 1},          {"\r", 1},          {"\r\n", 1},
      {"\n\r", 2},     {"\r\r\n\n", 3}, {"a\rb\r\nc\nd\r", 4}, {"ab\r\n\r\ncd", 2}, {"\rx\r", 2},
  };
  for (std::size_t index = 0; index < std::size(rows); ++index) {
    BOOST_TEST_CONTEXT("row " << index + 1) { BOOST_TEST(runtime::csv_line_ends(rows[index].input) == rows[index].lines); }
  }
}

BOOST_AUTO_TEST_CASE(header_field_count_is_kept) {
  const runtime::CsvTable table = runtime::read_csv("a,b,\n");
  BOOST_TEST(table.header.size() == 3U);
}

BOOST_AUTO_TEST_CASE(escapes_only_when_needed) {
  struct Row {
    std::string_view field;
    std::string_view expected;
  };
  const Row rows[] = {
      {"", ""},
      {"plain", "plain"},
      {"82.62%", "82.62%"},
      {" spaced ", " spaced "},
      {"1,406,685", "\"1,406,685\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"carriage\rreturn", "\"carriage\rreturn\""},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT("field `" << row.field << "`") {
      BOOST_TEST(runtime::csv_escape(row.field) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(json_escapes_quotes_backslashes_and_control_characters) {
  struct Row {
    std::string_view text;
    std::string_view expected;
  };
  const Row rows[] = {
      {"", ""},
      {"plain, 82.62%", "plain, 82.62%"},
      {"say \"hi\"", "say \\\"hi\\\""},
      {"a\\b", "a\\\\b"},
      {"two\nlines\r\n\tend", "two\\nlines\\r\\n\\tend"},
      {std::string_view("\0\x01\x1f", 3), "\\u0000\\u0001\\u001f"},
      {"\x7f \xE2\x86\x91G", "\x7f \xE2\x86\x91G"},  // DEL and UTF-8 as they are
      {"\"", "\\\""},
  };
  for (const Row& row : rows) {
    BOOST_TEST_CONTEXT("text `" << row.text << "`") {
      BOOST_TEST(runtime::json_escape(row.text) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(escaped_fields_read_back) {
  const std::vector<std::string> fields = {"a,b", "say \"hi\"", "two\nlines", "", "plain"};
  std::string text = "h1,h2,h3,h4,h5\n";
  for (std::size_t index = 0; index < fields.size(); ++index) {
    text += (index == 0 ? "" : ",") + runtime::csv_escape(fields[index]);
  }
  const runtime::CsvTable table = runtime::read_csv(text);
  BOOST_TEST_REQUIRE(table.records.size() == 1U);
  BOOST_TEST(table.records[0].fields == fields, boost::test_tools::per_element());
  BOOST_TEST(table.records[0].error.empty());
}

// write_csv quotes fields as csv_escape does, whatever the length of the field and
// wherever the character that needs quotes is (it looks at eight bytes at a time).
BOOST_AUTO_TEST_CASE(written_rows_quote_as_csv_escape) {
  const runtime::OutputInfo info{"0.0", "fp", "Council"};
  for (std::size_t length = 0; length <= 20; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const char special : {',', '"', '\r', '\n', 'x', '\x80'}) {
        std::string field(length, 'a');
        if (at < length) field[at] = special;
        runtime::Results results;
        results.rows.emplace_back();
        results.rows.back().explanation = field;
        const std::string written = runtime::write_csv(results, info);
        BOOST_TEST_CONTEXT("length " << length << ", character " << static_cast<int>(special) << " at " << at) {
          BOOST_TEST(written.find("," + runtime::csv_escape(field) + ",") != std::string::npos);
        }
      }
    }
  }
}

// append_csv_row writes each row as csv_escape and ',' would, in every column: fields of
// every length up to three chunks of sixteen bytes, with characters that need quotes (and
// some that do not) at every place, once or twice, in strings that hold commas past the
// field's end (so that nothing past the end is read as part of the field).
BOOST_AUTO_TEST_CASE(csv_rows_are_fields_as_csv_escape_writes_them) {
  using Row = runtime::RowResult;
  constexpr std::array columns = {&Row::indicator,
                                  &Row::period,
                                  &Row::section,
                                  &Row::actual,
                                  &Row::target,
                                  &Row::status,
                                  &Row::symbol,
                                  &Row::colour,
                                  &Row::direction,
                                  &Row::computed_status,
                                  &Row::computed_direction,
                                  &Row::override_reason,
                                  &Row::explanation,
                                  &Row::rule,
                                  &Row::direction_rule,
                                  &Row::error};  // the output's order
  std::vector<std::string> fields;
  for (std::size_t length = 0; length <= 48; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const char special : {',', '"', '\r', '\n', 'x', '\x80', '\0', ' '}) {
        std::string field(length, 'a');
        if (at < length) field[at] = special;
        fields.push_back(field);
        if (at + 2 < length) {
          field[length - 1] = special;  // twice: doubled quotes, two commas
          fields.push_back(field);
        }
      }
    }
  }
  fields.push_back(std::string(100, '"'));
  fields.push_back("\"a,\"\"b\"\r\n");

  for (const std::string_view fingerprint : {std::string_view("fp"), std::string_view()}) {
    const runtime::OutputInfo info{fingerprint, "0.0", "Council"};
    runtime::Results results;
    std::string expected = runtime::csv_header();
    for (std::size_t row = 0; row < fields.size(); ++row) {
      runtime::RowResult& result = results.rows.emplace_back();
      for (std::size_t column = 0; column < columns.size(); ++column) {
        // each column sees every field, next to different neighbours
        const std::string& field = fields[(row + column * 7) % fields.size()];
        std::string& cell = result.*columns[column];
        cell.assign(field.size() + 20, ',');  // left past the field's end, where it would need quotes
        cell.assign(field);
        expected += runtime::csv_escape(field) + ",";
      }
      expected += "sha256:" + std::string(fingerprint) + "\n";
    }
    const std::string written = runtime::write_csv(results, info);
    const std::size_t difference = static_cast<std::size_t>(
        std::mismatch(written.begin(), written.end(), expected.begin(), expected.end()).first - written.begin());
    const std::size_t from = difference < 60 ? 0 : difference - 60;
    BOOST_TEST((written == expected), "first difference after `" << written.substr(from, difference - from) << "`: `"
                                                                 << written.substr(difference, 10) << "` is written, `"
                                                                 << expected.substr(difference, 10) << "` expected");
  }
}

BOOST_AUTO_TEST_SUITE_END()
