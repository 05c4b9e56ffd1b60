// The HTTP/JSON adapter end to end: real HTTP over a loopback socket into HttpApi over a real
// ledger (tests/support/http_harness.h). Each status the adapter answers is provoked at least
// once and its error body checked (an RFC 9457 problem: type, title, status, detail, instance,
// code, request id); the log stream is read live.
#include <kj/async-io.h>

#include <catch2/catch.hpp>

#include <filesystem>

#include "api/openapi/openapi.h"
#include "ledger/base/clock.h"
#include "ledger/store/bundle_export.h"
#include "projections/reporting/pseudonym.h"
#include "tests/support/files.h"
#include "tests/support/http_harness.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

using api::Principal;
using api::wire::ErrorCode;
using kj::HttpMethod;

Principal AsPrincipal(const ActorRef& actor, std::vector<std::string> scope = {}) {
  return Principal{actor.role, actor.organisation, actor.id, std::move(scope), ""};
}

const std::string kOpenPath = "/v1/trajectories/T1/commands";

struct Http : HttpHarness {
  explicit Http(api::HttpLimits limits = {}) : HttpHarness(limits) {
    fixture().AddToken("counsellor", AsPrincipal(Counsellor(), {"44021"}));
    fixture().AddToken("newcomer", AsPrincipal(Newcomer(), {"T1"}));
    fixture().AddToken("volunteer", AsPrincipal(Volunteer(), {"T1/act-buddy"}));
    fixture().AddToken("auditor", AsPrincipal(ActorRef{schema::Role::AUDITOR, "", "aud-1"}));
  }

  std::string OpenBody(const std::string& command_id = "open-1",
                       const std::string& expected_version = "") const {
    return CommandBody(
        command_id, [](schema::Event::Builder event) { Fill(event, TrajectoryOpenedArgs{}); },
        expected_version);
  }

  HttpResult Post(const std::string& path, const std::string& token, std::string body) {
    return Send(HttpMethod::POST, path, {.token = token, .body = std::move(body)});
  }
  HttpResult Get(const std::string& path, const std::optional<std::string>& token) {
    return Send(HttpMethod::GET, path, {.token = token});
  }

  // Checks an error reply: its status, and a problem body with the type and title of the
  // code, the same status, a detail, the code, and the request id of the X-Request-Id header
  // (also as the instance URN). Returns the detail.
  std::string ExpectError(const HttpResult& result, unsigned status, ErrorCode code) {
    return std::string(ExpectProblem(result, status, code).getDetail().cStr());
  }

  // The same checks; the problem stays readable until the next call.
  api::wire::Problem::Reader ExpectProblem(const HttpResult& result, unsigned status,
                                           ErrorCode code, std::string type = "",
                                           std::string title = "") {
    INFO(result.body);
    CHECK(result.status == status);
    CHECK(result.header("Content-Type") == "application/problem+json");
    CHECK(result.header("Cache-Control") == "no-store");
    problem_message_ = std::make_unique<capnp::MallocMessageBuilder>();
    auto problem = problem_message_->initRoot<api::wire::Problem>();
    Decode<api::wire::Problem>(result.body, problem);
    CHECK(std::string(problem.getType().cStr()) ==
          (type.empty() ? api::ProblemTypeOf(code) : type));
    CHECK(std::string(problem.getTitle().cStr()) ==
          (title.empty() ? api::ProblemTitleOf(code) : title));
    CHECK(problem.getStatus() == status);
    CHECK(problem.getCode() == code);
    CHECK(problem.getDetail().size() > 0);
    CHECK(problem.getRequestId().size() > 0);
    CHECK(std::string(problem.getRequestId().cStr()) == result.header("X-Request-Id"));
    CHECK(std::string(problem.getInstance().cStr()) ==
          api::RequestUrn(problem.getRequestId().cStr()));
    return problem.asReader();
  }

 private:
  std::unique_ptr<capnp::MallocMessageBuilder> problem_message_;
};

