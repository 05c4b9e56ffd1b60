// Every role against every command and query, over both transports. The expected outcome of
// each (principal, operation) pair is written out below from docs/api.md's "Roles" table and
// the who-may rules of docs/event-catalogue.md, never computed from RoleMay, so a wrong role
// table fails here. Each row runs over real HTTP and over real Cap'n Proto RPC: a refusal is
// 403 forbidden (over RPC a null capability or the forbidden error) and leaves the ledger head
// where it was; an allowed call answers, and writes exactly what it should (a command its
// event, a complaint-file read its read record).
// Method: each principal's rows run on a fresh ServiceFixture holding trajectory T1
// (municipality 44021, director stad-gent, activity act-buddy of vzw-samen-gent with contact
// cp-samen-01, hours h-1 and h-2, offer request req-1), complaint C1 filed by T1's newcomer (the
// opening and the filing with a personal free text, which the erasure row erases) and
// a signed checkpoint, all written through the real rules. The nine role tokens' scopes cover
// T1 and C1, so their refusals come from the role table or a who-may rule; the rows at the end
// use principals out of scope, or not the party a rule names. A role-table entry that a scope
// check refuses anyway (a volunteer reading a trajectory) cannot show here; rpc_test.cpp's
// capability table catches such a flip.
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/auth/token_store.h"
#include "ledger/domain/erasure.h"
#include "tests/support/http_harness.h"
#include "tests/support/require_ok.h"
#include "tests/support/rpc_harness.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

using kj::HttpMethod;
using schema::Role;
using wire::ErrorCode;

// --- Who calls ---------------------------------------------------------------------------

enum class Who : std::uint8_t {
  // The nine roles, in the column order of docs/api.md, each in scope of T1 and C1.
  kNewcomer,
  kCounsellor,
  kDirector,
  kProviderContact,
  kVolunteer,
  kComplaintOrganisation,
  kAuditor,
  kReportingJob,
  kAdministrator,
  // Out of scope, or not the party a rule names.
  kOtherNewcomer,       // Another newcomer, scope T2.
  kCounsellorOf11002,   // A counsellor of another municipality.
  kDirectorElsewhere,   // Directs none of T1's perspectives, no municipality scope.
  kDirectorOf44021,     // In scope by municipality, but not T1's director for social.
  kOtherProvider,       // A provider contact of an organisation without T1 activities.
  kOtherContactPerson,  // vzw-samen-gent, but not act-buddy's contact person.
  kOtherVolunteer,      // A volunteer of another activity of T1.
};

struct Party {
  std::string name;  // In section titles; its token is the name with '-' for ' ', '(' and ')'.
  api::Principal principal;
  std::string token() const {
    std::string token = name;
    for (char& c : token) c = (c == ' ' || c == '(' || c == ')') ? '-' : c;
    return token;
  }
};

