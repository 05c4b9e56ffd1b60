// End to end: witnesses. A witness (ledgerctl witness cosign, with its own key and state file)
// checks what a real ledgerd serves over HTTP (checkpoints, consistency proofs), cosigns, and
// the cosignature is filed back with POST /v1/checkpoint/cosignatures; ledgerd serves it with
// the checkpoint from then on, receipts carry it, and ledgerctl verify can require it. Bad
// cosignatures change nothing. A split view (a copy of the ledger that goes on differently,
// signed with the same key) is refused by the witness with both roots named.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/files.h"
#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The JSON string value of `key` (default "note") in a reply, unescaped (\n, \", \\,
// \u00XX-free text).
std::string NoteOf(const std::string& json, const std::string& key = "note") {
  std::size_t start = json.find("\"" + key + "\":\"");
  REQUIRE(start != std::string::npos);
  std::string note;
  for (std::size_t i = start + key.size() + 4; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\') {
      ++i;
      note += json[i] == 'n' ? '\n' : json[i];
    } else {
      note += json[i];
    }
  }
  return note;
}

// The hex hashes of a proof reply, one per line, as `jq -r '.hashes[]'` would give them.
std::string HashesOf(const std::string& json) {
  std::string hashes;
  std::size_t list = json.find("\"hashes\":[");
  REQUIRE(list != std::string::npos);
  std::string rest = json.substr(list, json.find(']', list) - list);
  std::regex hex("[0-9a-f]{64}");
  for (std::sregex_iterator it(rest.begin(), rest.end(), hex), end; it != end; ++it) {
    hashes += it->str() + "\n";
  }
  return hashes;
}

void OpenTrajectory(const LedgerdProcess& ledgerd, const std::string& token,
                    const std::string& id) {
  std::string events =
      Event("trajectoryOpened", R"({"subjectId":"subject-)" + id + R"(",
            "municipalityCode":"44021","contractSignedOn":"2026-01-05",
            "obligation":"obligated","perspective":"social","requiredHours":40})") +
      "," +
      Event("directorAssigned", R"({"perspective":"social","directorOrganisation":"stad-gent"})");
  HttpReply opened = HttpAs(ledgerd.http_port(), token, "POST",
                            "/v1/trajectories/" + id + "/commands", Command("open-" + id, events));
  INFO(opened.body);
  REQUIRE(opened.status == 200);
}

struct Witness {
  const TempDir& scratch;
  std::string key, public_key, state;

  // Fetches the latest checkpoint (and, from `from_size`, the proof) and runs the witness.
  Ran Cosign(const LedgerdProcess& ledgerd, const std::string& token, std::uint64_t from_size,
             const std::string& tag) const {
    HttpReply checkpoint = HttpAs(ledgerd.http_port(), token, "GET", "/v1/checkpoint");
    REQUIRE(checkpoint.status == 200);
    std::string note_file = scratch.Sub(tag + ".note");
    WriteText(note_file, NoteOf(checkpoint.body));
    std::vector<std::string> args = {"witness", "cosign",    "--key",
                                     key,       "--log-key", ledgerd.data_dir() + "/verifier.key",
                                     "--state", state,       "--checkpoint",
                                     note_file, "--json"};
    if (from_size > 0) {
      HttpReply proof = HttpAs(ledgerd.http_port(), token, "GET",
                               "/v1/proofs/consistency?fromSize=" + std::to_string(from_size));
      INFO(proof.body);
      REQUIRE(proof.status == 200);
      std::string proof_file = scratch.Sub(tag + ".proof");
      WriteText(proof_file, HashesOf(proof.body));
      args.insert(args.end(), {"--proof", proof_file});
    }
    return RunProgram(LEDGER_CTL, args, scratch);
  }
};

