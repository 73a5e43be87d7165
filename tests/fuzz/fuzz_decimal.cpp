// Fuzz target: the number readers. The input is read as a decimal, as a period, and as
// a data cell in each role; parsed decimals go through every arithmetic operation, whose
// results must be exact where they exist (a + b - b == a, text round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "runtime/cell.hpp"
#include "runtime/decimal.hpp"
#include "runtime/period.hpp"

namespace {

void check(bool holds) {
  if (!holds) std::abort();
}

void exercise(runtime::Decimal a, runtime::Decimal b) {
  using runtime::Decimal;
  if (const auto text = Decimal::parse(a.to_string())) check(*text == a);
  if (const auto plain = Decimal::parse(a.to_plain())) check(*plain == a);
  if (const auto sum = a.plus(b)) {
    if (const auto back = sum->minus(b)) check(*back == a);
  }
  if (const auto product = a.times(b); product && !b.is_zero()) {
    check(product->is_zero() == a.is_zero());
  }
  (void)a.divided_by(b);
  for (const int exponent : {-40, -2, -1, 0, 1, 2, 40}) (void)a.scaled_by_power_of_ten(exponent);
  check((a <=> b) == 0 ? a == b : !(a == b));
  check(a.negated().negated() == a);
  check(a.normalized() == a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first half and the second half as two numbers, and the whole as one.
  const auto whole = runtime::Decimal::parse(text);
  const auto first = runtime::Decimal::parse(text.substr(0, size / 2));
  const auto second = runtime::Decimal::parse(text.substr(size / 2));
  if (first && second) exercise(*first, *second);
  if (whole) exercise(*whole, first.value_or(runtime::Decimal::from_integer(1)));
  if (const auto period = runtime::Period::parse(text)) {
    check(runtime::Period::parse(period->to_string()) == period);
    (void)period->previous().to_string();
    (void)period->year_before().to_string();
  }
  for (const auto role : {runtime::CellRole::value, runtime::CellRole::target, runtime::CellRole::tolerance}) {
    const runtime::Cell cell = runtime::parse_cell(text, role);
    if (cell.kind == runtime::CellKind::error) check(!cell.error.empty());
  }
  return 0;
}
