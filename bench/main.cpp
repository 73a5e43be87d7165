// statuskey-bench: generates benchmark data and measures statuskey against the hand-written
// reference, side by side in one invocation, so that ratios rather than absolute times
// are what a run reports. Each measurement runs in its own child process so that its peak
// memory (ru_maxrss from wait4) is its own.
//
//   statuskey-bench generate-rules FILE.sk INDICATORS
//   statuskey-bench generate-data FILE.csv ROWS INDICATORS
//   statuskey-bench run --statuskey BIN --rules FILE.sk --data FILE.csv --out DIR
//                       [--stream FILE.csv] [--repeat N]
//   (internal, used by run) compile FILE.sk | memory FILE.sk FILE.csv | reference FILE.csv
//                           | reference-memory FILE.csv
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "bench/generate.hpp"
#include "bench/reference.hpp"
#include "cli/common.hpp"
#include "runtime/batch.hpp"
#include "runtime/data.hpp"
#include "runtime/evaluate.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

// A child process's wall time, peak resident memory and exit status.
struct ChildRun {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system time of the child (its threads included)
  double peak_mb = 0;
  int status = -1;
  std::string stdout_text;  // only when captured
};

// Runs argv with stdout sent to `stdout_path` (or captured into stdout_text when empty).
ChildRun run_child(const std::vector<std::string>& argv, const std::string& stdout_path) {
  ChildRun result;
  std::string capture_path = stdout_path;
  if (capture_path.empty()) capture_path = fmt::format("/tmp/statuskey-bench-{}.out", ::getpid());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, capture_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  result.seconds = seconds_since(start);
  result.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (stdout_path.empty()) {
    result.stdout_text = slurp(capture_path).value_or("");
    std::remove(capture_path.c_str());
  }
  return result;
}

std::string self_path() {
  std::vector<char> buffer(4096);
  const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  return length > 0 ? std::string(buffer.data(), static_cast<std::size_t>(length)) : std::string("statuskey-bench");
}

// key=value lines printed by the internal commands.
std::map<std::string, double> parse_values(const std::string& text) {
  std::map<std::string, double> values;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(position, end - position);
    if (const auto equals = line.find('='); equals != std::string::npos) {
      values[line.substr(0, equals)] = std::stod(line.substr(equals + 1));
    }
    position = end + 1;
  }
  return values;
}

std::size_t count_rows(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return 0;
  std::vector<char> buffer(1U << 20U);
  std::size_t lines = 0;
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    lines += static_cast<std::size_t>(std::count(buffer.data(), buffer.data() + read, '\n'));
  }
  std::fclose(file);
  return lines > 0 ? lines - 1 : 0;  // the header
}

// ---- internal measurements (each in its own process) ----

int internal_compile(const std::string& rules_path, int repeat) {
  double best = 1e300;
  std::size_t indicators = 0;
  for (int i = 0; i < repeat; ++i) {
    cli::Output output;
    const auto start = Clock::now();
    const cli::RuleSet rules = cli::load_rules({rules_path}, output);
    best = std::min(best, seconds_since(start));
    if (!rules.program) {
      fmt::print(stderr, "{}", output.err);
      return 1;
    }
    indicators = rules.program->indicators.size();
  }
  fmt::print("seconds={}\nindicators={}\n", best, indicators);
  return 0;
}

