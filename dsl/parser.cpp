// PEGTL parse of rule files into the typed syntax tree. The grammar builds a generic
// parse tree of the selected rules; the builder below turns it into dsl::ast nodes.
#include "dsl/parser.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <type_traits>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "dsl/grammar.hpp"

namespace dsl {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// --- the one table of syntax error messages ------------------------------------------

template <typename>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr auto error_message<g::expected_item> = "expected `council`, `import`, `columns`, `rollup`, `theme`, `escalate`, `key`, `scheme`, `direction`, `indicator` or `test` at the top level";
template <> inline constexpr auto error_message<g::word_worst> = "expected `worst of (\"WORST\", ..., \"BEST\")` or `\"STATUS\" when N or more \"STATUS\"`";
template <> inline constexpr auto error_message<g::word_when> = "expected `when N or more \"STATUS\"`";
template <> inline constexpr auto error_message<g::rollup_count_number> = "expected a whole number of indicators, as in `when 2 or more \"Red\"`";
template <> inline constexpr auto error_message<g::close_theme> = "expected `section \"NAME\"`, `theme \"NAME\"` or `}` to close the theme";
template <> inline constexpr auto error_message<g::word_of> = "expected `of`";
template <> inline constexpr auto error_message<g::rollup_order> = "expected the statuses from worst to best in parentheses, such as `(\"Red\", \"Amber\", \"Green\")`";
template <> inline constexpr auto error_message<g::word_for> = "expected `for N periods`, as in `escalate \"Red\" for 2 periods to \"Directorate board\"`";
template <> inline constexpr auto error_message<g::escalate_periods> = "expected a whole number of periods, such as `2 periods`";
template <> inline constexpr auto error_message<g::close_columns> = "expected `\"HEADER\" -> FIELD`, `period PERIOD` or `}` to close the columns";
template <> inline constexpr auto error_message<g::column_field> = "expected a data field such as `indicator`, `actual`, `target` or `previous`";
template <> inline constexpr auto error_message<g::precision_places> = "expected the number of decimal places figures are compared to, such as `precision 1`";
template <> inline constexpr auto error_message<g::rounding_mode> = "expected `half up`, `half even`, `down` or `up`";
template <> inline constexpr auto error_message<g::columns_period> = "expected a period such as `2022-02`, `2013-14 Q2` or `2013-14`";
template <> inline constexpr auto error_message<g::name> = "expected a name (letters, digits and `_`, not a keyword)";
template <> inline constexpr auto error_message<g::label> = "expected a quoted string such as `\"Green\"`";
template <> inline constexpr auto error_message<g::outcome> = "expected a quoted status after `->`, such as `\"Green\"`";
template <> inline constexpr auto error_message<g::string_close> = "unterminated string; close it with `\"` on the same line";
template <> inline constexpr auto error_message<g::colour_value> = "expected a colour written `#RRGGBB`, such as `#007A33`";
template <> inline constexpr auto error_message<g::open_brace> = "expected `{`";
template <> inline constexpr auto error_message<g::close_key> = "expected `status \"LABEL\" ...` or `}` to close the key";
template <> inline constexpr auto error_message<g::close_block> = "expected a rule such as `gap > 10% -> \"Green+\"` or `otherwise -> \"Red\"`, or `}` to close the block";
template <> inline constexpr auto error_message<g::close_indicator> = "expected an indicator property (`section`, `owner`, `unit`, `polarity`, `frequency`, `cumulative`, `scheme`, `direction`, `target`, `tolerance`, `floor`, `expected range`, `precision`, `rounding`, `benchmark`, `quartiles`, `measure changed in`, `manual`, `lag`) or `}`";
template <> inline constexpr auto error_message<g::close_test> = "expected a test case such as `calls_20s 2013-14 Q2 actual 76% -> \"Green\"`, or `}` to close the test";
template <> inline constexpr auto error_message<g::close_paren> = "expected `)`";
template <> inline constexpr auto error_message<g::rule_arrow> = "expected `->` followed by the outcome";
template <> inline constexpr auto error_message<g::uses_key> = "expected `uses KEY` naming the key whose statuses this block gives";
template <> inline constexpr auto error_message<g::measure_base> = "expected `target`, `previous` or `same period last year`";
template <> inline constexpr auto error_message<g::measure_test> = "expected a comparison such as `> 10%` or `in [-5%, 10%]`";
template <> inline constexpr auto error_message<g::interval> = "expected an interval such as `[-5%, 10%)`";
template <> inline constexpr auto error_message<g::interval_comma> = "expected `,` between the two ends of the interval";
template <> inline constexpr auto error_message<g::interval_close> = "expected `]` (end included) or `)` (end excluded)";
template <> inline constexpr auto error_message<g::interval_bound> = "expected a number such as `10%`, `-5 points` or `2 days`";
template <> inline constexpr auto error_message<g::reference> = "expected `target`, `tolerance`, `floor`, `expected range` or `benchmark NAME`";
template <> inline constexpr auto error_message<g::polarity_word> = "expected `higher`, `lower` or `none`";
template <> inline constexpr auto error_message<g::move_word> = "expected `rose`, `fell` or `unchanged`";
template <> inline constexpr auto error_message<g::target_value> = "expected a target such as `80%`, `95% to 97%`, `< 10%`, `none`, `under review` or `baseline`; write numbers without thousands separators";
template <> inline constexpr auto error_message<g::tolerance_spec> = "expected a tolerance such as `10%` or a range `15% - 35%`";
template <> inline constexpr auto error_message<g::changed_period> = "expected a period such as `2013-14 Q2`, `2013-14` or `2022-02`";
template <> inline constexpr auto error_message<g::given_value> = "expected a number such as `76%` or `1688`";
template <> inline constexpr auto error_message<g::expectation> = "expected the outcome: `\"Green\"`, `\"Green\" direction \"↑\"` or `direction \"↑\"`";
// clang-format on

struct error_table {
  template <typename Rule>
  static constexpr auto message = error_message<Rule>;
};

// must_if raises from failure(), but parse_tree's handler for a rule that is not stored
// yet has stored rules below it (expected_item, uses_key, target_value, ...) never calls
// failure(), so such an error point would fail silently and parsing would stop without a
// message. Raising when match() fails covers every error point in the table.
//
// The same control enforces the limits that the grammar alone cannot: how deep
// conditions nest (each `(` and `not` is a level of recursion, so 10,000 of them would
// overflow the stack) and how long a string may be. Exceeding one throws LimitExceeded.
struct LimitExceeded {
  std::size_t byte;  // in the input being parsed
  std::string message;
};

// Parser state: the nesting of the condition being parsed.
struct Nesting {
  std::size_t depth = 0;
  std::size_t over_at = 0;  // where the level beyond the limit started
};
inline Nesting* as_nesting(Nesting& nesting) { return &nesting; }
template <typename State>
Nesting* as_nesting(State& /*other*/) {
  return nullptr;
}

template <typename Rule>
struct control : pegtl::must_if<error_table>::control<Rule> {
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, g::paren_expr> || std::is_same_v<Rule, g::not_expr>) {
      Nesting* nesting = nullptr;
      ((nesting = nesting != nullptr ? nesting : as_nesting(st)), ...);
      if (nesting != nullptr) {
        if (++nesting->depth == kMaxNestingDepth + 1) nesting->over_at = in.byte();
        struct Leave {
          Nesting& nesting;
          ~Leave() { --nesting.depth; }
        } leave{*nesting};
        return checked<A, M, Action, Control>(in, st...);
      }
    } else if constexpr (std::is_base_of_v<g::unary, Rule>) {
      Nesting* nesting = nullptr;
      ((nesting = nesting != nullptr ? nesting : as_nesting(st)), ...);
      if (nesting != nullptr && nesting->depth > kMaxNestingDepth) {
        throw LimitExceeded{nesting->over_at,
                            fmt::format("condition nested more than {} deep (each `(` and `not` is a level), over "
                                        "the nesting limit; simplify the condition",
                                        kMaxNestingDepth)};
      }
    } else if constexpr (std::is_base_of_v<g::string_lit, Rule>) {  // label, outcome, titles, ...
      const std::size_t start = in.byte();
      const bool matched = checked<A, M, Action, Control>(in, st...);
      if (matched && in.byte() - start > kMaxStringBytes + 2) {
        throw LimitExceeded{start, fmt::format("string of {} bytes, over the limit of {} bytes; shorten it",
                                               in.byte() - start - 2, kMaxStringBytes)};
      }
      return matched;
    }
    return checked<A, M, Action, Control>(in, st...);
  }

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool checked(ParseInput& in, States&&... st) {
    if (pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st...)) return true;
    if constexpr (error_table::message<Rule> != nullptr) throw pegtl::parse_error(error_table::message<Rule>, in);
    return false;
  }
};

