#include "ledger/domain/complaint_view.h"

namespace ledger::domain {
namespace {

constexpr std::string_view kStatusNames[] = {"open", "decided", "inadmissible", "withdrawn"};

Term MakeTerm(Day due_on, std::optional<Day> met_on, bool still_due, Day evaluation_day) {
  Term term;
  term.due_on = due_on;
  term.met_on = met_on;
  term.on_time = met_on && *met_on <= due_on;
  term.overdue = !met_on && still_due && evaluation_day > due_on;
  term.days_left = due_on - evaluation_day;
  return term;
}

}  // namespace

std::string_view ComplaintStatusName(ComplaintStatus status) {
  auto index = static_cast<std::size_t>(status);
  return index < std::size(kStatusNames) ? kStatusNames[index] : "unknown";
}

std::optional<ComplaintStatus> ParseComplaintStatus(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (kStatusNames[i] == name) return static_cast<ComplaintStatus>(i);
  }
  return std::nullopt;
}

ComplaintStatus StatusOf(const ComplaintState& state) {
  if (state.withdrawn) return ComplaintStatus::kWithdrawn;
  if (state.declared_inadmissible) return ComplaintStatus::kInadmissible;
  if (state.decided) return ComplaintStatus::kDecided;
  return ComplaintStatus::kOpen;
}

ComplaintView ViewOn(const ComplaintState& state, const Parameters& parameters,
                     Day evaluation_day) {
  ComplaintView view;
  view.status = StatusOf(state);
  bool open = view.status == ComplaintStatus::kOpen;
  std::optional<Day> acknowledged;
  if (state.acknowledged) acknowledged = state.acknowledged->on;
  view.acknowledgement =
      MakeTerm(state.received_on + static_cast<std::int32_t>(parameters.complaint_acknowledge_days),
               acknowledged, open, evaluation_day);
  Day answer_due = state.extended ? state.extended->on
                                  : state.received_on +
                                        static_cast<std::int32_t>(parameters.complaint_answer_days);
  std::optional<Day> answered;
  if (state.decided) answered = state.decided->on;
  if (state.declared_inadmissible) {
    answer_due = state.received_on + static_cast<std::int32_t>(parameters.complaint_refusal_days);
    answered = state.declared_inadmissible->on;
  }
  view.answer = MakeTerm(answer_due, answered, open, evaluation_day);
  view.refusal_on_time = state.declared_inadmissible && view.answer.on_time;
  view.overdue = view.acknowledgement.overdue || view.answer.overdue;
  view.escalated = !state.escalations.empty();
  return view;
}

}  // namespace ledger::domain