TEST_CASE("a counsellor opens a trajectory over HTTP and reads it back at the returned position",
          "[api]") {
  Http http;
  HttpResult opened = http.Post(kOpenPath, "counsellor", http.OpenBody());
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  CHECK(opened.header("Content-Type") == "application/json");
  capnp::MallocMessageBuilder message;
  auto reply = message.initRoot<api::wire::CommandReply>();
  http.Decode<api::wire::CommandReply>(opened.body, reply);
  CHECK(reply.getOutcome() == api::wire::Outcome::APPENDED);
  CHECK(std::string(reply.getStreamId().cStr()) == "trajectory-T1");
  CHECK(reply.getFirstPosition() == 0);
  CHECK(reply.getCount() == 1);
  CHECK(reply.getNextPosition() == 1);

  HttpResult read =
      http.Get("/v1/trajectories/T1?atLeastPosition=" + std::to_string(reply.getNextPosition()),
               "counsellor");
  INFO(read.body);
  REQUIRE(read.status == 200);
  capnp::MallocMessageBuilder read_message;
  auto trajectory = read_message.initRoot<api::wire::TrajectoryReply>();
  http.Decode<api::wire::TrajectoryReply>(read.body, trajectory);
  CHECK(std::string(trajectory.getMunicipalityCode().cStr()) == "44021");
  CHECK(trajectory.getPosition() >= 1);

  SECTION("the same command id again answers 200 alreadyAppended with the same positions") {
    HttpResult again = http.Post(kOpenPath, "counsellor", http.OpenBody());
    REQUIRE(again.status == 200);
    capnp::MallocMessageBuilder again_message;
    auto again_reply = again_message.initRoot<api::wire::CommandReply>();
    http.Decode<api::wire::CommandReply>(again.body, again_reply);
    CHECK(again_reply.getOutcome() == api::wire::Outcome::ALREADY_APPENDED);
    CHECK(again_reply.getFirstPosition() == reply.getFirstPosition());
    CHECK(again_reply.getNextPosition() == reply.getNextPosition());
  }
  SECTION("a command expecting another stream version answers 409 versionConflict") {
    HttpResult conflict = http.Post(kOpenPath, "counsellor", http.OpenBody("open-2", "5"));
    http.ExpectError(conflict, 409, ErrorCode::VERSION_CONFLICT);
    CHECK(http.fixture().ledger().store().head().size == 1);
  }
  SECTION("hours on an activity the trajectory lacks answer 422 naming the rejection") {
    std::string body = http.CommandBody(
        "hours-1", [](schema::Event::Builder event) { Fill(event, HoursLoggedArgs{}); });
    HttpResult rejected = http.Post(kOpenPath, "newcomer", body);
    auto problem = http.ExpectProblem(rejected, 422, ErrorCode::RULE_REJECTED);
    CHECK(std::string(problem.getRejection().cStr()) == "activityNotFound");
  }
  SECTION("the metrics count the read under its method") {
    HttpResult metrics = http.Get("/metrics", std::nullopt);
    REQUIRE(metrics.status == 200);
    CHECK(metrics.header("Content-Type").starts_with("text/plain; version=0.0.4"));
    CHECK(metrics.body.find(
              R"(ledger_requests_total{transport="http",method="trajectory",code="ok"} 1)") !=
          std::string::npos);
  }
  SECTION("requests refused before any service method are counted too") {
    CHECK(http.Get("/v1/nothing-here", "counsellor").status == 404);
    CHECK(http.Send(HttpMethod::PUT, "/v1/trajectories/T1", {}).status == 405);
    CHECK(http.Get("/v1/whoami", std::nullopt).status == 401);
    HttpResult metrics = http.Get("/metrics", std::nullopt);
    for (const char* series :
         {R"(ledger_requests_total{transport="http",method="none",code="notFound"} 1)",
          R"(ledger_requests_total{transport="http",method="none",code="methodNotAllowed"} 1)",
          R"(ledger_requests_total{transport="http",method="whoami",code="unauthenticated"} 1)"}) {
      INFO(series);
      CHECK(metrics.body.find(series) != std::string::npos);
    }
  }
}

TEST_CASE("times are RFC 3339 beside the microseconds and every hash is hex, in and out", "[api]") {
  Http http;
  // An event with its business time as RFC 3339 with an offset, and personal fields.
  std::string body = http.OpenBody("open-times");
  std::size_t events = body.find("[{");
  REQUIRE(events != std::string::npos);
  body.insert(events + 2, R"("occurredAt":"2026-03-02T09:30:00.25+01:00",)"
                          R"("personal":{"fullName":"Test Person"},)");
  HttpResult opened = http.Post(kOpenPath, "counsellor", body);
  INFO(opened.body);
  REQUIRE(opened.status == 200);

  HttpResult log = http.Get("/v1/log?from=0&limit=10", "auditor");
  INFO(log.body);
  REQUIRE(log.status == 200);
  capnp::MallocMessageBuilder message;
  auto reply = message.initRoot<api::wire::LogReply>();
  http.Decode<api::wire::LogReply>(log.body, reply);
  REQUIRE(reply.getEntries().size() == 1);
  auto entry = reply.getEntries()[0];
  // 09:30:00.25 at +01:00 is 08:30:00.250000 UTC.
  CHECK(std::string(entry.getOccurredAt().cStr()) == "2026-03-02T08:30:00.250000Z");
  CHECK(entry.getEntry().getOccurredAtUs() == *ParseRfc3339("2026-03-02T08:30:00.25Z"));
  CHECK(std::string(entry.getRecordedAt().cStr()) ==
        Rfc3339UtcMicros(entry.getEntry().getRecordedAtUs()));
  // The commitment is 32 bytes as 64 hex digits, like the leaf hash, never a list of numbers.
  std::size_t at = log.body.find(R"("personalCommitment":")");
  REQUIRE(at != std::string::npos);
  std::string hex = log.body.substr(at + 22, 64);
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(log.body[at + 22 + 64] == '"');
  CHECK(entry.getEntry().getPersonalCommitment().size() == 32);
  CHECK(log.body.find("Test Person") == std::string::npos);

  SECTION("both forms of one time, or a time that is no RFC 3339, answer 400 and write nothing") {
    std::string both = http.OpenBody("open-both");
    std::size_t zero = both.find(R"("occurredAtUs":"0")");  // The codec writes every number.
    REQUIRE(zero != std::string::npos);
    both.replace(zero, 18, R"("occurredAtUs":"1772443800000000")");
    both.insert(both.find("[{") + 2, R"("occurredAt":"2026-03-02T09:30:00Z",)");
    std::string detail =
        http.ExpectError(http.Post(kOpenPath, "counsellor", both), 400, ErrorCode::BAD_REQUEST);
    CHECK(detail.find("events[0].occurredAt and events[0].occurredAtUs are both given") !=
          std::string::npos);
    std::string bad = http.OpenBody("open-bad");
    bad.insert(bad.find("[{") + 2, R"("occurredAt":"2026-03-02 09:30",)");
    detail = http.ExpectError(http.Post(kOpenPath, "counsellor", bad), 400, ErrorCode::BAD_REQUEST);
    CHECK(detail.find("events[0].occurredAt") != std::string::npos);
    CHECK(detail.find("not an RFC 3339 time") != std::string::npos);
    CHECK(http.fixture().ledger().store().head().size == 1);
  }
}

