// End to end: the real ledgerd binary on free loopback ports, driven over real HTTP sockets.
// A whole trajectory from opening to 40 attested hours, a shortfall claim, a complaint handled
// to decision with its reads recorded, retries, malformed and oversized input, unknown routes,
// expired and revoked tokens, a clean SIGTERM and a restart on the same data.
// Dates lie in early 2026 so that they are in the past on the machine's clock.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/support/files.h"
#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

struct Tokens {
  std::string counsellor, newcomer, provider, director, complaints, auditor, volunteer;
};

Tokens MakeTokens(const LedgerdProcess& ledgerd) {
  Tokens tokens;
  tokens.counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  tokens.newcomer = CreateToken(ledgerd, R"({"role":"newcomer","organisation":"self",
      "id":"subject-e2e","scope":["T-E2E-1","T-E2E-2"]})");
  tokens.provider = CreateToken(ledgerd, R"({"role":"providerContact",
      "organisation":"vzw-e2e","id":"cp-e2e-01"})");
  tokens.director = CreateToken(ledgerd, R"({"role":"director","organisation":"stad-gent",
      "id":"regie-03"})");
  tokens.complaints = CreateToken(ledgerd, R"({"role":"complaintOrganisation",
      "organisation":"klachtenorgaan","id":"handler-1"})");
  tokens.auditor = CreateToken(ledgerd, R"({"role":"auditor","id":"audit-1"})");
  tokens.volunteer = CreateToken(ledgerd, R"({"role":"volunteer","organisation":"vzw-e2e",
      "id":"buddy-9","scope":["T-E2E-1/act-1"]})");
  return tokens;
}

HttpReply Post(const LedgerdProcess& ledgerd, const std::string& token, const std::string& path,
               const std::string& body) {
  return HttpAs(ledgerd.http_port(), token, "POST", path, body);
}

void Open(const LedgerdProcess& ledgerd, const Tokens& tokens, const std::string& id) {
  std::string events =
      Event("trajectoryOpened", R"({"subjectId":"subject-e2e","municipalityCode":"44021",
            "contractSignedOn":"2026-01-05","obligation":"obligated","perspective":"social",
            "requiredHours":40})",
            R"({"fullName":"Test Persoon"})") +
      "," +
      Event("directorAssigned", R"({"perspective":"social","directorOrganisation":"stad-gent"})") +
      "," + Event("activityRegistered", R"({"activityId":"act-1","kind":"buddyProject",
            "providerOrganisation":"vzw-e2e","contactPersonId":"cp-e2e-01",
            "dutchLanguageContext":true,"socialParticipation":true})");
  HttpReply opened = Post(ledgerd, tokens.counsellor, "/v1/trajectories/" + id + "/commands",
                          Command("open-" + id, events));
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  CHECK(Field(opened.body, "outcome") == "appended");
}

