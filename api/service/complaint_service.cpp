// Complaint reads: files, lists, and the record of who read which file.
//
// A complaint file carries the complainant's personal fields, so every read of one is recorded
// first on stream "reads-complaint-<id>" (read_records.h). Auditors, and the complainant, list
// those records with ReadRecords.
#include "api/service/read_options.h"
#include "api/service/read_records.h"
#include "api/service/service.h"
#include "api/wire/to_wire.h"
#include "ledger/base/clock.h"
#include "ledger/domain/stream_fold.h"
#include "ledger/domain/streams.h"

namespace ledger::api {
namespace {

constexpr std::string_view kComplaintFileRead =
    "complaint file with the complainant's personal "
    "fields and linked trajectory evidence";
constexpr std::string_view kComplaintFileOnlyRead =
    "complaint file with the complainant's personal fields";

void FillComplainant(const projections::ComplainantDetails& details,
                     wire::Complainant::Builder out) {
  switch (details.state) {
    case PersonalState::kPresent: out.setState("present"); break;
    case PersonalState::kAbsent:
      out.setState(details.erased_at_position ? "erased" : "missing");
      if (details.erased_at_position) out.setErasedAtPosition(*details.erased_at_position);
      break;
    case PersonalState::kNone: out.setState("none"); break;
  }
  out.setFullName(details.full_name);
  out.setContact(details.contact);
  out.setFacts(details.facts);
}

Result<projections::ComplaintList> ParseList(std::string_view name) {
  if (name.empty() || name == "open") return projections::ComplaintList::kOpen;
  if (name == "overdue") return projections::ComplaintList::kOverdue;
  if (name == "decided") return projections::ComplaintList::kDecided;
  if (name == "all") return projections::ComplaintList::kAll;
  return Status::InvalidArgument("list '" + std::string(name) +
                                 "' is not one of open, overdue, decided, all");
}

}  // namespace

Status ReadComplaint(const ServiceContext& service, const CallContext& call,
                     wire::ComplaintRequest::Reader request, wire::ComplaintReply::Builder reply) {
  std::string id = request.getComplaintId();
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(id, "complaintId"));
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!options.ok()) return options.status();
  Result<projections::ComplaintAnswer> answer = service.models->Complaint(id, *options);
  if (!answer.ok()) return RefusedOrMissing(call.principal, answer.status(), id);
  LEDGER_RETURN_IF_ERROR(MayReadComplaint(call.principal, answer->state));
  // What the reader may see of a trajectory goes by its id: the one the complaint concerns,
  // and the one each piece of evidence links from.
  std::erase_if(answer->state.evidence, [&](const domain::EvidenceLinkState& link) {
    return !MaySeeLinkedTrajectory(call.principal, link.trajectory_id);
  });
  if (!MaySeeLinkedTrajectory(call.principal, answer->state.trajectory_id)) {
    answer->trajectory_at_filing.reset();
    answer->trajectory_now.reset();
  }
  const bool with_trajectory = answer->trajectory_now || answer->trajectory_at_filing;
  Result<std::uint64_t> recorded =
      RecordRead(service, call, domain::ComplaintStream(id),
                 with_trajectory ? kComplaintFileRead : kComplaintFileOnlyRead, answer->position);
  if (!recorded.ok()) return recorded.status();
  FillComplaint(*answer, options->evaluation_day, reply);
  FillComplainant(answer->complainant, reply.initComplainant());
  const std::string& trajectory_id = answer->state.trajectory_id;
  if (answer->trajectory_at_filing) {
    FillLinkedTrajectory(*answer->trajectory_at_filing, trajectory_id, options->evaluation_day,
                         reply.initTrajectoryAtFiling());
  }
  if (answer->trajectory_now) {
    FillLinkedTrajectory(*answer->trajectory_now, trajectory_id, options->evaluation_day,
                         reply.initTrajectoryNow());
  }
  reply.setReadRecordPosition(*recorded);
  return Status::Ok();
}

Status ListComplaints(const ServiceContext& service, const CallContext& call,
                      wire::ComplaintListRequest::Reader request,
                      wire::ComplaintListReply::Builder reply) {
  Result<projections::ComplaintList> list = ParseList(request.getList().cStr());
  if (!list.ok()) return list.status();
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!options.ok()) return options.status();
  Result<std::size_t> rows = PageRows(request.getLimit());
  if (!rows.ok()) return rows.status();
  Result<projections::Page<projections::ComplaintSummary>> page =
      service.models->ListComplaints(*list, request.getAfter(), *rows, *options);
  if (!page.ok()) return page.status();
  FillPage(*page, reply, FillComplaintSummary);
  return Status::Ok();
}

Status ReadRecords(const ServiceContext& service, const CallContext& call,
                   wire::ReadRecordsRequest::Reader request,
                   wire::ReadRecordsReply::Builder reply) {
  std::string id = request.getComplaintId();
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(id, "complaintId"));
  Result<std::size_t> rows = PageRows(request.getLimit());
  if (!rows.ok()) return rows.status();
  if (call.principal.role != schema::Role::AUDITOR) {
    // The complainant: is it theirs? The stream alone says (a complaint not filed answers as
    // one that is not theirs).
    domain::ComplaintState state;
    state.complaint_id = id;
    LEDGER_RETURN_IF_ERROR(domain::FoldStream(*service.store, domain::ComplaintStream(id), state));
    LEDGER_RETURN_IF_ERROR(MayReadRecordsOf(call.principal, state));
  }
  const std::string reads_stream = ReadsStream(domain::ComplaintStream(id));
  Result<StreamPage> page =
      service.store->ReadStream(reads_stream, StreamVersion{request.getAfter() + 1}, *rows);
  if (!page.ok()) return page.status();
  auto out = reply.initRecords(static_cast<unsigned>(page->entries.size()));
  for (unsigned i = 0; i < out.size(); ++i) {
    schema::Entry::Reader entry = page->entries[i].reader();
    if (!entry.getEvent().isPersonalDataRead()) {
      return Status::Corruption("position " + std::to_string(entry.getPosition()) + " on stream '" +
                                reads_stream + "' is not a personalDataRead event");
    }
    schema::PersonalDataRead::Reader read = entry.getEvent().getPersonalDataRead();
    out[i].setPosition(entry.getPosition());
    out[i].setRecordedAtUs(entry.getRecordedAtUs());
    out[i].setRecordedAt(Rfc3339UtcMicros(entry.getRecordedAtUs()));
    out[i].setReader(entry.getActor());
    out[i].setWhat(read.getWhat());
    out[i].setTokenId(read.getTokenId());
  }
  if (page->next_version) reply.setNextAfter(page->next_version->value - 1);
  return Status::Ok();
}

}  // namespace ledger::api