Party PartyOf(Who who) {
  switch (who) {
    case Who::kNewcomer: return {"newcomer", AsPrincipal(Newcomer(), {"T1"})};
    case Who::kCounsellor: return {"counsellor", AsPrincipal(Counsellor(), {"44021"})};
    case Who::kDirector: return {"director", AsPrincipal(Director())};
    case Who::kProviderContact: return {"providerContact", AsPrincipal(ProviderContact())};
    case Who::kVolunteer: return {"volunteer", AsPrincipal(Volunteer(), {"T1/act-buddy"})};
    case Who::kComplaintOrganisation:
      return {"complaintOrganisation", AsPrincipal(ComplaintOrganisation())};
    case Who::kAuditor: return {"auditor", AsPrincipal(ActorRef{Role::AUDITOR, "", "aud-1"})};
    case Who::kReportingJob:
      return {"reportingJob", AsPrincipal(ActorRef{Role::REPORTING_JOB, "", "job-1"})};
    case Who::kAdministrator:
      return {"administrator", AsPrincipal(ActorRef{Role::ADMINISTRATOR, "", "admin"})};
    case Who::kOtherNewcomer:
      return {"another newcomer (T2)", AsPrincipal(Newcomer("subject-2f90"), {"T2"})};
    case Who::kCounsellorOf11002:
      return {"counsellor of 11002", AsPrincipal(Counsellor(), {"11002"})};
    case Who::kDirectorElsewhere:
      return {"director stad-antwerpen", AsPrincipal(Director("stad-antwerpen"))};
    case Who::kDirectorOf44021:
      return {"director stad-antwerpen for 44021",
              AsPrincipal(Director("stad-antwerpen"), {"44021"})};
    case Who::kOtherProvider:
      return {"provider contact of vzw-ander",
              AsPrincipal(ProviderContact("vzw-ander", "cp-ander-01"))};
    case Who::kOtherContactPerson:
      return {"provider contact cp-samen-99",
              AsPrincipal(ProviderContact("vzw-samen-gent", "cp-samen-99"))};
    case Who::kOtherVolunteer:
      return {"volunteer of act-other", AsPrincipal(Volunteer(), {"T1/act-other"})};
  }
  FAIL("unknown principal");
  return {};
}
constexpr std::array kEveryone = {
    Who::kNewcomer,        Who::kCounsellor,        Who::kDirector,
    Who::kProviderContact, Who::kVolunteer,         Who::kComplaintOrganisation,
    Who::kAuditor,         Who::kReportingJob,      Who::kAdministrator,
    Who::kOtherNewcomer,   Who::kCounsellorOf11002, Who::kDirectorElsewhere,
    Who::kDirectorOf44021, Who::kOtherProvider,     Who::kOtherContactPerson,
    Who::kOtherVolunteer,
};

// --- What is called ----------------------------------------------------------------------

enum class Op : std::uint8_t {
  // Commands: one event each, the kind a writing role issues.
  kHoursLogged,
  kHoursAttested,
  kOfferMade,
  kComplaintFiled,
  kComplaintAcknowledged,
  // Queries.
  kTrajectory,
  kShortfall,
  kTrajectoryList,
  kActivities,
  kComplaint,
  kComplaintList,
  kComplaintReads,
  kLog,
  kCheckpoint,
  kInclusionProof,
  kConsistencyProof,
  kReport,
  kTokenList,
  kStatus,
  kSignNow,
  kExport,
  // Erasure of T1's newcomer (a write: one personErased entry).
  kErase,
  // The subject-access export of T1's newcomer (a read, recorded: one personalDataRead entry).
  kSubjectExport,
};

const char* OpName(Op op) {
  constexpr std::array kNames = {
      "hoursLogged on T1",
      "hoursAttested of h-1",
      "offerMade on req-1",
      "complaintFiled C2",
      "complaintAcknowledged C1",
      "trajectory T1",
      "shortfall T1",
      "trajectory list of 44021",
      "activities of T1",
      "complaint C1",
      "complaint list",
      "reads of complaint C1",
      "log",
      "checkpoint",
      "inclusion proof",
      "consistency proof",
      "report",
      "admin token list",
      "admin status",
      "sign checkpoint now",
      "export bundle",
      "erase T1's newcomer",
      "subject-access export of T1's newcomer",
  };
  return kNames[static_cast<std::size_t>(op)];
}

bool IsCommand(Op op) { return op <= Op::kComplaintAcknowledged; }
// Ledger entries an allowed call appends: a command's one event, a complaint file's read record.
std::uint64_t WritesWhenAllowed(Op op) {
  return IsCommand(op) || op == Op::kComplaint || op == Op::kErase || op == Op::kSubjectExport ? 1
                                                                                               : 0;
}

// --- The table ---------------------------------------------------------------------------

// No row here is refused by a rule other than who may issue an event (that would be 422).
enum class Expect : std::uint8_t {
  kAllowed,    // HTTP 200; RPC a reply.
  kForbidden,  // HTTP 403 forbidden; RPC a null capability or forbidden. Nothing written.
};
constexpr Expect Y = Expect::kAllowed;
constexpr Expect F = Expect::kForbidden;

struct Row {
  Who who;
  Op op;
  Expect expected;
};

