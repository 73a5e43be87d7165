// `statuskey eval` in windows (see eval_stream.hpp).
//
// Evaluating a window on its own gives the same rows as evaluating the whole file except
// for two things that look at other rows: the check for a second row of one indicator
// and period, and `previous` derived from the indicator's row for the period before. A
// first pass over the file settles both: it finds any repeated (indicator, period), in
// which case the file is left to the whole-file path, and the keys whose actual some row
// will derive its `previous` from. A second pass (only when there are such keys) keeps
// the records that hold those actuals; each window is then evaluated with the records
// its rows need placed in front, and their results dropped.
#include "cli/eval_stream.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <future>
#include <memory>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "cli/data_windows.hpp"
#include "runtime/batch.hpp"
#include "runtime/cell.hpp"
#include "runtime/cell_text.hpp"
#include "runtime/csv.hpp"
#include "runtime/csv_position.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/period.hpp"

namespace cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// As the evaluator trims cells.
std::string_view trim(std::string_view text) {
  while (!text.empty() && runtime::cell_text::is_c_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && runtime::cell_text::is_c_space(text.back())) text.remove_suffix(1);
  return text;
}

// (indicator, period) as one 63-bit number: an interned indicator id (31 bits), the
// period kind and its ordinal.
class Keys {
 public:
  // The indicator's id, interned unless frozen (then an unknown indicator has none).
  std::optional<std::uint32_t> id(std::string_view indicator) {
    const auto found = ids_.find(indicator);
    if (found != ids_.end()) return found->second;
    if (frozen_ || ids_.size() >= (std::size_t{1} << 31U)) return std::nullopt;
    return ids_.emplace(std::string(indicator), static_cast<std::uint32_t>(ids_.size())).first->second;
  }
  // Nothing when the period's ordinal does not fit.
  static std::optional<std::uint64_t> key(std::uint32_t id, runtime::Period period) {
    const std::int64_t ordinal = std::int64_t{period.ordinal} + (std::int64_t{1} << 28);
    if (ordinal < 0 || ordinal >= (std::int64_t{1} << 29)) return std::nullopt;
    return (std::uint64_t{id} << 32U) | (static_cast<std::uint64_t>(period.kind) << 29U) |
           static_cast<std::uint64_t>(ordinal);
  }
  std::optional<std::uint64_t> key(std::string_view indicator, runtime::Period period) {
    const std::optional<std::uint32_t> found = id(indicator);
    return found ? key(*found, period) : std::nullopt;
  }
  // No more indicators are interned (an unknown one has no key): from then on key() only
  // reads, and threads may call it at once.
  void freeze() { frozen_ = true; }

 private:
  bool frozen_ = false;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

// What the first pass needs of a record: its key when it has a readable period, and the
// key of the period before when its `previous` may be derived.
struct RecordKeys {
  std::optional<std::uint64_t> own;
  std::optional<std::uint64_t> wanted;
  bool representable = true;
};

// What record_keys() reads of a record, before any key is made (any thread may read it).
struct RecordFacts {
  std::optional<runtime::Period> period;  // empty: no key (an error record, or no period)
  std::string_view indicator;
  bool wants_previous = false;  // its `previous` may be derived
  bool has_actual = false;      // a number as its actual, which a derived `previous` could take
};

// The period of the record read before when its cell is written the same: rows of one
// period usually follow each other.
class PeriodCache {
 public:
  std::optional<runtime::Period> parse(std::string_view text) {
    if (!filled_ || text != cell_) {
      cell_.assign(text);
      period_ = runtime::Period::parse(text);
      filled_ = true;
    }
    return period_;
  }

