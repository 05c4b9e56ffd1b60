// The RPC adapter end to end on a loopback socket: login, the capabilities each role's session
// holds (and the null ones it does not), commands and reads through them, refusals as wire
// errors, and ping. Subscriptions: rpc_subscription_test.cpp.
// Method: RpcHarness (tests/support/rpc_harness.h): a real ledger, a real listener and a real
// two-party client on one event loop.
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "api/rpc/serve.h"
#include "tests/support/log_capture.h"
#include "tests/support/require_ok.h"
#include "tests/support/rpc_harness.h"

namespace ledger::testing {
namespace {

using schema::Role;

// Opens trajectory T1 in municipality 44021 as the session's principal.
capnp::Response<wire::Commands::ExecuteResults> OpenT1(RpcHarness& rpc,
                                                       wire::Session::Reader session,
                                                       const std::string& command_id) {
  auto request = session.getCommands().executeRequest();
  auto command = request.initRequest();
  command.setTrajectoryId(std::string(kTrajectoryId));
  command.setCommandId(command_id);
  Fill(command.initEvents(1)[0].initEvent(), TrajectoryOpenedArgs{});
  return request.send().wait(rpc.ws());
}

TEST_CASE("login with an unknown token answers unauthenticated and no session", "[api]") {
  RpcHarness rpc;
  LoginResponse response = rpc.Login("no-such-token");
  REQUIRE(response.hasError());
  CHECK(response.getError().getCode() == wire::ErrorCode::UNAUTHENTICATED);
  CHECK(response.getError().getRequestId().size() > 0);
  CHECK_FALSE(response.hasSession());
}

// Which capabilities each role's session holds, written out from DESIGN.md "Roles" and the
// role table (api/access/access_rules.cpp), not computed from them.
struct RoleCaps {
  Role role;
  // commands, trajectories, activities, complaints, log, proofs, reports, admin, subjects
  std::array<bool, 9> caps;
};

TEST_CASE("a session holds exactly the capabilities its role may use, and null otherwise",
          "[api]") {
  constexpr bool y = true;
  constexpr bool n = false;
  RoleCaps row = GENERATE(values<RoleCaps>({
      {Role::NEWCOMER, {y, y, n, y, n, y, n, n, y}},  // Complaints: their own files.
      {Role::COUNSELLOR, {y, y, n, n, n, y, n, n, n}},
      {Role::DIRECTOR, {y, y, n, n, n, y, n, n, n}},
      {Role::PROVIDER_CONTACT, {y, n, y, n, n, y, n, n, n}},
      {Role::VOLUNTEER, {n, n, y, n, n, y, n, n, n}},
      {Role::COMPLAINT_ORGANISATION, {y, n, n, y, n, y, n, n, n}},
      {Role::AUDITOR, {n, y, y, y, y, y, y, n, n}},
      {Role::REPORTING_JOB, {n, n, n, n, y, y, y, n, n}},
      {Role::ADMINISTRATOR, {n, n, n, n, n, y, n, y, y}},
  }));
  RpcHarness rpc;
  LoginResponse response = rpc.LoginAs("t", OfRole(row.role));
  wire::Session::Reader session = response.getSession();
  INFO("role " << api::RoleName(row.role));
  CHECK(session.getPrincipal().getRole() == row.role);
  CHECK(session.getPrincipal().getTokenId() == "t");
  std::array<bool, 9> held = {
      session.hasCommands(),   session.hasTrajectories(), session.hasActivities(),
      session.hasComplaints(), session.hasLog(),          session.hasProofs(),
      session.hasReports(),    session.hasAdmin(),        session.hasSubjects()};
  CHECK(held == row.caps);
}

TEST_CASE("a counsellor executes a command and reads the trajectory back at its position",
          "[api]") {
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"44021"}));
  auto opened = OpenT1(rpc, login.getSession(), "open-1");
  INFO(ErrorOf(opened));
  REQUIRE(opened.hasReply());
  CHECK_FALSE(opened.hasError());
  wire::CommandReply::Reader reply = opened.getReply();
  CHECK(reply.getOutcome() == wire::Outcome::APPENDED);
  CHECK(reply.getStreamId() == "trajectory-T1");
  CHECK(reply.getFirstPosition() == 0);
  CHECK(reply.getCount() == 1);
  CHECK(reply.getNextPosition() == 1);

  auto get = login.getSession().getTrajectories().getRequest();
  get.initRequest().setTrajectoryId(std::string(kTrajectoryId));
  get.getRequest().setAtLeastPosition(reply.getNextPosition());
  auto read = get.send().wait(rpc.ws());
  INFO(ErrorOf(read));
  REQUIRE(read.hasReply());
  CHECK(read.getReply().getPosition() >= reply.getNextPosition());
  CHECK(read.getReply().getMunicipalityCode() == "44021");
  CHECK(read.getReply().getStatus() == wire::TrajectoryStatus::NOT_STARTED);

  SECTION("the same command id again answers alreadyAppended with the same positions") {
    auto again = OpenT1(rpc, login.getSession(), "open-1");
    INFO(ErrorOf(again));
    REQUIRE(again.hasReply());
    CHECK(again.getReply().getOutcome() == wire::Outcome::ALREADY_APPENDED);
    CHECK(again.getReply().getFirstPosition() == reply.getFirstPosition());
    CHECK(again.getReply().getNextPosition() == reply.getNextPosition());
    CHECK(rpc.fixture().ledger().store().head().size == 1);
  }
}