// "expected a name" where the text holds a keyword (`key tracking`): say which keyword.
std::string keyword_as_name(std::string_view rest, std::string_view message) {
  if (message != error_message<g::name>) return std::string(message);
  const auto end = std::find_if_not(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  const std::string_view word(rest.data(), static_cast<std::size_t>(end - rest.begin()));
  pegtl::memory_input<> candidate(word.data(), word.size(), "");
  if (word.empty() || !pegtl::parse<pegtl::seq<g::keyword, pegtl::eof>>(candidate)) return std::string(message);
  return fmt::format("`{}` is a keyword and cannot be a name; choose another name, such as `my_{}` "
                     "(docs/language.md lists the keywords)",
                     word, word);
}

// --- which rules become parse-tree nodes ---------------------------------------------

template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::identifier, g::name, g::label, g::outcome, g::key_title, g::indicator_title, g::expect_status,
        g::number_lit, g::percent_sign, g::unit_word, g::colour_value, g::entry_period, g::test_period,
        g::changed_period, g::value_literal, g::band_literal, g::interval_bound, g::tolerance_single,
        g::target_single, g::given_value, g::council_decl, g::import_decl, g::rollup_decl, g::rollup_worst, g::rollup_count, g::rollup_count_number, g::theme_decl, g::theme_member,
        g::escalate_decl, g::escalate_count, g::columns_decl, g::column_map, g::column_header, g::column_field, g::columns_period,
        g::column_fixed_period, g::key_decl, g::status_decl, g::attr_colour,
        g::attr_symbol, g::attr_means, g::attr_alias, g::op_le, g::op_ge, g::op_lt, g::op_gt, g::op_eq,
        g::quantity_gap, g::quantity_change, g::interval_open_inclusive, g::interval_open_exclusive,
        g::interval_close_inclusive, g::interval_close_exclusive, g::measure_in, g::measure_compare,
        g::atom_measure, g::test_meets, g::test_better, g::test_worse, g::test_below, g::test_above, g::reference_target,
        g::reference_tolerance, g::reference_floor, g::reference_expected, g::reference_benchmark, g::margin_value,
        g::atom_margin, g::quartile_number, g::atom_quartile, g::prop_benchmark, g::prop_quartiles, g::quartile_cut, g::atom_actual, g::polarity_higher, g::polarity_lower, g::polarity_none,
        g::atom_polarity, g::atom_status, g::move_rose, g::move_fell, g::move_unchanged, g::atom_value,
        g::not_expr, g::and_expr, g::or_expr, g::measure_relative, g::measure_difference, g::measure_base,
        g::measure_decl, g::special_no_actual, g::special_no_target, g::special_no_previous,
        g::special_under_review, g::special_baseline, g::special_measure_changed, g::special_cannot_evaluate,
        g::special_rule, g::otherwise_rule, g::band_rule, g::direction_use, g::default_tolerance,
        g::default_marker, g::first_match, g::scheme_decl, g::direction_decl, g::target_none, g::target_under_review,
        g::target_baseline, g::target_range, g::target_bound, g::target_entry, g::annual_pro_rata, g::annual_in_full,
        g::tolerance_range,
        g::prop_section, g::prop_owner, g::prop_unit, g::prop_polarity, g::prop_frequency, g::prop_cumulative,
        g::prop_scheme, g::prop_direction, g::prop_target, g::prop_tolerance, g::prop_measure_changed, g::prop_floor,
        g::prop_expected, g::prop_precision, g::precision_places, g::prop_rounding, g::rounding_half_up,
        g::rounding_half_even, g::rounding_down, g::rounding_up,
        g::indicator_decl, g::given_actual, g::given_previous, g::given_target, g::given_polarity, g::given_status,
        g::given_reason, g::given_last_year, g::given_tolerance, g::given_floor, g::given_benchmark, g::prop_manual, g::prop_lag, g::lag_count, g::lag_unit,
        g::expect_direction, g::test_case, g::test_decl>>;

using Node = pegtl::parse_tree::node;

// --- parse tree -> AST -----------------------------------------------------------------

class Builder {
 public:
  Builder(std::uint32_t file, std::uint32_t base, DiagnosticSink& sink) : file_(file), base_(base), sink_(sink) {}

  void item(const Node& node, RuleFile& out) {
    if (node.is_type<g::council_decl>()) {
      out.items.emplace_back(CouncilDecl{string(*node.children.at(0)), span(node)});
    } else if (node.is_type<g::import_decl>()) {
      out.items.emplace_back(ImportDecl{string(*node.children.at(0)), span(node)});
    } else if (node.is_type<g::columns_decl>()) {
      out.items.emplace_back(columns(node));
    } else if (node.is_type<g::rollup_decl>()) {
      RollupDecl rollup;
      rollup.span = span(node);
      const Node& form = *node.children.at(0);
      if (form.is_type<g::rollup_count>()) {
        const Node& count = *form.children.at(1);
        rollup.count = RollupDecl::Count{string(*form.children.at(0)), count.string(), span(count),
                                         string(*form.children.at(2))};
      } else {
        for (const auto& child : form.children) rollup.order.push_back(string(*child));
      }
      out.items.emplace_back(std::move(rollup));
    } else if (node.is_type<g::theme_decl>()) {
      ThemeDecl theme;
      theme.span = span(node);
      theme.name = string(*node.children.at(0));
      for (std::size_t i = 1; i < node.children.size(); ++i) {
        const Node& member = *node.children[i];
        if (member.is_type<g::theme_member>()) {
          theme.themes.push_back(string(*member.children.at(0)));
        } else {
          theme.sections.push_back(string(member));
        }
      }
      out.items.emplace_back(std::move(theme));
    } else if (node.is_type<g::escalate_decl>()) {
      const Node& count = *node.children.at(1);
      out.items.emplace_back(EscalateDecl{string(*node.children.at(0)), count.string(), span(count),
                                          string(*node.children.at(2)), span(node)});
    } else if (node.is_type<g::key_decl>()) {
      out.items.emplace_back(key(node));
    } else if (node.is_type<g::scheme_decl>()) {
      out.items.emplace_back(SchemeDecl{block(node)});
    } else if (node.is_type<g::direction_decl>()) {
      out.items.emplace_back(DirectionDecl{block(node)});
    } else if (node.is_type<g::indicator_decl>()) {
      out.items.emplace_back(indicator(node));
    } else if (node.is_type<g::test_decl>()) {
      out.items.emplace_back(test(node));
    }
  }

 private:
  // From the node's iterators: node.begin() and end() build a pegtl::position, which
  // copies the file name.
  Span span(const Node& node) const {
    return Span{static_cast<std::uint32_t>(base_ + node.m_begin.byte), static_cast<std::uint32_t>(base_ + node.m_end.byte)};
  }

  Identifier identifier(const Node& node) const { return Identifier{node.string(), span(node)}; }

  StringLit string(const Node& node) const {
    const std::string_view raw = node.string_view();
    std::string value;
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 2 < raw.size()) {
        ++i;
        value.push_back(raw[i] == 'n' ? '\n' : raw[i]);
      } else {
        value.push_back(raw[i]);
      }
    }
    return StringLit{std::move(value), span(node)};
  }

  // A literal node (value_literal, band_literal, ...) holding number_lit and an optional
  // percent sign or unit word.
  NumberLit number(const Node& node) const {
    NumberLit result;
    result.span = span(node);
    for (const auto& child : node.children) {
      if (child->is_type<g::number_lit>()) {
        result.digits = child->string();
      } else if (child->is_type<g::percent_sign>()) {
        result.percent = true;
      } else if (child->is_type<g::unit_word>()) {
        result.unit_word = identifier(*child);
      }
    }
    return result;
  }

  static Polarity polarity(const Node& node) {
    if (node.is_type<g::polarity_higher>()) return Polarity::higher;
    if (node.is_type<g::polarity_lower>()) return Polarity::lower;
    return Polarity::none;
  }

  KeyDecl key(const Node& node) const {
    KeyDecl result;
    result.span = span(node);
    for (const auto& child : node.children) {
      if (child->is_type<g::name>()) {
        result.name = identifier(*child);
      } else if (child->is_type<g::key_title>()) {
        result.title = string(*child);
      } else if (child->is_type<g::status_decl>()) {
        result.statuses.push_back(status(*child));
      }
    }
    return result;
  }

  StatusDecl status(const Node& node) const {
    StatusDecl result;
    result.span = span(node);
    result.label = string(*node.children.at(0));
    for (std::size_t i = 1; i < node.children.size(); ++i) {
      const Node& attribute = *node.children[i];
      const Node& value = *attribute.children.at(0);
      if (attribute.is_type<g::attr_colour>()) {
        duplicate_check(result.colour.has_value(), attribute, "colour");
        result.colour = ColourLit{value.string(), span(value)};
      } else if (attribute.is_type<g::attr_symbol>()) {
        duplicate_check(result.symbol.has_value(), attribute, "symbol");
        result.symbol = string(value);
      } else if (attribute.is_type<g::attr_means>()) {
        duplicate_check(result.means.has_value(), attribute, "means");
        result.means = string(value);
      } else if (attribute.is_type<g::attr_alias>()) {
        result.aliases.push_back(string(value));
      }
    }
    return result;
  }

  void duplicate_check(bool already, const Node& node, std::string_view what) const {
    if (already) {
      sink_.report(DiagnosticKind::duplicate_property, file_, span(node),
                   "`{}` is given twice; keep one", what);
    }
  }

  Condition condition(const Node& node) const {
    if (node.is_type<g::or_expr>() || node.is_type<g::and_expr>()) {
      if (node.children.size() == 1) return condition(*node.children[0]);
      std::vector<Condition> operands;
      for (const auto& child : node.children) operands.push_back(condition(*child));
      if (node.is_type<g::or_expr>()) return Condition{Any{std::move(operands), span(node)}};
      return Condition{All{std::move(operands), span(node)}};
    }
    if (node.is_type<g::not_expr>()) {
      Not negation;
      negation.span = span(node);
      negation.operand.push_back(condition(*node.children.at(0)));
      return Condition{std::move(negation)};
    }
    if (node.is_type<g::atom_measure>()) return measure_atom(node);
    if (node.is_type<g::atom_actual>()) {
      ActualCompare compare;
      compare.span = span(node);
      const Node& test_word = *node.children.at(0);
      compare.test = test_word.is_type<g::test_meets>()    ? ActualTest::meets
                     : test_word.is_type<g::test_better>() ? ActualTest::better_than
                     : test_word.is_type<g::test_worse>()  ? ActualTest::worse_than
                     : test_word.is_type<g::test_below>()  ? ActualTest::below
                                                           : ActualTest::above;
      const Node& reference = *node.children.at(1);
      compare.reference = reference.is_type<g::reference_target>()      ? Reference::target
                          : reference.is_type<g::reference_tolerance>() ? Reference::tolerance
                          : reference.is_type<g::reference_floor>()     ? Reference::floor
                          : reference.is_type<g::reference_expected>()  ? Reference::expected
                                                                        : Reference::benchmark;
      if (compare.reference == Reference::benchmark) compare.benchmark = identifier(*reference.children.at(0));
      return Condition{compare};
    }
    if (node.is_type<g::atom_margin>()) {
      MarginCompare margin;
      margin.span = span(node);
      margin.margin = number(*node.children.at(0));
      margin.benchmark = identifier(*node.children.at(1)->children.at(0));
      return Condition{std::move(margin)};
    }
    if (node.is_type<g::atom_quartile>()) {
      return Condition{QuartileIs{node.children.at(0)->string()[0] - '0', span(node)}};
    }
    if (node.is_type<g::atom_polarity>()) return Condition{PolarityIs{polarity(*node.children.at(0)), span(node)}};
    if (node.is_type<g::atom_status>()) {
      StatusIs status_is;
      status_is.span = span(node);
      for (const auto& child : node.children) status_is.statuses.push_back(string(*child));
      return Condition{std::move(status_is)};
    }
    // atom_value
    const Node& word = *node.children.at(0);
    const ValueMove move = word.is_type<g::move_rose>()   ? ValueMove::rose
                           : word.is_type<g::move_fell>() ? ValueMove::fell
                                                          : ValueMove::unchanged;
    return Condition{ValueMoved{move, span(node)}};
  }

  Condition measure_atom(const Node& node) const {
    const Quantity quantity = node.children.at(0)->is_type<g::quantity_gap>() ? Quantity::gap : Quantity::change;
    const Node& test_node = *node.children.at(1);
    if (test_node.is_type<g::measure_in>()) {
      MeasureInterval interval;
      interval.quantity = quantity;
      interval.span = span(node);
      interval.low_inclusive = test_node.children.at(0)->is_type<g::interval_open_inclusive>();
      interval.low = number(*test_node.children.at(1));
      interval.high = number(*test_node.children.at(2));
      interval.high_inclusive = test_node.children.at(3)->is_type<g::interval_close_inclusive>();
      return Condition{std::move(interval)};
    }
    MeasureCompare compare;
    compare.quantity = quantity;
    compare.span = span(node);
    const Node& op = *test_node.children.at(0);
    compare.op = op.is_type<g::op_le>()   ? CompareOp::less_equal
                 : op.is_type<g::op_ge>() ? CompareOp::greater_equal
                 : op.is_type<g::op_lt>() ? CompareOp::less
                 : op.is_type<g::op_gt>() ? CompareOp::greater
                                          : CompareOp::equal;
    compare.value = number(*test_node.children.at(1));
    return Condition{std::move(compare)};
  }

  RuleBlock block(const Node& node) const {
    RuleBlock result;
    result.span = span(node);
    result.name = identifier(*node.children.at(0));
    result.key = identifier(*node.children.at(1));
    for (std::size_t i = 2; i < node.children.size(); ++i) {
      const Node& child = *node.children[i];
      if (child.is_type<g::default_marker>()) {
        result.is_default = true;
        result.default_span = span(child);
      } else if (child.is_type<g::first_match>()) {
        result.items.emplace_back(FirstMatch{span(child)});
      } else if (child.is_type<g::direction_use>()) {
        result.items.emplace_back(DirectionUse{identifier(*child.children.at(0)), span(child)});
      } else if (child.is_type<g::default_tolerance>()) {
        result.items.emplace_back(DefaultTolerance{number(*child.children.at(0)), span(child)});
      } else if (child.is_type<g::measure_decl>()) {
        MeasureDecl measure;
        measure.span = span(child);
        measure.quantity = child.children.at(0)->is_type<g::quantity_gap>() ? Quantity::gap : Quantity::change;
        measure.kind =
            child.children.at(1)->is_type<g::measure_relative>() ? MeasureKind::relative : MeasureKind::difference;
        measure.base_span = span(*child.children.at(2));
        measure.base_is_last_year = child.children.at(2)->string() != "previous" &&
                                    child.children.at(2)->string() != "target";
        measure.base_is_previous = child.children.at(2)->string() == "previous" || measure.base_is_last_year;
        result.items.emplace_back(measure);
      } else if (child.is_type<g::special_rule>()) {
        SpecialRule rule;
        rule.span = span(child);
        for (const auto& part : child.children) {
          if (part->is_type<g::outcome>()) {
            rule.outcome = string(*part);
          } else {
            rule.cases.push_back(SpecialCase{special(*part), span(*part)});
          }
        }
        result.items.emplace_back(std::move(rule));
      } else if (child.is_type<g::otherwise_rule>()) {
        result.items.emplace_back(OtherwiseRule{string(*child.children.at(0)), span(child)});
      } else if (child.is_type<g::band_rule>()) {
        result.items.emplace_back(
            BandRule{condition(*child.children.at(0)), string(*child.children.at(1)), span(child)});
      }
    }
    return result;
  }

  static Special special(const Node& node) {
    if (node.is_type<g::special_no_actual>()) return Special::no_actual;
    if (node.is_type<g::special_no_target>()) return Special::no_target;
    if (node.is_type<g::special_no_previous>()) return Special::no_previous;
    if (node.is_type<g::special_under_review>()) return Special::under_review;
    if (node.is_type<g::special_baseline>()) return Special::baseline;
    if (node.is_type<g::special_measure_changed>()) return Special::measure_changed;
    return Special::cannot_evaluate;
  }

  TargetValue target_value(const Node& node) const {
    TargetValue result;
    result.span = span(node);
    if (node.is_type<g::target_none>()) {
      result.kind = TargetValue::Kind::none;
    } else if (node.is_type<g::target_under_review>()) {
      result.kind = TargetValue::Kind::under_review;
    } else if (node.is_type<g::target_baseline>()) {
      result.kind = TargetValue::Kind::baseline;
    } else if (node.is_type<g::target_range>()) {
      result.kind = TargetValue::Kind::range;
      result.value = number(*node.children.at(0));
      result.high = number(*node.children.at(1));
    } else if (node.is_type<g::target_bound>()) {
      result.kind = TargetValue::Kind::bound;
      const Node& op = *node.children.at(0);
      result.bound_below = op.is_type<g::op_le>() || op.is_type<g::op_lt>();
      result.strict = op.is_type<g::op_lt>() || op.is_type<g::op_gt>();
      result.value = number(*node.children.at(1));
    } else {
      result.kind = TargetValue::Kind::value;
      result.value = number(node);
    }
    return result;
  }

  template <typename T>
  void set_once(std::optional<T>& slot, T value, const Node& node, std::string_view what) const {
    duplicate_check(slot.has_value(), node, what);
    slot = std::move(value);
  }

  ColumnsDecl columns(const Node& node) const {
    ColumnsDecl result;
    result.span = span(node);
    for (const auto& child : node.children) {
      if (child->is_type<g::column_map>()) {
        result.maps.push_back(
            ColumnMap{string(*child->children.at(0)), identifier(*child->children.at(1)), span(*child)});
      } else if (child->is_type<g::column_fixed_period>()) {
        const Node& period = *child->children.at(0);
        set_once(result.period, PeriodLit{period.string(), span(period)}, *child, "period");
      }
    }
    return result;
  }

  // `10%`, `5 points`, `15% - 35%` after `tolerance`.
  ToleranceSpec tolerance_spec(const Node& spec, Span whole) const {
    ToleranceSpec tolerance;
    tolerance.span = whole;
    if (spec.is_type<g::tolerance_range>()) {
      tolerance.is_range = true;
      tolerance.value = number(*spec.children.at(0));
      tolerance.high = number(*spec.children.at(1));
    } else {
      tolerance.value = number(spec);
    }
    return tolerance;
  }

  // The entries of a `target`, `floor`, `expected range` or `benchmark` list.
  std::vector<TargetEntry> target_entries(const Node& list) const {
    std::vector<TargetEntry> entries;
    for (const auto& entry : list.children) {
      if (!entry->is_type<g::target_entry>()) continue;  // a benchmark's name
      TargetEntry target;
      target.span = span(*entry);
      for (const auto& part : entry->children) {
        if (part->is_type<g::entry_period>()) {
          target.period = PeriodLit{part->string(), span(*part)};
        } else if (part->is_type<g::annual_pro_rata>() || part->is_type<g::annual_in_full>()) {
          target.annual = part->is_type<g::annual_pro_rata>() ? TargetEntry::Annual::pro_rata
                                                              : TargetEntry::Annual::in_full;
          target.annual_span = span(*part);
        } else {
          target.value = target_value(*part);
        }
      }
      entries.push_back(std::move(target));
    }
    return entries;
  }

  IndicatorDecl indicator(const Node& node) const {
    IndicatorDecl result;
    result.span = span(node);
    for (const auto& child_ptr : node.children) {
      const Node& child = *child_ptr;
      if (child.is_type<g::name>()) {
        result.id = identifier(child);
      } else if (child.is_type<g::indicator_title>()) {
        result.title = string(child);
      } else if (child.is_type<g::prop_section>()) {
        set_once(result.section, string(*child.children.at(0)), child, "section");
      } else if (child.is_type<g::prop_owner>()) {
        set_once(result.owner, string(*child.children.at(0)), child, "owner");
      } else if (child.is_type<g::prop_unit>()) {
        set_once(result.unit, identifier(*child.children.at(0)), child, "unit");
      } else if (child.is_type<g::prop_polarity>()) {
        set_once(result.polarity, PolarityLit{polarity(*child.children.at(0)), span(child)}, child, "polarity");
      } else if (child.is_type<g::prop_frequency>()) {
        set_once(result.frequency, identifier(*child.children.at(0)), child, "frequency");
      } else if (child.is_type<g::prop_cumulative>()) {
        set_once(result.cumulative, span(child), child, "cumulative");
      } else if (child.is_type<g::prop_scheme>()) {
        set_once(result.scheme, identifier(*child.children.at(0)), child, "scheme");
      } else if (child.is_type<g::prop_direction>()) {
        set_once(result.direction, identifier(*child.children.at(0)), child, "direction");
      } else if (child.is_type<g::prop_target>()) {
        set_once(result.targets_span, span(child), child, "target");
        result.targets = target_entries(child);
      } else if (child.is_type<g::prop_floor>()) {
        set_once(result.floors_span, span(child), child, "floor");
        result.floors = target_entries(child);
      } else if (child.is_type<g::prop_benchmark>()) {
        IndicatorDecl::Benchmark benchmark;
        benchmark.span = span(child);
        benchmark.name = identifier(*child.children.at(0));
        benchmark.values = target_entries(child);
        result.benchmarks.push_back(std::move(benchmark));
      } else if (child.is_type<g::prop_quartiles>()) {
        IndicatorDecl::Quartiles quartiles;
        quartiles.span = span(child);
        for (const auto& part : child.children) {
          if (part->is_type<g::entry_period>()) {
            quartiles.period = PeriodLit{part->string(), span(*part)};
          } else {
            quartiles.cuts.push_back(number(*part));
          }
        }
        result.quartiles.push_back(std::move(quartiles));
      } else if (child.is_type<g::prop_precision>()) {
        set_once(result.precision, identifier(*child.children.at(0)), child, "precision");
      } else if (child.is_type<g::prop_rounding>()) {
        const Node& mode = *child.children.at(0);
        const auto rounding = mode.is_type<g::rounding_half_up>()     ? IndicatorDecl::Rounding::half_up
                              : mode.is_type<g::rounding_half_even>() ? IndicatorDecl::Rounding::half_even
                              : mode.is_type<g::rounding_down>()      ? IndicatorDecl::Rounding::down
                                                                      : IndicatorDecl::Rounding::up;
        set_once(result.rounding, std::make_pair(rounding, span(child)), child, "rounding");
      } else if (child.is_type<g::prop_expected>()) {
        set_once(result.expected_span, span(child), child, "expected range");
        result.expected = target_entries(child);
      } else if (child.is_type<g::prop_tolerance>()) {
        set_once(result.tolerance, tolerance_spec(*child.children.at(0), span(child)), child, "tolerance");
      } else if (child.is_type<g::prop_lag>()) {
        set_once(result.lag,
                 IndicatorDecl::Lag{child.children.at(0)->string(), identifier(*child.children.at(1)), span(child)},
                 child, "lag");
      } else if (child.is_type<g::prop_manual>()) {
        set_once(result.manual, span(child), child, "manual");
        if (!child.children.empty()) result.manual_key = identifier(*child.children.at(0));
      } else if (child.is_type<g::prop_measure_changed>()) {
        const Node& period = *child.children.at(0);
        result.measure_changed.push_back(PeriodLit{period.string(), span(period)});
      }
    }
    return result;
  }

  TestDecl test(const Node& node) const {
    TestDecl result;
    result.span = span(node);
    result.name = string(*node.children.at(0));
    for (std::size_t i = 1; i < node.children.size(); ++i) {
      const Node& case_node = *node.children[i];
      TestCase test_case;
      test_case.span = span(case_node);
      for (const auto& part_ptr : case_node.children) {
        const Node& part = *part_ptr;
        if (part.is_type<g::identifier>()) {
          test_case.indicator = identifier(part);
        } else if (part.is_type<g::test_period>()) {
          test_case.period = PeriodLit{part.string(), span(part)};
        } else if (part.is_type<g::given_actual>()) {
          set_once(test_case.actual, number(*part.children.at(0)), part, "actual");
        } else if (part.is_type<g::given_previous>()) {
          set_once(test_case.previous, number(*part.children.at(0)), part, "previous");
        } else if (part.is_type<g::given_target>()) {
          set_once(test_case.target, target_value(*part.children.at(0)), part, "target");
        } else if (part.is_type<g::given_polarity>()) {
          set_once(test_case.polarity, PolarityLit{polarity(*part.children.at(0)), span(part)}, part, "polarity");
        } else if (part.is_type<g::given_last_year>()) {
          set_once(test_case.last_year, number(*part.children.at(0)), part, "last year");
        } else if (part.is_type<g::given_tolerance>()) {
          set_once(test_case.tolerance, tolerance_spec(*part.children.at(0), span(part)), part, "tolerance");
        } else if (part.is_type<g::given_floor>()) {
          set_once(test_case.floor, number(*part.children.at(0)), part, "floor");
        } else if (part.is_type<g::given_benchmark>()) {
          test_case.benchmarks.emplace_back(identifier(*part.children.at(0)), number(*part.children.at(1)));
        } else if (part.is_type<g::given_status>()) {
          set_once(test_case.status, string(*part.children.at(0)), part, "status");
        } else if (part.is_type<g::given_reason>()) {
          set_once(test_case.reason, string(*part.children.at(0)), part, "reason");
        } else if (part.is_type<g::expect_status>()) {
          test_case.expect_status = string(part);
        } else if (part.is_type<g::expect_direction>()) {
          test_case.expect_direction = string(*part.children.at(0));
        }
      }
      result.cases.push_back(std::move(test_case));
    }
    return result;
  }

  std::uint32_t file_;
  std::uint32_t base_;
  DiagnosticSink& sink_;
};

// Byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (byte < 0x80U) {
      length = 1;
    } else if ((byte & 0xE0U) == 0xC0U && byte >= 0xC2U) {
      length = 2;
    } else if ((byte & 0xF0U) == 0xE0U) {
      length = 3;
    } else if ((byte & 0xF8U) == 0xF0U && byte <= 0xF4U) {
      length = 4;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return i;
    }
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF (RFC 3629).
    if (length > 1) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if ((byte == 0xE0U && second < 0xA0U) || (byte == 0xEDU && second > 0x9FU) ||
          (byte == 0xF0U && second < 0x90U) || (byte == 0xF4U && second > 0x8FU)) {
        return i;
      }
    }
    i += length;
  }
  return std::string_view::npos;
}

// After a syntax error at `error_at`, the next line starting in column 1 with a
// top-level keyword.
std::size_t resync_point(std::string_view text, std::size_t error_at) {
  static constexpr std::string_view kStarts[] = {"council ", "import ", "columns ", "rollup ", "theme ", "escalate ", "key ", "scheme ",
                                                  "direction ", "indicator ", "test "};
  std::size_t line = text.find('\n', error_at);
  while (line != std::string_view::npos) {
    const std::string_view rest = text.substr(line + 1);
    for (const std::string_view start : kStarts) {
      if (rest.substr(0, start.size()) == start) return line + 1;
    }
    line = text.find('\n', line + 1);
  }
  return text.size();
}

}  // namespace