// docs/api.md "Roles", one line per operation, one column per role. The commands add the
// who-may rules: only the newcomer or a counsellor logs hours, only the activity's contact
// person attests, only the perspective's director makes offers, the newcomer or the complaint
// organisation files a complaint, only the complaint organisation handles one.
struct OperationLine {
  Op op;
  std::array<Expect, 9> by_role;
};
constexpr std::array<OperationLine, 23> kRoleTable = {{
    //                           new cou dir pro vol cmp aud rep adm
    {Op::kHoursLogged, {Y, Y, F, F, F, F, F, F, F}},
    {Op::kHoursAttested, {F, F, F, Y, F, F, F, F, F}},
    {Op::kOfferMade, {F, F, Y, F, F, F, F, F, F}},
    {Op::kComplaintFiled, {Y, F, F, F, F, Y, F, F, F}},
    {Op::kComplaintAcknowledged, {F, F, F, F, F, Y, F, F, F}},
    {Op::kTrajectory, {Y, Y, Y, F, F, F, Y, F, F}},
    {Op::kShortfall, {Y, Y, Y, F, F, F, Y, F, F}},
    {Op::kTrajectoryList, {F, Y, Y, F, F, F, Y, F, F}},
    {Op::kActivities, {F, F, F, Y, Y, F, Y, F, F}},
    {Op::kComplaint, {Y, F, F, F, F, Y, Y, F, F}},  // Its complainant.
    {Op::kComplaintList, {F, F, F, F, F, Y, Y, F, F}},
    {Op::kComplaintReads, {Y, F, F, F, F, F, Y, F, F}},  // Its complainant.
    {Op::kLog, {F, F, F, F, F, F, Y, Y, F}},
    {Op::kCheckpoint, {Y, Y, Y, Y, Y, Y, Y, Y, Y}},
    {Op::kInclusionProof, {Y, Y, Y, Y, Y, Y, Y, Y, Y}},
    {Op::kConsistencyProof, {Y, Y, Y, Y, Y, Y, Y, Y, Y}},
    {Op::kReport, {F, F, F, F, F, F, Y, Y, F}},
    {Op::kTokenList, {F, F, F, F, F, F, F, F, Y}},
    {Op::kStatus, {F, F, F, F, F, F, F, F, Y}},
    {Op::kSignNow, {F, F, F, F, F, F, F, F, Y}},
    {Op::kExport, {F, F, F, F, F, F, Y, F, Y}},  // HTTP only.
    {Op::kErase, {F, F, F, F, F, F, F, F, Y}},
    {Op::kSubjectExport, {Y, F, F, F, F, F, F, F, Y}},
}};

// Permitted roles, refused by their scope or by a rule about who may issue the event.
constexpr std::array<Row, 20> kOutOfScope = {{
    {Who::kOtherNewcomer, Op::kHoursLogged, F},
    {Who::kOtherNewcomer, Op::kTrajectory, F},
    {Who::kOtherNewcomer, Op::kShortfall, F},
    {Who::kOtherNewcomer, Op::kComplaintFiled, F},         // For T1's newcomer.
    {Who::kOtherNewcomer, Op::kComplaintAcknowledged, F},  // Not its complaint.
    {Who::kOtherNewcomer, Op::kComplaint, F},              // Not its complaint.
    {Who::kOtherNewcomer, Op::kComplaintReads, F},
    {Who::kOtherNewcomer, Op::kSubjectExport, F},  // Not them.
    {Who::kCounsellorOf11002, Op::kHoursLogged, F},
    {Who::kCounsellorOf11002, Op::kTrajectory, F},
    {Who::kCounsellorOf11002, Op::kShortfall, F},
    {Who::kCounsellorOf11002, Op::kTrajectoryList, F},
    {Who::kDirectorElsewhere, Op::kOfferMade, F},
    {Who::kDirectorElsewhere, Op::kTrajectory, F},
    {Who::kDirectorElsewhere, Op::kShortfall, F},
    {Who::kDirectorOf44021, Op::kOfferMade, F},  // notDirectorForPerspective.
    {Who::kOtherProvider, Op::kHoursAttested, F},
    {Who::kOtherProvider, Op::kActivities, F},
    {Who::kOtherContactPerson, Op::kHoursAttested, F},  // notActivityContactPerson.
    {Who::kOtherVolunteer, Op::kActivities, F},
}};

