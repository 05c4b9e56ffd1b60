// Complaint files, their lists and the yearly complaint report (queries.h).
#include "ledger/base/limits.h"
#include "ledger/domain/erasure.h"
#include "ledger/domain/streams.h"
#include "projections/as_of.h"
#include "projections/queries.h"
#include "projections/row_codec.h"

namespace ledger::projections {
namespace {

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

bool InList(ComplaintList list, const domain::ComplaintView& view) {
  switch (list) {
    case ComplaintList::kOpen: return view.status == domain::ComplaintStatus::kOpen;
    case ComplaintList::kOverdue: return view.overdue;
    case ComplaintList::kDecided: return view.status == domain::ComplaintStatus::kDecided;
    case ComplaintList::kAll: return true;
  }
  return false;
}

}  // namespace

Result<ComplainantDetails> ReadModels::JoinComplainant(const domain::ComplaintState& state) const {
  Result<StoredEntry> entry = store_->ReadEntry(Position{state.filed_position});
  if (!entry.ok()) return entry.status();
  ComplainantDetails details;
  details.state = entry->personal_state();
  if (details.state == PersonalState::kPresent) {
    schema::PersonalData::Reader personal = entry->personal()->reader();
    details.full_name = Str(personal.getFullName());
    details.contact = Str(personal.getContact());
    details.facts = Str(personal.getFreeText());
  }
  if (details.state == PersonalState::kAbsent) {
    // Erased only when an erasure lists the filing; absent otherwise is a loss.
    Result<std::optional<Position>> erasure =
        domain::FindErasureOf(*store_, state.complainant_id, Position{state.filed_position});
    if (!erasure.ok()) return erasure.status();
    if (erasure->has_value()) details.erased_at_position = (*erasure)->value;
  }
  return details;
}

Result<LinkedTrajectory> ReadModels::LinkTrajectory(const std::string& trajectory_id,
                                                    std::uint64_t as_of_position,
                                                    domain::Day day) const {
  Result<domain::TrajectoryState> state =
      TrajectoryAsOf(*store_, trajectory_id, AsOf::Position(as_of_position));
  if (!state.ok()) return state.status();
  LinkedTrajectory linked;
  linked.as_of_position = as_of_position;
  linked.shortfall = domain::ComputeShortfall(*state, parameters_, day);
  linked.status = Evaluate(as_of_position + 1, std::move(state).value(), day);
  return linked;
}

Result<ComplaintAnswer> ReadModels::Complaint(const std::string& complaint_id,
                                              const QueryOptions& options) const {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(complaint_id, "complaint id"));
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  Result<std::optional<domain::ComplaintState>> state = (*view)->Complaint(complaint_id);
  if (!state.ok()) return state.status();
  if (!state->has_value() || !(*state)->filed) {
    return Status::NotFound("no complaint '" + complaint_id + "' in the read models at " +
                            std::to_string((*view)->position()));
  }
  ComplaintAnswer answer;
  answer.position = (*view)->position();
  answer.state = std::move(**state);
  answer.view = domain::ViewOn(answer.state, parameters_, options.evaluation_day);
  if (store_ == nullptr) return answer;
  Result<ComplainantDetails> complainant = JoinComplainant(answer.state);
  if (!complainant.ok()) return complainant.status();
  answer.complainant = std::move(complainant).value();
  const std::string& trajectory = answer.state.trajectory_id;
  if (trajectory.empty()) return answer;
  Result<LinkedTrajectory> at_filing =
      LinkTrajectory(trajectory, answer.state.filed_position, answer.state.received_on);
  if (at_filing.ok())
    answer.trajectory_at_filing = std::move(at_filing).value();
  else if (at_filing.status().code() != Status::Code::kNotFound)
    return at_filing.status();
  Result<LinkedTrajectory> now =
      LinkTrajectory(trajectory, answer.position - 1, options.evaluation_day);
  if (now.ok())
    answer.trajectory_now = std::move(now).value();
  else if (now.status().code() != Status::Code::kNotFound)
    return now.status();
  return answer;
}

