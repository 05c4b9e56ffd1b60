// Trajectory queries and the shared plumbing of ReadModels; complaint queries are in
// complaint_queries.cpp.
#include "projections/queries.h"

#include "ledger/base/limits.h"
#include "ledger/domain/streams.h"
#include "projections/as_of.h"
#include "projections/row_codec.h"

namespace ledger::projections {
namespace {

TrajectorySummary Summarise(const TrajectoryAnswer& answer) {
  TrajectorySummary summary;
  summary.trajectory_id = answer.state.trajectory_id;
  summary.municipality_code = answer.state.municipality_code;
  summary.perspective = answer.state.perspective;
  summary.director = answer.state.DirectorFor(answer.state.perspective);
  summary.status = answer.status;
  summary.attested_minutes = answer.state.attested_minutes;
  summary.required_hours = answer.state.required_hours;
  return summary;
}

}  // namespace

ReadModels::ReadModels(ProjectionDb& db, Projector* projector, const EventStore* store,
                       domain::Parameters parameters)
    : db_(db), projector_(projector), store_(store), parameters_(parameters) {}

Result<std::unique_ptr<QueryView>> ReadModels::OpenView(const QueryOptions& options) const {
  if (options.wait < std::chrono::milliseconds(0) || options.wait > kWaitMax) {
    return Status::InvalidArgument("wait of " + std::to_string(options.wait.count()) +
                                   " ms is not within 0.." + std::to_string(kWaitMax.count()));
  }
  if (options.at_least_position && projector_ != nullptr) {
    LEDGER_RETURN_IF_ERROR(projector_->WaitForPosition(*options.at_least_position, options.wait));
  }
  Result<std::unique_ptr<QueryView>> view = QueryView::Open(db_);
  if (!view.ok()) return view.status();
  if (options.at_least_position && (*view)->position() <= *options.at_least_position) {
    return Status::NotReached("the read models hold positions below " +
                              std::to_string((*view)->position()) + ", not yet " +
                              std::to_string(*options.at_least_position));
  }
  return view;
}

TrajectoryAnswer ReadModels::Evaluate(std::uint64_t position, domain::TrajectoryState state,
                                      domain::Day evaluation_day) const {
  TrajectoryAnswer answer;
  answer.position = position;
  answer.status = domain::StatusOn(state, parameters_, evaluation_day);
  answer.totals = state.totals;
  answer.state = std::move(state);
  return answer;
}

Result<TrajectoryAnswer> ReadModels::TrajectoryBelow(const std::string& trajectory_id,
                                                     std::uint64_t position,
                                                     domain::Day evaluation_day) const {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(trajectory_id, "trajectory id"));
  if (store_ == nullptr) return Status::InvalidArgument("as-of reads need the ledger");
  std::uint64_t head = store_->head().size;
  if (position == 0 || position > head) {
    return Status::InvalidArgument("as-of position " + std::to_string(position) +
                                   " is not within 1.." + std::to_string(head) +
                                   " (the state of the entries below it, up to the head)");
  }
  Result<domain::TrajectoryState> state =
      TrajectoryAsOf(*store_, trajectory_id, AsOf::Position(position - 1));
  if (!state.ok()) return state.status();
  return Evaluate(position, std::move(state).value(), evaluation_day);
}

Result<TrajectoryAnswer> ReadModels::TrajectoryRecordedBy(const std::string& trajectory_id,
                                                          std::int64_t recorded_at_us,
                                                          domain::Day evaluation_day) const {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(trajectory_id, "trajectory id"));
  if (store_ == nullptr) return Status::InvalidArgument("as-of reads need the ledger");
  if (recorded_at_us < 0) {
    return Status::InvalidArgument("as-of recorded time " + std::to_string(recorded_at_us) +
                                   " us is before the epoch");
  }
  Result<std::uint64_t> position = PositionAfterRecorded(*store_, recorded_at_us);
  if (!position.ok()) return position.status();
  if (*position == 0) {
    return Status::NotFound("trajectory '" + trajectory_id +
                            "' was not opened as of recorded "
                            "time " +
                            std::to_string(recorded_at_us) + " us: no entry was recorded by then");
  }
  return TrajectoryBelow(trajectory_id, *position, evaluation_day);
}

