// The policy-evaluation report over the read models (queries.h, ReadModels::Report): every
// trajectory and complaint row of one snapshot handed to a reporting::ReportBuilder.
#include "projections/queries.h"
#include "projections/reporting/report_builder.h"
#include "projections/row_codec.h"

namespace ledger::projections {

Result<::projections::reporting::Report> ReadModels::Report(
    ::projections::reporting::ReportOptions report_options, const QueryOptions& options) const {
  Result<std::unique_ptr<QueryView>> view = OpenView(options);
  if (!view.ok()) return view.status();
  report_options.position = (*view)->position();
  report_options.evaluation_day = options.evaluation_day;
  report_options.parameters = parameters_;
  Result<::projections::reporting::ReportBuilder> builder =
      ::projections::reporting::ReportBuilder::Create(report_options);
  if (!builder.ok()) return builder.status();
  Status failure;
  LEDGER_RETURN_IF_ERROR(
      (*view)->ScanTrajectories("", HoursEntries::kRead, [&](domain::TrajectoryState&& state) {
        builder->AddTrajectory(state);
        return true;
      }));
  LEDGER_RETURN_IF_ERROR((*view)->ScanTable(
      layout::Table::kComplaints, "", [&](std::string_view id, std::string_view row) {
        Result<domain::ComplaintState> complaint = DecodeComplaintRow(id, row);
        if (!complaint.ok()) {
          failure = complaint.status();
          return false;
        }
        std::optional<domain::TrajectoryState> concerned;
        if (!complaint->trajectory_id.empty()) {
          Result<std::optional<domain::TrajectoryState>> found =
              (*view)->Trajectory(complaint->trajectory_id);
          if (!found.ok()) {
            failure = found.status();
            return false;
          }
          concerned = std::move(*found);
        }
        builder->AddComplaint(*complaint, concerned ? &*concerned : nullptr);
        return true;
      }));
  LEDGER_RETURN_IF_ERROR(failure);
  return builder->Finish();
}

}  // namespace ledger::projections