Result<Page<ComplaintSummary>> ReadModels::ListComplaints(ComplaintList list,
                                                          const std::string& after,
                                                          std::size_t limit,
                                                          const QueryOptions& options) const {
  LEDGER_RETURN_IF_ERROR(CheckPageLimit(limit));
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  Page<ComplaintSummary> page;
  page.position = (*view)->position();
  Status failure;
  auto consider = [&](std::string_view id, const domain::ComplaintState& state) {
    domain::ComplaintView complaint = domain::ViewOn(state, parameters_, options.evaluation_day);
    if (!state.filed || !InList(list, complaint)) return true;
    if (page.rows.size() == limit) {
      page.next_after = page.rows.back().complaint_id;
      return false;
    }
    page.rows.push_back({std::string(id), state.category, state.received_on, complaint});
    return true;
  };
  Status scanned;
  if (list == ComplaintList::kAll) {
    scanned = (*view)->ScanTable(
        layout::Table::kComplaints, after, [&](std::string_view id, std::string_view row) {
          Result<domain::ComplaintState> state = DecodeComplaintRow(id, row);
          if (!state.ok()) failure = state.status();
          return state.ok() && consider(id, *state);
        });
  } else {
    // Overdue complaints are open ones; decided ones have their own index entry.
    domain::ComplaintStatus status = list == ComplaintList::kDecided
                                         ? domain::ComplaintStatus::kDecided
                                         : domain::ComplaintStatus::kOpen;
    std::string prefix = layout::IndexPrefix(layout::IndexKind::kComplaintStatus,
                                             domain::ComplaintStatusName(status));
    scanned = (*view)->ScanIndex(prefix, after, [&](std::string_view id) {
      Result<std::optional<domain::ComplaintState>> state = (*view)->Complaint(id);
      if (!state.ok()) failure = state.status();
      if (!state.ok() || !state->has_value()) return state.ok();
      return consider(id, **state);
    });
  }
  LEDGER_RETURN_IF_ERROR(scanned);
  LEDGER_RETURN_IF_ERROR(failure);
  return page;
}

Result<YearlyComplaintReport> ReadModels::ComplaintYear(int year,
                                                        const QueryOptions& options) const {
  if (year < 2000 || year > 9999) {
    return Status::InvalidArgument("year " + std::to_string(year) + " is not within 2000..9999");
  }
  YearlyComplaintReport report;
  report.year = year;
  domain::Day first = domain::DayFromCivil({year, 1, 1});
  domain::Day last = domain::DayFromCivil({year, 12, 31});
  Result<std::uint64_t> position = ForEachRow(
      nullptr,
      [&](const domain::ComplaintState& state) {
        if (state.received_on < first || state.received_on > last) return;
        domain::ComplaintView view = domain::ViewOn(state, parameters_, options.evaluation_day);
        report.received += 1;
        report.by_category[static_cast<std::size_t>(state.category) % 7] += 1;
        if (view.status == domain::ComplaintStatus::kDecided) {
          report.by_outcome[static_cast<std::size_t>(state.outcome) % 3] += 1;
        }
        report.inadmissible += view.status == domain::ComplaintStatus::kInadmissible;
        report.withdrawn += view.status == domain::ComplaintStatus::kWithdrawn;
        report.open += view.status == domain::ComplaintStatus::kOpen;
        bool answered = view.status == domain::ComplaintStatus::kDecided ||
                        view.status == domain::ComplaintStatus::kInadmissible;
        report.answered += answered;
        report.answered_on_time += answered && view.answer.on_time;
        report.acknowledged_on_time += view.acknowledgement.on_time;
        report.escalated += view.escalated;
      },
      options);
  if (!position.ok()) return position.status();
  report.position = *position;
  return report;
}

}  // namespace ledger::projections