// The rows of one principal: its column of the role table, or its out-of-scope rows.
std::vector<Row> RowsOf(Who who) {
  std::vector<Row> rows;
  for (const OperationLine& line : kRoleTable) {
    for (std::size_t role = 0; role < line.by_role.size(); ++role) {
      if (kEveryone[role] == who) rows.push_back({who, line.op, line.by_role[role]});
    }
  }
  for (const Row& row : kOutOfScope) {
    if (row.who == who) rows.push_back(row);
  }
  return rows;
}

const char* ExpectName(Expect expected) {
  return expected == Expect::kAllowed ? "allowed" : "forbidden";
}

// --- The state every row starts from -----------------------------------------------------

void WriteState(DomainLedger& ledger) {
  const std::string t1 = Trajectory();
  // With personal payloads, so that an erasure has something to erase.
  REQUIRE(
      ledger.Run(Counsellor(), t1, On(2026, 3, 2), TrajectoryOpenedArgs{}, "moved in 2025").ok());
  REQUIRE_OK(ledger.Run(Counsellor(), t1, On(2026, 3, 2), DirectorAssignedArgs{}));
  REQUIRE_OK(ledger.Run(Counsellor(), t1, On(2026, 3, 3), ActivityRegisteredArgs{}));
  REQUIRE_OK(ledger.Run(Newcomer(), t1, On(2026, 3, 5), OfferRequestedArgs{}));
  REQUIRE_OK(ledger.Run(Newcomer(), t1, On(2026, 3, 10), HoursLoggedArgs{}));
  REQUIRE(ledger
              .Run(Newcomer(), t1, On(2026, 3, 17),
                   HoursLoggedArgs{
                       .hours_entry_id = "h-2", .session_on = On(2026, 3, 17), .minutes = 90})
              .ok());
  REQUIRE(ledger.Run(Newcomer(), Complaint(), On(2026, 3, 2), ComplaintFiledArgs{}, "no buddy came")
              .ok());
}

// The state, a signed checkpoint, the read models caught up, a token per principal, and a
// token store for the admin routes (the fixture's context has none; the dispatcher is pointed
// at a copy that has one, and back on destruction).
class World {
 public:
  explicit World(ServiceFixture& fixture) : fixture_(fixture) {
    WriteState(fixture.ledger());
    REQUIRE_OK(fixture.checkpointer().SignNow());
    std::uint64_t head = fixture.ledger().store().head().size;
    REQUIRE_OK(fixture.ledger().projector().WaitForPosition(head - 1, std::chrono::seconds(5)));
    Result<std::unique_ptr<api::TokenStore>> tokens =
        api::TokenStore::Open(dir_.Sub("tokens"), fixture.ledger().clock());
    REQUIRE_OK(tokens);
    tokens_ = std::move(*tokens);
    service_ = fixture.service();
    service_.tokens = tokens_.get();
    fixture.dispatcher().service = &service_;
    for (Who who : kEveryone) {
      Party party = PartyOf(who);
      fixture.AddToken(party.token(), party.principal);
    }
  }
  ~World() { fixture_.dispatcher().service = &fixture_.service(); }

 private:
  ServiceFixture& fixture_;
  TempDir dir_;
  std::unique_ptr<api::TokenStore> tokens_;
  api::ServiceContext service_;
};

std::uint64_t Head(ServiceFixture& fixture) { return fixture.ledger().store().head().size; }

// The command of `op`: one event, on T1, on C1 or (a filing) on C2.
void FillCommand(Op op, wire::CommandRequest::Builder request) {
  request.setCommandId("row-" + std::to_string(static_cast<int>(op)));
  schema::Event::Builder event = request.initEvents(1)[0].initEvent();
  switch (op) {
    case Op::kHoursLogged:
      request.setTrajectoryId(std::string(kTrajectoryId));
      Fill(event, HoursLoggedArgs{
                      .hours_entry_id = "h-row", .session_on = On(2026, 11, 20), .minutes = 60});
      return;
    case Op::kHoursAttested:
      request.setTrajectoryId(std::string(kTrajectoryId));
      Fill(event, HoursAttestedArgs{});
      return;
    case Op::kOfferMade:
      request.setTrajectoryId(std::string(kTrajectoryId));
      Fill(event, OfferMadeArgs{});
      return;
    case Op::kComplaintFiled:
      request.setComplaintId("C2");
      Fill(event, ComplaintFiledArgs{});
      return;
    case Op::kComplaintAcknowledged:
      request.setComplaintId(std::string(kComplaintId));
      Fill(event, ComplaintAcknowledgedArgs{});
      return;
    default: FAIL(OpName(op) << " is not a command");
  }
}