TEST_CASE("a counsellor outside the municipality gets a forbidden error and nothing is written",
          "[api]") {
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"11002"}));
  auto opened = OpenT1(rpc, login.getSession(), "open-1");
  REQUIRE(opened.hasError());
  CHECK_FALSE(opened.hasReply());
  CHECK(opened.getError().getCode() == wire::ErrorCode::FORBIDDEN);
  CHECK(opened.getError().getRequestId().size() > 0);
  CHECK(rpc.fixture().ledger().store().head().size == 0);
}

TEST_CASE("a volunteer has no commands capability: calling the null one fails", "[api]") {
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("v", AsPrincipal(Volunteer(), {"T1/act-buddy"}));
  REQUIRE_FALSE(login.getSession().hasCommands());
  CHECK_THROWS(OpenT1(rpc, login.getSession(), "open-1"));
  CHECK(rpc.fixture().ledger().store().head().size == 0);
}

TEST_CASE("a director holds no complaints capability", "[api]") {
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("d", AsPrincipal(Director(), {"44021"}));
  CHECK(login.getSession().hasCommands());
  CHECK_FALSE(login.getSession().hasComplaints());
}

TEST_CASE("a capability refuses, as forbidden, the methods its role may not call", "[api]") {
  // A newcomer reads its own trajectory through Trajectories but may not list trajectories.
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("n", AsPrincipal(Newcomer(), {"T1"}));
  auto list = login.getSession().getTrajectories().listRequest();
  list.initRequest();
  auto answer = list.send().wait(rpc.ws());
  REQUIRE(answer.hasError());
  CHECK_FALSE(answer.hasReply());
  CHECK(answer.getError().getCode() == wire::ErrorCode::FORBIDDEN);
  CHECK(std::string(answer.getError().getMessage().cStr()).find("listTrajectories") !=
        std::string::npos);
}

TEST_CASE("calls refused by the worker pool answer unavailable, not an exception", "[api]") {
  RpcHarness rpc;
  LoginResponse login = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"44021"}));
  api::WorkerPool stopped(1, 1);
  stopped.Shutdown();
  api::WorkerPool* live = rpc.fixture().dispatcher().pool;
  rpc.fixture().dispatcher().pool = &stopped;  // The session's capabilities see the change.
  auto opened = OpenT1(rpc, login.getSession(), "open-1");
  LoginResponse again = rpc.Login("c");
  rpc.fixture().dispatcher().pool = live;
  REQUIRE(opened.hasError());
  CHECK(opened.getError().getCode() == wire::ErrorCode::UNAVAILABLE);
  REQUIRE(again.hasError());
  CHECK(again.getError().getCode() == wire::ErrorCode::UNAVAILABLE);
  CHECK_FALSE(again.hasSession());
}

TEST_CASE("exceptions map to unavailable for pool refusals and to a bare internal error else",
          "[api]") {
  using Type = kj::Exception::Type;
  auto of = [](Type type) {
    return api::ExceptionToApiError(
        kj::Exception(type, __FILE__, __LINE__, kj::str("secret /var/lib/ledger detail")));
  };
  CHECK(of(Type::OVERLOADED).code == wire::ErrorCode::UNAVAILABLE);
  CHECK(of(Type::DISCONNECTED).code == wire::ErrorCode::UNAVAILABLE);
  api::ApiError failed = of(Type::FAILED);
  CHECK(failed.code == wire::ErrorCode::INTERNAL);
  CHECK(failed.message.find("secret") == std::string::npos);
}

