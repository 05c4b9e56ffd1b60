// Start here: ReportBuilder, the reporting aggregates for policy evaluation.
//
// A reporting job folds each trajectory and complaint stream (ledger/domain) up to one ledger
// position, hands every state to the builder once, and calls Finish for a Report (report.h):
// per municipality, per director and per provider organisation, per month, the counts, hours,
// medians and shares of docs/reporting.md, with small cells suppressed so they cannot be
// recomputed from the published totals (suppression.h), and, when asked for, per-trajectory
// microdata under pseudonyms (pseudonym.h). report_csv.h and report_json.h print it.
//
// The builder is a streaming accumulator: pure, no I/O, and it keeps no state it is given. Its
// memory is bounded by the number of (metric, group, month) cells and of the (metric, month,
// group pairs) that link two group kinds, plus, for medians, one day count per completed
// trajectory or answered request, plus one small row per trajectory when microdata is asked
// for. Facts dated after the evaluation day are not counted, and neither are
// months outside the month range; the report never has a month after the evaluation day's.
// Thread safety: one thread at a time; Finish is const and may be called more than once.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/parameters.h"
#include "ledger/domain/trajectory_state.h"
#include "projections/reporting/cells.h"
#include "projections/reporting/month.h"
#include "projections/reporting/pseudonym.h"
#include "projections/reporting/report.h"

namespace projections::reporting {

struct ReportOptions {
  // suppression_threshold and shortfall_threshold_days are used; the complaint terms decide
  // "answered in time".
  ledger::domain::Parameters parameters;
  ledger::domain::Day evaluation_day;
  std::uint64_t position = 0;    // The ledger position the states reflect; stated in the report.
  PseudonymKey pseudonym_key{};  // Secret; 32 random bytes. All zeros is refused.
  // The report's months. Unset from_month: the earliest month with data; unset to_month: the
  // evaluation day's month. Every month in between is a column, with or without data.
  std::optional<Month> from_month;
  std::optional<Month> to_month;
  // Per-trajectory rows under pseudonyms (report.h MicrodataRow). Off by default: record-level
  // data, even pseudonymised, is for the reporting job, not for publication.
  bool include_microdata = false;
};

class ReportBuilder {
 public:
  // InvalidArgument naming the value for invalid parameters, an all-zero key, a from_month
  // after to_month, or a to_month after the evaluation day's month.
  static ledger::Result<ReportBuilder> Create(const ReportOptions& options);

  // Adds one trajectory, as folded up to the report's position. A trajectory never opened, or
  // opened after the evaluation day, adds nothing. Add each trajectory once.
  void AddTrajectory(const ledger::domain::TrajectoryState& state);

  // Adds one complaint, grouped by the trajectory it concerns: `concerned` is the state of
  // complaint.trajectory_id, or null when it concerns none (the group is then "(none)"). A
  // complaint never filed, received after the evaluation day, or with a category or outcome
  // this build's schema does not know, adds nothing.
  void AddComplaint(const ledger::domain::ComplaintState& complaint,
                    const ledger::domain::TrajectoryState* concerned);

  // The report of everything added so far.
  Report Finish() const;

 private:
  explicit ReportBuilder(const ReportOptions& options);

  struct Groups {
    GroupId municipality = 0;
    GroupId director = 0;
  };
  // The id of a group name; an empty name is the group "(none)".
  GroupId GroupOf(const std::string& name);
  bool InRange(Month month) const;
  // The months a trajectory is active in (see docs/reporting.md), before the month range.
  std::pair<Month, Month> ActiveSpan(const ledger::domain::TrajectoryState& state) const;
  // The accumulated cell of one group's month (created when new).
  CellAccum& Cell(Metric metric, GroupKind kind, GroupId group, Month month);
  // Applies `update` to the cell of `metric` at `month` for the municipality and for the
  // director, and links the two, when the month is in range.
  template <typename Update>
  void ForBothGroups(Metric metric, const Groups& groups, Month month, Update update);
  void Count(Metric metric, const Groups& groups, Month month);
  // Notes that a contribution to `metric` in `month` fell in both groups.
  void Link(Metric metric, GroupKind kind_a, GroupId group_a, GroupKind kind_b, GroupId group_b,
            Month month);
  void AddLifecycle(const ledger::domain::TrajectoryState& state, const Groups& groups);
  void AddHours(const ledger::domain::TrajectoryState& state, const Groups& groups);
  void AddOffers(const ledger::domain::TrajectoryState& state, const Groups& groups);
  MicrodataRow MicrodataOf(const ledger::domain::TrajectoryState& state,
                           const Groups& groups) const;
  std::vector<Month> ReportMonths() const;

  ReportOptions options_;
  Month evaluation_month_;
  GroupNames names_;
  CellMap cells_;
  EdgeSet edges_;                        // Which groups of two kinds share contributions (cells.h).
  std::optional<Month> earliest_month_;  // Of any accumulated cell.
  std::vector<MicrodataRow> microdata_;
};

}  // namespace projections::reporting