// The erasure's request: T1's newcomer, who also filed C1.
void FillErasure(wire::ErasureRequest::Builder request) {
  request.setCommandId("row-erase");
  request.setSubjectId(std::string(kSubjectId));
  request.setLegalBasis("GDPR art. 17(1)(a)");
  request.setRequestReference("DPO-row");
}

// Checks the ledger head after a row: grown by what an allowed call writes, else unchanged;
// and for the erasure, that the newcomer's payloads went (allowed) or are all still there.
void CheckWritten(ServiceFixture& fixture, const Row& row, std::uint64_t head_before) {
  std::uint64_t written = row.expected == Expect::kAllowed ? WritesWhenAllowed(row.op) : 0;
  CHECK(Head(fixture) == head_before + written);
  if (row.op != Op::kErase) return;
  Result<domain::SubjectPayloads> payloads =
      domain::FindSubjectPayloads(fixture.ledger().store(), kSubjectId);
  REQUIRE_OK(payloads);
  if (row.expected == Expect::kAllowed) {
    CHECK(payloads->stored.empty());
    CHECK(payloads->absent.size() == 2);  // T1's opening, C1's filing.
  } else {
    CHECK(payloads->absent.empty());
    CHECK(payloads->stored.size() == 2);
  }
}

// --- HTTP --------------------------------------------------------------------------------

struct HttpCall {
  HttpMethod verb;
  std::string path;
  std::string body;
};

HttpCall HttpCallOf(Op op, const api::WireJson& json) {
  if (IsCommand(op)) {
    capnp::MallocMessageBuilder message;
    auto request = message.initRoot<wire::CommandRequest>();
    FillCommand(op, request);
    std::string path = request.getTrajectoryId().size() > 0
                           ? "/v1/trajectories/" + std::string(request.getTrajectoryId().cStr())
                           : "/v1/complaints/" + std::string(request.getComplaintId().cStr());
    return {HttpMethod::POST, path + "/commands", json.EncodeStruct(request.asReader())};
  }
  switch (op) {
    case Op::kTrajectory: return {HttpMethod::GET, "/v1/trajectories/T1", ""};
    case Op::kShortfall: return {HttpMethod::GET, "/v1/trajectories/T1/shortfall", ""};
    case Op::kTrajectoryList: return {HttpMethod::GET, "/v1/trajectories?municipality=44021", ""};
    case Op::kActivities: return {HttpMethod::GET, "/v1/trajectories/T1/activities", ""};
    case Op::kComplaint: return {HttpMethod::GET, "/v1/complaints/C1", ""};
    case Op::kComplaintList: return {HttpMethod::GET, "/v1/complaints?list=all", ""};
    case Op::kComplaintReads: return {HttpMethod::GET, "/v1/complaints/C1/reads", ""};
    case Op::kLog: return {HttpMethod::GET, "/v1/log?from=0", ""};
    case Op::kCheckpoint: return {HttpMethod::GET, "/v1/checkpoint", ""};
    case Op::kInclusionProof: return {HttpMethod::GET, "/v1/proofs/inclusion?position=0", ""};
    case Op::kConsistencyProof: return {HttpMethod::GET, "/v1/proofs/consistency?fromSize=1", ""};
    case Op::kReport: return {HttpMethod::GET, "/v1/reports/evaluation", ""};
    case Op::kTokenList: return {HttpMethod::GET, "/v1/admin/tokens", ""};
    case Op::kStatus: return {HttpMethod::GET, "/v1/admin/status", ""};
    case Op::kSignNow: return {HttpMethod::POST, "/v1/checkpoint/sign", ""};
    case Op::kExport: return {HttpMethod::GET, "/v1/export?from=0", ""};
    case Op::kErase: {
      capnp::MallocMessageBuilder message;
      auto request = message.initRoot<wire::ErasureRequest>();
      FillErasure(request);
      return {HttpMethod::POST, "/v1/admin/erasures", json.EncodeStruct(request.asReader())};
    }
    case Op::kSubjectExport:
      return {HttpMethod::GET, "/v1/subjects/" + std::string(kSubjectId) + "/export", ""};
    default: break;
  }
  FAIL(OpName(op) << " has no route");
  return {};
}

