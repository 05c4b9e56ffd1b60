// End to end, through the real ledgerd, a newcomer's rights over their own data with their own
// token. A complainant reads their own complaint files (with the statutory terms that run on
// them) and who read them; another newcomer gets 403 and nothing is recorded for it. A
// complaint that names someone else's trajectory is shown to its complainant without that
// trajectory (the complaint organisation still sees it). The subject-access export holds every
// event of the person's streams with their payloads and every recorded read, nothing of another
// person, and is itself recorded.
#include <catch2/catch.hpp>

#include "ledger/integrity/note_keys.h"
#include "ledger/integrity/receipt.h"
#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/require_ok.h"

namespace ledger::testing {
namespace {

void Open(const LedgerdProcess& ledgerd, const std::string& counsellor,
          const std::string& subject) {
  std::string opened = Event("trajectoryOpened",
                             R"({"subjectId":")" + subject +
                                 R"(","municipalityCode":"44021",
      "contractSignedOn":"2026-01-05","obligation":"obligated","perspective":"social",
      "requiredHours":40})",
                             R"({"fullName":"Name of )" + subject + R"("})");
  HttpReply reply =
      HttpAs(ledgerd.http_port(), counsellor, "POST", "/v1/trajectories/T-" + subject + "/commands",
             Command("open-" + subject, opened));
  INFO(reply.body);
  REQUIRE(reply.status == 200);
}

// `complainant` (with their own token) files complaint `id` about trajectory `trajectory`;
// returns the command's nextPosition.
std::string File(const LedgerdProcess& ledgerd, const std::string& token, const std::string& id,
                 const std::string& complainant, const std::string& trajectory) {
  std::string filed =
      Event("complaintFiled",
            R"({"complainantId":")" + complainant + R"(","trajectoryId":")" + trajectory + R"(",
      "category":"insufficientOffer","against":"director","againstOrganisation":"stad-gent",
      "factsOccurredOn":"2026-01-20","receivedOn":"2026-02-01","channel":"written"})",
            R"({"fullName":"Name of )" + complainant + R"("})");
  HttpReply reply = HttpAs(ledgerd.http_port(), token, "POST", "/v1/complaints/" + id + "/commands",
                           Command("file-" + id, filed));
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Field(reply.body, "nextPosition");
}

struct People {
  std::string counsellor, organisation, anna, bert;
  std::string written;  // "?atLeastPosition=<after the last write>&waitMs=5000": read them.
};

// Anna and Bert each have a trajectory; Anna files C-anna-1 about hers and C-anna-2 about
// Bert's.
People WritePeople(const LedgerdProcess& ledgerd) {
  People p;
  p.counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  p.organisation = CreateToken(ledgerd, R"({"role":"complaintOrganisation",
      "organisation":"klachtenorgaan","id":"handler-1"})");
  p.anna = CreateToken(ledgerd, R"({"role":"newcomer","organisation":"self",
      "id":"subject-anna","scope":["T-subject-anna"]})");
  p.bert = CreateToken(ledgerd, R"({"role":"newcomer","organisation":"self",
      "id":"subject-bert","scope":["T-subject-bert"]})");
  Open(ledgerd, p.counsellor, "subject-anna");
  Open(ledgerd, p.counsellor, "subject-bert");
  File(ledgerd, p.anna, "C-anna-1", "subject-anna", "T-subject-anna");
  p.written =
      "?atLeastPosition=" + File(ledgerd, p.anna, "C-anna-2", "subject-anna", "T-subject-bert") +
      "&waitMs=5000";
  return p;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST_CASE("a newcomer exports everything the ledger holds about them, and no one else may",
          "[api]") {
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  const int port = ledgerd.http_port();
  People p = WritePeople(ledgerd);
  REQUIRE(HttpAs(port, p.organisation, "GET", "/v1/complaints/C-anna-1" + p.written).status == 200);

  HttpReply exported = HttpAs(port, p.anna, "GET", "/v1/subjects/subject-anna/export");
  INFO(exported.body);
  REQUIRE(exported.status == 200);
  const std::string& body = exported.body;
  CHECK(body.find("\"streamId\":\"trajectory-T-subject-anna\"") != std::string::npos);
  CHECK(body.find("\"streamId\":\"complaint-C-anna-1\"") != std::string::npos);
  CHECK(body.find("\"streamId\":\"complaint-C-anna-2\"") != std::string::npos);
  CHECK(body.find("\"streamId\":\"reads-complaint-C-anna-1\"") != std::string::npos);
  CHECK(body.find("\"streamId\":\"reads-subject-subject-anna\"") != std::string::npos);
  CHECK(Count(body, "\"fullName\":\"Name of subject-anna\"") == 3);  // Opening, two filings.
  CHECK(Count(body, "\"personalState\":\"present\"") == 3);
  // The entries: the opening, two filings, the organisation's read, this export's own record.
  CHECK(Count(body, "\"leafHash\"") == 5);
  CHECK(body.find("\"id\":\"handler-1\"") != std::string::npos);  // Who read the file.
  CHECK(body.find("Name of subject-bert") == std::string::npos);
  CHECK(body.find("\"streamId\":\"trajectory-T-subject-bert\"") == std::string::npos);
  CHECK(body.find("\"subjectId\":\"subject-bert\"") == std::string::npos);  // Bert's opening.
  const std::string own_record = Field(body, "readRecordPosition");
  CHECK(body.find("\"position\":\"" + own_record + "\"") != std::string::npos);

  HttpReply as_admin =
      HttpAs(port, ledgerd.admin_token(), "GET", "/v1/subjects/subject-anna/export");
  REQUIRE(as_admin.status == 200);
  CHECK(Count(as_admin.body, "\"leafHash\"") == 6);  // And Anna's own export's record.
  CHECK(HttpAs(port, p.bert, "GET", "/v1/subjects/subject-anna/export").status == 403);
  CHECK(HttpAs(port, p.organisation, "GET", "/v1/subjects/subject-anna/export").status == 403);
  CHECK(HttpAs(port, ledgerd.admin_token(), "GET", "/v1/subjects/subject-nobody/export").status ==
        404);
}

