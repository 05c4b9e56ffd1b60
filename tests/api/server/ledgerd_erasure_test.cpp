// End to end: the real ledgerd erases a person over HTTP, and afterwards no file of its whole
// data directory (ledger, read models, tokens, exports) and none of its log output holds the
// person's name, national number or free text; the complaint file reads "erased" with the
// erasure's position, retries and refusals answer as documented, ledgerctl refuses to erase
// beside the running ledgerd, and after a stop `ledgerctl verify --data` passes and counts
// the erasure. Values are random per run, so the byte search (tests/support/byte_search.h)
// finds exactly their copies, and it finds them before the erasure (it can fail).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "tests/support/byte_search.h"
#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

std::string Random(std::mt19937_64& random) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 24; ++i) out += kAlphabet[random() % kAlphabet.size()];
  return out;
}

struct Values {
  std::string name, number, remark, contact, facts;
  std::vector<std::string> All() const { return {name, number, remark, contact, facts}; }
};

HttpReply Post(const LedgerdProcess& ledgerd, const std::string& token, const std::string& path,
               const std::string& body) {
  return HttpAs(ledgerd.http_port(), token, "POST", path, body);
}

// A trajectory and a complaint of `subject` through the API, with its personal values.
void WritePerson(const LedgerdProcess& ledgerd, const std::string& counsellor,
                 const std::string& complaints, const std::string& subject, const Values& values) {
  std::string events =
      Event("trajectoryOpened", R"({"subjectId":")" + subject + R"(","municipalityCode":"44021",
            "contractSignedOn":"2026-01-05","obligation":"obligated","perspective":"social",
            "requiredHours":40})",
            R"({"fullName":")" + values.name + R"(","nationalRegisterNumber":")" + values.number +
                R"("})") +
      "," +
      Event("activityRegistered", R"({"activityId":"act-1","kind":"buddyProject",
            "providerOrganisation":"vzw-e2e","contactPersonId":"cp-e2e-01",
            "dutchLanguageContext":true,"socialParticipation":true})",
            R"({"freeText":")" + values.remark + R"("})");
  HttpReply opened = Post(ledgerd, counsellor, "/v1/trajectories/T-" + subject + "/commands",
                          Command("open-" + subject, events));
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  std::string filed =
      Event("complaintFiled",
            R"({"complainantId":")" + subject + R"(","trajectoryId":"T-)" + subject + R"(",
            "category":"insufficientOffer","against":"director","againstOrganisation":"stad-gent",
            "factsOccurredOn":"2026-01-20","receivedOn":"2026-02-01","channel":"written"})",
            R"({"fullName":")" + values.name + R"(","contact":")" + values.contact +
                R"(","freeText":")" + values.facts + R"("})");
  HttpReply complaint = Post(ledgerd, complaints, "/v1/complaints/C-" + subject + "/commands",
                             Command("file-" + subject, filed));
  INFO(complaint.body);
  REQUIRE(complaint.status == 200);
}

std::string Erasure(const std::string& command_id, const std::string& subject) {
  return R"({"commandId":")" + command_id + R"(","subjectId":")" + subject +
         R"x(","legalBasis":"GDPR art. 17(1)(a)","requestReference":"DPO-e2e-1"})x";
}

TEST_CASE("ledgerd --retention-days runs the sweep on a thread of its own and logs it", "[api]") {
  std::mt19937_64 random(std::random_device{}());
  LedgerdProcess ledgerd({"--retention-days", "1", "--retention-first-after-s", "0"});
  ledgerd.WaitReady();
  std::string counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  std::string complaints = CreateToken(ledgerd, R"({"role":"complaintOrganisation",
      "organisation":"klachtenorgaan","id":"handler-1"})");
  Values values{"Name " + Random(random), Random(random), "remark " + Random(random),
                "street " + Random(random), "facts " + Random(random)};
  WritePerson(ledgerd, counsellor, complaints, "subject-r", values);
  // The first sweep runs at the start; what it decides is retention_test.cpp's.
  std::string log;
  for (int i = 0; i < 100 && log.find("retention sweep (1 days)") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log = ledgerd.Stdout() + ledgerd.Stderr();
  }
  INFO(log);
  CHECK(log.find("retention sweep (1 days): 0 people past the period, 0 erased now") !=
        std::string::npos);
  HttpReply file = HttpAs(ledgerd.http_port(), complaints, "GET", "/v1/complaints/C-subject-r");
  REQUIRE(file.status == 200);
  CHECK(Field(file.body, "state") == "present");
  CHECK(ledgerd.Stop() == 0);
}

// Sends one HTTP request to 127.0.0.1:`port` and returns at once, without reading the reply:
// the caller kills ledgerd while it works on it. Returns the open socket (closed by the caller).
int SendWithoutWaiting(int port, const std::string& token, const std::string& target,
                       const std::string& body) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  std::string request =
      "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer " + token +
      "\r\n" + "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  return fd;
}