RuleFile parse(const SourceSet& sources, std::uint32_t file, DiagnosticSink& sink) {
  RuleFile result;
  result.file = file;
  const std::string& text = sources.file(file).text();
  const auto at = [](std::size_t byte) {
    const auto offset = static_cast<std::uint32_t>(byte);
    return Span{offset, offset + 1};
  };
  if (text.size() > kMaxRuleFileBytes) {
    sink.report(DiagnosticKind::limit_exceeded, file, at(0),
                "rule file of {} bytes, over the limit of {} bytes; split it into files joined by `import`",
                text.size(), kMaxRuleFileBytes);
    return result;
  }
  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    sink.report(DiagnosticKind::invalid_utf8, file, at(bad),
                "invalid UTF-8 byte 0x{:02X}; save the file as UTF-8", static_cast<unsigned char>(text[bad]));
    return result;
  }

  // A byte order mark, as some Windows editors write, is not part of the first item.
  std::size_t position = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::size_t indicators = 0;
  result.items.reserve(text.size() / 128);  // declarations are large: growing moved each of them
  while (position < text.size()) {
    pegtl::memory_input input(text.data() + position, text.data() + text.size(), sources.file(file).path());
    try {
      Nesting nesting;
      auto root = pegtl::parse_tree::parse<g::next_item, selector, pegtl::nothing, control>(input, nesting);
      if (!root || root->children.empty()) break;  // only whitespace was left
      const Node& item = *root->children.front();
      if (item.is_type<g::indicator_decl>() && ++indicators > kMaxIndicators) {
        sink.report(DiagnosticKind::limit_exceeded, file, at(position + item.m_begin.byte),
                    "more than {} indicators in one file, over the limit; split the file into files joined by "
                    "`import`",
                    kMaxIndicators);
        return result;
      }
      Builder(file, static_cast<std::uint32_t>(position), sink).item(item, result);
      position += input.byte();
    } catch (const pegtl::parse_error& error) {
      const std::size_t error_at = position + error.positions().front().byte;
      sink.report(DiagnosticKind::syntax_error, file, at(error_at), "{}",
                  keyword_as_name(text.substr(error_at), error.message()));
      position = resync_point(text, error_at);
    } catch (const LimitExceeded& limit) {
      const std::size_t error_at = position + limit.byte;
      sink.report(DiagnosticKind::limit_exceeded, file, at(error_at), "{}", limit.message);
      position = resync_point(text, error_at);
    }
  }
  return result;
}

}  // namespace dsl