TEST_CASE(
    "routes that take no parameter refuse any naming each and a log page past the head "
    "names the real head",
    "[api]") {
  Http http;
  REQUIRE(http.Post(kOpenPath, "counsellor", http.OpenBody()).status == 200);
  for (const char* target : {"/v1/whoami?bogus=1", "/metrics?bogus=1", "/healthz?bogus=1",
                             "/doc/openapi.json?bogus=1"}) {
    INFO(target);
    HttpResult refused = http.Get(target, "auditor");
    auto problem = http.ExpectProblem(refused, 400, ErrorCode::BAD_REQUEST);
    REQUIRE(problem.getIssues().size() == 1);
    CHECK(std::string(problem.getIssues()[0].getName().cStr()) == "bogus");
    CHECK(problem.getIssues()[0].getIn() == api::wire::InputLocation::QUERY);
    CHECK(std::string(problem.getIssues()[0].getDetail().cStr()).find("it takes none") !=
          std::string::npos);
  }
  CHECK(http.ExpectProblem(http.Get("/v1/whoami?bogus=1&other=2", "auditor"), 400,
                           ErrorCode::BAD_REQUEST)
            .getIssues()
            .size() == 2);

  HttpResult past = http.Get("/v1/log?from=99999999", "auditor");
  INFO(past.body);
  REQUIRE(past.status == 200);
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<api::wire::LogReply>();
  http.Decode<api::wire::LogReply>(past.body, page);
  CHECK(page.getEntries().size() == 0);
  CHECK(page.getTreeSize() == 1);  // The head, not the position asked for.
}

TEST_CASE(
    "reports over HTTP: CSV files, and microdata for reporting jobs under a pseudonym key "
    "of each job's own",
    "[api]") {
  Http http;
  http.fixture().AddToken("job-a",
                          AsPrincipal(ActorRef{schema::Role::REPORTING_JOB, "", "report-a"}));
  http.fixture().AddToken("job-a-again",
                          AsPrincipal(ActorRef{schema::Role::REPORTING_JOB, "", "report-a"}));
  http.fixture().AddToken("job-b",
                          AsPrincipal(ActorRef{schema::Role::REPORTING_JOB, "", "report-b"}));
  HttpResult opened = http.Post(kOpenPath, "counsellor", http.OpenBody());
  REQUIRE(opened.status == 200);
  const std::string wait = "atLeastPosition=1";  // Evaluated today, by the fixture's clock.

  auto pseudonym_of = [&](const std::string& token) {
    HttpResult got = http.Get("/v1/reports/evaluation?includeMicrodata=true&" + wait, token);
    INFO(got.body);
    REQUIRE(got.status == 200);
    capnp::MallocMessageBuilder message;
    auto reply = message.initRoot<api::wire::ReportReply>();
    http.Decode<api::wire::ReportReply>(got.body, reply);
    REQUIRE(reply.getReport().getMicrodata().size() == 1);
    return std::string(reply.getReport().getMicrodata()[0].getPseudonym().cStr());
  };
  std::string a = pseudonym_of("job-a");
  CHECK(a == pseudonym_of("job-a-again"));  // The job's, not the token's.
  std::string b = pseudonym_of("job-b");
  CHECK(a != b);  // Two jobs cannot link their rows.
  ::projections::reporting::PseudonymKey master{};
  master.fill(7);  // ServiceFixture's report.key.
  CHECK(a == ::projections::reporting::Pseudonym(
                 ::projections::reporting::JobPseudonymKey(master, "report-a"),
                 TrajectoryOpenedArgs{}.subject_id));
  CHECK(a != ::projections::reporting::Pseudonym(master, TrajectoryOpenedArgs{}.subject_id));

  SECTION("the CSV file is the ledgerctl report's, an attachment") {
    HttpResult csv = http.Get("/v1/reports/evaluation.csv?" + wait, "auditor");
    INFO(csv.body);
    REQUIRE(csv.status == 200);
    CHECK(csv.header("Content-Type") == "text/csv; charset=utf-8; header=present");
    CHECK(csv.header("Content-Disposition") == "attachment; filename=\"evaluation.csv\"");
    CHECK(csv.body.rfind("table,group_kind,group,month,metric,value,suppressed\n", 0) == 0);
    CHECK(csv.body.find("\nreport,,,,evaluation_day,") != std::string::npos);
    HttpResult rows = http.Get("/v1/reports/evaluation.csv?includeMicrodata=true&" + wait, "job-a");
    REQUIRE(rows.status == 200);
    CHECK(rows.body.rfind("pseudonym,municipality,", 0) == 0);
    CHECK(rows.body.find(a + ",44021,") != std::string::npos);
  }
  SECTION("microdata are refused to other roles, and a format that is none is a 400") {
    http.ExpectError(http.Get("/v1/reports/evaluation?includeMicrodata=true", "auditor"), 403,
                     ErrorCode::FORBIDDEN);
    http.ExpectError(http.Get("/v1/reports/evaluation.csv?includeMicrodata=true", "auditor"), 403,
                     ErrorCode::FORBIDDEN);
    std::string detail = http.ExpectError(http.Get("/v1/reports/evaluation?format=xml", "auditor"),
                                          400, ErrorCode::BAD_REQUEST);
    CHECK(detail.find("format 'xml' is not json or csv") != std::string::npos);
    // On the .csv route the format is the route's: not a parameter.
    auto problem = http.ExpectProblem(http.Get("/v1/reports/evaluation.csv?format=json", "auditor"),
                                      400, ErrorCode::BAD_REQUEST);
    REQUIRE(problem.getIssues().size() == 1);
    CHECK(std::string(problem.getIssues()[0].getName().cStr()) == "format");
  }
}