int internal_memory(const std::string& rules_path, const std::string& data_path, int repeat) {
  cli::Output output;
  const cli::RuleSet rules = cli::load_rules({rules_path}, output);
  const auto text = slurp(data_path);
  if (!rules.program || !text) {
    fmt::print(stderr, "{}cannot load the rules or the data\n", output.err);
    return 1;
  }
  const runtime::DataTable table = runtime::read_data(data_path, *text);
  // Decoding, deciding and building the result rows, as `eval` does after reading.
  double evaluate_best = 1e300;
  runtime::Results traced;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    runtime::Results results = runtime::evaluate(*rules.program, table, i == 0);
    evaluate_best = std::min(evaluate_best, seconds_since(start));
    if (i == 0) traced = std::move(results);
  }
  // Deciding alone, over already decoded observations (the batch of decoded columns).
  std::vector<runtime::Observation> observations;
  std::vector<runtime::Observation> four_band;
  for (const auto& observation : traced.observations) {
    if (!observation) continue;
    observations.push_back(*observation);
    if (observation->scheme && *observation->scheme == 0) four_band.push_back(*observation);
  }
  const auto time_decide = [&](const std::vector<runtime::Observation>& batch) {
    double best = 1e300;
    std::size_t checksum = 0;
    for (int i = 0; i < repeat; ++i) {
      const auto start = Clock::now();
      for (const auto& observation : batch) {
        const runtime::Outcome outcome = runtime::decide(*rules.program, observation);
        checksum += outcome.status.value_or(99);
      }
      best = std::min(best, seconds_since(start));
    }
    return std::make_pair(best, checksum);
  };
  const auto [decide_all, checksum_all] = time_decide(observations);
  const auto [decide_four, checksum_four] = time_decide(four_band);
  // The batch path: the decoded columns built once (plans resolved), then deciding alone.
  const auto time_batch = [&](const std::vector<runtime::Observation>& batch_rows) {
    runtime::DecisionBatch batch(*rules.program);
    for (const auto& observation : batch_rows) batch.add(observation);
    std::vector<runtime::Decision> decisions;
    double best = 1e300;
    std::size_t checksum = 0;
    for (int i = 0; i < std::max(repeat, 5); ++i) {
      const auto start = Clock::now();
      batch.decide(decisions);
      best = std::min(best, seconds_since(start));
    }
    for (const auto& decision : decisions) checksum += decision.status;
    return std::make_tuple(best, checksum, batch.fast_rows(), batch.compact_rows());
  };
  const auto [batch_all, batch_checksum_all, batch_fast_all, batch_compact_all] = time_batch(observations);
  const auto [batch_four, batch_checksum_four, batch_fast_four, batch_compact_four] = time_batch(four_band);
  fmt::print("rows={}\nevaluate_seconds={}\ndecided_rows={}\ndecide_seconds={}\nfour_band_rows={}\n"
             "four_band_seconds={}\nchecksum={}\nbatch_seconds={}\nbatch_fast_rows={}\nbatch_four_band_seconds={}\n"
             "batch_four_band_fast_rows={}\nbatch_checksum={}\nbatch_compact_rows={}\n"
             "batch_four_band_compact_rows={}\n",
             table.csv.records.size(), evaluate_best, observations.size(), decide_all, four_band.size(), decide_four,
             checksum_all + checksum_four, batch_all, batch_fast_all, batch_four, batch_fast_four,
             batch_checksum_all + batch_checksum_four, batch_compact_all, batch_compact_four);
  return 0;
}

int internal_reference(const std::string& data_path) {
  // A hand-written program reads its input in one buffer and writes its output in one go.
  const auto text = slurp(data_path);
  if (!text) return 1;
  std::string out;
  out.reserve(text->size());
  const bench::ReferenceCounts counts = bench::reference_eval(*text, out);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return counts.rows > 0 ? 0 : 1;
}

int internal_reference_memory(const std::string& data_path, int repeat) {
  const auto text = slurp(data_path);
  if (!text) return 1;
  const bench::ReferenceColumns columns = bench::reference_decode(*text);
  std::vector<std::uint8_t> status;
  std::vector<std::uint8_t> direction;
  double best = 1e300;
  std::uint64_t checksum = 0;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    checksum += bench::reference_decide(columns, status, direction);
    best = std::min(best, seconds_since(start));
  }
  fmt::print("rows={}\nseconds={}\nchecksum={}\n", columns.actual.size(), best, checksum);
  return 0;
}

// ---- the driver ----

struct Row {
  std::string name;
  double rows = 0;
  double seconds = 0;
  double peak_mb = 0;
  std::string note;
  double cpu_seconds = 0;  // child processes only
};

void print_table(const std::vector<Row>& rows) {
  fmt::print("\n{:<52} {:>11} {:>10} {:>8} {:>14} {:>9}  {}\n", "measurement", "rows", "seconds", "cpu s", "rows/s",
             "peak MB", "note");
  fmt::print("{:-<52} {:->11} {:->10} {:->8} {:->14} {:->9}  {:-<20}\n", "", "", "", "", "", "", "");
  for (const auto& row : rows) {
    const std::string rate = row.rows > 0 && row.seconds > 0 ? fmt::format("{:.0f}", row.rows / row.seconds) : "-";
    const std::string peak = row.peak_mb > 0 ? fmt::format("{:.1f}", row.peak_mb) : "-";
    const std::string cpu = row.cpu_seconds > 0 ? fmt::format("{:.2f}", row.cpu_seconds) : "-";
    fmt::print("{:<52} {:>11} {:>10.4f} {:>8} {:>14} {:>9}  {}\n", row.name,
               row.rows > 0 ? fmt::format("{:.0f}", row.rows) : "-", row.seconds, cpu, rate, peak, row.note);
  }
}

