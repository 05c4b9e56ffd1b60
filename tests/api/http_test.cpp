// The HTTP/JSON adapter end to end: real HTTP over a loopback socket into HttpApi over a real
// ledger (tests/support/http_harness.h). Each status the adapter answers is provoked at least
// once and its error body checked (code, message, request id); the log stream is read live.
#include <kj/async-io.h>

#include <catch2/catch.hpp>

#include <filesystem>

#include "ledger/store/bundle_export.h"
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

  // Checks an error reply: its status, and a body with the code, a message and the request id
  // of the X-Request-Id header. Returns the message.
  std::string ExpectError(const HttpResult& result, unsigned status, ErrorCode code) {
    INFO(result.body);
    CHECK(result.status == status);
    CHECK(result.header("Content-Type") == "application/json");
    capnp::MallocMessageBuilder message;
    auto error = message.initRoot<api::wire::ApiError>();
    Decode<api::wire::ApiError>(result.body, error);
    CHECK(error.getCode() == code);
    CHECK(error.getMessage().size() > 0);
    CHECK(error.getRequestId().size() > 0);
    CHECK(std::string(error.getRequestId().cStr()) == result.header("X-Request-Id"));
    return error.getMessage().cStr();
  }
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

  HttpResult read = http.Get(
      "/v1/trajectories/T1?atLeastPosition=" + std::to_string(reply.getNextPosition()),
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
    http.ExpectError(rejected, 422, ErrorCode::RULE_REJECTED);
    CHECK(rejected.body.find(R"({"key":"rejection","value":"activityNotFound"})") !=
          std::string::npos);
  }
  SECTION("the metrics count the read under its method") {
    HttpResult metrics = http.Get("/metrics", std::nullopt);
    REQUIRE(metrics.status == 200);
    CHECK(metrics.header("Content-Type").starts_with("text/plain; version=0.0.4"));
    CHECK(metrics.body.find(
              R"(ledger_requests_total{transport="http",method="trajectory",code="ok"} 1)") !=
          std::string::npos);
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
  http.ExpectError(refused, 401, ErrorCode::UNAUTHENTICATED);
  CHECK(refused.header("WWW-Authenticate") == "Bearer");
  CHECK(refused.body.find("no-such-token") == std::string::npos);
  CHECK(http.fixture().ledger().store().head().size == 0);
}

TEST_CASE("bodies and queries that do not fit the request struct answer 400 naming the fault",
          "[api]") {
  Http http;
  struct Case {
    const char* name;
    HttpMethod verb;
    std::string path;
    std::string body;
    std::string named;  // A word the message must contain.
  };
  std::string mismatch = http.OpenBody();
  mismatch.insert(1, R"("trajectoryId":"T2",)");
  auto c = GENERATE_COPY(values<Case>({
      {"malformed JSON", HttpMethod::POST, kOpenPath, "{\"commandId\": ", "CommandRequest"},
      {"an unknown JSON field", HttpMethod::POST, kOpenPath, R"({"commandId":"c","colour":1})",
       "colour"},
      {"a body naming another trajectory than the path", HttpMethod::POST, kOpenPath, mismatch,
       "T2"},
      {"an unknown query parameter", HttpMethod::GET, "/v1/trajectories/T1?colour=red", "",
       "colour"},
      {"a query value of the wrong type", HttpMethod::GET, "/v1/trajectories/T1?waitMs=soon",
       "", "waitMs"},
      {"a path field in the query", HttpMethod::GET, "/v1/trajectories/T1?trajectoryId=T2", "",
       "trajectoryId"},
      {"a stream format that does not exist", HttpMethod::GET, "/v1/log/stream?format=xml", "",
       "format"},
  }));
  INFO(c.name);
  HttpResult result = http.Send(c.verb, c.path, {.token = "counsellor", .body = c.body});
  std::string message = http.ExpectError(result, 400, ErrorCode::BAD_REQUEST);
  CHECK(message.find(c.named) != std::string::npos);
  CHECK(http.fixture().ledger().store().head().size == 0);
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
    HttpResult served = http.Send(HttpMethod::POST, kOpenPath,
                                  {.token = "counsellor", .body = http.OpenBody(),
                                   .chunked = chunked});
    CHECK(served.status == 200);
  }
}

TEST_CASE("an unknown path answers 404 and a known path with another verb 405 with Allow",
          "[api]") {
  Http http;
  http.ExpectError(http.Get("/v1/nothing-here", "counsellor"), 404, ErrorCode::NOT_FOUND);
  HttpResult wrong_verb = http.Send(HttpMethod::PUT, "/v1/trajectories/T1", {});
  http.ExpectError(wrong_verb, 405, ErrorCode::BAD_REQUEST);
  CHECK(wrong_verb.header("Allow") == "GET");
  HttpResult tokens = http.Send(HttpMethod::PATCH, "/v1/admin/tokens", {});
  CHECK(tokens.header("Allow") == "POST, GET");
}