 private:
  std::string cell_;  // a copy: the cell it came from may be gone
  std::optional<runtime::Period> period_;
  bool filled_ = false;
};

// The facts of a record that is no error record: a CsvRecord, or a plain record's fields
// as views (CsvScanner). The facts view into its cells.
template <typename Record>
RecordFacts fields_facts(const runtime::DataTable& header, const Record& record, bool with_actual,
                         PeriodCache* periods = nullptr) {
  RecordFacts facts;
  const std::string_view period = trim(header.cell(record, runtime::Field::period));
  facts.period = periods != nullptr ? periods->parse(period) : runtime::Period::parse(period);
  if (!facts.period) return facts;
  facts.indicator = trim(header.cell(record, runtime::Field::indicator));
  const runtime::CellKind previous =
      runtime::parse_cell_kind(header.cell(record, runtime::Field::previous), runtime::CellRole::value);
  facts.wants_previous = previous != runtime::CellKind::number && previous != runtime::CellKind::error;
  if (with_actual) {
    facts.has_actual = runtime::parse_cell_kind(header.cell(record, runtime::Field::actual),
                                                runtime::CellRole::value) == runtime::CellKind::number;
  }
  return facts;
}

RecordFacts record_facts(const runtime::DataTable& header, const runtime::CsvRecord& record, bool with_actual,
                         PeriodCache* periods = nullptr) {
  if (!record.error.empty()) return RecordFacts{};
  return fields_facts(header, record, with_actual, periods);
}

// Calls each(facts, record) for every record of a window's text (not the first), with
// the facts DataWindows::records' records give, without copying fields: a plain record is
// read in place, any other by read_csv_record and kept in `irregular` (a deque, so that
// the facts' views stay valid) for as long as the caller keeps the facts. record() gives
// the CsvRecord itself, for the few a caller keeps.
template <typename Each>
void scan_facts(const runtime::DataTable& header, std::string_view text, std::size_t first_line,
                std::deque<runtime::CsvRecord>& irregular, const Each& each) {
  PeriodCache periods;
  runtime::for_each_csv_record(
      text, first_line,
      [&header, &each, &periods](const runtime::CsvSpan& span, const std::vector<std::string_view>& fields) {
        each(fields_facts(header, std::span<const std::string_view>(fields), true, &periods),
             [&span, &fields] { return runtime::plain_csv_record(span, fields); });
      },
      [&header, &each, &periods, &irregular](runtime::CsvRecord record) {
        irregular.push_back(std::move(record));
        each(record_facts(header, irregular.back(), true, &periods), [&irregular] { return irregular.back(); });
      });
}

RecordKeys record_keys(const RecordFacts& facts, Keys& keys) {
  RecordKeys result;
  if (!facts.period) return result;
  const std::optional<std::uint32_t> id = keys.id(facts.indicator);  // one look-up for both keys
  if (id) result.own = Keys::key(*id, *facts.period);
  if (!result.own) result.representable = false;
  if (facts.wants_previous) {
    if (id) result.wanted = Keys::key(*id, facts.period->previous());
    if (!result.wanted) result.representable = false;
  }
  return result;
}

RecordKeys record_keys(const runtime::DataTable& header, const runtime::CsvRecord& record, Keys& keys,
                       PeriodCache& periods) {
  return record_keys(record_facts(header, record, false, &periods), keys);
}

// The key under which the evaluator indexes a record's actual (as RowDecoder::prepare_records).
std::optional<std::uint64_t> actual_key(const RecordFacts& facts, Keys& keys) {
  if (!facts.period || !facts.has_actual) return std::nullopt;
  return keys.key(facts.indicator, *facts.period);
}

// Where the rows go: a temporary file renamed into place, Output::direct, or Output::out.
class Sink {
 public:
  Sink(const StreamRequest& request, Output& output) : request_(request), output_(output) {}

  bool open() {
    if (!request_.output_path) return true;
    std::error_code error;
    if (std::filesystem::exists(*request_.output_path, error) && !request_.force) {
      output_.err += fmt::format("statuskey: `{}` exists; pass --force to replace it or choose another name\n",
                                 *request_.output_path);
      return false;
    }
    temporary_ = fmt::format("{}.tmp-{}", *request_.output_path, ::getpid());
    file_.reset(std::fopen(temporary_.c_str(), "wb"));
    if (!file_) {
      output_.err += fmt::format("statuskey: cannot write `{}`\n", temporary_);
      return false;
    }
    return true;
  }

  void write(std::string_view text) {
    if (file_) {
      ok_ = ok_ && std::fwrite(text.data(), 1, text.size(), file_.get()) == text.size();
    } else if (output_.direct != nullptr) {
      if (!output_.out.empty()) {
        std::fwrite(output_.out.data(), 1, output_.out.size(), output_.direct);
        output_.out.clear();
      }
      std::fwrite(text.data(), 1, text.size(), output_.direct);
    } else {
      output_.out += text;
    }
  }