void RunOverHttp(HttpHarness& http, const Row& row) {
  HttpCall call = HttpCallOf(row.op, http.json());
  std::uint64_t head = Head(http.fixture());
  HttpResult result =
      http.Send(call.verb, call.path, {.token = PartyOf(row.who).token(), .body = call.body});
  INFO(call.path << " answered " << result.status << " " << result.body);
  if (row.expected == Expect::kAllowed) {
    CHECK(result.status == 200);
  } else {
    CHECK(result.status == 403);
    if (result.status >= 400) {
      capnp::MallocMessageBuilder message;
      auto error = message.initRoot<wire::Problem>();
      http.Decode<wire::Problem>(result.body, error);
      CHECK(error.getCode() == ErrorCode::FORBIDDEN);
      CHECK(std::string(error.getType().cStr()) == "urn:problem-type:belgif:missingPermission");
    }
  }
  CheckWritten(http.fixture(), row, head);
}

// --- RPC ---------------------------------------------------------------------------------

// What a call over RPC came to: a null capability (nothing to call), an error, or a reply.
struct RpcOutcome {
  bool null_capability = false;
  std::optional<ErrorCode> error;
  std::string message;
};

template <typename Results>
RpcOutcome OutcomeOf(const Results& results) {
  RpcOutcome outcome;
  if (results.hasError()) outcome.error = results.getError().getCode();
  outcome.message = ErrorOf(results);
  return outcome;
}

// Sends `request` after `fill` set its request struct.
template <typename Request, typename FillFn>
RpcOutcome Send(RpcHarness& rpc, Request request, FillFn fill) {
  fill(request.initRequest());
  return OutcomeOf(request.send().wait(rpc.ws()));
}

RpcOutcome CallOverRpc(RpcHarness& rpc, wire::Session::Reader s, Op op) {
  const RpcOutcome null{.null_capability = true};
  std::string t1(kTrajectoryId);
  std::string c1(kComplaintId);
  auto nothing = [](auto) {};
  if (IsCommand(op)) {
    if (!s.hasCommands()) return null;
    return Send(rpc, s.getCommands().executeRequest(),
                [op](wire::CommandRequest::Builder r) { FillCommand(op, r); });
  }
  switch (op) {
    case Op::kTrajectory:
    case Op::kShortfall:
    case Op::kTrajectoryList: {
      if (!s.hasTrajectories()) return null;
      auto trajectories = s.getTrajectories();
      auto set_id = [&](wire::TrajectoryRequest::Builder r) { r.setTrajectoryId(t1); };
      if (op == Op::kTrajectory) return Send(rpc, trajectories.getRequest(), set_id);
      if (op == Op::kShortfall) return Send(rpc, trajectories.shortfallRequest(), set_id);
      return Send(rpc, trajectories.listRequest(),
                  [](wire::TrajectoryListRequest::Builder r) { r.setMunicipality("44021"); });
    }
    case Op::kActivities:
      if (!s.hasActivities()) return null;
      return Send(rpc, s.getActivities().getRequest(),
                  [&](wire::ActivitiesRequest::Builder r) { r.setTrajectoryId(t1); });
    case Op::kComplaint:
      if (!s.hasComplaints()) return null;
      return Send(rpc, s.getComplaints().getRequest(),
                  [&](wire::ComplaintRequest::Builder r) { r.setComplaintId(c1); });
    case Op::kComplaintList:
      if (!s.hasComplaints()) return null;
      return Send(rpc, s.getComplaints().listRequest(),
                  [](wire::ComplaintListRequest::Builder r) { r.setList("all"); });
    case Op::kComplaintReads:
      if (!s.hasComplaints()) return null;
      return Send(rpc, s.getComplaints().readsRequest(),
                  [&](wire::ReadRecordsRequest::Builder r) { r.setComplaintId(c1); });
    case Op::kLog:
      if (!s.hasLog()) return null;
      return Send(rpc, s.getLog().entriesRequest(), nothing);
    case Op::kCheckpoint:
    case Op::kSignNow:
      if (!s.hasProofs()) return null;
      return Send(rpc, s.getProofs().checkpointRequest(),
                  [op](wire::CheckpointRequest::Builder r) { r.setSignNow(op == Op::kSignNow); });
    case Op::kInclusionProof:
      if (!s.hasProofs()) return null;
      return Send(rpc, s.getProofs().inclusionRequest(), nothing);
    case Op::kConsistencyProof:
      if (!s.hasProofs()) return null;
      return Send(rpc, s.getProofs().consistencyRequest(),
                  [](wire::ProofRequest::Builder r) { r.setFromSize(1); });
    case Op::kReport:
      if (!s.hasReports()) return null;
      return Send(rpc, s.getReports().reportRequest(), nothing);
    case Op::kTokenList:
      if (!s.hasAdmin()) return null;
      return Send(rpc, s.getAdmin().listTokensRequest(), nothing);
    case Op::kStatus:
      if (!s.hasAdmin()) return null;
      return Send(rpc, s.getAdmin().statusRequest(), nothing);
    case Op::kErase:
      if (!s.hasAdmin()) return null;
      return Send(rpc, s.getAdmin().eraseRequest(), FillErasure);
    case Op::kSubjectExport:
      if (!s.hasSubjects()) return null;
      return Send(rpc, s.getSubjects().accessRequest(), [](wire::SubjectAccessRequest::Builder r) {
        r.setSubjectId(std::string(kSubjectId));
      });
    default: break;
  }
  FAIL(OpName(op) << " has no RPC method");
  return {};
}