// The receipts of a text rendering: the lines between its markers, parsed.
std::vector<Receipt> ReceiptsIn(const std::string& text, const std::string& begin,
                                const std::string& end) {
  std::vector<Receipt> out;
  for (std::size_t at = text.find(begin); at != std::string::npos; at = text.find(begin, at)) {
    std::size_t from = text.find('\n', at) + 1;
    std::size_t to = text.find(end, from);
    REQUIRE(to != std::string::npos);
    Result<Receipt> receipt = Receipt::Parse(text.substr(from, to - from));
    INFO(text.substr(from, to - from));
    REQUIRE_OK(receipt);
    out.push_back(std::move(receipt).value());
    at = to;
  }
  return out;
}

TEST_CASE(
    "the export reads as a document in Dutch or English, with a receipt per entry that "
    "verifies",
    "[api]") {
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  const int port = ledgerd.http_port();
  People p = WritePeople(ledgerd);
  const std::string target = "/v1/subjects/subject-anna/export.txt";

  HttpReply dutch = HttpAs(port, p.anna, "GET", target);
  INFO(dutch.body);
  REQUIRE(dutch.status == 200);
  CHECK(dutch.headers["content-type"] == "text/plain; charset=utf-8");
  CHECK(dutch.headers["content-language"] == "nl");
  CHECK(dutch.body.starts_with("Inzage: wat het grootboek over u bewaart"));
  CHECK(Count(dutch.body, "fullName: Name of subject-anna") == 3);
  CHECK(Count(dutch.body, "\n  Positie ") == 4);  // Opening, two filings, own read record.
  CHECK(dutch.body.find("trajectoryOpened") != std::string::npos);
  CHECK(dutch.body.find("contractSignedOn: 2026-01-05") != std::string::npos);
  CHECK(dutch.body.find("Name of subject-bert") == std::string::npos);
  CHECK(dutch.body.find("ontvangstbewijs") == std::string::npos);  // None asked.

  HttpReply english = HttpCall(
      port, "GET", target + "?receipts=true", "",
      {"Authorization: Bearer " + p.anna, "Accept-Language: de;q=1, en-GB;q=0.9, nl;q=0.5"});
  INFO(english.body);
  REQUIRE(english.status == 200);
  CHECK(english.headers["content-language"] == "en");
  CHECK(english.body.starts_with("Subject access: what the ledger holds about you"));
  std::vector<Receipt> receipts =
      ReceiptsIn(english.body, "----- begin receipt, position", "----- end receipt");
  // Anna's opening, two filings, her earlier export's record and this one's.
  REQUIRE(receipts.size() == 5);
  HttpReply checkpoint = HttpAs(port, p.anna, "GET", "/v1/checkpoint");
  REQUIRE(checkpoint.status == 200);
  Result<NoteVerifier> key =
      NoteVerifier::FromVerifierKeyText(Field(checkpoint.body, "verifierKey"));
  REQUIRE_OK(key);
  std::vector<NoteVerifier> keys{*key};
  for (const Receipt& receipt : receipts) {
    INFO("receipt for position " << receipt.position.value);
    CHECK_FALSE(receipt.personal.has_value());  // Never the payload: it can be handed on.
    Result<Checkpoint> verified = VerifyReceipt(receipt, keys);
    INFO((verified.ok() ? "" : verified.status().ToString()));
    CHECK_OK(verified);
  }
  // The export's own record (the last entry) is covered: the checkpoint was signed after it.
  CHECK(receipts.back().tree_size > receipts.back().position.value);

  CHECK(HttpAs(port, p.bert, "GET", target).status == 403);
  CHECK(HttpAs(port, p.organisation, "GET", target + "?receipts=true").status == 403);
}