  // Closes and renames the temporary file into place; false (and a message) on failure.
  bool finish() {
    if (!request_.output_path) return true;
    std::error_code error;
    const bool closed = std::fclose(file_.release()) == 0;
    if (!ok_ || !closed) {
      output_.err += fmt::format("statuskey: cannot write `{}`\n", temporary_);
      std::filesystem::remove(temporary_, error);
      return false;
    }
    std::filesystem::rename(temporary_, *request_.output_path, error);
    if (error) {
      output_.err += fmt::format("statuskey: cannot rename `{}` to `{}`: {}\n", temporary_, *request_.output_path,
                                 error.message());
      std::filesystem::remove(temporary_, error);
      return false;
    }
    return true;
  }

  void abandon() {
    if (!file_) return;
    file_.reset();
    std::error_code error;
    std::filesystem::remove(temporary_, error);
  }

 private:
  const StreamRequest& request_;
  Output& output_;
  File file_;
  std::string temporary_;
  bool ok_ = true;
};

// One window evaluated and rendered, ready to be written in order.
struct WindowResult {
  std::string rendered;  // the rows (JSON: separated by commas, none before the first)
  runtime::RowCounts counts;
  std::string error_messages;
};

// Evaluates one window's records (after `borrowed` records other rows take their
// previous value from, whose results are dropped) and renders its rows.
WindowResult evaluate_window(const runtime::Program& program, const runtime::OutputInfo& info,
                             const std::string& data_path, const runtime::DataTable& table, std::string_view text,
                             std::size_t first_line, std::size_t borrowed, StreamRequest::Format format,
                             runtime::DecisionBatch& batch) {
  WindowResult done;
  const bool json = format == StreamRequest::Format::json;
  // Rows grow with their explanations: CSV to about 8 times the records' bytes, JSON 13.
  done.rendered.reserve(text.size() * (json ? 16 : 12));
  std::optional<runtime::CsvLocator> locator;
  std::size_t skip = borrowed;
  runtime::RowCounts skipped;  // the borrowed rows' counts, taken off evaluate()'s
  const runtime::RowCallback write_row = [&](const runtime::RowResult& row) {
    if (skip > 0) {
      --skip;
      skipped.count(row);
      return;
    }
    if (!json) {
      runtime::append_csv_row(done.rendered, row, info);
    } else {
      if (done.counts.rows > 0) done.rendered.push_back(',');
      runtime::append_json_row(done.rendered, row);
    }
    ++done.counts.rows;
    if (row.error.empty()) return;
    if (!locator) locator.emplace(text);
    runtime::TextPosition at = locator->locate(row.line - first_line + 1, std::max<std::size_t>(row.error_field, 1));
    at.line += first_line - 1;
    done.error_messages += fmt::format("{}:{}:{}: error row: {}\n", data_path, at.line, at.column, row.error);
  };
  // evaluate() counts statuses, error rows and overrides as it goes (statuses by their
  // label in the program, not by a map look-up per row). CSV rows with nothing but a
  // decision to show are written by evaluate() itself; write_row gets the others.
  const runtime::Results results =
      json ? runtime::evaluate(program, table, batch, write_row)
           : runtime::evaluate(program, table, batch, write_row, runtime::CsvDirect{&done.rendered, &info, borrowed});
  const std::size_t rows = table.csv.records.size() - borrowed;  // one row per record
  done.counts = runtime::RowCounts{rows + skipped.rows, results.error_rows, results.overrides, results.status_counts};
  done.counts -= skipped;
  return done;
}

// Where a window of the first pass was cut: pass 3 cuts the same way.
struct Cut {
  std::size_t bytes = 0;
  std::size_t first_line = 1;
};

// What passes 1 and 2 learn: the header, where windows are cut, the records' keys, and
// the records derived `previous` values take their actual from.
struct FirstPasses {
  runtime::DataTable header;
  std::string first_text;  // the first window's text
  std::vector<Cut> cuts;
  Keys keys;
  std::unordered_map<std::uint64_t, runtime::CsvRecord> history;
  bool usable = false;  // false: the whole-file path evaluates the file (see eval_streaming)
};

// The header row of a file's first window, mapped by `columns` (its records not read).
runtime::DataTable read_header(const std::string& path, std::string_view first_text,
                               const runtime::ColumnMapping& columns) {
  runtime::CsvScanner scanner(first_text);
  runtime::CsvSpan span;
  std::vector<std::string_view> fields;
  return runtime::read_data(path, first_text.substr(0, scanner.next(span, fields) ? span.end : 0), columns);
}

// Whether two mappings of one header read the same cells as the same fields.
bool same_mapping(const runtime::DataTable& a, const runtime::DataTable& b) {
  return a.column == b.column && a.fixed_period == b.fixed_period && a.error == b.error;
}

// Passes 1 and 2 over the file at `path`, its header mapped by `columns`; nothing when
// the file is not a regular file larger than one window or cannot be opened.
std::optional<FirstPasses> first_passes(const std::string& path, std::size_t window_bytes,
                                        const runtime::ColumnMapping& columns, const std::atomic<bool>& stop) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode) ||
      static_cast<std::uint64_t>(status.st_size) <= window_bytes) {
    return std::nullopt;
  }
  const File file(std::fopen(path.c_str(), "rb"));
  if (!file) return std::nullopt;

  // Pass 1: the header, every record's key, and the keys derived `previous` values need.
  FirstPasses passes;
  Keys& keys = passes.keys;
  runtime::DataTable& header = passes.header;
  std::vector<std::uint64_t> seen;
  seen.reserve(static_cast<std::size_t>(status.st_size) / 16 + 16);  // pages are only touched as rows arrive
  std::vector<std::uint64_t> wanted;
  std::vector<Cut>& cuts = passes.cuts;
  {
    DataWindows windows(file.get(), window_bytes);
    DataWindow window;
    bool first = true;
    // Windows are read here; each one's records are found in place (scan_facts, when
    // the window could be cut without reading them) and their periods and cells decoded
    // on another thread, then keyed once the window before it is, so `keys`, `seen` and
    // `wanted` have one user at a time and keys are given in file order. At most one
    // window per core is in flight.
    const auto key_records = [&keys, &seen, &wanted](const std::vector<RecordFacts>& records) {
      for (const auto& facts : records) {
        const RecordKeys found = record_keys(facts, keys);
        if (!found.representable) return false;
        // Each key shifted left, its lowest bit set when the record has a number as actual.
        if (found.own) seen.push_back((*found.own << 1U) | (facts.has_actual ? 1U : 0U));
        if (found.wanted) wanted.push_back(*found.wanted);
      }
      return true;
    };
    const std::size_t in_flight = std::max(1U, std::thread::hardware_concurrency());
    std::deque<std::shared_future<bool>> keying;
    bool representable = true;
    while (!stop && windows.next_unparsed(window)) {
      cuts.push_back(Cut{window.text.size(), window.first_line});
      if (first) {
        first = false;
        header = read_header(path, window.text, columns);
        passes.first_text = window.text;
        if (!header.error.empty()) return passes;  // the whole-file path reports it
      }
      if (keying.size() >= in_flight) {
        representable = keying.front().get();
        keying.pop_front();
        if (!representable) break;
      }
      auto taken = std::make_shared<DataWindow>(std::move(window));
      std::shared_future<bool> before = keying.empty() ? std::shared_future<bool>() : keying.back();
      // The task lets go of its window and of the window before once done: a finished
      // task's state (kept while a later task refers to it) holds only its result.
      keying.push_back(std::async(std::launch::async, [key_records, &header, taken, before]() mutable {
                         std::vector<RecordFacts> facts;
                         std::deque<runtime::CsvRecord> irregular;
                         if (taken->parsed) {
                           facts.reserve(taken->table.records.size());
                           PeriodCache periods;
                           for (const auto& record : taken->table.records) {
                             facts.push_back(record_facts(header, record, true, &periods));
                           }
                         } else {
                           scan_facts(header, taken->text, taken->first_line, irregular,
                                      [&facts](const RecordFacts& found, const auto& /*record*/) {
                                        facts.push_back(found);
                                      });
                         }
                         const bool keyed = (!before.valid() || before.get()) && key_records(facts);
                         taken.reset();
                         before = std::shared_future<bool>();
                         return keyed;
                       }).share());
    }
    for (auto& pending : keying) representable = pending.get() && representable;
    if (!representable || windows.failed() || first || stop) return passes;
  }
  std::sort(seen.begin(), seen.end());
  if (std::adjacent_find(seen.begin(), seen.end(), [](std::uint64_t a, std::uint64_t b) { return a >> 1U == b >> 1U; }) !=
      seen.end()) {
    return passes;
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  // Keep only the wanted keys some row holds with a number as its actual.
  std::erase_if(seen, [](std::uint64_t key) { return (key & 1U) == 0; });
  for (auto& key : seen) key >>= 1U;
  std::vector<std::uint64_t> present;
  std::set_intersection(wanted.begin(), wanted.end(), seen.begin(), seen.end(), std::back_inserter(present));
  std::vector<std::uint64_t>().swap(seen);
  std::vector<std::uint64_t>().swap(wanted);

  // Pass 2: the records holding the actuals that derived `previous` values come from.
  auto& history = passes.history;
  if (!present.empty()) {
    std::rewind(file.get());
    DataWindows windows(file.get(), window_bytes);
    DataWindow window;
    std::deque<runtime::CsvRecord> irregular;
    const auto kept_key = [&keys, &present](const RecordFacts& facts) {
      const auto key = actual_key(facts, keys);
      return key && std::binary_search(present.begin(), present.end(), *key) ? key : std::nullopt;
    };
    // As in pass 1, records are found in place; only the records kept are copied.
    while (!stop && windows.next_unparsed(window)) {
      if (window.parsed) {
        PeriodCache periods;
        for (auto& record : window.table.records) {
          const auto key = kept_key(record_facts(header, record, true, &periods));
          if (key) history.emplace(*key, std::move(record));
        }
        continue;
      }
      scan_facts(header, window.text, window.first_line, irregular,
                 [&history, &kept_key](const RecordFacts& facts, const auto& record) {
                   const auto key = kept_key(facts);
                   if (key) history.emplace(*key, record());
                 });
      irregular.clear();
    }
    if (windows.failed() || stop) return passes;
  }
  passes.usable = true;
  return passes;
}

}  // namespace