TEST_CASE(
    "ledgerd killed during an erasure: after the restart it is complete or not started, "
    "never half, and the retry finishes it",
    "[api][slow]") {
  std::mt19937_64 random(std::random_device{}());
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  // A generated history of 100,000 events first: its personal payloads make the purge's
  // flush and compaction take long enough for some kills to land inside them.
  std::filesystem::create_directories(data);
  Ran generated = RunProgram(
      GENERATE_LEDGER, {"--data", data + "/ledger", "--events", "100000", "--seed", "7"}, scratch);
  INFO(generated.Describe());
  REQUIRE(generated.exit_code == 0);
  std::string admin, counsellor, complaints;
  int complete = 0, not_started = 0;
  // Delays from sending the command to SIGKILL, in microseconds: before it is read, while the
  // batch is written, while the purge flushes and compacts, after the reply (on this
  // machine's 2 cores an erasure over 100,000 events takes some tens of milliseconds).
  const std::vector<int> delays = {0,     1000,  3000,  6000,   10000,  15000,  20000,  30000,
                                   40000, 55000, 75000, 100000, 140000, 200000, 350000, 700000};
  // Every person is written first and ledgerd stopped and started again, so their payloads
  // are in table files (as a person's are who is erased long after), not only in the
  // write-ahead log and memtable that a restart's recovery flush would clean up by itself.
  std::vector<Values> people;
  {
    LedgerdProcess ledgerd({}, data);
    ledgerd.WaitReady();
    admin = ledgerd.admin_token();
    counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
        "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
    complaints = CreateToken(ledgerd, R"({"role":"complaintOrganisation",
        "organisation":"klachtenorgaan","id":"handler-1"})");
    for (std::size_t round = 0; round < delays.size(); ++round) {
      people.push_back(Values{"Name " + Random(random), Random(random), "remark " + Random(random),
                              "street " + Random(random), "facts " + Random(random)});
      WritePerson(ledgerd, counsellor, complaints, "subject-k" + std::to_string(round),
                  people.back());
    }
    REQUIRE(ledgerd.Stop() == 0);
  }
  for (std::size_t round = 0; round < delays.size(); ++round) {
    const std::string subject = "subject-k" + std::to_string(round);
    const Values& values = people[round];
    {
      LedgerdProcess ledgerd({}, data);
      ledgerd.WaitReady();
      int fd = SendWithoutWaiting(ledgerd.http_port(), admin, "/v1/admin/erasures",
                                  Erasure("kill-" + subject, subject));
      std::this_thread::sleep_for(std::chrono::microseconds(delays[round]));
      ledgerd.Kill();
      ::close(fd);
    }
    LedgerdProcess restarted({}, data);
    restarted.WaitReady();
    const int port = restarted.http_port();
    HttpReply file = HttpAs(port, complaints, "GET", "/v1/complaints/C-" + subject);
    INFO("round " << round << ", kill after " << delays[round] << " us: " << file.body);
    REQUIRE(file.status == 200);
    const std::string state = Field(file.body, "state");
    REQUIRE((state == "erased" || state == "present"));
    state == "erased" ? ++complete : ++not_started;
    for (const std::string& value : values.All()) {
      INFO(value);
      CHECK(FilesHolding(data, value).empty() == (state == "erased"));  // All, or none.
    }
    HttpReply retry =
        Post(restarted, admin, "/v1/admin/erasures", Erasure("kill-" + subject, subject));
    INFO(retry.body);
    REQUIRE(retry.status == 200);
    CHECK(Field(retry.body, "outcome") == (state == "erased" ? "alreadyAppended" : "appended"));
    for (const std::string& value : values.All()) {
      INFO(value);
      CHECK(FilesHolding(data, value).empty());
    }
    CHECK(restarted.Stop() == 0);
  }
  Ran verified = RunProgram(
      LEDGER_CTL, {"verify", "--data", data + "/ledger", "--key", data + "/verifier.key"}, scratch);
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("by " + std::to_string(delays.size()) + " erasure events") !=
        std::string::npos);
  // Which way each round went is timing; the first kill lands before the request is read and
  // the last long after the reply, so both ways are seen. The split is printed.
  CHECK(complete >= 1);
  CHECK(not_started >= 1);
  WARN("killed during erasure: " << complete << " complete after restart, " << not_started
                                 << " not started");
}