TEST_CASE("a volunteer's command is refused with 403 and the ledger head stays where it was",
          "[api]") {
  Http http;
  HttpResult refused = http.Post(kOpenPath, "volunteer", http.OpenBody());
  http.ExpectError(refused, 403, ErrorCode::FORBIDDEN);
  CHECK(http.fixture().ledger().store().head().size == 0);
}

TEST_CASE("a request without a token or with an unknown one answers 401 with WWW-Authenticate",
          "[api]") {
  Http http;
  std::optional<std::string> token;
  SECTION("no Authorization header") {}
  SECTION("an unknown token") { token = "no-such-token"; }
  HttpResult refused =
      http.Send(HttpMethod::POST, kOpenPath, {.token = token, .body = http.OpenBody()});
  if (token) {
    http.ExpectProblem(refused, 401, ErrorCode::UNAUTHENTICATED,
                       "urn:problem-type:belgif:invalidAccessToken");
  } else {
    http.ExpectProblem(refused, 401, ErrorCode::UNAUTHENTICATED,
                       "urn:problem-type:belgif:noAccessToken", "No access token");
  }
  CHECK(refused.header("WWW-Authenticate") == "Bearer");
  CHECK(refused.body.find("no-such-token") == std::string::npos);
  CHECK(http.fixture().ledger().store().head().size == 0);
}