void RunOverRpc(RpcHarness& rpc, wire::Session::Reader session, const Row& row) {
  std::uint64_t head = Head(rpc.fixture());
  RpcOutcome outcome = CallOverRpc(rpc, session, row.op);
  INFO((outcome.null_capability ? "null capability" : "answered '" + outcome.message + "'"));
  if (row.expected == Expect::kAllowed) {
    CHECK_FALSE(outcome.null_capability);
    CHECK_FALSE(outcome.error.has_value());
  } else {
    CHECK((outcome.null_capability || outcome.error == ErrorCode::FORBIDDEN));
  }
  CheckWritten(rpc.fixture(), row, head);
}

// One fixture per principal (one per row would cost half a second each): its rows run in table
// order, commands first, each on ids of its own, so no row's write changes another's outcome.
// A failure names the transport and principal (the section) and the operation (INFO).
TEST_CASE(
    "over HTTP every role is allowed or refused each command and query as the roles "
    "table says, and a refusal writes nothing",
    "[api]") {
  for (Who who : kEveryone) {
    Party party = PartyOf(who);
    DYNAMIC_SECTION("http: " << party.name) {
      HttpHarness http;
      World world(http.fixture());
      for (const Row& row : RowsOf(who)) {
        INFO("http: " << party.name << ", " << OpName(row.op) << ", expected "
                      << ExpectName(row.expected));
        RunOverHttp(http, row);
      }
    }
  }
}

TEST_CASE(
    "over RPC every role is allowed or refused each command and query as the roles "
    "table says, and a refusal writes nothing",
    "[api]") {
  for (Who who : kEveryone) {
    Party party = PartyOf(who);
    DYNAMIC_SECTION("rpc: " << party.name) {
      RpcHarness rpc;
      World world(rpc.fixture());
      LoginResponse login = rpc.Login(party.token());
      INFO(ErrorOf(login));
      REQUIRE(login.hasSession());
      for (const Row& row : RowsOf(who)) {
        // No RPC method: a bundle is a download.
        if (row.op == Op::kExport) continue;
        INFO("rpc: " << party.name << ", " << OpName(row.op) << ", expected "
                     << ExpectName(row.expected));
        RunOverRpc(rpc, login.getSession(), row);
      }
    }
  }
}

}  // namespace
}  // namespace ledger::testing
