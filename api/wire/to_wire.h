// Read models and entries into the wire structs of ledger.capnp (domain -> wire, one way).
//
// Each function fills a builder from a value the projections or the store answered; none of
// them decides anything (what a principal may see is cut before, in api/service). Dates leave
// unset when the domain has none (an open offer has no closedOn), so JSON omits them.
// Thread safety: pure functions.
#pragma once

#include "api/schema/ledger.capnp.h"
#include "ledger/format/stored_entry.h"
#include "projections/queries.h"

namespace ledger::api {

void FillTrajectory(const projections::TrajectoryAnswer& answer, domain::Day evaluation_day,
                    wire::TrajectoryReply::Builder out);
void FillShortfall(std::uint64_t position, const std::string& trajectory_id,
                   const domain::ShortfallEvidence& evidence, wire::ShortfallReply::Builder out);
void FillTrajectorySummary(const projections::TrajectorySummary& row,
                           wire::TrajectorySummary::Builder out);
void FillActivity(const domain::ActivityState& activity, wire::Activity::Builder out);
void FillHoursEntry(const domain::HoursEntryState& entry, wire::HoursEntry::Builder out);
// Without the personal fields and trajectories: FillComplainant and the caller add those.
void FillComplaint(const projections::ComplaintAnswer& answer, domain::Day evaluation_day,
                   wire::ComplaintReply::Builder out);
void FillComplaintSummary(const projections::ComplaintSummary& row,
                          wire::ComplaintSummary::Builder out);
void FillLinkedTrajectory(const projections::LinkedTrajectory& linked,
                          const std::string& trajectory_id, domain::Day evaluation_day,
                          wire::LinkedTrajectory::Builder out);
// A list reply (position, rows, nextAfter) from a page of the read models.
template <typename Row, typename ReplyBuilder, typename FillRow>
void FillPage(const projections::Page<Row>& page, ReplyBuilder reply, FillRow fill_row) {
  reply.setPosition(page.position);
  auto out = reply.initRows(static_cast<unsigned>(page.rows.size()));
  for (unsigned i = 0; i < out.size(); ++i) fill_row(page.rows[i], out[i]);
  if (page.next_after) reply.setNextAfter(*page.next_after);
}

// The entry as stored (the canonical bytes decoded) and its leaf hash.
void FillLogEntry(const StoredEntry& entry, wire::LogEntry::Builder out);

}  // namespace ledger::api