TEST_CASE("bodies and queries that do not fit the request struct answer 400 naming the fault",
          "[api]") {
  Http http;
  using api::wire::InputLocation;
  struct Case {
    const char* name;
    HttpMethod verb;
    std::string path;
    std::string body;
    InputLocation in;   // Of the first issue.
    std::string input;  // Its name.
    std::string value;  // Its value.
    std::string kind;   // The end of its type URN.
  };
  std::string mismatch = http.OpenBody();
  mismatch.insert(1, R"("trajectoryId":"T2",)");
  std::string hours = http.CommandBody(
      "hours-1", [](schema::Event::Builder event) { Fill(event, HoursLoggedArgs{}); });
  std::string as_word = hours;
  as_word.replace(as_word.find(R"("minutes":)"), std::string(R"("minutes":)").size() + 3,
                  R"("minutes":"ninety")");
  std::string bad_date = hours;
  bad_date.replace(bad_date.find(R"("sessionOn":")") + 13, 10, "14/04/2026");
  std::string stray = hours;
  stray.replace(stray.find(R"("minutes":)"), 0, R"("colour":"red",)");
  auto c = GENERATE_COPY(values<Case>({
      {"malformed JSON", HttpMethod::POST, kOpenPath, "{\"commandId\": ", InputLocation::BODY, "",
       "", "schemaViolation"},
      {"an unknown JSON field", HttpMethod::POST, kOpenPath, R"({"commandId":"c","colour":1})",
       InputLocation::BODY, "colour", "1", "unknownInput"},
      {"an unknown field deep in an event", HttpMethod::POST, kOpenPath, stray, InputLocation::BODY,
       "events[0].event.hoursLogged.colour", "red", "unknownInput"},
      {"a number written as a word", HttpMethod::POST, kOpenPath, as_word, InputLocation::BODY,
       "events[0].event.hoursLogged.minutes", "ninety", "schemaViolation"},
      {"a date not written YYYY-MM-DD", HttpMethod::POST, kOpenPath, bad_date, InputLocation::BODY,
       "events[0].event.hoursLogged.sessionOn", "14/04/2026", "schemaViolation"},
      {"a body naming another trajectory than the path", HttpMethod::POST, kOpenPath, mismatch,
       InputLocation::BODY, "trajectoryId", "T2", "invalidInput"},
      {"an unknown query parameter", HttpMethod::GET, "/v1/trajectories/T1?colour=red", "",
       InputLocation::QUERY, "colour", "red", "unknownInput"},
      {"a query value of the wrong type", HttpMethod::GET, "/v1/trajectories/T1?waitMs=soon", "",
       InputLocation::QUERY, "waitMs", "soon", "schemaViolation"},
      {"a wait over the service's bound", HttpMethod::GET, "/v1/trajectories/T1?waitMs=40000", "",
       InputLocation::QUERY, "waitMs", "40000", "schemaViolation"},
      {"a page over the service's bound", HttpMethod::GET, "/v1/trajectories?limit=1001", "",
       InputLocation::QUERY, "limit", "1001", "schemaViolation"},
      {"an enum name that does not exist", HttpMethod::POST, kOpenPath,
       R"({"commandId":"v","events":[{"event":{"hoursVoided":{"hoursEntryId":"h-1",)"
       R"("reason":"boredom"}}}]})",
       InputLocation::BODY, "events[0].event.hoursVoided.reason", "boredom", "schemaViolation"},
      {"a path field in the query", HttpMethod::GET, "/v1/trajectories/T1?trajectoryId=T2", "",
       InputLocation::QUERY, "trajectoryId", "T2", "unknownInput"},
      {"a stream format that does not exist", HttpMethod::GET, "/v1/log/stream?format=xml", "",
       InputLocation::QUERY, "format", "xml", "schemaViolation"},
  }));
  INFO(c.name);
  HttpResult result = http.Send(c.verb, c.path, {.token = "counsellor", .body = c.body});
  INFO(result.body);
  auto problem = http.ExpectProblem(result, 400, ErrorCode::BAD_REQUEST);
  REQUIRE(problem.getIssues().size() >= 1);
  auto issue = problem.getIssues()[0];
  CHECK(std::string(issue.getType().cStr()) ==
        "urn:problem-type:belgif:input-validation:" + c.kind);
  CHECK(issue.getTitle().size() > 0);
  CHECK(issue.getIn() == c.in);
  CHECK(std::string(issue.getName().cStr()) == c.input);
  CHECK(std::string(issue.getValue().cStr()) == c.value);
  // The detail names the input and its value in plain words, never the codec's own text.
  std::string detail = issue.getDetail().cStr();
  CHECK(detail.find(c.input) != std::string::npos);
  CHECK(detail.find(c.value) != std::string::npos);
  for (const char* kj_text : {"expected ", "field.getName()", "impl->", "; s = "}) {
    CHECK(result.body.find(kj_text) == std::string::npos);
  }
  CHECK(http.fixture().ledger().store().head().size == 0);
}

TEST_CASE("every query parameter at fault is named in one answer", "[api]") {
  Http http;
  HttpResult result = http.Get("/v1/trajectories?limit=many&colour=red&waitMs=-1", "counsellor");
  auto problem = http.ExpectProblem(result, 400, ErrorCode::BAD_REQUEST);
  REQUIRE(problem.getIssues().size() == 3);
  CHECK(std::string(problem.getIssues()[0].getName().cStr()) == "limit");
  CHECK(std::string(problem.getIssues()[1].getName().cStr()) == "colour");
  CHECK(std::string(problem.getIssues()[2].getName().cStr()) == "waitMs");
  CHECK(std::string(problem.getDetail().cStr()).find("3 inputs") == 0);
}

TEST_CASE("a command of more events than a client may send answers 413 tooLarge", "[api]") {
  Http http;
  REQUIRE(http.Post(kOpenPath, "counsellor", http.OpenBody()).status == 200);
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<api::wire::CommandRequest>();
  request.setCommandId("hours-many");
  auto events = request.initEvents(1001);
  for (unsigned i = 0; i < events.size(); ++i) {
    HoursLoggedArgs args;
    args.hours_entry_id = "h-" + std::to_string(i);
    Fill(events[i].initEvent(), args);
  }
  std::string body = http.json().EncodeStruct(request.asReader());
  std::string detail =
      http.ExpectError(http.Post(kOpenPath, "counsellor", body), 413, ErrorCode::TOO_LARGE);
  CHECK(detail.find("1001") != std::string::npos);
  CHECK(http.fixture().ledger().store().head().size == 1);
}

TEST_CASE("a body over the limit answers 413, whether its length is announced or chunked",
          "[api]") {
  Http http(api::HttpLimits{.body_bytes_max = 1024});
  bool chunked = GENERATE(false, true);
  INFO((chunked ? "chunked" : "Content-Length"));
  std::string body = http.OpenBody();
  body.insert(1, "\"correlationId\":\"" + std::string(2000, 'x') + "\",");
  HttpResult result = http.Send(HttpMethod::POST, kOpenPath,
                                {.token = "counsellor", .body = body, .chunked = chunked});
  http.ExpectError(result, 413, ErrorCode::TOO_LARGE);
  CHECK(http.fixture().ledger().store().head().size == 0);

  SECTION("a body just under the limit is read and served") {
    HttpResult served =
        http.Send(HttpMethod::POST, kOpenPath,
                  {.token = "counsellor", .body = http.OpenBody(), .chunked = chunked});
    CHECK(served.status == 200);
  }
}

TEST_CASE("an unknown path answers 404 and a known path with another verb 405 with Allow",
          "[api]") {
  Http http;
  http.ExpectError(http.Get("/v1/nothing-here", "counsellor"), 404, ErrorCode::NOT_FOUND);
  HttpResult wrong_verb = http.Send(HttpMethod::PUT, "/v1/trajectories/T1", {});
  http.ExpectError(wrong_verb, 405, ErrorCode::METHOD_NOT_ALLOWED);
  CHECK(wrong_verb.header("Allow") == "GET");
  HttpResult tokens = http.Send(HttpMethod::PATCH, "/v1/admin/tokens", {});
  CHECK(tokens.header("Allow") == "POST, GET");
  HttpResult probe = http.Send(HttpMethod::POST, "/healthz", {});
  http.ExpectError(probe, 405, ErrorCode::METHOD_NOT_ALLOWED);
  CHECK(probe.header("Allow") == "GET, HEAD");
}

TEST_CASE("the probes and the OpenAPI document answer HEAD without a body and GET in full",
          "[api]") {
  Http http;
  for (const char* path : {"/healthz", "/metrics", "/doc/openapi.json"}) {
    INFO(path);
    HttpResult head = http.Send(HttpMethod::HEAD, path, {});
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("Cache-Control") == "no-store");
  }
  HttpResult get = http.Get("/healthz", std::nullopt);
  CHECK(get.body == R"({"status":"live"})");
  HttpResult document = http.Get("/doc/openapi.json", std::nullopt);
  CHECK(document.status == 200);
  CHECK(document.header("Content-Type") == "application/json");
  CHECK(document.body == api::OpenApiJson());
  // A read is never answered to HEAD: it would record a read of personal data nobody saw.
  HttpResult read = http.Send(HttpMethod::HEAD, "/v1/trajectories/T1", {.token = "counsellor"});
  CHECK(read.status == 405);
}