TEST_CASE(
    "ledgerd erases a person over HTTP and no file of its data directory or its log "
    "holds their values afterwards",
    "[api][slow]") {
  std::mt19937_64 random(std::random_device{}());
  TempDir scratch;
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  const int port = ledgerd.http_port();
  std::string counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  std::string complaints = CreateToken(ledgerd, R"({"role":"complaintOrganisation",
      "organisation":"klachtenorgaan","id":"handler-1"})");
  std::vector<Values> people;
  for (int i = 0; i < 6; ++i) {
    people.push_back(Values{"Name " + Random(random), Random(random), "remark " + Random(random),
                            "street " + Random(random), "facts " + Random(random)});
    WritePerson(ledgerd, counsellor, complaints, "subject-" + std::to_string(i), people.back());
  }
  // A read of the complaint file, as the complaint organisation does, before the erasure.
  HttpReply before = HttpAs(port, complaints, "GET", "/v1/complaints/C-subject-2?waitMs=5000");
  REQUIRE(before.status == 200);
  CHECK(Field(before.body, "state") == "present");
  HttpReply trajectory_before = HttpAs(port, counsellor, "GET", "/v1/trajectories/T-subject-2");
  REQUIRE(trajectory_before.status == 200);
  CHECK(Field(trajectory_before.body, "newcomerData") == "present");
  REQUIRE(HttpAs(port, ledgerd.admin_token(), "POST", "/v1/checkpoint/sign").status == 200);
  for (const std::string& value : people[2].All()) {
    INFO(value);
    CHECK_FALSE(FilesHolding(ledgerd.data_dir(), value).empty());
  }

  // Beside the running ledgerd, ledgerctl refuses and changes nothing.
  Ran beside =
      RunProgram(LEDGER_CTL,
                 {"erase", "--data", ledgerd.data_dir() + "/ledger", "--subject", "subject-2",
                  "--legal-basis", "GDPR", "--request-reference", "r", "--command-id", "ctl-1"},
                 scratch);
  CHECK(beside.exit_code == 2);
  CHECK(beside.err.find("running ledgerd") != std::string::npos);

  HttpReply forbidden =
      Post(ledgerd, complaints, "/v1/admin/erasures", Erasure("e-1", "subject-2"));
  CHECK(forbidden.status == 403);
  HttpReply erased =
      Post(ledgerd, ledgerd.admin_token(), "/v1/admin/erasures", Erasure("e-1", "subject-2"));
  INFO(erased.body);
  REQUIRE(erased.status == 200);
  CHECK(Field(erased.body, "outcome") == "appended");
  CHECK(Field(erased.body, "streamId") == "erasure-subject-2");
  const std::string position = Field(erased.body, "position");

  for (const std::string& value : people[2].All()) {
    std::vector<std::string> files = FilesHolding(ledgerd.data_dir(), value);
    INFO(value << " still in " << (files.empty() ? "no file" : files.front()));
    CHECK(files.empty());
    CHECK(ledgerd.Stdout().find(value) == std::string::npos);
    CHECK(ledgerd.Stderr().find(value) == std::string::npos);
  }
  for (const std::string& value : people[3].All()) {
    CHECK_FALSE(FilesHolding(ledgerd.data_dir(), value).empty());  // Others keep theirs.
  }

  HttpReply after = HttpAs(port, complaints, "GET", "/v1/complaints/C-subject-2?waitMs=5000");
  REQUIRE(after.status == 200);
  CHECK(Field(after.body, "state") == "erased");
  CHECK(Field(after.body, "erasedAtPosition") == position);
  CHECK(after.body.find(people[2].name) == std::string::npos);
  HttpReply trajectory_after = HttpAs(port, counsellor, "GET", "/v1/trajectories/T-subject-2");
  REQUIRE(trajectory_after.status == 200);
  CHECK(Field(trajectory_after.body, "newcomerData") == "erased");
  CHECK(Field(trajectory_after.body, "erasedAtPosition") == position);

  HttpReply retry =
      Post(ledgerd, ledgerd.admin_token(), "/v1/admin/erasures", Erasure("e-1", "subject-2"));
  CHECK(retry.status == 200);
  CHECK(Field(retry.body, "outcome") == "alreadyAppended");
  CHECK(Field(retry.body, "position") == position);
  HttpReply again =
      Post(ledgerd, ledgerd.admin_token(), "/v1/admin/erasures", Erasure("e-2", "subject-2"));
  CHECK(again.status == 422);
  CHECK(again.body.find("subjectAlreadyErased") != std::string::npos);
  HttpReply unknown =
      Post(ledgerd, ledgerd.admin_token(), "/v1/admin/erasures", Erasure("e-3", "subject-99"));
  CHECK(unknown.status == 422);
  CHECK(unknown.body.find("subjectNotFound") != std::string::npos);

  REQUIRE(HttpAs(port, ledgerd.admin_token(), "POST", "/v1/checkpoint/sign").status == 200);
  CHECK(ledgerd.Stop() == 0);
  Ran verified = RunProgram(LEDGER_CTL,
                            {"verify", "--data", ledgerd.data_dir() + "/ledger", "--key",
                             ledgerd.data_dir() + "/verifier.key"},
                            scratch);
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("erased: 3 personal payloads by 1 erasure events (3 by the erasure "
                          "at position " +
                          position + ")") != std::string::npos);
}

}  // namespace
}  // namespace ledger::testing
