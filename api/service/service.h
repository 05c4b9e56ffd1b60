// START HERE. The service functions of ledgerd: one function per method of ledger.capnp, shared
// by the RPC and the HTTP adapters (api/rpc, api/http), which only decode, call and encode.
//
// Each function takes the wiring (ServiceContext), the authenticated caller (CallContext), the
// request as a reader and the reply as a builder, and answers a Status (api/wire/errors.h maps
// it to the wire). Invoke checks the role table (api/access/access_rules.h) before calling;
// the functions check the caller's scope on what they read or write. A refused call writes
// nothing. Functions block (RocksDB reads, durable appends): the adapters run them on worker
// threads (api/runtime/worker_pool.h), never on the event loop.
// Reads of complaint files are recorded in the ledger before they are answered
// (complaint_service.cpp).
// Docs: docs/api.md (every method, its route, inputs, outputs, errors and roles).
// Thread safety: every function may run on any thread, concurrently.
#pragma once

#include <kj/async.h>

#include <optional>

#include "api/access/access_rules.h"
#include "api/schema/ledger.capnp.h"
#include "api/service/service_context.h"
#include "ledger/base/status.h"

namespace ledger::api {

template <typename Request, typename Reply>
using ServiceFn = Status (*)(const ServiceContext&, const CallContext&, typename Request::Reader,
                             typename Reply::Builder);
// A function that answers later without holding a thread meanwhile (commands: decided on the
// event loop from cached state, answered when their append is durable). It runs on the event
// loop, must copy what it needs from the request before it returns, and by the time its
// promise resolves has filled the reply or set `outcome` to the error; both live until then.
// (The status travels beside the promise, not in it: GCC 12 misreads a Status inside KJ's
// promise nodes, as api/runtime/worker_pool.h notes.)
template <typename Request, typename Reply>
using AsyncServiceFn = kj::Promise<void> (*)(const ServiceContext&, const CallContext&,
                                             typename Request::Reader, typename Reply::Builder,
                                             Status& outcome);

// What a method needs to be served (api/adapters/readiness.h says when each is).
enum class Availability {
  kLedger,      // Only the ledger: served in every state, also while starting.
  kCommand,     // The ledger, and read models that are not damaged: not once they failed.
  kReadModels,  // The read models: only when they are ready.
};

// A method: its operation in the role table (empty when the function decides, as commands
// do: trajectory or complaint), its function (blocking, run on a worker; or asynchronous, run
// on the event loop: exactly one is set), and what it needs.
template <typename Request, typename Reply>
struct Method {
  using RequestType = Request;
  using ReplyType = Reply;
  const char* name;
  std::optional<Operation> operation;
  ServiceFn<Request, Reply> fn;
  Availability needs = Availability::kReadModels;
  AsyncServiceFn<Request, Reply> async_fn = nullptr;
};

template <typename Request, typename Reply>
Status Invoke(const Method<Request, Reply>& method, const ServiceContext& service,
              const CallContext& call, typename Request::Reader request,
              typename Reply::Builder reply) {
  if (method.operation) LEDGER_RETURN_IF_ERROR(CheckRole(call.principal, *method.operation));
  return method.fn(service, call, request, reply);
}

template <typename Request, typename Reply>
kj::Promise<void> InvokeAsync(const Method<Request, Reply>& method, const ServiceContext& service,
                              const CallContext& call, typename Request::Reader request,
                              typename Reply::Builder reply, Status& outcome) {
  if (method.operation) {
    outcome = CheckRole(call.principal, *method.operation);
    if (!outcome.ok()) return kj::READY_NOW;
  }
  return method.async_fn(service, call, request, reply, outcome);
}

// Commands (command_service.cpp): decided on the event loop, answered when durable.
kj::Promise<void> ExecuteCommand(const ServiceContext&, const CallContext&,
                                 wire::CommandRequest::Reader, wire::CommandReply::Builder,
                                 Status& outcome);
// Trajectories (trajectory_service.cpp).
Status ReadTrajectory(const ServiceContext&, const CallContext&, wire::TrajectoryRequest::Reader,
                      wire::TrajectoryReply::Builder);
Status ReadShortfall(const ServiceContext&, const CallContext&, wire::TrajectoryRequest::Reader,
                     wire::ShortfallReply::Builder);
Status ListTrajectories(const ServiceContext&, const CallContext&,
                        wire::TrajectoryListRequest::Reader, wire::TrajectoryListReply::Builder);
Status ReadActivities(const ServiceContext&, const CallContext&, wire::ActivitiesRequest::Reader,
                      wire::ActivitiesReply::Builder);
// Complaints (complaint_service.cpp).
Status ReadComplaint(const ServiceContext&, const CallContext&, wire::ComplaintRequest::Reader,
                     wire::ComplaintReply::Builder);
Status ListComplaints(const ServiceContext&, const CallContext&, wire::ComplaintListRequest::Reader,
                      wire::ComplaintListReply::Builder);
Status ReadRecords(const ServiceContext&, const CallContext&, wire::ReadRecordsRequest::Reader,
                   wire::ReadRecordsReply::Builder);
// The log, checkpoints and proofs (log_service.cpp).
Status ReadLog(const ServiceContext&, const CallContext&, wire::LogRequest::Reader,
               wire::LogReply::Builder);
Status ReadCheckpoint(const ServiceContext&, const CallContext&, wire::CheckpointRequest::Reader,
                      wire::CheckpointReply::Builder);
Status InclusionProof(const ServiceContext&, const CallContext&, wire::ProofRequest::Reader,
                      wire::ProofReply::Builder);
Status ConsistencyProof(const ServiceContext&, const CallContext&, wire::ProofRequest::Reader,
                        wire::ProofReply::Builder);
// Everything held about one person (subject_service.cpp), recorded as a read.
Status SubjectAccess(const ServiceContext&, const CallContext&, wire::SubjectAccessRequest::Reader,
                     wire::SubjectAccessReply::Builder);
// A receipt holds the entry itself, so it is read like the log (Operation::kReadLog).
Status MakeEntryReceipt(const ServiceContext&, const CallContext&, wire::ProofRequest::Reader,
                        wire::ReceiptReply::Builder);
// Cosignatures are self-authenticating (they verify under a configured witness key or are
// refused), so any role may relay them, as any role may read checkpoints.
Status AddCosignatures(const ServiceContext&, const CallContext&, wire::CosignRequest::Reader,
                       wire::CheckpointReply::Builder);
// Export bundles (export_service.cpp): writes the bundle to a file in export_dir and names it
// in the reply; the caller streams the file and removes it.
Status WriteExport(const ServiceContext&, const CallContext&, wire::ExportRequest::Reader,
                   wire::ExportReply::Builder);
// Reports and administration (report_service.cpp, admin_service.cpp).
Status BuildReport(const ServiceContext&, const CallContext&, wire::ReportRequest::Reader,
                   wire::ReportReply::Builder);
Status CreateToken(const ServiceContext&, const CallContext&, wire::TokenRequest::Reader,
                   wire::TokenReply::Builder);
Status ListTokens(const ServiceContext&, const CallContext&, wire::TokenListRequest::Reader,
                  wire::TokenListReply::Builder);
Status RevokeToken(const ServiceContext&, const CallContext&, wire::RevokeRequest::Reader,
                   wire::Empty::Builder);
Status ReadServerStatus(const ServiceContext&, const CallContext&, wire::Empty::Reader,
                        wire::ServerStatus::Builder);
// Erasure (erasure_service.cpp): blocks for the scan, the durable append and the purge.
Status ErasePerson(const ServiceContext&, const CallContext&, wire::ErasureRequest::Reader,
                   wire::ErasureReply::Builder);

// The principal as the wire states it (login replies, token lists).
void FillPrincipalInfo(const Principal& principal, wire::PrincipalInfo::Builder out);

// Every method, for the adapters' tables.
namespace methods {
using wire::ActivitiesReply, wire::ActivitiesRequest, wire::CheckpointReply,
    wire::CheckpointRequest, wire::CosignRequest, wire::CommandReply, wire::CommandRequest,
    wire::ComplaintListReply, wire::ComplaintListRequest, wire::ComplaintReply,
    wire::ComplaintRequest, wire::Empty, wire::ErasureReply, wire::ErasureRequest,
    wire::ExportReply, wire::ExportRequest, wire::LogReply, wire::LogRequest, wire::ProofReply,
    wire::ProofRequest, wire::ReceiptReply, wire::ReadRecordsReply, wire::ReadRecordsRequest,
    wire::ReportReply, wire::ReportRequest, wire::RevokeRequest, wire::ServerStatus,
    wire::SubjectAccessReply, wire::SubjectAccessRequest, wire::ShortfallReply,
    wire::TokenListReply, wire::TokenListRequest, wire::TokenReply, wire::TokenRequest,
    wire::TrajectoryListReply, wire::TrajectoryListRequest, wire::TrajectoryReply,
    wire::TrajectoryRequest;

inline constexpr Method<CommandRequest, CommandReply> kExecute{
    "execute", std::nullopt, nullptr, Availability::kCommand, ExecuteCommand};
inline constexpr Method<TrajectoryRequest, TrajectoryReply> kTrajectory{
    "trajectory", Operation::kReadTrajectory, ReadTrajectory};
inline constexpr Method<TrajectoryRequest, ShortfallReply> kShortfall{
    "shortfall", Operation::kReadShortfall, ReadShortfall};
inline constexpr Method<TrajectoryListRequest, TrajectoryListReply> kTrajectoryList{
    "trajectoryList", Operation::kListTrajectories, ListTrajectories};
inline constexpr Method<ActivitiesRequest, ActivitiesReply> kActivities{
    "activities", Operation::kReadActivities, ReadActivities};
inline constexpr Method<ComplaintRequest, ComplaintReply> kComplaint{
    "complaint", Operation::kReadComplaint, ReadComplaint};
inline constexpr Method<ComplaintListRequest, ComplaintListReply> kComplaintList{
    "complaintList", Operation::kListComplaints, ListComplaints};
inline constexpr Method<ReadRecordsRequest, ReadRecordsReply> kReadRecords{
    "readRecords", Operation::kReadRecords, ReadRecords};
inline constexpr Method<LogRequest, LogReply> kLog{"log", Operation::kReadLog, ReadLog,
                                                   Availability::kLedger};
inline constexpr Method<CheckpointRequest, CheckpointReply> kCheckpoint{
    "checkpoint", Operation::kProofs, ReadCheckpoint, Availability::kLedger};
inline constexpr Method<ProofRequest, ProofReply> kInclusion{"inclusionProof", Operation::kProofs,
                                                             InclusionProof, Availability::kLedger};
inline constexpr Method<ProofRequest, ProofReply> kConsistency{
    "consistencyProof", Operation::kProofs, ConsistencyProof, Availability::kLedger};
inline constexpr Method<SubjectAccessRequest, SubjectAccessReply> kSubjectAccess{
    "subjectAccess", Operation::kSubjectAccess, SubjectAccess, Availability::kLedger};
inline constexpr Method<ProofRequest, ReceiptReply> kReceipt{
    "receipt", Operation::kReadLog, MakeEntryReceipt, Availability::kLedger};
inline constexpr Method<CosignRequest, CheckpointReply> kCosign{
    "cosign", Operation::kProofs, AddCosignatures, Availability::kLedger};
inline constexpr Method<ReportRequest, ReportReply> kReport{"report", Operation::kReport,
                                                            BuildReport};
inline constexpr Method<TokenRequest, TokenReply> kCreateToken{
    "createToken", Operation::kAdminTokens, CreateToken, Availability::kLedger};
inline constexpr Method<TokenListRequest, TokenListReply> kListTokens{
    "listTokens", Operation::kAdminTokens, ListTokens, Availability::kLedger};
inline constexpr Method<RevokeRequest, Empty> kRevokeToken{"revokeToken", Operation::kAdminTokens,
                                                           RevokeToken, Availability::kLedger};
inline constexpr Method<Empty, ServerStatus> kStatus{"status", Operation::kAdminStatus,
                                                     ReadServerStatus, Availability::kLedger};
inline constexpr Method<ExportRequest, ExportReply> kExport{"export", Operation::kExportBundle,
                                                            WriteExport, Availability::kLedger};
// Needs what commands need: a live ledger and read models that have not failed (the complaint
// files then read "erased" at once: nothing personal is in the read models).
inline constexpr Method<ErasureRequest, ErasureReply> kErase{"erase", Operation::kErasePerson,
                                                             ErasePerson, Availability::kCommand};
}  // namespace methods

}  // namespace ledger::api