TEST_CASE(
    "while the read models are prepared reads and /readyz answer 503 starting with "
    "Retry-After, the log is served, /healthz 200",
    "[api]") {
  Http http;
  http.fixture().ResetReadiness();
  HttpResult read = http.Get("/v1/trajectories/T1", "counsellor");
  http.ExpectError(read, 503, ErrorCode::STARTING);
  CHECK(read.header("Retry-After") == "1");
  http.ExpectError(http.Get("/readyz", std::nullopt), 503, ErrorCode::STARTING);
  CHECK(http.Get("/v1/log?from=0", "auditor").status == 200);
  HttpResult live = http.Get("/healthz", std::nullopt);
  CHECK(live.status == 200);
  CHECK(live.body == R"({"status":"live"})");
  http.fixture().readiness().SetReady();
  CHECK(http.Get("/readyz", std::nullopt).status == 200);
}

TEST_CASE(
    "when the read models failed on damage, reads answer readModelsUnavailable naming the "
    "position while the log, checkpoints and proofs are still served",
    "[api]") {
  Http http;
  http.fixture().ResetReadiness();
  http.fixture().readiness().SetFailed(Status::Corruption("entry at position 7: garbage"), 7);
  HttpResult read = http.Get("/v1/trajectories/T1", "counsellor");
  http.ExpectError(read, 503, ErrorCode::READ_MODELS_UNAVAILABLE);
  CHECK_THAT(read.body, Catch::Contains("position 7"));
  CHECK_THAT(read.body, Catch::Contains(R"("position":"7")"));
  http.ExpectError(http.Get("/readyz", std::nullopt), 503, ErrorCode::READ_MODELS_UNAVAILABLE);
  CHECK(http.Get("/v1/log?from=0", "auditor").status == 200);
}

TEST_CASE("a sane client request id is echoed and a bad one replaced by a fresh one", "[api]") {
  Http http;
  HttpResult echoed = http.Send(HttpMethod::GET, "/v1/nowhere", {.request_id = "client-id-42"});
  CHECK(echoed.header("X-Request-Id") == "client-id-42");
  http.ExpectError(echoed, 404, ErrorCode::NOT_FOUND);
  HttpResult replaced =
      http.Send(HttpMethod::GET, "/v1/nowhere", {.request_id = std::string(65, 'a')});
  CHECK(replaced.header("X-Request-Id").starts_with("r-"));
}

TEST_CASE("whoami names the caller and ping answers {} without a worker", "[api]") {
  Http http;
  HttpResult who = http.Get("/v1/whoami", "newcomer");
  REQUIRE(who.status == 200);
  capnp::MallocMessageBuilder message;
  auto info = message.initRoot<api::wire::PrincipalInfo>();
  http.Decode<api::wire::PrincipalInfo>(who.body, info);
  CHECK(info.getRole() == schema::Role::NEWCOMER);
  CHECK(std::string(info.getTokenId().cStr()) == "newcomer");
  HttpResult ping = http.Send(HttpMethod::POST, "/v1/ping", {.token = "volunteer"});
  CHECK(ping.status == 200);
  CHECK(ping.body == "{}");
  http.ExpectProblem(http.Send(HttpMethod::POST, "/v1/ping", {}), 401, ErrorCode::UNAUTHENTICATED,
                     std::string(api::kNoAccessTokenType), std::string(api::kNoAccessTokenTitle));
}

