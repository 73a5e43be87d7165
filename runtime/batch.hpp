// Deciding many decoded rows at once: the batch path of the evaluator. Rows that share a
// scheme, a direction block, a target, a polarity and a tolerance share one plan, whose
// thresholds are resolved once into exact scaled integers; deciding a row is then a few
// integer comparisons, with no allocation and no text. A row or plan the fast form cannot
// hold exactly (very large or very precise numbers, floors, benchmarks, quartiles...) is
// decided by decide_outcome() instead, so every row gets exactly what decide() gives.
// Explanations are written afterwards, only for the rows that need them (outcome()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/evaluate.hpp"

namespace runtime {

// What decided one row, in 16 bytes: the same status, rule and direction as
// decide_outcome() (see DecisionBatch::outcome for the full Outcome).
struct Decision {
  static constexpr std::uint32_t kNoRule = 0xFFFF'FFFF;
  static constexpr std::uint16_t kNoIndex = 0xFFFF;
  static constexpr std::uint8_t kNoSpecial = 0xFF;
  // flags
  static constexpr std::uint8_t kError = 1;         // the rules gave no status (Outcome::error)
  static constexpr std::uint8_t kNeedsReason = 2;   // a reason text belongs to the outcome
  static constexpr std::uint8_t kHasDirection = 4;  // the scheme has a direction block

  std::uint32_t status_rule = kNoRule;     // index of the deciding rule in the scheme
  std::uint32_t direction_rule = kNoRule;  // index of the deciding rule in the direction block
  std::uint16_t status = kNoIndex;         // index in the scheme's key
  std::uint16_t direction = kNoIndex;      // index in the direction block's key
  std::uint8_t status_special = kNoSpecial;     // a Special, when one decided the status
  std::uint8_t status_case = kNoSpecial;        // Outcome::status_case
  std::uint8_t direction_special = kNoSpecial;  // Outcome::direction_special
  std::uint8_t flags = 0;

  friend bool operator==(const Decision&, const Decision&) = default;
};

// The Decision that decide_outcome()'s Outcome amounts to (for tests and the slow path).
[[nodiscard]] Decision to_decision(const Outcome& outcome);

class DecisionBatch {
 public:
  explicit DecisionBatch(const Program& program);
  ~DecisionBatch();
  DecisionBatch(DecisionBatch&&) noexcept;
  DecisionBatch& operator=(DecisionBatch&&) noexcept;
  DecisionBatch(const DecisionBatch&) = delete;
  DecisionBatch& operator=(const DecisionBatch&) = delete;

  // Adds one decoded row. The observation is kept by reference: it must stay where it is
  // until the batch is cleared or destroyed. Plans are kept across clear().
  void add(const Observation& observation);
  void clear();
  [[nodiscard]] std::size_t size() const;
  // How many rows were decided by the fast form (the rest by decide_outcome).
  [[nodiscard]] std::size_t fast_rows() const;
  // How many of those were decided on a plan's compact form (no loop, no branch).
  [[nodiscard]] std::size_t compact_rows() const;

  // Decides every row added, in order, into `decisions` (resized to size()).
  void decide(std::vector<Decision>& decisions) const;
  // The full Outcome of row `row` (reasons included, explanation not), as
  // decide_outcome() gives it; rows with a reason text are decided again to get it.
  [[nodiscard]] Outcome outcome(std::size_t row, const Decision& decision) const;
  [[nodiscard]] const Observation& observation(std::size_t row) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace runtime
