// The queries on the read models: trajectory status, offer-shortfall evidence, complaint files
// and the lists over them.
//
// Every answer states the position it reflects: it holds every entry below `position` and none
// at or above it (all reads of one answer come from one RocksDB snapshot). A query may ask to
// see at least a position P, with a bounded wait for the projector (read-your-writes):
// NotReached when the wait runs out, naming the position reached. Figures that depend on a day
// (status, the shortfall clock, complaint terms) are computed for the query's evaluation day.
// Lists are pages of at most limits::kPageSizeMax rows in id order; `after` continues a page.
// Complaint files join the complainant's personal fields from the ledger, when present (an
// erased person reads as erased, with the position of the erasure event that lists them).
// Errors: NotFound for an unknown id, InvalidArgument for bad input, NotReached as above, and
// ShuttingDown / Busy ("starting") while no read model is active yet.
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/domain/complaint_view.h"
#include "ledger/domain/parameters.h"
#include "ledger/domain/shortfall.h"
#include "ledger/domain/trajectory_view.h"
#include "ledger/store/event_store.h"
#include "projections/projection_db.h"
#include "projections/projector.h"
#include "projections/query_view.h"
#include "projections/reporting/report_builder.h"

namespace ledger::projections {

struct QueryOptions {
  domain::Day evaluation_day;                      // Required: "today" for live queries.
  std::optional<std::uint64_t> at_least_position;  // Wait until the models hold it.
  std::chrono::milliseconds wait{1000};            // At most kWaitMax.
  // Whether a trajectory read decodes each hours entry (TrajectoryAnswer::state.hours), or
  // only the row: its status, totals and everything else but the entries.
  bool hours_entries = true;
};
inline constexpr std::chrono::milliseconds kWaitMax{30'000};

struct TrajectoryAnswer {
  std::uint64_t position = 0;  // Reflects every entry below this position.
  domain::TrajectoryState state;
  domain::TrajectoryStatus status = domain::TrajectoryStatus::kNotStarted;
  domain::HourTotals totals;
};

struct ShortfallAnswer {
  std::uint64_t position = 0;
  std::string trajectory_id;
  domain::ShortfallEvidence evidence;
};

struct TrajectoryFilter {
  std::string municipality;  // Empty: any.
  std::string director;      // Empty: any.
  std::optional<domain::TrajectoryStatus> status;
};

struct TrajectorySummary {
  std::string trajectory_id;
  std::string municipality_code;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  std::string director;  // Of the current perspective.
  domain::TrajectoryStatus status = domain::TrajectoryStatus::kNotStarted;
  std::uint64_t attested_minutes = 0;
  std::uint32_t required_hours = 0;
};

struct ComplainantDetails {
  // kAbsent: erased when erased_at_position is set, else missing (lost: the audit finds it).
  PersonalState state = PersonalState::kNone;
  // The personErased event that lists the filing's payload.
  std::optional<std::uint64_t> erased_at_position;
  std::string full_name;
  std::string contact;
  std::string facts;  // The free-text description of the facts.
};

struct LinkedTrajectory {
  std::uint64_t as_of_position = 0;  // The entries up to and including this position.
  TrajectoryAnswer status;
  domain::ShortfallEvidence shortfall;
};

struct ComplaintAnswer {
  std::uint64_t position = 0;
  domain::ComplaintState state;
  domain::ComplaintView view;
  ComplainantDetails complainant;
  // The trajectory concerned, as of the filing and as of now (absent when none).
  std::optional<LinkedTrajectory> trajectory_at_filing;
  std::optional<LinkedTrajectory> trajectory_now;
};

enum class ComplaintList : std::uint8_t { kOpen, kOverdue, kDecided, kAll };

struct ComplaintSummary {
  std::string complaint_id;
  schema::ComplaintCategory category = schema::ComplaintCategory::OTHER;
  domain::Day received_on;
  domain::ComplaintView view;
};

template <typename Row>
struct Page {
  std::uint64_t position = 0;
  std::vector<Row> rows;
  std::optional<std::string> next_after;  // Pass as `after` for the next page.
};

struct YearlyComplaintReport {
  std::uint64_t position = 0;
  int year = 0;
  std::uint64_t received = 0;
  std::array<std::uint64_t, 7> by_category{};  // Indexed by schema::ComplaintCategory.
  std::array<std::uint64_t, 3> by_outcome{};   // Indexed by schema::ComplaintOutcome.
  std::uint64_t inadmissible = 0;
  std::uint64_t withdrawn = 0;
  std::uint64_t open = 0;
  std::uint64_t answered = 0;  // Decided or refused.
  std::uint64_t answered_on_time = 0;
  std::uint64_t acknowledged_on_time = 0;
  std::uint64_t escalated = 0;
};

class ReadModels {
 public:
  // `projector` (for waits) and `store` (personal fields, as-of evidence) may be null; the
  // queries that need them then answer InvalidArgument.
  ReadModels(ProjectionDb& db, Projector* projector, const EventStore* store,
             domain::Parameters parameters);

  Result<TrajectoryAnswer> Trajectory(const std::string& trajectory_id,
                                      const QueryOptions& options) const;
  // The trajectory as the entries below `position` leave it (1 <= position <= the ledger's
  // head; InvalidArgument otherwise), folded from its stream in the ledger (as_of.h), not
  // from the read models: what the API's asOfPosition and ledgerctl's --as-of-position mean.
  Result<TrajectoryAnswer> TrajectoryBelow(const std::string& trajectory_id, std::uint64_t position,
                                           domain::Day evaluation_day) const;
  // The trajectory as every entry recorded at or before `recorded_at_us` (microseconds since
  // the epoch, >= 0) leaves it: TrajectoryBelow the position that time corresponds to
  // (as_of.h, PositionAfterRecorded), which is the answer's position. NotFound when no entry
  // was recorded by then or the trajectory was not opened by then.
  Result<TrajectoryAnswer> TrajectoryRecordedBy(const std::string& trajectory_id,
                                                std::int64_t recorded_at_us,
                                                domain::Day evaluation_day) const;
  Result<ShortfallAnswer> Shortfall(const std::string& trajectory_id,
                                    const QueryOptions& options) const;
  Result<Page<TrajectorySummary>> ListTrajectories(const TrajectoryFilter& filter,
                                                   const std::string& after, std::size_t limit,
                                                   const QueryOptions& options) const;
  Result<ComplaintAnswer> Complaint(const std::string& complaint_id,
                                    const QueryOptions& options) const;
  Result<Page<ComplaintSummary>> ListComplaints(ComplaintList list, const std::string& after,
                                                std::size_t limit,
                                                const QueryOptions& options) const;
  Result<YearlyComplaintReport> ComplaintYear(int year, const QueryOptions& options) const;

  // Calls `visit` for every trajectory row, then `visit_complaint` for every complaint row, in
  // id order from one snapshot (report jobs); returns the position they reflect. Either
  // visitor may be empty, and its table is then not read.
  Result<std::uint64_t> ForEachRow(
      const std::function<void(const domain::TrajectoryState&)>& visit,
      const std::function<void(const domain::ComplaintState&)>& visit_complaint,
      const QueryOptions& options) const;

  // The policy-evaluation report (projections/reporting, docs/reporting.md) over every row of
  // one snapshot, for the query's evaluation day; the options' position, evaluation day and
  // parameters are the read models' own.
  Result<::projections::reporting::Report> Report(
      ::projections::reporting::ReportOptions report_options, const QueryOptions& options) const;

  // A trajectory's state as an answer reflecting `position`: its status on `evaluation_day`
  // and its hour totals (for states folded elsewhere, e.g. as-of replays).
  TrajectoryAnswer Evaluate(std::uint64_t position, domain::TrajectoryState state,
                            domain::Day evaluation_day) const;
  const domain::Parameters& parameters() const { return parameters_; }

 private:
  Result<std::unique_ptr<QueryView>> OpenView(const QueryOptions& options) const;
  Result<LinkedTrajectory> LinkTrajectory(const std::string& trajectory_id,
                                          std::uint64_t as_of_position, domain::Day day) const;
  Result<ComplainantDetails> JoinComplainant(const domain::ComplaintState& state) const;

  ProjectionDb& db_;
  Projector* projector_;
  const EventStore* store_;
  domain::Parameters parameters_;
};

}  // namespace ledger::projections