TEST_CASE("a call still running after the request timeout answers 504 timeout", "[api]") {
  Http http(api::HttpLimits{.request_timeout = 100 * kj::MILLISECONDS});
  HttpResult late = http.Get("/v1/trajectories/T1?atLeastPosition=50&waitMs=1000", "counsellor");
  http.ExpectError(late, 504, ErrorCode::TIMEOUT);
}

// Reads from `body` until `text` holds `count` occurrences of `separator`, for at most 5 s.
void ReadUntil(HttpHarness& http, kj::AsyncInputStream& body, std::string& text, std::size_t count,
               std::string_view separator) {
  auto occurrences = [&] {
    std::size_t n = 0;
    for (std::size_t at = text.find(separator); at != std::string::npos;
         at = text.find(separator, at + separator.size())) {
      ++n;
    }
    return n;
  };
  kj::Timer& timer = http.io().provider->getTimer();
  while (occurrences() < count) {
    char buffer[4096];
    std::size_t got = timer.timeoutAfter(5 * kj::SECONDS, body.tryRead(buffer, 1, sizeof(buffer)))
                          .wait(http.io().waitScope);
    REQUIRE(got > 0);
    text.append(buffer, got);
  }
}

// The Content-Type of an opened response; empty when it has none.
std::string ContentTypeOf(const kj::HttpClient::Response& response) {
  KJ_IF_MAYBE (type, response.headers->get(kj::HttpHeaderId::CONTENT_TYPE)) {
    return type->cStr();
  }
  return "";
}

std::uint64_t PositionOfLine(Http& http, const std::string& line) {
  capnp::MallocMessageBuilder message;
  auto entry = message.initRoot<api::wire::LogEntry>();
  http.Decode<api::wire::LogEntry>(line, entry);
  CHECK(entry.getLeafHash().size() == 64);
  return entry.getEntry().getPosition();
}

TEST_CASE("the NDJSON log stream delivers the log in order, then entries appended later", "[api]") {
  Http http;
  for (std::string id : {"T1", "T2", "T3"}) {
    REQUIRE(
        http.Post("/v1/trajectories/" + id + "/commands", "counsellor", http.OpenBody("open-" + id))
            .status == 200);
  }
  kj::HttpClient::Response stream =
      http.Open(HttpMethod::GET, "/v1/log/stream?from=0", {.token = "auditor"});
  REQUIRE(stream.statusCode == 200);
  CHECK(ContentTypeOf(stream) == "application/x-ndjson");
  std::string text;
  ReadUntil(http, *stream.body, text, 3, "\n");
  REQUIRE(
      http.Post("/v1/trajectories/T4/commands", "counsellor", http.OpenBody("open-T4")).status ==
      200);
  ReadUntil(http, *stream.body, text, 4, "\n");
  std::vector<std::uint64_t> positions;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    positions.push_back(PositionOfLine(http, text.substr(start, end - start)));
  }
  CHECK(positions == std::vector<std::uint64_t>{0, 1, 2, 3});
}

TEST_CASE("the SSE log stream sends ids with each entry and ends when the server drains", "[api]") {
  Http http;
  REQUIRE(http.Post(kOpenPath, "counsellor", http.OpenBody()).status == 200);
  kj::HttpClient::Response stream =
      http.Open(HttpMethod::GET, "/v1/log/stream?from=0&format=sse", {.token = "auditor"});
  REQUIRE(stream.statusCode == 200);
  std::string text;
  ReadUntil(http, *stream.body, text, 2, "\n\n");
  // First the reconnection delay an EventSource should wait, then the entries.
  CHECK(text.starts_with("retry: 2000\n\nid: 0\ndata: {"));
  http.api().Drain();
  kj::String rest = http.io()
                        .provider->getTimer()
                        .timeoutAfter(5 * kj::SECONDS, stream.body->readAllText())
                        .wait(http.io().waitScope);
  CHECK(std::string(rest.cStr()).find("id: ") == std::string::npos);
}

