// `statuskey doc`: golden pages for the bundled rule files, the conditions in words
// (describe_rule on small compiled snippets), and escaping of rule-file text.
//
// Golden files live in tests/golden/doc/. The rule set's fingerprint changes whenever a
// bundled rule file changes (even a comment), so `sha256:<64 hex>` is replaced by
// `sha256:FINGERPRINT` on both sides before comparing, and so are the cited line numbers
// (`rule file line N`), which a separate test checks against the rule files.
// Update switch: STATUSKEY_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing;
// review the diff before committing it.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/driver.hpp"
#include "compiler/compile.hpp"
#include "dsl/parser.hpp"
#include "runtime/describe.hpp"
#include "runtime/document.hpp"

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

struct InRepo {
  InRepo() { fs::current_path(STATUSKEY_SOURCE_DIR); }
};

std::string slurp(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

bool update_requested() {
  const char* value = std::getenv("STATUSKEY_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

std::string without_fingerprint(const std::string& text) {
  static const std::regex fingerprint("sha256:[0-9a-f]{64}");
  return std::regex_replace(text, fingerprint, "sha256:FINGERPRINT");
}

// What a rule file may change without changing the page's meaning: its fingerprint, and
// (when comment lines are added or removed) the line numbers cited. The test
// `cited_lines_hold_the_cited_rules` checks the line numbers against the files instead.
std::string normalized(const std::string& text) {
  static const std::regex line("rule file line [0-9]+");
  return std::regex_replace(without_fingerprint(text), line, "rule file line N");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------
// Golden pages

struct GoldenPage {
  std::string rules;   // rule file, relative to the repository
  std::string format;  // --format
  std::string golden;  // expected page, relative to the repository
};

std::ostream& operator<<(std::ostream& stream, const GoldenPage& page) { return stream << page.golden; }

const std::vector<GoldenPage> kGoldenPages = {
    {"rules/ncc-2013-q2.sk", "md", "tests/golden/doc/ncc-2013-q2.md"},
    {"rules/nnc-2022-02.sk", "md", "tests/golden/doc/nnc-2022-02.md"},
    {"rules/nnc-2022-02.sk", "html", "tests/golden/doc/nnc-2022-02.html"},
};

// ---------------------------------------------------------------------------------------
// Small rule sets compiled from text

struct Compiled {
  std::optional<runtime::Program> program;
  std::string diagnostics;
};

Compiled compile_text(const std::string& text) {
  dsl::SourceSet sources;
  sources.add("snippet.sk", text);
  dsl::DiagnosticSink sink;
  std::vector<dsl::RuleFile> files{dsl::parse(sources, 0, sink)};
  Compiled compiled;
  if (!sink.has_errors()) compiled.program = compiler::compile(sources, files, sink);
  for (const auto& diagnostic : sink.sorted()) compiled.diagnostics += dsl::render(diagnostic, sources);
  return compiled;
}

constexpr std::string_view kSnippetKey = R"(key k "K" {
  status "A" colour #00703C symbol "a" means "first"
  status "B" colour #D4351C symbol "b" means "second"
}
)";

// A scheme (or a direction block used by a scheme) with `measure`, then `condition ->
// "A"`, then `otherwise -> "B"`.
std::string snippet(bool is_direction, std::string_view measure, std::string_view condition) {
  if (!is_direction) {
    return fmt::format("{}scheme s uses k {{\n  {}\n  {} -> \"A\"\n  otherwise -> \"B\"\n}}\n", kSnippetKey, measure,
                       condition);
  }
  return fmt::format(
      "{}direction d uses k {{\n  {}\n  {} -> \"A\"\n  otherwise -> \"B\"\n}}\n"
      "scheme s uses k {{\n  direction d\n  actual meets target -> \"A\"\n  otherwise -> \"B\"\n}}\n",
      kSnippetKey, measure, condition);
}

struct DescribeCase {
  bool is_direction;
  std::string_view measure;
  std::string_view condition;
  std::string_view expected;
};

std::ostream& operator<<(std::ostream& stream, const DescribeCase& row) { return stream << row.condition; }

constexpr std::string_view kGapRelative = "gap = relative to target";
constexpr std::string_view kGapDifference = "gap = difference from target";
constexpr std::string_view kChangeRelative = "change = relative to previous";
constexpr std::string_view kChangeDifference = "change = difference from previous";

const std::vector<DescribeCase> kDescribeCases = {
    // Schemes: the gap to target.
    {false, kGapRelative, "gap > 10%", "more than 10% better than target"},
    {false, kGapRelative, "gap >= 10%", "at least 10% better than target"},
    {false, kGapRelative, "gap < -10%", "more than 10% worse than target"},
    {false, kGapRelative, "gap <= -10%", "at least 10% worse than target"},
    {false, kGapRelative, "gap >= -5%", "at most 5% worse than target, on target or better"},
    {false, kGapRelative, "gap < 2.5%", "less than 2.5% better than target, on target or worse"},
    {false, kGapRelative, "gap >= 0%", "at or better than target"},
    {false, kGapRelative, "gap < 0%", "worse than target"},
    {false, kGapRelative, "gap = 0%", "exactly on target"},
    {false, kGapRelative, "gap in [-5%, 10%]", "from 5% worse than target up to and including 10% better than target"},
    {false, kGapRelative, "gap in [-10%, -5%)",
     "from 10% worse than target (included) to 5% worse than target (not included)"},
    {false, kGapRelative, "gap in (-10%, -5%]",
     "from 10% worse than target (not included) to 5% worse than target (included)"},
    {false, kGapRelative, "gap in (0%, 10%)",
     "from the target (not included) to 10% better than target (not included)"},
    {false, kGapDifference, "gap > 2 points", "more than 2 units better than target"},
    {false, kGapDifference, "gap in [-1 days, 1 days]",
     "from 1 unit worse than target up to and including 1 unit better than target"},
    // Schemes: comparisons with the target and the tolerance.
    {false, kGapRelative, "actual meets target", "at or better than target"},
    {false, kGapRelative, "actual within target", "at or better than target"},
    {false, kGapRelative, "actual better than target", "better than target"},
    {false, kGapRelative, "actual worse than target", "worse than target (does not meet it)"},
    {false, kGapRelative, "actual meets tolerance", "within the tolerance (at or better than the tolerance limit)"},
    {false, kGapRelative, "actual worse than tolerance", "outside the tolerance (worse than the tolerance limit)"},
    {false, kGapRelative, "not actual meets target", "worse than target (does not meet it)"},
    {false, kGapRelative, "not gap > 10%", "at most 10% better than target, on target or worse"},
    {false, kGapRelative, "polarity higher and actual meets target", "higher is better and at or better than target"},
    {false, kGapRelative, "polarity higher and gap >= -5%",
     "higher is better and (at most 5% worse than target, on target or better)"},
    {false, kGapRelative, "polarity none", "the indicator has no polarity"},
    {false, kGapRelative, "not polarity lower", "not (lower is better)"},
    // Direction blocks: the change since the previous value.
    {true, kChangeRelative, "change > 2%", "improved by more than 2% of the previous value"},
    {true, kChangeRelative, "change < -2%", "declined by more than 2% of the previous value"},
    {true, kChangeRelative, "change in [-2%, 2%]",
     "stayed within 2% either way of the previous value (both ends included)"},
    {true, kChangeRelative, "change in (-2%, 2%)",
     "stayed within 2% either way of the previous value (both ends not included)"},
    {true, kChangeRelative, "change in [-5%, 2%)",
     "changed from a decline of 5% of the previous value (included) to an improvement of 2% of the previous value (not "
     "included)"},
    {true, kChangeRelative, "change >= -5%",
     "declined by at most 5% of the previous value, stayed the same or improved"},
    {true, kChangeRelative, "change > 0%", "improved"},
    {true, kChangeDifference, "change = 0 points", "stayed the same"},
    {true, kChangeDifference, "change < 0 points", "declined"},
    {true, kChangeDifference, "change in [-3 points, 3 points]",
     "stayed within 3 units either way (both ends included)"},
    {true, kChangeRelative, "value rose", "the value rose"},
    {true, kChangeRelative, "value fell", "the value fell"},
    {true, kChangeRelative, "value unchanged", "the value stayed exactly the same"},
    {true, kChangeRelative, "polarity none and value rose", "the indicator has no polarity and the value rose"},
    {true, kChangeRelative, "status \"A\"", "the status is \"A\""},
    {true, kChangeRelative, "status is in (\"A\", \"B\")", "the status is \"A\" or \"B\""},
    {true, kChangeRelative, "status is \"A\" or actual meets target",
     "the status is \"A\" or at or better than target"},
    {true, kChangeDifference, "polarity higher and change > 0 points or polarity lower and change < 0 points",
     "(higher is better and improved) or (lower is better and declined)"},
    {true, kChangeDifference, "(polarity higher or polarity lower) and not (change = 0 points)",
     "(higher is better or lower is better) and not (stayed the same)"},
    {true, kChangeRelative, "not value unchanged", "not (the value stayed exactly the same)"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(doc)

BOOST_DATA_TEST_CASE_F(InRepo, page_matches_golden, bdata::make(kGoldenPages), page) {
  cli::Output output;
  const int status = cli::run({"doc", page.rules, "--format", page.format}, output);
  BOOST_TEST(status == cli::kExitOk);
  BOOST_TEST(output.err.empty(), output.err);
  if (update_requested()) {
    fs::create_directories(fs::path(page.golden).parent_path());
    std::ofstream(page.golden, std::ios::binary) << without_fingerprint(output.out);
    BOOST_TEST_MESSAGE("updated " << page.golden);
    return;
  }
  BOOST_REQUIRE_MESSAGE(fs::exists(page.golden), page.golden << " is missing; run with STATUSKEY_UPDATE_GOLDEN=1");
  const std::string expected = normalized(slurp(page.golden));
  BOOST_TEST(normalized(output.out) == expected,
             page.golden << " differs; run with STATUSKEY_UPDATE_GOLDEN=1 and review the diff");
}

// The contract of the normalisation above: editing a rule file's comments (here, adding a
// comment line at the top and rewording one) leaves its golden page valid.
BOOST_FIXTURE_TEST_CASE(golden_page_survives_comment_edits, InRepo) {
  const fs::path source = fs::current_path();
  const fs::path scratch = fs::temp_directory_path() / "statuskey-doc-comments";
  fs::remove_all(scratch);
  fs::create_directories(scratch / "rules");
  std::string text = slurp("rules/ncc-2013-q2.sk");
  BOOST_REQUIRE(text.rfind("# ", 0) == 0U);
  text = "# An extra comment line.\n# " + text.substr(2) + "# and a comment at the end\n";
  std::ofstream(scratch / "rules" / "ncc-2013-q2.sk", std::ios::binary) << text;
  fs::current_path(scratch);
  cli::Output output;
  const int status = cli::run({"doc", "rules/ncc-2013-q2.sk"}, output);
  fs::current_path(source);
  fs::remove_all(scratch);
  BOOST_REQUIRE(status == cli::kExitOk);
  BOOST_TEST(without_fingerprint(output.out) != without_fingerprint(slurp("tests/golden/doc/ncc-2013-q2.md")));
  BOOST_TEST(normalized(output.out) == normalized(slurp("tests/golden/doc/ncc-2013-q2.md")));
}

BOOST_FIXTURE_TEST_CASE(cited_lines_hold_the_cited_rules, InRepo) {
  for (const std::string rule_file : {"rules/ncc-2013-q2.sk", "rules/nnc-2022-02.sk"}) {
    BOOST_TEST_CONTEXT(rule_file) {
      const Compiled compiled = compile_text(slurp(rule_file));
      BOOST_REQUIRE_MESSAGE(compiled.program.has_value(), compiled.diagnostics);
      const std::vector<std::string> lines = lines_of(slurp(rule_file));
      cli::Output output;
      BOOST_REQUIRE(cli::run({"doc", rule_file}, output) == cli::kExitOk);
      std::size_t rules_seen = 0;
      for (const auto* blocks : {&compiled.program->schemes, &compiled.program->directions}) {
        for (const runtime::RuleSet& block : *blocks) {
          for (const runtime::Rule& rule : block.rules) {
            BOOST_REQUIRE(rule.source.line >= 1U && rule.source.line <= lines.size());
            BOOST_TEST(lines[rule.source.line - 1].find(rule.text) != std::string::npos, rule.text);
            const std::string cited = fmt::format("rule file line {}: `{}`", rule.source.line, rule.text);
            BOOST_TEST(output.out.find(cited) != std::string::npos, cited);
            ++rules_seen;
          }
          for (std::size_t i = 0; i < runtime::kSpecialCount; ++i) {
            const auto& special = block.specials[i];
            if (!special) continue;
            BOOST_REQUIRE(special->source.line >= 1U && special->source.line <= lines.size());
            const std::string_view name = runtime::special_name(static_cast<runtime::Special>(i));
            BOOST_TEST(lines[special->source.line - 1].find(name) != std::string::npos, name);
            const std::string cited = fmt::format("(rule file line {})", special->source.line);
            BOOST_TEST(output.out.find(cited) != std::string::npos, cited);
          }
        }
      }
      BOOST_TEST(rules_seen > 5U);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(page_carries_version_and_real_fingerprint, InRepo) {
  cli::Output output;
  BOOST_REQUIRE(cli::run({"doc", "rules/ncc-2013-q2.sk"}, output) == cli::kExitOk);
  cli::Output check;
  BOOST_REQUIRE(cli::run({"check", "rules/ncc-2013-q2.sk"}, check) == cli::kExitOk);
  BOOST_TEST(output.out.find(std::string("statuskey ") + cli::version()) != std::string::npos);
  static const std::regex fingerprint("sha256:[0-9a-f]{64}");
  BOOST_TEST(std::regex_search(output.out, fingerprint));
}

BOOST_DATA_TEST_CASE(describe_rule_in_words, bdata::make(kDescribeCases), row) {
  const Compiled compiled = compile_text(snippet(row.is_direction, row.measure, row.condition));
  BOOST_REQUIRE_MESSAGE(compiled.program.has_value(), compiled.diagnostics);
  const auto& blocks = row.is_direction ? compiled.program->directions : compiled.program->schemes;
  BOOST_REQUIRE(blocks.size() == 1U);
  const runtime::RuleSet& rules = blocks.front();
  BOOST_REQUIRE(rules.rules.size() == 2U);
  BOOST_TEST(runtime::describe_rule(rules, rules.rules[0], row.is_direction) == std::string(row.expected));
  const std::string otherwise = row.is_direction ? "any other change" : "any other value";
  BOOST_TEST(runtime::describe_rule(rules, rules.rules[1], row.is_direction) == otherwise);
}

BOOST_AUTO_TEST_CASE(html_escapes_rule_file_text) {
  const Compiled compiled = compile_text(R"(council "Tom & Jerry's <b>Council</b>"
key k "Key <i>one</i>" {
  status "A" colour #00703C symbol "<a>" means "<script>alert('meaning')</script>" alias "<img src=x>"
  status "B" colour #D4351C symbol "b" means "second"
}
scheme s uses k {
  actual meets target -> "A"
  otherwise -> "B"
}
indicator x "<script>alert(\"title\")</script> | piped" {
  section "S <script>"
  unit count
  polarity higher
  target 10
}
)");
  BOOST_REQUIRE_MESSAGE(compiled.program.has_value(), compiled.diagnostics);
  const std::string html = runtime::render_document(*compiled.program, runtime::DocumentFormat::html, "test");
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("<img") == std::string::npos);
  BOOST_TEST(html.find("<b>") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(&#39;meaning&#39;)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; | piped") != std::string::npos);
  BOOST_TEST(html.find("Tom &amp; Jerry&#39;s &lt;b&gt;Council&lt;/b&gt;") != std::string::npos);
  BOOST_TEST(html.find("<html lang=\"en-GB\">") != std::string::npos);
  BOOST_TEST(html.find("http") == std::string::npos, "no external requests");

  const std::string markdown = runtime::render_document(*compiled.program, runtime::DocumentFormat::markdown, "test");
  BOOST_TEST(markdown.find("\\<script>alert(\"title\")\\</script> \\| piped") != std::string::npos, markdown);
  static const std::regex unescaped_tag(R"((^|[^\\])<[a-z/])");
  BOOST_TEST(!std::regex_search(markdown, unescaped_tag), "an unescaped tag in the Markdown");
}

BOOST_FIXTURE_TEST_CASE(command_line, InRepo) {
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc", "rules/ncc-2013-q2.sk", "--format", "pdf"}, output) == cli::kExitUsage);
    BOOST_TEST(output.err.find("unknown format `pdf`") != std::string::npos, output.err);
  }
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc"}, output) == cli::kExitUsage);
  }
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc", "rules/does-not-exist.sk"}, output) == cli::kExitUsage);
  }
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc", "--help"}, output) == cli::kExitOk);
    BOOST_TEST(output.out.find("usage: statuskey doc") != std::string::npos);
  }
  const fs::path directory = fs::temp_directory_path() / fs::path("statuskey-doc-test");
  fs::remove_all(directory);
  fs::create_directories(directory);
  const std::string out = (directory / "key.html").string();
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc", "rules/nnc-2022-02.sk", "--format=html", "-o", out}, output) == cli::kExitOk);
    BOOST_TEST(output.out.empty());
    BOOST_TEST(slurp(out).rfind("<!DOCTYPE html>", 0) == 0U);
  }
  {
    cli::Output output;
    BOOST_TEST(cli::run({"doc", "rules/nnc-2022-02.sk", "-o", out}, output) == cli::kExitUsage);
    BOOST_TEST(output.err.find("--force") != std::string::npos, output.err);
    BOOST_TEST(cli::run({"doc", "rules/nnc-2022-02.sk", "-o", out, "--force"}, output) == cli::kExitOk);
    BOOST_TEST(slurp(out).rfind("# Key to status", 0) == 0U);
  }
  fs::remove_all(directory);
}

BOOST_AUTO_TEST_SUITE_END()