TEST_CASE("an auditor holds no commands capability and every read answers", "[api]") {
  RpcHarness rpc;
  LoginResponse counsellor = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"44021"}));
  REQUIRE(OpenT1(rpc, counsellor.getSession(), "open-1").hasReply());
  LoginResponse newcomer = rpc.LoginAs("n", AsPrincipal(Newcomer(), {"T1"}));
  auto file = newcomer.getSession().getCommands().executeRequest();
  file.initRequest().setComplaintId(std::string(kComplaintId));
  file.getRequest().setCommandId("file-1");
  Fill(file.getRequest().initEvents(1)[0].initEvent(), ComplaintFiledArgs{});
  auto filed = file.send().wait(rpc.ws());
  INFO(ErrorOf(filed));
  REQUIRE(filed.hasReply());
  std::uint64_t written = filed.getReply().getNextPosition();
  REQUIRE_OK(rpc.fixture().checkpointer().SignNow());

  LoginResponse login = rpc.LoginAs("a", OfRole(Role::AUDITOR));
  wire::Session::Reader session = login.getSession();
  CHECK_FALSE(session.hasCommands());
  auto& ws = rpc.ws();
  std::string trajectory(kTrajectoryId);
  std::string complaint(kComplaintId);

  auto get = session.getTrajectories().getRequest();
  get.initRequest().setTrajectoryId(trajectory);
  get.getRequest().setAtLeastPosition(written);
  CHECK(ErrorOf(get.send().wait(ws)) == "");
  auto shortfall = session.getTrajectories().shortfallRequest();
  shortfall.initRequest().setTrajectoryId(trajectory);
  CHECK(ErrorOf(shortfall.send().wait(ws)) == "");
  auto list = session.getTrajectories().listRequest();
  list.initRequest().setAtLeastPosition(written);
  auto listed = list.send().wait(ws);
  CHECK(ErrorOf(listed) == "");
  CHECK(listed.getReply().getRows().size() == 1);
  auto activities = session.getActivities().getRequest();
  activities.initRequest().setTrajectoryId(trajectory);
  CHECK(ErrorOf(activities.send().wait(ws)) == "");
  auto complaint_get = session.getComplaints().getRequest();
  complaint_get.initRequest().setComplaintId(complaint);
  complaint_get.getRequest().setAtLeastPosition(written);
  CHECK(ErrorOf(complaint_get.send().wait(ws)) == "");
  auto complaints = session.getComplaints().listRequest();
  complaints.initRequest().setList("all");
  CHECK(ErrorOf(complaints.send().wait(ws)) == "");
  auto reads = session.getComplaints().readsRequest();
  reads.initRequest().setComplaintId(complaint);
  auto read_records = reads.send().wait(ws);
  CHECK(ErrorOf(read_records) == "");
  CHECK(read_records.getReply().getRecords().size() == 1);  // The auditor's own read above.
  auto entries = session.getLog().entriesRequest();
  entries.initRequest().setFrom(0);
  auto log = entries.send().wait(ws);
  CHECK(ErrorOf(log) == "");
  CHECK(log.getReply().getEntries().size() >= 2);
  auto checkpoint = session.getProofs().checkpointRequest();
  checkpoint.initRequest();
  CHECK(ErrorOf(checkpoint.send().wait(ws)) == "");
  auto inclusion = session.getProofs().inclusionRequest();
  inclusion.initRequest().setPosition(0);
  CHECK(ErrorOf(inclusion.send().wait(ws)) == "");
  auto consistency = session.getProofs().consistencyRequest();
  consistency.initRequest().setFromSize(1);
  CHECK(ErrorOf(consistency.send().wait(ws)) == "");
  auto report = session.getReports().reportRequest();
  report.initRequest();
  CHECK(ErrorOf(report.send().wait(ws)) == "");
}

TEST_CASE("ping answers without a session", "[api]") {
  RpcHarness rpc;
  CHECK_NOTHROW(rpc.ledger().pingRequest().send().wait(rpc.ws()));
  CHECK(rpc.listener().connections() == 1);
}

TEST_CASE("every RPC call and login is logged once with its request id, method, code and token",
          "[api][log]") {
  RpcHarness rpc;
  LogCapture capture(/*json=*/false);
  LoginResponse login = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"44021"}));
  auto opened = OpenT1(rpc, login.getSession(), "open-log");
  REQUIRE(opened.hasReply());
  auto outside = login.getSession().getTrajectories().getRequest();
  outside.initRequest().setTrajectoryId("T-elsewhere");
  auto refused = outside.send().wait(rpc.ws());
  REQUIRE(refused.hasError());
  std::vector<std::string> calls;
  for (const std::string& line : capture.Lines()) {
    if (line.rfind("rpc call ", 0) == 0) calls.push_back(line);
  }
  INFO(::Catch::Detail::stringify(capture.Lines()));
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].find("method=login code=ok") != std::string::npos);
  CHECK(calls[1].find("code=ok") != std::string::npos);
  CHECK(calls[2].find("code=" + api::ErrorCodeName(refused.getError().getCode())) !=
        std::string::npos);
  CHECK(calls[2].find("requestId=" + std::string(refused.getError().getRequestId().cStr())) !=
        std::string::npos);
  for (const std::string& call : calls) CHECK(call.find(" ms=") != std::string::npos);
}

}  // namespace
}  // namespace ledger::testing