TEST_CASE("an EventSource that reconnects with Last-Event-ID resumes after it: no entry twice",
          "[api]") {
  Http http;
  for (std::string id : {"T1", "T2", "T3", "T4"}) {
    REQUIRE(
        http.Post("/v1/trajectories/" + id + "/commands", "counsellor", http.OpenBody("open-" + id))
            .status == 200);
  }
  // What a browser's EventSource sends: Accept, and on reconnecting the same URL (from=0)
  // with the id of the last event it got.
  kj::HttpClient::Response stream = http.Open(
      HttpMethod::GET, "/v1/log/stream?from=0",
      {.token = "auditor", .headers = {{"Accept", "text/event-stream"}, {"Last-Event-ID", "1"}}});
  REQUIRE(stream.statusCode == 200);
  CHECK(ContentTypeOf(stream) == "text/event-stream");
  std::string text;
  ReadUntil(http, *stream.body, text, 3, "\n\n");
  CHECK(text.starts_with("retry: 2000\n\nid: 2\ndata: {"));
  CHECK(text.find("id: 3\ndata: {") != std::string::npos);
  CHECK(text.find("id: 1\n") == std::string::npos);

  SECTION("NDJSON has no event ids: the header is not looked at") {
    kj::HttpClient::Response ndjson =
        http.Open(HttpMethod::GET, "/v1/log/stream?from=0&format=ndjson",
                  {.token = "auditor", .headers = {{"Last-Event-ID", "1"}}});
    REQUIRE(ndjson.statusCode == 200);
    std::string lines;
    ReadUntil(http, *ndjson.body, lines, 1, "\n");
    CHECK(PositionOfLine(http, lines.substr(0, lines.find('\n'))) == 0);
  }
  SECTION("a Last-Event-ID that is not a position is a 400 naming the header") {
    HttpResult refused =
        http.Send(HttpMethod::GET, "/v1/log/stream?from=0&format=sse",
                  {.token = "auditor", .headers = {{"Last-Event-ID", "yesterday"}}});
    auto problem = http.ExpectProblem(refused, 400, ErrorCode::BAD_REQUEST);
    REQUIRE(problem.getIssues().size() == 1);
    CHECK(problem.getIssues()[0].getIn() == api::wire::InputLocation::HEADER);
    CHECK(std::string(problem.getIssues()[0].getName().cStr()) == "Last-Event-ID");
    CHECK(std::string(problem.getIssues()[0].getValue().cStr()) == "yesterday");
  }
}

TEST_CASE("a log stream for a role that may not read the log answers 403 before streaming",
          "[api]") {
  Http http;
  HttpResult refused = http.Get("/v1/log/stream?from=0", "counsellor");
  http.ExpectError(refused, 403, ErrorCode::FORBIDDEN);
}

// --- Export bundles ------------------------------------------------------------------------

// Opens `count` trajectories T-<i>, one command each, and lets the read models catch up.
void OpenTrajectories(Http& http, int count) {
  DomainLedger& ledger = http.fixture().ledger();
  for (int i = 0; i < count; ++i) {
    REQUIRE(ledger
                .Run(Counsellor(), Trajectory("T-" + std::to_string(i)), On(2026, 3, 2),
                     TrajectoryOpenedArgs{})
                .ok());
  }
  REQUIRE_OK(http.fixture().checkpointer().SignNow());
}

TEST_CASE(
    "an auditor's export over HTTP is, byte for byte, the bundle ledgerctl export writes, "
    "sent in several chunks, and its file goes once sent",
    "[api]") {
  Http http;
  OpenTrajectories(http, 1000);  // Several chunks of bundle.
  TempDir scratch;
  const std::string expected_path = scratch.Sub("expected.bundle");
  Result<ExportSummary> expected = ExportBundle(http.fixture().ledger().store().database(), "test",
                                                expected_path, ExportOptions{});
  REQUIRE_OK(expected);
  std::string expected_bytes = ReadAll(expected_path);
  REQUIRE(expected_bytes.size() > 2 * api::kExportChunkBytes);

  kj::HttpClient::Response stream =
      http.Open(HttpMethod::GET, "/v1/export?from=0", {.token = "auditor"});
  REQUIRE(stream.statusCode == 200);
  CHECK(stream.headers->get(kj::HttpHeaderId::CONTENT_TYPE).orDefault("") ==
        "application/octet-stream");
  // The client reads slowly, a little at a time: the server waits for each write (flow
  // control), and the download still ends whole.
  std::string body;
  kj::Timer& timer = http.io().provider->getTimer();
  for (;;) {
    char buffer[16 << 10];
    std::size_t got =
        timer.timeoutAfter(5 * kj::SECONDS, stream.body->tryRead(buffer, 1, sizeof(buffer)))
            .wait(http.io().waitScope);
    if (got == 0) break;
    body.append(buffer, got);
  }
  CHECK(body.size() == expected_bytes.size());
  CHECK(body == expected_bytes);
  CHECK(std::filesystem::is_empty(http.fixture().export_dir()));
}

TEST_CASE(
    "an export answers 403 to other roles and 400 to a bad range or withPersonal, leaving "
    "no file",
    "[api]") {
  Http http;
  OpenTrajectories(http, 3);
  http.ExpectError(http.Get("/v1/export?from=0", "counsellor"), 403, ErrorCode::FORBIDDEN);
  http.ExpectError(http.Get("/v1/export?from=0", "newcomer"), 403, ErrorCode::FORBIDDEN);
  std::string past =
      http.ExpectError(http.Get("/v1/export?from=0&to=4", "auditor"), 400, ErrorCode::BAD_REQUEST);
  CHECK(past.find("[0, 4) is not within the log [0, 3)") != std::string::npos);
  http.ExpectError(http.Get("/v1/export?from=3&to=2", "auditor"), 400, ErrorCode::BAD_REQUEST);
  std::string personal = http.ExpectError(http.Get("/v1/export?withPersonal=true", "auditor"), 400,
                                          ErrorCode::BAD_REQUEST);
  CHECK(personal.find("withPersonal") != std::string::npos);
  CHECK(std::filesystem::is_empty(http.fixture().export_dir()));
}

}  // namespace
}  // namespace ledger::testing