struct EarlyPasses::State {
  std::atomic<bool> stop{false};
  std::future<std::optional<FirstPasses>> result;
};

EarlyPasses::EarlyPasses(std::string path, std::size_t window_bytes) : state(std::make_unique<State>()) {
  state->result = std::async(std::launch::async, [stop = &state->stop, path = std::move(path), window_bytes] {
    return first_passes(path, window_bytes, runtime::ColumnMapping{}, *stop);
  });
}

EarlyPasses::~EarlyPasses() {
  state->stop = true;
  if (state->result.valid()) state->result.wait();
}

std::optional<int> eval_streaming(const runtime::Program& program, const runtime::OutputInfo& info,
                                  const StreamRequest& request, Output& output, EarlyPasses& early) {
  // The passes begun before the rules were loaded serve when the rules map the header as
  // they did (by statuskey's own column names); else the file is read again.
  std::optional<FirstPasses> passes = early.state->result.get();
  if (passes) {
    runtime::DataTable header = read_header(request.data_path, passes->first_text, program.columns);
    if (same_mapping(header, passes->header)) {
      passes->header = std::move(header);  // the rules' own mapping, for the header warnings
    } else {
      const std::atomic<bool> never(false);
      passes = first_passes(request.data_path, request.window_bytes, program.columns, never);
    }
  }
  if (!passes || !passes->usable) return std::nullopt;
  Keys& keys = passes->keys;
  const runtime::DataTable& header = passes->header;
  std::string& first_text = passes->first_text;
  const auto& cuts = passes->cuts;
  const auto& history = passes->history;
  const File file(std::fopen(request.data_path.c_str(), "rb"));
  if (!file) return std::nullopt;

  keys.freeze();

  // Pass 3: evaluate and write window by window.
  Sink sink(request, output);
  if (!sink.open()) return kExitUsage;
  if (request.check_header) request.check_header(first_text, header);
  std::string().swap(first_text);
  std::rewind(file.get());
  const bool json = request.format == StreamRequest::Format::json;
  sink.write(json ? runtime::json_opening(info) : runtime::csv_header());
  runtime::RowCounts counts;  // the windows' counts, summed in input order
  std::string error_messages;
  // Windows are independent once the first pass has run: up to one per core is evaluated
  // at a time while the next is read, and results are written in input order. The main
  // thread only reads each window's bytes; its records are read where it is evaluated.
  const std::size_t in_flight = std::max(1U, std::thread::hardware_concurrency());
  std::deque<std::future<WindowResult>> pending;
  // One batch (and its plans, resolved once per indicator and target) per window in
  // flight: window i uses slot i % in_flight, whose previous user, window i - in_flight,
  // has been written by the time window i starts.
  std::vector<runtime::DecisionBatch> batches;
  for (std::size_t slot = 0; slot < in_flight; ++slot) batches.emplace_back(program);
  const auto write_oldest = [&] {
    const WindowResult done = pending.front().get();
    pending.pop_front();
    // JSON rows are separated by a comma, also where one window's rows follow another's.
    if (json && counts.rows > 0 && done.counts.rows > 0) sink.write(",");
    counts += done.counts;
    error_messages += done.error_messages;
    sink.write(done.rendered);
  };
  bool read_failed = false;
  for (std::size_t index = 0; index < cuts.size(); ++index) {
    auto text = std::make_shared<std::string>(cuts[index].bytes, '\0');
    if (std::fread(text->data(), 1, text->size(), file.get()) != text->size()) {
      read_failed = true;
      break;
    }
    const std::size_t first_line = cuts[index].first_line;
    const bool first = index == 0;
    runtime::DecisionBatch& batch = batches[index % in_flight];
    pending.push_back(std::async(std::launch::async, [&program, &info, &request, &header, &history, &keys, text,
                                                      first_line, first, &batch] {
      // Later windows' plain records are views into `text`, which outlives the evaluation.
      runtime::CsvTable window =
          first ? DataWindows::records(*text, first, first_line) : runtime::read_csv_in_place(*text, first_line);
      // Records of other windows that rows of this one take their `previous` from, in front.
      std::vector<runtime::CsvRecord> records;
      if (!history.empty() && !window.records.empty()) {
        const std::size_t first_record = window.records.front().line;
        const std::size_t last_record = window.records.back().line;
        PeriodCache periods;
        for (const auto& record : window.records) {
          const RecordKeys found = record_keys(header, record, keys, periods);
          if (!found.wanted) continue;
          const auto held = history.find(*found.wanted);
          if (held == history.end()) continue;
          if (held->second.line >= first_record && held->second.line <= last_record) continue;  // in this window
          records.push_back(held->second);
        }
      }
      const std::size_t borrowed = records.size();
      if (borrowed == 0) {
        records = std::move(window.records);
      } else {
        records.insert(records.end(), std::make_move_iterator(window.records.begin()),
                       std::make_move_iterator(window.records.end()));
      }
      runtime::DataTable table = header;  // the header's mapping
      table.csv.records = std::move(records);
      table.csv.cells = std::move(window.cells);  // the records' views
      table.unique_keys = true;  // pass 1 found no repeated (indicator, period)
      return evaluate_window(program, info, request.data_path, table, *text, first_line, borrowed, request.format,
                             batch);
    }));
    if (pending.size() >= in_flight) write_oldest();
  }
  while (!pending.empty()) write_oldest();
  if (read_failed) {
    sink.abandon();
    output.err += fmt::format("statuskey: cannot read `{}`\n", request.data_path);
    return kExitUsage;
  }
  if (json) sink.write(runtime::json_closing(counts));
  if (!sink.finish()) return kExitUsage;
  output.err += fmt::format("{}: rows read {} = evaluated {} + error rows {}\n", request.data_path, counts.rows,
                            counts.rows - counts.error_rows, counts.error_rows);
  output.err += error_messages;
  return request.strict && counts.error_rows > 0 ? kExitErrors : kExitOk;
}

}  // namespace cli
