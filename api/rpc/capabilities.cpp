// One line per method: the service method it serves. Nothing else belongs here.
#include "api/rpc/capabilities.h"

#include "api/rpc/serve.h"
#include "api/rpc/subscription.h"

namespace ledger::api {

kj::Promise<void> CommandsServer::execute(ExecuteContext context) {
  return Serve(dispatcher_, principal_, methods::kExecute, context);
}

kj::Promise<void> TrajectoriesServer::get(GetContext context) {
  return Serve(dispatcher_, principal_, methods::kTrajectory, context);
}
kj::Promise<void> TrajectoriesServer::shortfall(ShortfallContext context) {
  return Serve(dispatcher_, principal_, methods::kShortfall, context);
}
kj::Promise<void> TrajectoriesServer::list(ListContext context) {
  return Serve(dispatcher_, principal_, methods::kTrajectoryList, context);
}

kj::Promise<void> ActivitiesServer::get(GetContext context) {
  return Serve(dispatcher_, principal_, methods::kActivities, context);
}

kj::Promise<void> ComplaintsServer::get(GetContext context) {
  return Serve(dispatcher_, principal_, methods::kComplaint, context);
}
kj::Promise<void> ComplaintsServer::list(ListContext context) {
  return Serve(dispatcher_, principal_, methods::kComplaintList, context);
}
kj::Promise<void> ComplaintsServer::reads(ReadsContext context) {
  return Serve(dispatcher_, principal_, methods::kReadRecords, context);
}

kj::Promise<void> LogServer::entries(EntriesContext context) {
  return Serve(dispatcher_, principal_, methods::kLog, context);
}
kj::Promise<void> LogServer::subscribe(SubscribeContext context) {
  return Subscribe(dispatcher_, principal_, timer_, head_, context);
}

kj::Promise<void> ProofsServer::checkpoint(CheckpointContext context) {
  return Serve(dispatcher_, principal_, methods::kCheckpoint, context);
}
kj::Promise<void> ProofsServer::inclusion(InclusionContext context) {
  return Serve(dispatcher_, principal_, methods::kInclusion, context);
}
kj::Promise<void> ProofsServer::consistency(ConsistencyContext context) {
  return Serve(dispatcher_, principal_, methods::kConsistency, context);
}
kj::Promise<void> ProofsServer::cosign(CosignContext context) {
  return Serve(dispatcher_, principal_, methods::kCosign, context);
}
kj::Promise<void> ProofsServer::receipt(ReceiptContext context) {
  return Serve(dispatcher_, principal_, methods::kReceipt, context);
}

kj::Promise<void> ReportsServer::report(ReportContext context) {
  return Serve(dispatcher_, principal_, methods::kReport, context);
}

kj::Promise<void> AdminServer::createToken(CreateTokenContext context) {
  return Serve(dispatcher_, principal_, methods::kCreateToken, context);
}
kj::Promise<void> AdminServer::listTokens(ListTokensContext context) {
  return Serve(dispatcher_, principal_, methods::kListTokens, context);
}
kj::Promise<void> AdminServer::revokeToken(RevokeTokenContext context) {
  return Serve(dispatcher_, principal_, methods::kRevokeToken, context);
}
kj::Promise<void> AdminServer::status(StatusContext context) {
  return Serve(dispatcher_, principal_, methods::kStatus, context);
}
kj::Promise<void> AdminServer::erase(EraseContext context) {
  return Serve(dispatcher_, principal_, methods::kErase, context);
}

kj::Promise<void> SubjectsServer::access(AccessContext context) {
  return Serve(dispatcher_, principal_, methods::kSubjectAccess, context);
}

}  // namespace ledger::api
