// What a complaint file means on a given day: its deadlines, days left or overdue, and status.
//
// Terms run from the day of receipt (Bestuursdecreet): acknowledgement within
// complaint_acknowledge_days, a motivated refusal within complaint_refusal_days, an answer
// within complaint_answer_days or, once extended, by the extension's date. A term is met when
// its act is dated on or before the deadline; it is overdue when the act is missing and the
// evaluation day is past the deadline.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ledger/domain/complaint_state.h"
#include "ledger/domain/parameters.h"

namespace ledger::domain {

enum class ComplaintStatus : std::uint8_t {  // Frozen: stored in read-model indexes.
  kOpen = 0,                                 // Being handled.
  kDecided = 1,                              // Answered: founded, partly founded or unfounded.
  kInadmissible = 2,                         // Declared inadmissible with a motivated refusal.
  kWithdrawn = 3,                            // Withdrawn by the complainant.
};
std::string_view ComplaintStatusName(ComplaintStatus status);
std::optional<ComplaintStatus> ParseComplaintStatus(std::string_view name);

struct Term {
  Day due_on;
  std::optional<Day> met_on;   // The act's day, when done.
  bool on_time = false;        // Done on or before due_on.
  bool overdue = false;        // Not done and the evaluation day is past due_on.
  std::int32_t days_left = 0;  // due_on minus the evaluation day (negative when past).
};

struct ComplaintView {
  ComplaintStatus status = ComplaintStatus::kOpen;
  Term acknowledgement;
  Term answer;                   // Decision (or motivated refusal) against the answer deadline.
  bool refusal_on_time = false;  // Inadmissible: refused within complaint_refusal_days.
  bool overdue = false;          // Any term overdue.
  bool escalated = false;
};

ComplaintStatus StatusOf(const ComplaintState& state);
ComplaintView ViewOn(const ComplaintState& state, const Parameters& parameters, Day evaluation_day);

}  // namespace ledger::domain