TEST_CASE("ledgerd serves a whole trajectory, a shortfall claim and a complaint over HTTP",
          "[api][slow]") {
  LedgerdProcess ledgerd;
  REQUIRE_FALSE(ledgerd.admin_token().empty());
  ledgerd.WaitReady();
  Tokens tokens = MakeTokens(ledgerd);
  Open(ledgerd, tokens, "T-E2E-1");
  const std::string commands = "/v1/trajectories/T-E2E-1/commands";

  // The newcomer logs 4 sessions of 10 hours; the provider's contact attests them.
  std::string logged;
  for (int i = 1; i <= 4; ++i) {
    if (i > 1) logged += ",";
    logged += Event("hoursLogged", R"({"hoursEntryId":"h-)" + std::to_string(i) +
                                       R"(","activityId":"act-1","sessionOn":"2026-02-0)" +
                                       std::to_string(i) + R"(","minutes":600})");
  }
  HttpReply hours = Post(ledgerd, tokens.newcomer, commands, Command("hours-1", logged));
  INFO(hours.body);
  REQUIRE(hours.status == 200);

  SECTION("a volunteer may not attest: 403, and nothing is written") {
    std::string attest = Event("hoursAttested", R"({"activityId":"act-1","contactPersonId":
        "buddy-9","proofReference":"bvd-1","scope":{"hoursEntryIds":["h-1"]}})");
    HttpReply refused = Post(ledgerd, tokens.volunteer, commands, Command("attest-v", attest));
    CHECK(refused.status == 403);
    CHECK(Field(refused.body, "code") == "forbidden");
    HttpReply log = HttpAs(ledgerd.http_port(), tokens.auditor, "GET", "/v1/log?from=0&limit=1000");
    CHECK(log.body.find("attest-v") == std::string::npos);
  }

  std::string attest = Event("hoursAttested", R"({"activityId":"act-1","contactPersonId":
      "cp-e2e-01","proofReference":"bvd-1","scope":{"hoursEntryIds":["h-1","h-2","h-3","h-4"]}})");
  HttpReply attested = Post(ledgerd, tokens.provider, commands, Command("attest-1", attest));
  INFO(attested.body);
  REQUIRE(attested.status == 200);
  std::string next = Field(attested.body, "nextPosition");

  HttpReply status = HttpAs(ledgerd.http_port(), tokens.counsellor, "GET",
                            "/v1/trajectories/T-E2E-1?atLeastPosition=" + next);
  INFO(status.body);
  REQUIRE(status.status == 200);
  CHECK(Field(status.body, "status") == "completed");
  CHECK(Field(status.body, "attestedMinutes") == "2400");

  SECTION("ledgerctl reads beside the running ledgerd, read-only, and may not project") {
    TempDir scratch;
    const std::string ledger_dir = ledgerd.data_dir() + "/ledger";
    Ran read = RunProgram(LEDGER_CTL, {"trajectory", "T-E2E-1", "--data", ledger_dir}, scratch);
    INFO(read.Describe());
    REQUIRE(read.exit_code == 0);
    CHECK(read.err.find("in use by a running ledgerd: reading beside it") != std::string::npos);
    CHECK(read.out.find("status: completed") != std::string::npos);
    CHECK(read.out.find("attested 40.0 of 40 required hours") != std::string::npos);
    Ran as_of = RunProgram(LEDGER_CTL,
                           {"trajectory", "T-E2E-1", "--data", ledger_dir, "--as-of-position",
                            Field(hours.body, "firstPosition")},
                           scratch);
    INFO(as_of.Describe());
    CHECK(as_of.exit_code == 0);
    CHECK(as_of.out.find("attested 0.0 of 40") != std::string::npos);
    Ran project = RunProgram(LEDGER_CTL, {"project", "--data", ledger_dir}, scratch);
    CHECK(project.exit_code == 2);
    CHECK(project.err.find("in use by a running ledgerd") != std::string::npos);
    // ledgerd went on as before.
    HttpReply after =
        HttpAs(ledgerd.http_port(), tokens.counsellor, "GET", "/v1/trajectories/T-E2E-1");
    CHECK(after.status == 200);
  }

  SECTION("the same command retried answers alreadyAppended with the same positions") {
    HttpReply again = Post(ledgerd, tokens.provider, commands, Command("attest-1", attest));
    CHECK(again.status == 200);
    CHECK(Field(again.body, "outcome") == "alreadyAppended");
    CHECK(Field(again.body, "firstPosition") == Field(attested.body, "firstPosition"));
  }

  SECTION("an offer request unanswered since January establishes the shortfall") {
    Open(ledgerd, tokens, "T-E2E-2");
    std::string request = Event("offerRequested", R"({"requestId":"req-1","perspective":"social",
        "availableFrom":"2026-01-10","minimumHours":20})");
    HttpReply requested = Post(ledgerd, tokens.newcomer, "/v1/trajectories/T-E2E-2/commands",
                               Command("request-1", request));
    INFO(requested.body);
    REQUIRE(requested.status == 200);
    HttpReply shortfall = HttpAs(ledgerd.http_port(), tokens.newcomer, "GET",
                                 "/v1/trajectories/T-E2E-2/shortfall?atLeastPosition=" +
                                     Field(requested.body, "nextPosition"));
    INFO(shortfall.body);
    REQUIRE(shortfall.status == 200);
    CHECK(Field(shortfall.body, "established") == "true");
    CHECK(Field(shortfall.body, "state") == "established");
  }

  SECTION("a complaint is filed, handled to decision, and every read of it is recorded") {
    std::string filed =
        Event("complaintFiled", R"({"complainantId":"subject-e2e",
        "trajectoryId":"T-E2E-1","category":"insufficientOffer","against":"director",
        "againstOrganisation":"stad-gent","factsOccurredOn":"2026-03-01",
        "receivedOn":"2026-03-10","channel":"written"})",
              R"({"fullName":"Test Persoon","contact":"test@example.org","freeText":"No offer."})");
    const std::string path = "/v1/complaints/C-E2E-1/commands";
    REQUIRE(Post(ledgerd, tokens.newcomer, path, Command("file-1", filed)).status == 200);
    std::string handling =
        Event("complaintAcknowledged", R"({"acknowledgedOn":"2026-03-12"})") + "," +
        Event("complaintAssigned", R"({"handlerId":"handler-1",
              "handlerOrganisation":"klachtenorgaan"})") +
        "," + Event("complaintDecided", R"({"outcome":"founded","decidedOn":"2026-04-01"})");
    HttpReply handled = Post(ledgerd, tokens.complaints, path, Command("handle-1", handling));
    INFO(handled.body);
    REQUIRE(handled.status == 200);

    HttpReply file =
        HttpAs(ledgerd.http_port(), tokens.complaints, "GET",
               "/v1/complaints/C-E2E-1?atLeastPosition=" + Field(handled.body, "nextPosition"));
    INFO(file.body);
    REQUIRE(file.status == 200);
    CHECK(Field(file.body, "status") == "decided");
    CHECK(Field(file.body, "fullName") == "Test Persoon");
    CHECK_FALSE(Field(file.body, "readRecordPosition").empty());

    CHECK(HttpAs(ledgerd.http_port(), tokens.director, "GET", "/v1/complaints/C-E2E-1").status ==
          403);
    CHECK(HttpAs(ledgerd.http_port(), tokens.provider, "GET", "/v1/complaints/C-E2E-1").status ==
          403);
    HttpReply reads =
        HttpAs(ledgerd.http_port(), tokens.auditor, "GET", "/v1/complaints/C-E2E-1/reads");
    INFO(reads.body);
    REQUIRE(reads.status == 200);
    CHECK(reads.body.find("handler-1") != std::string::npos);
    CHECK(reads.body.find("complaintOrganisation") != std::string::npos);
  }
}