TEST_CASE("while the read models are prepared reads and /readyz answer 503 starting with "
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

TEST_CASE("when the read models failed on damage, reads answer readModelsUnavailable naming the "
          "position while the log, checkpoints and proofs are still served",
          "[api]") {
  Http http;
  http.fixture().ResetReadiness();
  http.fixture().readiness().SetFailed(Status::Corruption("entry at position 7: garbage"), 7);
  HttpResult read = http.Get("/v1/trajectories/T1", "counsellor");
  http.ExpectError(read, 503, ErrorCode::READ_MODELS_UNAVAILABLE);
  CHECK_THAT(read.body, Catch::Contains("position 7"));
  CHECK_THAT(read.body, Catch::Contains(R"({"key":"position","value":"7"})"));
  http.ExpectError(http.Get("/readyz", std::nullopt), 503, ErrorCode::READ_MODELS_UNAVAILABLE);
  CHECK(http.Get("/v1/log?from=0", "auditor").status == 200);
}

TEST_CASE("a sane client request id is echoed and a bad one replaced by a fresh one", "[api]") {
  Http http;
  HttpResult echoed =
      http.Send(HttpMethod::GET, "/v1/nowhere", {.request_id = "client-id-42"});
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
  http.ExpectError(http.Send(HttpMethod::POST, "/v1/ping", {}), 401,
                   ErrorCode::UNAUTHENTICATED);
}

TEST_CASE("a call still running after the request timeout answers 504 timeout", "[api]") {
  Http http(api::HttpLimits{.request_timeout = 100 * kj::MILLISECONDS});
  HttpResult late = http.Get("/v1/trajectories/T1?atLeastPosition=50&waitMs=1000", "counsellor");
  http.ExpectError(late, 504, ErrorCode::TIMEOUT);
}

// Reads from `body` until `text` holds `count` occurrences of `separator`, for at most 5 s.
void ReadUntil(HttpHarness& http, kj::AsyncInputStream& body, std::string& text,
               std::size_t count, std::string_view separator) {
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

std::uint64_t PositionOfLine(Http& http, const std::string& line) {
  capnp::MallocMessageBuilder message;
  auto entry = message.initRoot<api::wire::LogEntry>();
  http.Decode<api::wire::LogEntry>(line, entry);
  CHECK(entry.getLeafHash().size() == 64);
  return entry.getEntry().getPosition();
}

TEST_CASE("the NDJSON log stream delivers the log in order, then entries appended later",
          "[api]") {
  Http http;
  for (std::string id : {"T1", "T2", "T3"}) {
    REQUIRE(http.Post("/v1/trajectories/" + id + "/commands", "counsellor",
                      http.OpenBody("open-" + id))
                .status == 200);
  }
  kj::HttpClient::Response stream =
      http.Open(HttpMethod::GET, "/v1/log/stream?from=0", {.token = "auditor"});
  REQUIRE(stream.statusCode == 200);
  KJ_IF_MAYBE(type, stream.headers->get(kj::HttpHeaderId::CONTENT_TYPE)) {
    CHECK(std::string(type->cStr()) == "application/x-ndjson");
  } else {
    FAIL("no Content-Type");
  }
  std::string text;
  ReadUntil(http, *stream.body, text, 3, "\n");
  REQUIRE(http.Post("/v1/trajectories/T4/commands", "counsellor", http.OpenBody("open-T4"))
              .status == 200);
  ReadUntil(http, *stream.body, text, 4, "\n");
  std::vector<std::uint64_t> positions;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    positions.push_back(PositionOfLine(http, text.substr(start, end - start)));
  }
  CHECK(positions == std::vector<std::uint64_t>{0, 1, 2, 3});
}

TEST_CASE("the SSE log stream sends ids with each entry and ends when the server drains",
          "[api]") {
  Http http;
  REQUIRE(http.Post(kOpenPath, "counsellor", http.OpenBody()).status == 200);
  kj::HttpClient::Response stream =
      http.Open(HttpMethod::GET, "/v1/log/stream?from=0&format=sse", {.token = "auditor"});
  REQUIRE(stream.statusCode == 200);
  std::string text;
  ReadUntil(http, *stream.body, text, 1, "\n\n");
  CHECK(text.starts_with("id: 0\ndata: {"));
  http.api().Drain();
  kj::String rest = http.io()
                        .provider->getTimer()
                        .timeoutAfter(5 * kj::SECONDS, stream.body->readAllText())
                        .wait(http.io().waitScope);
  CHECK(std::string(rest.cStr()).find("id: ") == std::string::npos);
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
    REQUIRE(ledger.Run(Counsellor(), Trajectory("T-" + std::to_string(i)), On(2026, 3, 2),
                       TrajectoryOpenedArgs{})
                .ok());
  }
  REQUIRE_OK(http.fixture().checkpointer().SignNow());
}

TEST_CASE("an auditor's export over HTTP is, byte for byte, the bundle ledgerctl export writes, "
          "sent in several chunks, and its file goes once sent",
          "[api]") {
  Http http;
  OpenTrajectories(http, 1000);  // Several chunks of bundle.
  TempDir scratch;
  const std::string expected_path = scratch.Sub("expected.bundle");
  Result<ExportSummary> expected = ExportBundle(http.fixture().ledger().store().database(),
                                                "test", expected_path, ExportOptions{});
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

TEST_CASE("an export answers 403 to other roles and 400 to a bad range or withPersonal, leaving "
          "no file",
          "[api]") {
  Http http;
  OpenTrajectories(http, 3);
  http.ExpectError(http.Get("/v1/export?from=0", "counsellor"), 403, ErrorCode::FORBIDDEN);
  http.ExpectError(http.Get("/v1/export?from=0", "newcomer"), 403, ErrorCode::FORBIDDEN);
  std::string past = http.ExpectError(http.Get("/v1/export?from=0&to=4", "auditor"), 400,
                                      ErrorCode::BAD_REQUEST);
  CHECK(past.find("[0, 4) is not within the log [0, 3)") != std::string::npos);
  http.ExpectError(http.Get("/v1/export?from=3&to=2", "auditor"), 400, ErrorCode::BAD_REQUEST);
  std::string personal = http.ExpectError(http.Get("/v1/export?withPersonal=true", "auditor"),
                                          400, ErrorCode::BAD_REQUEST);
  CHECK(personal.find("withPersonal") != std::string::npos);
  CHECK(std::filesystem::is_empty(http.fixture().export_dir()));
}

}  // namespace
}  // namespace ledger::testing