int driver(const std::vector<std::string>& args) {
  std::string statuskey;
  std::string rules;
  std::string data;
  std::string stream;
  std::string out_dir = "/tmp";
  std::string compile_rules;
  int repeat = 3;
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--statuskey") statuskey = args[i + 1];
    else if (args[i] == "--rules") rules = args[i + 1];
    else if (args[i] == "--compile-rules") compile_rules = args[i + 1];
    else if (args[i] == "--data") data = args[i + 1];
    else if (args[i] == "--stream") stream = args[i + 1];
    else if (args[i] == "--out") out_dir = args[i + 1];
    else if (args[i] == "--repeat") repeat = std::max(1, std::stoi(args[i + 1]));
    else {
      fmt::print(stderr, "statuskey-bench run: unknown option `{}`\n", args[i]);
      return 2;
    }
  }
  if (statuskey.empty() || rules.empty() || data.empty()) {
    fmt::print(stderr, "statuskey-bench run: give --statuskey, --rules and --data\n");
    return 2;
  }
  if (compile_rules.empty()) compile_rules = rules;
  const std::string self = self_path();
  const std::string repeat_text = fmt::format("{}", repeat);
  std::vector<Row> table;
  bool failed = false;
  const auto check = [&](const ChildRun& run, std::string_view what) {
    if (run.status != 0) {
      fmt::print(stderr, "statuskey-bench: {} exited with status {}\n", what, run.status);
      failed = true;
    }
  };

  // (1) Compiling the rule file.
  const ChildRun compile = run_child({self, "compile", compile_rules, repeat_text}, "");
  check(compile, "compile");
  const auto compiled = parse_values(compile.stdout_text);
  table.push_back({fmt::format("compile rule file ({} indicators)", compiled.contains("indicators") ? compiled.at("indicators") : 0),
                   0, compiled.contains("seconds") ? compiled.at("seconds") : 0, compile.peak_mb,
                   "parse + check + coverage + lowering, best of repeats"});

  // (2) In-memory evaluation: the engine on decoded observations, the reference on
  // decoded columns of doubles.
  const ChildRun memory = run_child({self, "memory", rules, data, repeat_text}, "");
  check(memory, "memory");
  const auto mem = parse_values(memory.stdout_text);
  const ChildRun reference_memory = run_child({self, "reference-memory", data, repeat_text}, "");
  check(reference_memory, "reference-memory");
  const auto ref_mem = parse_values(reference_memory.stdout_text);
  const auto value = [](const std::map<std::string, double>& values, const std::string& key) {
    return values.contains(key) ? values.at(key) : 0.0;
  };
  const double reference_rate = value(ref_mem, "rows") / std::max(1e-9, value(ref_mem, "seconds"));
  const double four_rate = value(mem, "four_band_rows") / std::max(1e-9, value(mem, "four_band_seconds"));
  table.push_back({"in-memory: reference decide (doubles, 1 core)", value(ref_mem, "rows"), value(ref_mem, "seconds"),
                   0, ""});
  table.push_back({"in-memory: engine decide, four-band rows (1 core)", value(mem, "four_band_rows"),
                   value(mem, "four_band_seconds"), 0, fmt::format("{:.1f}x the reference's time", reference_rate / four_rate)});
  table.push_back({"in-memory: engine decide, all rows (1 core)", value(mem, "decided_rows"),
                   value(mem, "decide_seconds"), 0, "runtime::decide, explanation included"});
  const double batch_four_rate = value(mem, "four_band_rows") / std::max(1e-9, value(mem, "batch_four_band_seconds"));
  table.push_back({"in-memory: batch decide, four-band rows (1 core)", value(mem, "four_band_rows"),
                   value(mem, "batch_four_band_seconds"), 0,
                   fmt::format("{:.2f}x the reference's time; {:.0f} rows on the fast form, {:.0f} compact",
                               reference_rate / batch_four_rate, value(mem, "batch_four_band_fast_rows"),
                               value(mem, "batch_four_band_compact_rows"))});
  table.push_back({"in-memory: batch decide, all rows (1 core)", value(mem, "decided_rows"), value(mem, "batch_seconds"),
                   0, fmt::format("{:.0f} rows on the fast form, {:.0f} compact", value(mem, "batch_fast_rows"),
                                  value(mem, "batch_compact_rows"))});
  table.push_back({"in-memory: engine decode + decide + results", value(mem, "rows"), value(mem, "evaluate_seconds"),
                   memory.peak_mb, "runtime::evaluate on a read DataTable"});

  // (3) + (4) End to end, CSV file to CSV file, each a separate process.
  const double rows = static_cast<double>(count_rows(data));
  double best_reference = 1e300;
  double best_engine = 1e300;
  double reference_peak = 0;
  double engine_peak = 0;
  double reference_cpu = 1e300;
  double engine_cpu = 1e300;
  for (int i = 0; i < repeat; ++i) {
    const ChildRun reference = run_child({self, "reference", data}, out_dir + "/reference-out.csv");
    check(reference, "reference");
    best_reference = std::min(best_reference, reference.seconds);
    reference_cpu = std::min(reference_cpu, reference.cpu_seconds);
    reference_peak = std::max(reference_peak, reference.peak_mb);
    const ChildRun engine = run_child({statuskey, "eval", rules, data}, out_dir + "/statuskey-out.csv");
    check(engine, "statuskey eval");
    best_engine = std::min(best_engine, engine.seconds);
    engine_cpu = std::min(engine_cpu, engine.cpu_seconds);
    engine_peak = std::max(engine_peak, engine.peak_mb);
  }
  table.push_back({"end to end: hand-written reference CSV -> CSV", rows, best_reference, reference_peak, "1.00x",
                   reference_cpu});
  table.push_back({"end to end: statuskey eval CSV -> CSV", rows, best_engine, engine_peak,
                   fmt::format("{:.2f}x the reference's time ({:.2f}x its cpu)", best_engine / best_reference,
                               engine_cpu / std::max(1e-9, reference_cpu)),
                   engine_cpu});

  // (5) Streaming a large file with a previous column: peak memory.
  if (!stream.empty()) {
    const double stream_rows = static_cast<double>(count_rows(stream));
    const ChildRun engine = run_child({statuskey, "eval", rules, stream}, "/dev/null");
    check(engine, "statuskey eval (stream)");
    table.push_back({"stream: statuskey eval with a previous column", stream_rows, engine.seconds, engine.peak_mb,
                     "output to /dev/null", engine.cpu_seconds});
    const ChildRun reference = run_child({self, "reference", stream}, "/dev/null");
    check(reference, "reference (stream)");
    table.push_back({"stream: hand-written reference (whole file in memory)", stream_rows, reference.seconds,
                     reference.peak_mb, "", reference.cpu_seconds});
  }
  print_table(table);
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto number = [&](std::size_t index) { return std::stoull(args.at(index)); };
  try {
    if (args.empty()) {
      fmt::print(stderr, "usage: statuskey-bench generate-rules|generate-data|run ... (see bench/main.cpp)\n");
      return 2;
    }
    const std::string& command = args[0];
    if (command == "generate-rules" && args.size() == 3) {
      bench::GenerateOptions options;
      options.indicators = static_cast<std::uint32_t>(number(2));
      return bench::write_rules(args[1], options) ? 0 : 1;
    }
    if (command == "generate-data" && args.size() == 4) {
      bench::GenerateOptions options;
      options.rows = number(2);
      options.indicators = static_cast<std::uint32_t>(number(3));
      return bench::write_data(args[1], options) ? 0 : 1;
    }
    if (command == "compile" && args.size() == 3) return internal_compile(args[1], static_cast<int>(number(2)));
    if (command == "memory" && args.size() == 4) return internal_memory(args[1], args[2], static_cast<int>(number(3)));
    if (command == "reference" && args.size() == 2) return internal_reference(args[1]);
    if (command == "reference-memory" && args.size() == 3) {
      return internal_reference_memory(args[1], static_cast<int>(number(2)));
    }
    if (command == "run") return driver({args.begin() + 1, args.end()});
    fmt::print(stderr, "statuskey-bench: unknown command or wrong arguments: `{}`\n", command);
    return 2;
  } catch (const std::exception& error) {
    fmt::print(stderr, "statuskey-bench: {}\n", error.what());
    return 1;
  }
}