Result<TrajectoryAnswer> ReadModels::Trajectory(const std::string& trajectory_id,
                                                const QueryOptions& options) const {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(trajectory_id, "trajectory id"));
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  Result<std::optional<domain::TrajectoryState>> state = (*view)->Trajectory(
      trajectory_id, options.hours_entries ? HoursEntries::kRead : HoursEntries::kSkip);
  if (!state.ok()) return state.status();
  if (!state->has_value() || !(*state)->opened) {
    return Status::NotFound("no trajectory '" + trajectory_id + "' in the read models at " +
                            std::to_string((*view)->position()));
  }
  return Evaluate((*view)->position(), std::move(**state), options.evaluation_day);
}

Result<ShortfallAnswer> ReadModels::Shortfall(const std::string& trajectory_id,
                                              const QueryOptions& options) const {
  Result<TrajectoryAnswer> trajectory = Trajectory(trajectory_id, options);
  if (!trajectory.ok()) return trajectory.status();
  ShortfallAnswer answer;
  answer.position = trajectory->position;
  answer.trajectory_id = trajectory_id;
  answer.evidence =
      domain::ComputeShortfall(trajectory->state, parameters_, options.evaluation_day);
  return answer;
}

Result<Page<TrajectorySummary>> ReadModels::ListTrajectories(const TrajectoryFilter& filter,
                                                             const std::string& after,
                                                             std::size_t limit,
                                                             const QueryOptions& options) const {
  LEDGER_RETURN_IF_ERROR(CheckPageLimit(limit));
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  Page<TrajectorySummary> page;
  page.position = (*view)->position();
  Status failure;
  auto consider = [&](domain::TrajectoryState state) {
    if (!state.opened) return true;
    if (!filter.municipality.empty() && state.municipality_code != filter.municipality) {
      return true;
    }
    bool directed = filter.director.empty();
    for (const std::string& director : state.directors) directed |= director == filter.director;
    if (!directed) return true;
    TrajectoryAnswer answer = Evaluate(page.position, std::move(state), options.evaluation_day);
    if (filter.status && answer.status != *filter.status) return true;
    if (page.rows.size() == limit) {
      page.next_after = page.rows.back().trajectory_id;
      return false;
    }
    page.rows.push_back(Summarise(answer));
    return true;
  };
  Status scanned;
  if (!filter.municipality.empty() || !filter.director.empty()) {
    std::string prefix =
        filter.municipality.empty()
            ? layout::IndexPrefix(layout::IndexKind::kDirector, filter.director)
            : layout::IndexPrefix(layout::IndexKind::kMunicipality, filter.municipality);
    scanned = (*view)->ScanIndex(prefix, after, [&](std::string_view id) {
      Result<std::optional<domain::TrajectoryState>> state =
          (*view)->Trajectory(id, HoursEntries::kSkip);  // A list shows totals only.
      if (!state.ok()) failure = state.status();
      if (!state.ok() || !state->has_value()) return state.ok();
      return consider(std::move(**state));
    });
  } else {
    scanned = (*view)->ScanTrajectories(
        after, HoursEntries::kSkip,
        [&](domain::TrajectoryState&& state) { return consider(std::move(state)); });
  }
  LEDGER_RETURN_IF_ERROR(scanned);
  LEDGER_RETURN_IF_ERROR(failure);
  return page;
}

Result<std::uint64_t> ReadModels::ForEachRow(
    const std::function<void(const domain::TrajectoryState&)>& visit,
    const std::function<void(const domain::ComplaintState&)>& visit_complaint,
    const QueryOptions& options) const {
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  Status failure;
  if (visit) {
    LEDGER_RETURN_IF_ERROR(
        (*view)->ScanTrajectories("", HoursEntries::kRead, [&](domain::TrajectoryState&& state) {
          if (state.opened) visit(state);
          return true;
        }));
  }
  LEDGER_RETURN_IF_ERROR(failure);
  if (!visit_complaint) return (*view)->position();
  LEDGER_RETURN_IF_ERROR((*view)->ScanTable(
      layout::Table::kComplaints, "", [&](std::string_view id, std::string_view row) {
        Result<domain::ComplaintState> state = DecodeComplaintRow(id, row);
        if (!state.ok()) failure = state.status();
        if (state.ok() && state->filed) visit_complaint(*state);
        return state.ok();
      }));
  LEDGER_RETURN_IF_ERROR(failure);
  return (*view)->position();
}

}  // namespace ledger::projections