TEST_CASE("a complainant reads their own complaint files, its terms and who read them", "[api]") {
  LedgerdProcess ledgerd;
  ledgerd.WaitReady();
  const int port = ledgerd.http_port();
  People p = WritePeople(ledgerd);
  const std::string& anna = p.anna;
  const std::string& bert = p.bert;
  const std::string& organisation = p.organisation;

  // Anna's file is hers once the read models hold her complaint: read after the writes.
  HttpReply own = HttpAs(port, anna, "GET", "/v1/complaints/C-anna-1" + p.written);
  INFO(own.body);
  REQUIRE(own.status == 200);
  CHECK(Field(own.body, "complainantId") == "subject-anna");
  CHECK(Field(own.body, "fullName") == "Name of subject-anna");
  CHECK_FALSE(Field(own.body, "dueOn").empty());  // The acknowledgement term.
  CHECK(own.body.find("\"trajectoryNow\"") != std::string::npos);
  const std::string read_position = Field(own.body, "readRecordPosition");
  CHECK_FALSE(read_position.empty());

  SECTION("another newcomer is refused, and nothing is recorded") {
    HttpReply before = HttpAs(port, anna, "GET", "/v1/complaints/C-anna-1/reads");
    HttpReply refused = HttpAs(port, bert, "GET", "/v1/complaints/C-anna-1");
    CHECK(refused.status == 403);
    CHECK(HttpAs(port, bert, "GET", "/v1/complaints/C-anna-1/reads").status == 403);
    HttpReply after = HttpAs(port, anna, "GET", "/v1/complaints/C-anna-1/reads");
    REQUIRE(after.status == 200);
    CHECK(after.body == before.body);
  }
  SECTION("the complainant lists who read the file: their own read and the organisation's") {
    REQUIRE(HttpAs(port, organisation, "GET", "/v1/complaints/C-anna-1").status == 200);
    HttpReply reads = HttpAs(port, anna, "GET", "/v1/complaints/C-anna-1/reads");
    INFO(reads.body);
    REQUIRE(reads.status == 200);
    CHECK(reads.body.find("\"position\":\"" + read_position + "\"") != std::string::npos);
    CHECK(reads.body.find("\"id\":\"subject-anna\"") != std::string::npos);
    CHECK(reads.body.find("\"id\":\"handler-1\"") != std::string::npos);
  }
  SECTION("a complaint id that does not exist answers a newcomer 403, as one not theirs") {
    HttpReply missing = HttpAs(port, anna, "GET", "/v1/complaints/C-nobody");
    CHECK(missing.status == 403);
    CHECK(HttpAs(port, anna, "GET", "/v1/complaints/C-nobody/reads").status == 403);
    CHECK(HttpAs(port, organisation, "GET", "/v1/complaints/C-nobody").status == 404);
  }
  SECTION("a complaint naming another's trajectory is shown without that trajectory") {
    std::string linked = Event("complaintEvidenceLinked", R"({"kind":"trajectoryStatus",
        "position":"1","trajectoryId":"T-subject-bert"})");
    HttpReply link = HttpAs(port, organisation, "POST", "/v1/complaints/C-anna-2/commands",
                            Command("link-bert", linked));
    INFO(link.body);
    REQUIRE(link.status == 200);
    HttpReply other =
        HttpAs(port, anna, "GET",
               "/v1/complaints/C-anna-2?atLeastPosition=" + Field(link.body, "nextPosition") +
                   "&waitMs=5000");
    INFO(other.body);
    INFO(other.body);
    REQUIRE(other.status == 200);
    CHECK(Field(other.body, "trajectoryId") == "T-subject-bert");
    CHECK(other.body.find("\"trajectoryNow\"") == std::string::npos);
    CHECK(other.body.find("\"trajectoryAtFiling\"") == std::string::npos);
    CHECK(other.body.find("Name of subject-bert") == std::string::npos);
    CHECK(other.body.find("\"evidence\":[]") != std::string::npos);  // The link is Bert's.
    HttpReply handled =
        HttpAs(port, organisation, "GET",
               "/v1/complaints/C-anna-2?atLeastPosition=" + Field(link.body, "nextPosition") +
                   "&waitMs=5000");
    INFO(handled.body);
    REQUIRE(handled.status == 200);
    CHECK(handled.body.find("\"trajectoryNow\"") != std::string::npos);
    CHECK(handled.body.find("\"evidence\":[{") != std::string::npos);
  }
}

}  // namespace
}  // namespace ledger::testing
