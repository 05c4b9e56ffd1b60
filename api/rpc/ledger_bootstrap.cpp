#include "api/rpc/ledger_bootstrap.h"

#include <array>
#include <chrono>
#include <string>
#include <utility>

#include "api/rpc/capabilities.h"
#include "api/rpc/serve.h"

namespace ledger::api {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

}  // namespace

std::span<const Operation> OperationsOf(SessionCapability capability) {
  using O = Operation;
  static constexpr std::array kCommands{O::kTrajectoryCommand, O::kComplaintCommand};
  static constexpr std::array kTrajectories{O::kReadTrajectory, O::kReadShortfall,
                                            O::kListTrajectories};
  static constexpr std::array kActivities{O::kReadActivities};
  static constexpr std::array kComplaints{O::kReadComplaint, O::kListComplaints, O::kReadRecords};
  static constexpr std::array kLog{O::kReadLog};
  static constexpr std::array kProofs{O::kProofs};
  static constexpr std::array kReports{O::kReport};
  static constexpr std::array kAdmin{O::kAdminTokens, O::kAdminStatus, O::kErasePerson};
  static constexpr std::array kSubjects{O::kSubjectAccess};
  switch (capability) {
    case SessionCapability::kCommands: return kCommands;
    case SessionCapability::kTrajectories: return kTrajectories;
    case SessionCapability::kActivities: return kActivities;
    case SessionCapability::kComplaints: return kComplaints;
    case SessionCapability::kLog: return kLog;
    case SessionCapability::kProofs: return kProofs;
    case SessionCapability::kReports: return kReports;
    case SessionCapability::kAdmin: return kAdmin;
    case SessionCapability::kSubjects: return kSubjects;
  }
  return {};
}

bool RoleHolds(schema::Role role, SessionCapability capability) {
  for (Operation operation : OperationsOf(capability)) {
    if (RoleMay(role, operation)) return true;
  }
  return false;
}

kj::Promise<void> LedgerBootstrap::login(LoginContext context) {
  auto started = Clock::now();
  const Dispatcher* dispatcher = &dispatcher_;
  std::string token = context.getParams().getToken();
  // The token store may reload its file: authentication blocks, so it runs on the pool.
  return dispatcher_.pool
      ->Run([dispatcher, token = std::move(token)] { return dispatcher->authenticate(token); })
      .then(
          [this, context, started](Result<Principal> principal) mutable {
            std::string code = "ok";
            std::string request_id = Dispatcher::NewRequestId();
            if (principal.ok()) {
              FillSession(*principal, context.getResults().initSession());
            } else {
              ApiError error = ToApiError(principal.status());
              code = ErrorCodeName(error.code);
              FillError(error, request_id, context.getResults().initError());
            }
            dispatcher_.Observe("rpc", "login", code, SecondsSince(started));
            LogRpcCall(request_id, "login", code, started,
                       principal.ok() ? principal->token_id : std::string());
          },
          [this, context](kj::Exception&& exception) mutable {
            ApiError error = ExceptionToApiError(exception);
            dispatcher_.Observe("rpc", "login", ErrorCodeName(error.code), 0);
            FillError(error, Dispatcher::NewRequestId(), context.getResults().initError());
          });
}

kj::Promise<void> LedgerBootstrap::ping(PingContext) { return kj::READY_NOW; }

void LedgerBootstrap::FillSession(const Principal& principal, wire::Session::Builder session) {
  using C = SessionCapability;
  schema::Role role = principal.role;
  FillPrincipalInfo(principal, session.initPrincipal());
  if (RoleHolds(role, C::kCommands)) {
    session.setCommands(kj::heap<CommandsServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kTrajectories)) {
    session.setTrajectories(kj::heap<TrajectoriesServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kActivities)) {
    session.setActivities(kj::heap<ActivitiesServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kComplaints)) {
    session.setComplaints(kj::heap<ComplaintsServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kLog))
    session.setLog(kj::heap<LogServer>(dispatcher_, principal, timer_, head_));
  if (RoleHolds(role, C::kProofs)) {
    session.setProofs(kj::heap<ProofsServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kReports)) {
    session.setReports(kj::heap<ReportsServer>(dispatcher_, principal));
  }
  if (RoleHolds(role, C::kAdmin)) session.setAdmin(kj::heap<AdminServer>(dispatcher_, principal));
  if (RoleHolds(role, C::kSubjects)) {
    session.setSubjects(kj::heap<SubjectsServer>(dispatcher_, principal));
  }
}

}  // namespace ledger::api
