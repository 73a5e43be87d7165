// The statuskey rule-file grammar (PEGTL). Pure syntax: rules are named for what they
// match. Private to the dsl library: only parser.cpp includes it.
// Error points: a rule with an entry in the error table (parser.cpp) raises a parse
// error with that message when it fails; such rules are used only after the parser has
// committed to a construct, so backtracking never meets them.
#pragma once

#include <tao/pegtl.hpp>

namespace dsl::grammar {

namespace pegtl = tao::pegtl;
using namespace pegtl;  // NOLINT: grammar headers read best with PEGTL's rule names

// --- lexical --------------------------------------------------------------------------

// A colour is `#` and six hex digits right after `colour` on the same line; anywhere
// else `#` starts a comment.
struct colour_digits : seq<rep<6, xdigit>, not_at<identifier_other>> {};
struct comment : seq<one<'#'>, until<eolf>> {};
struct sep : sor<ascii::space, comment> {};
struct ws : star<sep> {};
struct blanks : star<blank> {};

struct kw_council : TAO_PEGTL_KEYWORD("council") {};
struct kw_import : TAO_PEGTL_KEYWORD("import") {};
struct kw_key : TAO_PEGTL_KEYWORD("key") {};
struct kw_status : TAO_PEGTL_KEYWORD("status") {};
struct kw_colour : sor<TAO_PEGTL_KEYWORD("colour"), TAO_PEGTL_KEYWORD("color")> {};
struct kw_symbol : TAO_PEGTL_KEYWORD("symbol") {};
struct kw_means : TAO_PEGTL_KEYWORD("means") {};
struct kw_alias : TAO_PEGTL_KEYWORD("alias") {};
struct kw_scheme : TAO_PEGTL_KEYWORD("scheme") {};
struct kw_uses : TAO_PEGTL_KEYWORD("uses") {};
struct kw_default : TAO_PEGTL_KEYWORD("default") {};
struct kw_direction : TAO_PEGTL_KEYWORD("direction") {};
struct kw_tolerance : TAO_PEGTL_KEYWORD("tolerance") {};
struct kw_gap : TAO_PEGTL_KEYWORD("gap") {};
struct kw_change : TAO_PEGTL_KEYWORD("change") {};
struct kw_relative : TAO_PEGTL_KEYWORD("relative") {};
struct kw_difference : TAO_PEGTL_KEYWORD("difference") {};
struct kw_to : TAO_PEGTL_KEYWORD("to") {};
struct kw_from : TAO_PEGTL_KEYWORD("from") {};
struct kw_target : TAO_PEGTL_KEYWORD("target") {};
struct kw_previous : TAO_PEGTL_KEYWORD("previous") {};
struct kw_actual : TAO_PEGTL_KEYWORD("actual") {};
struct kw_meets : TAO_PEGTL_KEYWORD("meets") {};
struct kw_within : TAO_PEGTL_KEYWORD("within") {};
struct kw_better : TAO_PEGTL_KEYWORD("better") {};
struct kw_worse : TAO_PEGTL_KEYWORD("worse") {};
struct kw_than : TAO_PEGTL_KEYWORD("than") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_is : TAO_PEGTL_KEYWORD("is") {};
struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_polarity : TAO_PEGTL_KEYWORD("polarity") {};
struct kw_higher : TAO_PEGTL_KEYWORD("higher") {};
struct kw_lower : TAO_PEGTL_KEYWORD("lower") {};
struct kw_none : TAO_PEGTL_KEYWORD("none") {};
struct kw_value : TAO_PEGTL_KEYWORD("value") {};
struct kw_rose : TAO_PEGTL_KEYWORD("rose") {};
struct kw_fell : TAO_PEGTL_KEYWORD("fell") {};
struct kw_unchanged : TAO_PEGTL_KEYWORD("unchanged") {};
struct kw_otherwise : TAO_PEGTL_KEYWORD("otherwise") {};
struct kw_no : TAO_PEGTL_KEYWORD("no") {};
struct kw_under : TAO_PEGTL_KEYWORD("under") {};
struct kw_review : TAO_PEGTL_KEYWORD("review") {};
struct kw_baseline : TAO_PEGTL_KEYWORD("baseline") {};
struct kw_measure : TAO_PEGTL_KEYWORD("measure") {};
struct kw_changed : TAO_PEGTL_KEYWORD("changed") {};
struct kw_cannot : TAO_PEGTL_KEYWORD("cannot") {};
struct kw_evaluate : TAO_PEGTL_KEYWORD("evaluate") {};
struct kw_tracking : TAO_PEGTL_KEYWORD("tracking") {};
struct kw_indicator : TAO_PEGTL_KEYWORD("indicator") {};
struct kw_section : TAO_PEGTL_KEYWORD("section") {};
struct kw_owner : TAO_PEGTL_KEYWORD("owner") {};
struct kw_unit : TAO_PEGTL_KEYWORD("unit") {};
struct kw_frequency : TAO_PEGTL_KEYWORD("frequency") {};
struct kw_cumulative : TAO_PEGTL_KEYWORD("cumulative") {};
struct kw_test : TAO_PEGTL_KEYWORD("test") {};
struct kw_first : TAO_PEGTL_KEYWORD("first") {};
struct kw_match : TAO_PEGTL_KEYWORD("match") {};
struct kw_floor : TAO_PEGTL_KEYWORD("floor") {};
struct kw_expected : TAO_PEGTL_KEYWORD("expected") {};
struct kw_below : TAO_PEGTL_KEYWORD("below") {};
struct kw_above : TAO_PEGTL_KEYWORD("above") {};
struct kw_columns : TAO_PEGTL_KEYWORD("columns") {};
struct kw_rollup : TAO_PEGTL_KEYWORD("rollup") {};
struct kw_theme : TAO_PEGTL_KEYWORD("theme") {};
// Not reserved: they only follow `rollup "STATUS"`.
struct word_when : TAO_PEGTL_KEYWORD("when") {};
struct word_more : TAO_PEGTL_KEYWORD("more") {};
struct kw_precision : TAO_PEGTL_KEYWORD("precision") {};
struct kw_benchmark : TAO_PEGTL_KEYWORD("benchmark") {};
struct kw_quartile : TAO_PEGTL_KEYWORD("quartile") {};
struct kw_quartiles : TAO_PEGTL_KEYWORD("quartiles") {};
struct kw_manual : TAO_PEGTL_KEYWORD("manual") {};
struct kw_lag : TAO_PEGTL_KEYWORD("lag") {};
struct kw_rounding : TAO_PEGTL_KEYWORD("rounding") {};
// Not reserved: they only follow `rounding`.
struct word_half : TAO_PEGTL_KEYWORD("half") {};
struct word_up : TAO_PEGTL_KEYWORD("up") {};
struct word_even : TAO_PEGTL_KEYWORD("even") {};
struct word_down : TAO_PEGTL_KEYWORD("down") {};
struct kw_escalate : TAO_PEGTL_KEYWORD("escalate") {};
// Not reserved: they only follow `rollup` and `escalate`.
struct word_worst : TAO_PEGTL_KEYWORD("worst") {};
struct word_of : TAO_PEGTL_KEYWORD("of") {};
struct word_for : TAO_PEGTL_KEYWORD("for") {};
struct word_periods : sor<TAO_PEGTL_KEYWORD("periods"), TAO_PEGTL_KEYWORD("period")> {};
// Not reserved: `period` only starts a line inside `columns`.
struct word_period : TAO_PEGTL_KEYWORD("period") {};
// Not reserved: `range` only follows `expected`.
struct word_range : TAO_PEGTL_KEYWORD("range") {};

// Every keyword, grouped by first letter so that a word is compared only with the
// keywords it could be (`identifier` checks each name against all of them).
template <char First, typename... Keywords>
struct starting_with : seq<at<one<First>>, sor<Keywords...>> {};
struct keyword
    : sor<starting_with<'a', kw_alias, kw_actual, kw_and, kw_above>,
          starting_with<'b', kw_better, kw_baseline, kw_below, kw_benchmark>,
          starting_with<'c', kw_council, kw_colour, kw_change, kw_changed, kw_cannot, kw_cumulative, kw_columns>,
          starting_with<'d', kw_default, kw_direction, kw_difference>,
          starting_with<'e', kw_evaluate, kw_expected, kw_escalate>,
          starting_with<'f', kw_from, kw_fell, kw_frequency, kw_first, kw_floor>,
          starting_with<'g', kw_gap>,
          starting_with<'h', kw_higher>,
          starting_with<'i', kw_import, kw_in, kw_is, kw_indicator>,
          starting_with<'k', kw_key>,
          starting_with<'l', kw_lower, kw_lag>,
          starting_with<'m', kw_means, kw_meets, kw_measure, kw_match, kw_manual>,
          starting_with<'n', kw_not, kw_none, kw_no>,
          starting_with<'o', kw_or, kw_otherwise, kw_owner>,
          starting_with<'p', kw_previous, kw_polarity, kw_precision>,
          starting_with<'q', kw_quartile, kw_quartiles>,
          starting_with<'r', kw_relative, kw_rose, kw_review, kw_rollup, kw_rounding>,
          starting_with<'s', kw_status, kw_symbol, kw_scheme, kw_section>,
          starting_with<'t', kw_tolerance, kw_to, kw_target, kw_than, kw_tracking, kw_test, kw_theme>,
          starting_with<'u', kw_uses, kw_unchanged, kw_under, kw_unit>,
          starting_with<'v', kw_value>,
          starting_with<'w', kw_within, kw_worse>> {};

struct identifier : seq<not_at<keyword>, ascii::identifier> {};

struct escaped_char : seq<one<'\\'>, one<'"', '\\', 'n'>> {};
struct string_char : sor<escaped_char, utf8::not_one<'"', '\\', '\r', '\n'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, string_close> {};

struct number_lit : seq<opt<one<'-', '+'>>, plus<digit>, opt<one<'.'>, plus<digit>>, not_at<one<'.', ','>, digit>> {};
struct percent_sign : one<'%'> {};
struct unit_word : seq<not_at<TAO_PEGTL_KEYWORD("of")>, identifier> {};
// A number in a band or tolerance: 10%, -5 points, 2 days, 100.
struct band_literal : seq<number_lit, opt<sor<percent_sign, seq<blanks, unit_word>>>> {};
// A value of the indicator itself: 80%, 1688, 2.92.
struct value_literal : seq<number_lit, opt<percent_sign>> {};

struct colour_lit : seq<one<'#'>, colour_digits> {};

// 2013-14 Q2 | Q2 | 2013-14 | 2013/14 | 2022-02
struct year_part : seq<rep<4, digit>, one<'-', '/'>, rep<2, digit>, not_at<digit>> {};
struct quarter_part : seq<one<'Q'>, range<'1', '4'>, not_at<identifier_other>> {};
struct period_lit : sor<seq<year_part, opt<plus<blank>, quarter_part>>, quarter_part> {};

struct arrow : string<'-', '>'> {};

// --- committed positions (each has an error message) -----------------------------------

struct name : identifier {};
struct label : string_lit {};
struct outcome : string_lit {};
struct colour_value : colour_lit {};
struct open_brace : one<'{'> {};
struct close_key : one<'}'> {};
struct close_block : one<'}'> {};
struct close_indicator : one<'}'> {};
struct close_test : one<'}'> {};
struct close_paren : one<')'> {};
struct rule_arrow : arrow {};
struct uses_key : seq<kw_uses, ws, name> {};
// `same period last year`: the value a year earlier (not reserved words).
struct base_last_year : seq<TAO_PEGTL_KEYWORD("same"), blanks, TAO_PEGTL_KEYWORD("period"), blanks,
                            TAO_PEGTL_KEYWORD("last"), blanks, TAO_PEGTL_KEYWORD("year")> {};
struct measure_base : sor<kw_target, kw_previous, base_last_year> {};
struct item : sor<struct council_decl, struct import_decl, struct columns_decl, struct rollup_decl, struct theme_decl,
                  struct escalate_decl,
                  struct key_decl, struct scheme_decl, struct direction_decl, struct indicator_decl, struct test_decl> {};
struct expected_item : item {};

// --- council and keys -------------------------------------------------------------------

struct council_decl : seq<kw_council, ws, label> {};
// import "common/rag.sk": the path is relative to the importing file.
struct import_decl : seq<kw_import, ws, label> {};

// No comment may sit between `colour` and its value: `#` there always starts the colour.
struct attr_colour : seq<kw_colour, blanks, colour_value> {};
struct attr_symbol : seq<kw_symbol, ws, label> {};
struct attr_means : seq<kw_means, ws, label> {};
struct attr_alias : seq<kw_alias, ws, label> {};
struct status_attr : sor<attr_colour, attr_symbol, attr_means, attr_alias> {};
struct status_decl : seq<kw_status, ws, label, ws, star<status_attr, ws>> {};
struct key_title : string_lit {};
struct key_decl : seq<kw_key, ws, name, ws, opt<key_title, ws>, open_brace, ws, star<status_decl, ws>, close_key> {};

// --- conditions -------------------------------------------------------------------------

struct op_le : string<'<', '='> {};
struct op_ge : string<'>', '='> {};
struct op_lt : one<'<'> {};
struct op_gt : one<'>'> {};
struct op_eq : sor<string<'=', '='>, one<'='>> {};
struct compare_op : sor<op_le, op_ge, op_lt, op_gt, op_eq> {};

struct quantity_gap : kw_gap {};
struct quantity_change : kw_change {};
struct quantity : sor<quantity_gap, quantity_change> {};
struct interval_open_inclusive : one<'['> {};
struct interval_open_exclusive : one<'('> {};
struct interval_close_inclusive : one<']'> {};
struct interval_close_exclusive : one<')'> {};
struct interval_close : sor<interval_close_inclusive, interval_close_exclusive> {};
struct interval_comma : one<','> {};
struct interval_bound : band_literal {};
struct interval : seq<sor<interval_open_inclusive, interval_open_exclusive>, ws, interval_bound, ws, interval_comma,
                      ws, interval_bound, ws, interval_close> {};
struct measure_in : seq<kw_in, ws, interval> {};
struct measure_compare : seq<compare_op, ws, interval_bound> {};
struct measure_test : sor<measure_in, measure_compare> {};
struct atom_measure : seq<quantity, ws, measure_test> {};

struct test_meets : sor<kw_meets, kw_within> {};
struct test_better : seq<kw_better, ws, kw_than> {};
struct test_worse : seq<kw_worse, ws, kw_than> {};
struct test_below : kw_below {};
struct test_above : kw_above {};
struct reference_target : kw_target {};
struct reference_tolerance : kw_tolerance {};
struct reference_floor : kw_floor {};
// `expected` or `expected range`: the indicator's expected range.
struct reference_expected : seq<kw_expected, opt<blanks, word_range>> {};
// `benchmark national`: one of the indicator's named comparators.
struct reference_benchmark : seq<kw_benchmark, ws, name> {};
struct reference
    : sor<reference_target, reference_tolerance, reference_floor, reference_expected, reference_benchmark> {};
struct atom_actual
    : seq<kw_actual, ws, sor<test_meets, test_better, test_worse, test_below, test_above>, ws, reference> {};
// actual within 2 points of benchmark national | actual within 5% of benchmark national
struct margin_value : band_literal {};
struct atom_margin : seq<kw_actual, ws, kw_within, ws, margin_value, ws, word_of, ws, reference_benchmark> {};
// quartile 1 (the best quartile by polarity) to quartile 4
struct quartile_number : seq<range<'1', '4'>, not_at<digit>> {};
struct atom_quartile : seq<kw_quartile, ws, opt<kw_is, ws>, quartile_number> {};

struct polarity_higher : kw_higher {};
struct polarity_lower : kw_lower {};
struct polarity_none : kw_none {};
struct polarity_word : sor<polarity_higher, polarity_lower, polarity_none> {};
struct atom_polarity : seq<kw_polarity, ws, polarity_word> {};

struct status_list : seq<kw_in, ws, one<'('>, ws, label, star<ws, one<','>, ws, label>, ws, close_paren> {};
struct atom_status : seq<kw_status, ws, opt<kw_is, ws>, sor<status_list, label>> {};

struct move_rose : kw_rose {};
struct move_fell : kw_fell {};
struct move_unchanged : kw_unchanged {};
struct move_word : sor<move_rose, move_fell, move_unchanged> {};
struct atom_value : seq<kw_value, ws, move_word> {};

struct or_expr;
struct not_expr;
struct paren_expr : seq<one<'('>, ws, or_expr, ws, close_paren> {};
struct atom : sor<atom_measure, atom_margin, atom_actual, atom_quartile, atom_polarity, atom_status, atom_value> {};
struct unary : sor<not_expr, paren_expr, atom> {};
struct not_expr : seq<kw_not, ws, unary> {};
struct operand : unary {};
struct and_expr : seq<unary, star<ws, kw_and, ws, operand>> {};
struct or_expr : seq<and_expr, star<ws, kw_or, ws, and_expr>> {};

// --- scheme and direction blocks ---------------------------------------------------------

struct measure_relative : seq<kw_relative, ws, kw_to> {};
struct measure_difference : seq<kw_difference, ws, kw_from> {};
struct measure_kind : sor<measure_relative, measure_difference> {};
struct measure_decl : seq<quantity, ws, one<'='>, ws, measure_kind, ws, measure_base> {};

struct special_no_actual : seq<kw_no, ws, kw_actual> {};
struct special_no_target : seq<kw_no, ws, kw_target> {};
struct special_no_previous : seq<kw_no, ws, kw_previous> {};
struct special_under_review : seq<opt<kw_target, ws>, kw_under, ws, kw_review> {};
struct special_baseline : kw_baseline {};
struct special_measure_changed : seq<kw_measure, ws, kw_changed> {};
struct special_cannot_evaluate : seq<kw_cannot, ws, kw_evaluate> {};
struct special_case : sor<special_no_actual, special_no_target, special_no_previous, special_under_review,
                          special_baseline, special_measure_changed, special_cannot_evaluate> {};
struct special_rule : seq<special_case, star<ws, kw_or, ws, special_case>, ws, rule_arrow, ws, outcome> {};
struct otherwise_rule : seq<kw_otherwise, ws, rule_arrow, ws, outcome> {};
struct band_rule : seq<or_expr, ws, rule_arrow, ws, outcome> {};
struct direction_use : seq<kw_direction, ws, name> {};
struct default_tolerance : seq<kw_tolerance, ws, interval_bound> {};
// `first match`: the block declares that its rules may overlap and the first one wins.
struct first_match : seq<kw_first, ws, kw_match> {};
struct block_item
    : sor<first_match, direction_use, default_tolerance, measure_decl, special_rule, otherwise_rule, band_rule> {};
struct default_marker : kw_default {};
struct block_body : seq<uses_key, ws, opt<default_marker, ws>, open_brace, ws, star<block_item, ws>, close_block> {};
struct scheme_decl : seq<kw_scheme, ws, name, ws, block_body> {};
struct direction_decl : seq<kw_direction, ws, name, ws, block_body> {};

// --- indicators ----------------------------------------------------------------------------

struct target_none : sor<kw_none, kw_tracking, seq<kw_no, ws, kw_target>> {};
struct target_under_review : seq<kw_under, ws, kw_review> {};
struct target_baseline : kw_baseline {};
struct range_to : sor<kw_to, one<'-'>> {};
struct target_range : seq<value_literal, blanks, range_to, blanks, value_literal> {};
struct bound_op : sor<op_le, op_ge, op_lt, op_gt> {};
struct target_bound : seq<bound_op, blanks, value_literal> {};
struct target_single : value_literal {};
struct target_value : sor<target_none, target_under_review, target_baseline, target_range, target_bound, target_single> {};
struct entry_period : period_lit {};
// target 2013-14 6755 pro rata | target 2013-14 95% in full: a financial year's target
// compared in each quarter or month of that year (not reserved words).
struct annual_pro_rata : seq<TAO_PEGTL_KEYWORD("pro"), plus<blank>, TAO_PEGTL_KEYWORD("rata")> {};
struct annual_in_full : seq<kw_in, plus<blank>, TAO_PEGTL_KEYWORD("full")> {};
struct annual_rule : sor<annual_pro_rata, annual_in_full> {};
struct target_entry : seq<opt<entry_period, plus<blank>>, target_value, opt<plus<blank>, annual_rule>> {};
struct target_list : seq<target_entry, star<ws, one<','>, ws, target_entry>> {};

struct tolerance_range : seq<value_literal, blanks, range_to, blanks, value_literal> {};
struct tolerance_single : band_literal {};

struct prop_section : seq<kw_section, ws, label> {};
struct prop_owner : seq<kw_owner, ws, label> {};
struct prop_unit : seq<kw_unit, ws, name> {};
struct prop_polarity : seq<kw_polarity, ws, polarity_word> {};
struct prop_frequency : seq<kw_frequency, ws, name> {};
struct prop_cumulative : kw_cumulative {};
struct prop_scheme : seq<kw_scheme, ws, name> {};
struct prop_direction : seq<kw_direction, ws, name> {};
struct prop_target : seq<kw_target, ws, target_list> {};
struct tolerance_spec : sor<tolerance_range, tolerance_single> {};
struct prop_tolerance : seq<kw_tolerance, ws, tolerance_spec> {};
struct changed_period : period_lit {};
struct prop_measure_changed : seq<kw_measure, ws, kw_changed, ws, kw_in, ws, changed_period> {};
// floor 85%  |  floor 2022-23 85%, 2023-24 88%: the same entries as targets, single values.
struct prop_floor : seq<kw_floor, ws, target_list> {};
// expected 120 to 150  |  expected range 2022-01 120 to 150, 2022-02 110 to 140
struct prop_expected : seq<kw_expected, opt<blanks, word_range>, ws, target_list> {};
// precision 1: figures are compared as printed, to 1 decimal place
struct precision_places : seq<plus<digit>, not_at<one<'.', '%'>>> {};
struct prop_precision : seq<kw_precision, ws, precision_places> {};
// rounding half up | half even | down | up
struct rounding_half_up : seq<word_half, blanks, word_up> {};
struct rounding_half_even : seq<word_half, blanks, word_even> {};
struct rounding_down : word_down {};
struct rounding_up : word_up {};
struct rounding_mode : sor<rounding_half_up, rounding_half_even, rounding_down, rounding_up> {};
struct prop_rounding : seq<kw_rounding, ws, rounding_mode> {};
// benchmark national 88%  |  benchmark england 2021-22 88%, 2022-23 89%
struct prop_benchmark : seq<kw_benchmark, ws, name, ws, target_list> {};
// quartiles 60%, 70%, 80%: the lower quartile, median and upper quartile cut points
struct quartile_cut : value_literal {};
// quartiles 2021-22 84%, 88%, 91%: for one period (the line may repeat, one per period)
struct prop_quartiles : seq<kw_quartiles, ws, opt<entry_period, plus<blank>>, quartile_cut, ws, one<','>, ws, quartile_cut,
                            ws, one<','>, ws, quartile_cut> {};
// manual | manual key project: the status is set by a person, in the data, with a reason
struct prop_manual : seq<kw_manual, opt<ws, kw_key, ws, name>> {};
// lag 1 quarter: figures arrive this many periods after the period they are for
struct lag_count : seq<plus<digit>, not_at<one<'.', '%'>>> {};
struct lag_unit : ascii::identifier {};
struct prop_lag : seq<kw_lag, ws, lag_count, ws, lag_unit> {};
struct indicator_prop : sor<prop_section, prop_owner, prop_unit, prop_polarity, prop_frequency, prop_cumulative,
                            prop_scheme, prop_direction, prop_target, prop_tolerance, prop_measure_changed, prop_floor,
                            prop_expected, prop_precision, prop_rounding, prop_benchmark, prop_quartiles,
                            prop_manual, prop_lag> {};
struct indicator_title : string_lit {};
struct indicator_decl : seq<kw_indicator, ws, name, ws, opt<indicator_title, ws>, open_brace, ws,
                            star<indicator_prop, ws>, close_indicator> {};

// --- a council's own data headers ------------------------------------------------------

// columns { "Ref No." -> indicator  "February 2021/22" -> actual  period 2022-02 }
// Any word: field names such as `indicator` and `target` are keywords elsewhere.
struct column_field : ascii::identifier {};
struct column_header : string_lit {};
struct column_map : seq<column_header, ws, rule_arrow, ws, column_field> {};
struct columns_period : period_lit {};
struct column_fixed_period : seq<word_period, ws, columns_period> {};
struct close_columns : one<'}'> {};
struct columns_decl
    : seq<kw_columns, ws, open_brace, ws, star<sor<column_fixed_period, column_map>, ws>, close_columns> {};

// --- roll-up and escalation ----------------------------------------------------------------

// rollup worst of ("Red", "Amber", "Green"): a section's status is the worst of its
// indicators' latest statuses, in this order from worst to best.
struct rollup_order : seq<one<'('>, ws, label, star<ws, one<','>, ws, label>, ws, close_paren> {};
struct rollup_worst : seq<word_worst, ws, word_of, ws, rollup_order> {};
// rollup "Red" when 2 or more "Red": count-based, tried in order before worst-of.
struct rollup_count_number : seq<plus<digit>, not_at<one<'.', '%'>>> {};
struct rollup_count : seq<at<one<'"'>>, label, ws, word_when, ws, rollup_count_number, ws, kw_or, ws, word_more, ws, label> {};
struct rollup_decl : seq<kw_rollup, ws, sor<rollup_count, rollup_worst>> {};
// theme "Corporate services" { section "..." section "..." }: sections grouped for roll-up.
// A theme may also hold themes declared elsewhere: theme "Council Plan" { theme "..." }.
struct theme_section : seq<kw_section, ws, label> {};
struct theme_member : seq<kw_theme, ws, label> {};
struct close_theme : one<'}'> {};
struct theme_decl
    : seq<kw_theme, ws, label, ws, open_brace, ws, star<sor<theme_section, theme_member>, ws>, close_theme> {};
// escalate "Red" for 2 periods to "Directorate Management Team"
struct escalate_count : seq<plus<digit>, not_at<one<'.', '%'>>> {};
struct escalate_periods : seq<escalate_count, ws, word_periods> {};
struct escalate_decl : seq<kw_escalate, ws, label, ws, word_for, ws, escalate_periods, ws, kw_to, ws, label> {};

// --- tests -----------------------------------------------------------------------------------

struct given_value : value_literal {};
struct given_actual : seq<kw_actual, ws, given_value> {};
struct given_previous : seq<kw_previous, ws, given_value> {};
struct given_target : seq<kw_target, ws, target_value> {};
struct given_polarity : seq<kw_polarity, ws, polarity_word> {};
// status "Red" reason "...": a status set by hand, for a `manual` indicator
struct given_status : seq<kw_status, ws, label> {};
struct given_reason : seq<TAO_PEGTL_KEYWORD("reason"), ws, label> {};
// What the data row would give: last year's figure, a tolerance, a floor, a benchmark.
struct given_last_year : seq<TAO_PEGTL_KEYWORD("last"), blanks, TAO_PEGTL_KEYWORD("year"), ws, given_value> {};
struct given_tolerance : seq<kw_tolerance, ws, tolerance_spec> {};
struct given_floor : seq<kw_floor, ws, given_value> {};
struct given_benchmark : seq<kw_benchmark, ws, name, ws, given_value> {};
struct test_given : sor<given_actual, given_previous, given_last_year, given_target, given_polarity, given_status,
                        given_reason, given_tolerance, given_floor, given_benchmark> {};
struct expect_status : string_lit {};
struct expect_direction : seq<kw_direction, ws, label> {};
struct expectation : sor<seq<expect_status, opt<ws, expect_direction>>, expect_direction> {};
struct test_period : period_lit {};
struct test_case : seq<identifier, ws, opt<test_period, ws>, star<test_given, ws>, rule_arrow, ws, expectation> {};
struct test_decl : seq<kw_test, ws, label, ws, open_brace, ws, star<test_case, ws>, close_test> {};

// One top-level item, with the whitespace before it; parsed repeatedly by the driver so
// that an error in one item does not hide errors in the next.
struct leading_ws : ws {};
struct next_item : seq<leading_ws, sor<eof, expected_item>> {};

}  // namespace dsl::grammar