TEST_CASE("ledgerd answers bad input, unknown routes and bad tokens with stable errors",
          "[api][slow]") {
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  Tokens tokens = MakeTokens(ledgerd);
  const int port = ledgerd.http_port();
  const std::string commands = "/v1/trajectories/T-E2E-1/commands";

  HttpReply malformed = HttpAs(port, tokens.counsellor, "POST", commands, "{\"commandId\":");
  CHECK(malformed.status == 400);
  CHECK(Field(malformed.body, "code") == "badRequest");
  CHECK_FALSE(Field(malformed.body, "requestId").empty());

  HttpReply oversized = HttpAs(
      port, tokens.counsellor, "POST", commands,
      Command("big",
              Event("hoursLogged", "{\"hoursEntryId\":\"" + std::string(2 << 20, 'x') + "\"}")));
  CHECK(oversized.status == 413);

  HttpReply unknown = HttpAs(port, tokens.counsellor, "GET", "/v1/nowhere");
  CHECK(unknown.status == 404);
  CHECK(Field(unknown.body, "code") == "notFound");

  CHECK(HttpCall(port, "GET", "/v1/trajectories/T-E2E-1").status == 401);
  CHECK(HttpAs(port, "tlk_000000000000_nope", "GET", "/v1/trajectories/T-E2E-1").status == 401);

  SECTION("a revoked token is refused from then on") {
    HttpReply created = HttpAs(port, ledgerd.admin_token(), "POST", "/v1/admin/tokens",
                               R"({"role":"auditor","id":"audit-2"})");
    REQUIRE(created.status == 200);
    std::string token = Field(created.body, "token");
    CHECK(HttpAs(port, token, "GET", "/v1/checkpoint").status != 401);
    HttpReply revoked = HttpAs(port, ledgerd.admin_token(), "DELETE",
                               "/v1/admin/tokens/" + Field(created.body, "tokenId"));
    CHECK(revoked.status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    HttpReply refused = HttpAs(port, token, "GET", "/v1/checkpoint");
    CHECK(refused.status == 401);
    CHECK(refused.body.find("revoked") != std::string::npos);
  }

  SECTION("an expired token is refused") {
    TempDir scratch;
    auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() +
                   2;
    Ran created =
        RunProgram(LEDGER_CTL,
                   {"tokens", "create", "--file", ledgerd.data_dir() + "/tokens", "--role",
                    "auditor", "--id", "audit-3", "--expires-at", std::to_string(expires)},
                   scratch);
    REQUIRE(created.exit_code == 0);
    std::string token = created.out.substr(0, created.out.find('\n'));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(HttpAs(port, token, "GET", "/v1/checkpoint").status != 401);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    HttpReply refused = HttpAs(port, token, "GET", "/v1/checkpoint");
    CHECK(refused.status == 401);
    CHECK(refused.body.find("expired") != std::string::npos);
  }
}

TEST_CASE("ledgerd shuts down cleanly on SIGTERM and keeps every acknowledged write",
          "[api][slow]") {
  TempDir data;
  std::string admin;
  std::string position;
  {
    LedgerdProcess ledgerd({}, data.Sub("data"));
    ledgerd.WaitReady();
    admin = ledgerd.admin_token();
    Tokens tokens = MakeTokens(ledgerd);
    Open(ledgerd, tokens, "T-E2E-1");
    CHECK(ledgerd.Stop() == 0);
    CHECK(ledgerd.Stderr().find("stopped cleanly") != std::string::npos);
  }
  LedgerdProcess again({}, data.Sub("data"));
  CHECK(again.admin_token().empty());  // Shown once, on the first start only.
  again.WaitReady();
  HttpReply status = HttpAs(again.http_port(), admin, "GET", "/v1/admin/status");
  INFO(status.body);
  REQUIRE(status.status == 200);
  CHECK(Field(status.body, "treeSize") != "0");
  HttpReply checkpoint = HttpAs(again.http_port(), admin, "GET", "/v1/checkpoint");
  INFO(checkpoint.body);
  CHECK(checkpoint.status == 200);  // The last checkpoint signed at shutdown.
  CHECK(again.Stop() == 0);
}

TEST_CASE("ledgerd publishes its verifier key and signs what an earlier run left unsigned",
          "[api][slow]") {
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  std::string admin;
  {
    // A schedule that never comes: only the start can sign.
    LedgerdProcess ledgerd(
        {"--checkpoint-every-entries", "1000000", "--checkpoint-every-ms", "3600000"}, data);
    ledgerd.WaitReady();
    admin = ledgerd.admin_token();
    Tokens tokens = MakeTokens(ledgerd);
    Open(ledgerd, tokens, "T-E2E-1");
    // A log's first entries are signed at once...
    HttpReply first;
    for (int tries = 0; tries < 250; ++tries) {
      first = HttpAs(ledgerd.http_port(), admin, "GET", "/v1/checkpoint");
      if (first.status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    INFO(first.body);
    REQUIRE(first.status == 200);
    CHECK(Field(first.body, "treeSize") == "3");
    // ...later ones wait for the schedule, which never comes here.
    Open(ledgerd, tokens, "T-E2E-2");
    ledgerd.Kill();  // kill -9: no last checkpoint at shutdown.
  }
  std::string key = ReadAll(data + "/verifier.key");
  REQUIRE(!key.empty());
  key = key.substr(0, key.find('\n'));
  CHECK(key.rfind("trajectory-ledger.example/log+", 0) == 0);  // Named after the origin.
  CHECK((std::filesystem::status(data + "/verifier.key").permissions() &
         std::filesystem::perms::others_read) != std::filesystem::perms::none);

  LedgerdProcess again(
      {"--checkpoint-every-entries", "1000000", "--checkpoint-every-ms", "3600000"}, data);
  again.WaitReady();
  CHECK(again.Stderr().find("log verifier key (also in " + data + "/verifier.key): " + key) !=
        std::string::npos);
  HttpReply status = HttpAs(again.http_port(), admin, "GET", "/v1/admin/status");
  HttpReply checkpoint = HttpAs(again.http_port(), admin, "GET", "/v1/checkpoint");
  INFO(checkpoint.body);
  REQUIRE(checkpoint.status == 200);  // Signed at start, not on the schedule.
  CHECK(Field(status.body, "treeSize") == "6");
  CHECK(Field(checkpoint.body, "treeSize") == "6");
  CHECK(Field(checkpoint.body, "verifierKey") == key);
  HttpReply proof = HttpAs(again.http_port(), admin, "GET", "/v1/proofs/inclusion?position=0");
  INFO(proof.body);
  CHECK(proof.status == 200);
  CHECK(again.Stop() == 0);
  Ran verified = RunProgram(
      LEDGER_CTL, {"verify", "--data", data + "/ledger", "--key", data + "/verifier.key"}, scratch);
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
}

// Writes `bytes` to a new file at `path` (REQUIREs success).
void WriteBytes(const std::string& path, const std::string& bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size());
  REQUIRE(std::fclose(file) == 0);
}

TEST_CASE(
    "an auditor downloads export bundles over HTTP that ledgerctl verifies with ledgerd's "
    "verifier key, and other roles get 403",
    "[api][slow]") {
  TempDir scratch;
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  Tokens tokens = MakeTokens(ledgerd);
  Open(ledgerd, tokens, "T-E2E-1");
  Open(ledgerd, tokens, "T-E2E-2");
  const int port = ledgerd.http_port();
  REQUIRE(HttpAs(port, ledgerd.admin_token(), "POST", "/v1/checkpoint/sign").status == 200);
  const std::string key = ledgerd.data_dir() + "/verifier.key";

  struct Range {
    std::string query;
    std::string file_name;
    std::string token;
  };
  const std::vector<Range> ranges = {{"from=0", "ledger-0-6.bundle", tokens.auditor},
                                     {"from=2&to=5", "ledger-2-5.bundle", tokens.auditor},
                                     {"from=1&to=0", "ledger-1-6.bundle", ledgerd.admin_token()}};
  std::string last_bundle;
  for (const Range& range : ranges) {
    HttpReply bundle = HttpAs(port, range.token, "GET", "/v1/export?" + range.query);
    INFO(range.query << ": " << bundle.status << " " << bundle.body.substr(0, 300));
    REQUIRE(bundle.status == 200);
    CHECK(bundle.headers["content-type"] == "application/octet-stream");
    CHECK(bundle.headers["content-disposition"] ==
          "attachment; filename=\"" + range.file_name + "\"");
    CHECK(bundle.body.starts_with("trajectory-ledger bundle 3\n"));
    CHECK(bundle.body.find("Test Persoon") == std::string::npos);  // No personal payloads.
    const std::string path = scratch.Sub(range.file_name);
    WriteBytes(path, bundle.body);
    Ran verified = RunProgram(LEDGER_CTL, {"verify", "--bundle", path, "--key", key}, scratch);
    INFO(verified.Describe());
    CHECK(verified.exit_code == 0);
    // Each bundle file goes once it is sent.
    CHECK(std::filesystem::is_empty(ledgerd.data_dir() + "/exports"));
    last_bundle = bundle.body;
  }

  // A flipped byte in a download fails verification: the check above can fail.
  last_bundle[last_bundle.size() / 2] ^= 0x01;
  const std::string damaged = scratch.Sub("damaged.bundle");
  WriteBytes(damaged, last_bundle);
  Ran refused = RunProgram(LEDGER_CTL, {"verify", "--bundle", damaged, "--key", key}, scratch);
  CHECK(refused.exit_code != 0);

  // Roles other than auditor and administrator are refused, and so are bad queries.
  for (const std::string& token : {tokens.counsellor, tokens.complaints, tokens.director}) {
    HttpReply forbidden = HttpAs(port, token, "GET", "/v1/export?from=0");
    CHECK(forbidden.status == 403);
    CHECK(Field(forbidden.body, "code") == "forbidden");
  }
  HttpReply personal = HttpAs(port, tokens.auditor, "GET", "/v1/export?withPersonal=true");
  CHECK(personal.status == 400);
  HttpReply past_head = HttpAs(port, tokens.auditor, "GET", "/v1/export?from=0&to=99");
  CHECK(past_head.status == 400);
  CHECK(Field(past_head.body, "detail").find("not within the log") != std::string::npos);
  CHECK(std::filesystem::is_empty(ledgerd.data_dir() + "/exports"));
  CHECK(ledgerd.Stop() == 0);
}

TEST_CASE("ledgerd reads its options from a config file and refuses a key it does not know",
          "[api]") {
  TempDir scratch;
  std::string config = scratch.Sub("ledgerd.toml");
  {
    std::ofstream out(config);
    out << "data = \"" << scratch.Sub("data") << "\"\nhttp = \"127.0.0.1:0\"\n"
        << "rpc = \"127.0.0.1:0\"\nbackup-dri = \"/tmp/misspelt\"\n";
  }
  Ran refused = RunProgram(LEDGERD_BINARY, {"--config", config}, scratch, 30);
  INFO(refused.Describe());
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err + refused.out, Catch::Contains("backup-dri"));
  CHECK_FALSE(std::filesystem::exists(scratch.Sub("data")));  // Nothing was started.

  {
    std::ofstream out(config);
    out << "data = \"" << scratch.Sub("data") << "\"\nhttp = \"127.0.0.1:0\"\n"
        << "rpc = \"127.0.0.1:0\"\nworkers = 0\n";
  }
  Ran out_of_range = RunProgram(LEDGERD_BINARY, {"--config", config}, scratch, 30);
  INFO(out_of_range.Describe());
  CHECK(out_of_range.exit_code == 2);
  CHECK_THAT(out_of_range.err + out_of_range.out, Catch::Contains("workers"));
}

}  // namespace
}  // namespace ledger::testing