Witness MakeWitness(const TempDir& scratch, const std::string& name) {
  Witness witness{scratch, scratch.Sub(name + ".key"), scratch.Sub(name + ".pub"),
                  scratch.Sub(name + ".state")};
  Ran made = RunProgram(LEDGER_CTL,
                        {"keys", "generate", "--cosigner", "--name", "witness.test/" + name,
                         "--out", witness.key, "--public-out", witness.public_key},
                        scratch);
  INFO(made.Describe());
  REQUIRE(made.exit_code == 0);
  return witness;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_CASE(
    "a witness cosigns what ledgerd serves, ledgerd files and serves the cosignature, "
    "verify requires it, a split view is refused",
    "[api][slow]") {
  TempDir scratch;
  Witness witness = MakeWitness(scratch, "w1");
  Witness stranger = MakeWitness(scratch, "w2");  // Not configured in ledgerd.
  LedgerdProcess ledgerd({"--witness-key", FirstLine(ReadText(witness.public_key))});
  ledgerd.WaitReady();
  const int port = ledgerd.http_port();
  const std::string admin = ledgerd.admin_token();
  const std::string auditor = CreateToken(ledgerd, R"({"role":"auditor","id":"audit-1"})");
  const std::string counsellor = CreateToken(ledgerd, R"({"role":"counsellor",
      "organisation":"agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  const std::string log_key = ledgerd.data_dir() + "/verifier.key";
  const std::string data = ledgerd.data_dir() + "/ledger";

  OpenTrajectory(ledgerd, counsellor, "T-W-1");
  REQUIRE(HttpAs(port, admin, "POST", "/v1/checkpoint/sign").status == 200);
  Ran first = witness.Cosign(ledgerd, auditor, 0, "first");
  INFO(first.Describe());
  REQUIRE(first.exit_code == 0);
  CHECK(Field(first.out, "treeSize") == "2");

  // Filed by any role that may read checkpoints; served from then on.
  HttpReply filed = HttpAs(port, auditor, "POST", "/v1/checkpoint/cosignatures", first.out);
  INFO(filed.body);
  REQUIRE(filed.status == 200);
  CHECK(filed.body.find("\"cosignedBy\":[\"witness.test/w1\"]") != std::string::npos);
  HttpReply served = HttpAs(port, counsellor, "GET", "/v1/checkpoint");
  CHECK(served.body.find("\"cosignedBy\":[\"witness.test/w1\"]") != std::string::npos);
  CHECK(NoteOf(served.body).find("\xE2\x80\x94 witness.test/w1 ") != std::string::npos);

  SECTION("bad cosignatures are refused and change nothing") {
    Ran theirs = stranger.Cosign(ledgerd, auditor, 0, "stranger");
    REQUIRE(theirs.exit_code == 0);
    HttpReply unknown = HttpAs(port, auditor, "POST", "/v1/checkpoint/cosignatures", theirs.out);
    CHECK(unknown.status == 400);
    CHECK(Field(unknown.body, "detail").find("no witness this ledger is configured with") !=
          std::string::npos);
    std::string forged = first.out;
    std::size_t at = forged.find("\\n\"") - 5;  // Inside the signature's base64.
    forged[at] = forged[at] == 'A' ? 'B' : 'A';
    HttpReply bad = HttpAs(port, auditor, "POST", "/v1/checkpoint/cosignatures", forged);
    CHECK(bad.status >= 400);
    CHECK(bad.status < 500);
    HttpReply wrong_size = HttpAs(port, auditor, "POST", "/v1/checkpoint/cosignatures",
                                  std::regex_replace(first.out, std::regex("\"2\""), "\"1\""));
    CHECK(wrong_size.status == 404);
    HttpReply after = HttpAs(port, counsellor, "GET", "/v1/checkpoint");
    CHECK(NoteOf(after.body) == NoteOf(served.body));
    CHECK(after.body.find("witness.test/w2") == std::string::npos);
  }

  SECTION(
      "the next checkpoint is cosigned through a consistency proof; receipts and verify "
      "carry and require the cosignature") {
    OpenTrajectory(ledgerd, counsellor, "T-W-2");
    REQUIRE(HttpAs(port, admin, "POST", "/v1/checkpoint/sign").status == 200);
    Ran second = witness.Cosign(ledgerd, auditor, 2, "second");
    INFO(second.Describe());
    REQUIRE(second.exit_code == 0);
    REQUIRE(HttpAs(port, auditor, "POST", "/v1/checkpoint/cosignatures", second.out).status == 200);

    std::string receipt = scratch.Sub("receipt-0");
    Ran made = RunProgram(LEDGER_CTL, {"receipt", "0", "--data", data, "--out", receipt}, scratch);
    INFO(made.Describe());
    REQUIRE(made.exit_code == 0);
    Ran receipt_ok = RunProgram(LEDGER_CTL,
                                {"verify", "--receipt", receipt, "--key", log_key, "--witness-key",
                                 witness.public_key, "--witnesses", "1"},
                                scratch);
    INFO(receipt_ok.Describe());
    CHECK(receipt_ok.exit_code == 0);
    CHECK(receipt_ok.out.find("cosigned by witness witness.test/w1") != std::string::npos);
    Ran receipt_two =
        RunProgram(LEDGER_CTL,
                   {"verify", "--receipt", receipt, "--key", log_key, "--witness-key",
                    witness.public_key, "--witness-key", stranger.public_key, "--witnesses", "2"},
                   scratch);
    CHECK(receipt_two.exit_code == 1);

    // The same receipt over the API, for the log's readers: against the latest checkpoint,
    // which carries the witness's cosignature.
    HttpReply served = HttpAs(port, auditor, "GET", "/v1/proofs/receipt?position=1");
    INFO(served.body);
    REQUIRE(served.status == 200);
    CHECK(served.body.find("\"cosignedBy\":[\"witness.test/w1\"]") != std::string::npos);
    std::string api_receipt = scratch.Sub("receipt-api");
    WriteText(api_receipt, NoteOf(served.body, "receipt"));
    Ran api_ok = RunProgram(LEDGER_CTL,
                            {"verify", "--receipt", api_receipt, "--key", log_key, "--witness-key",
                             witness.public_key, "--witnesses", "1"},
                            scratch);
    INFO(api_ok.Describe());
    CHECK(api_ok.exit_code == 0);
    CHECK(api_ok.out.find("cosigned by witness witness.test/w1") != std::string::npos);
    CHECK(HttpAs(port, counsellor, "GET", "/v1/proofs/receipt?position=1").status == 403);
    CHECK(HttpAs(port, auditor, "GET", "/v1/proofs/receipt?position=99").status == 400);
    CHECK(HttpAs(port, auditor, "GET", "/v1/proofs/receipt?position=0&treeSize=3").status == 404);

    Ran audit = RunProgram(LEDGER_CTL,
                           {"verify", "--data", data, "--key", log_key, "--witness-key",
                            witness.public_key, "--witnesses", "1"},
                           scratch);
    INFO(audit.Describe());
    CHECK(audit.exit_code == 0);
    CHECK(audit.out.find("the checkpoint of size 4 carries cosignatures of 1") !=
          std::string::npos);
    Ran unwitnessed = RunProgram(LEDGER_CTL,
                                 {"verify", "--data", data, "--key", log_key, "--witness-key",
                                  stranger.public_key, "--witnesses", "1"},
                                 scratch);
    CHECK(unwitnessed.exit_code == 1);
    CHECK(unwitnessed.out.find("not witnessed") != std::string::npos);
  }

  SECTION("a copy of the ledger that goes on differently is refused by the witness") {
    // The agency shows the witness one history and someone else another: a copy of the data
    // directory at size 2, with the same signing key, diverges from the original.
    REQUIRE(ledgerd.Stop() == 0);
    const std::string copy = scratch.Sub("copy");
    std::filesystem::copy(ledgerd.data_dir(), copy, std::filesystem::copy_options::recursive);
    LedgerdProcess original({"--witness-key", FirstLine(ReadText(witness.public_key))},
                            ledgerd.data_dir());
    LedgerdProcess fork({}, copy);
    original.WaitReady();
    fork.WaitReady();
    OpenTrajectory(original, counsellor, "T-W-2");
    OpenTrajectory(fork, counsellor, "T-W-3");
    REQUIRE(HttpAs(original.http_port(), admin, "POST", "/v1/checkpoint/sign").status == 200);
    REQUIRE(HttpAs(fork.http_port(), admin, "POST", "/v1/checkpoint/sign").status == 200);
    HttpReply a = HttpAs(original.http_port(), auditor, "GET", "/v1/checkpoint");
    HttpReply b = HttpAs(fork.http_port(), auditor, "GET", "/v1/checkpoint");
    REQUIRE(Field(a.body, "treeSize") == Field(b.body, "treeSize"));
    REQUIRE(Field(a.body, "rootHash") != Field(b.body, "rootHash"));

    Ran shown = witness.Cosign(original, auditor, 2, "original");
    INFO(shown.Describe());
    REQUIRE(shown.exit_code == 0);
    std::string state_before = ReadText(witness.state);
    Ran split = witness.Cosign(fork, auditor, 2, "fork");
    INFO(split.Describe());
    CHECK(split.exit_code == 1);
    CHECK(split.out.empty());
    CHECK(split.err.find("split view") != std::string::npos);
    CHECK(split.err.find(Field(a.body, "rootHash")) != std::string::npos);
    CHECK(split.err.find(Field(b.body, "rootHash")) != std::string::npos);
    CHECK(ReadText(witness.state) == state_before);
    CHECK(original.Stop() == 0);
    CHECK(fork.Stop() == 0);
  }
}

}  // namespace
}  // namespace ledger::testing
