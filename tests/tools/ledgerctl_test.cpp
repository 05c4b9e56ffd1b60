// Goal: ledgerctl does what docs/audit-guide.md says, end to end, for the operator and the
// auditor. Method: every test builds a demo ledger with the real ledger_demo binary in a fresh
// temporary directory, runs the real ledgerctl binary as a child process with its stdout and
// stderr captured, damages stored bytes the way a bad disk or a forger would, and checks the
// exit code (0 ok, 1 finding, 2 usage or operating error) and what was printed.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/format/layout.h"
#include "ledger/integrity/base64.h"
#include "ledger/store/database.h"
#include "projections/reporting/pseudonym.h"
#include "tests/support/files.h"
#include "tests/support/require_ok.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::Ran;
using testing::ReadAll;
using testing::WriteAll;

Ran Run(const std::string& program, const std::vector<std::string>& args,
        const testing::TempDir& scratch) {
  return testing::RunProgram(program, args, scratch);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The lines of `text`, without their newlines.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Appends a demo trajectory with ledger_demo to the ledger at `data` (created if missing) and
// returns the head's size it printed.
std::uint64_t AppendTrajectory(const testing::TempDir& scratch, const std::string& data,
                               const std::string& trajectory) {
  Ran demo = Run(LEDGER_DEMO, {"--data", data, "--trajectory", trajectory}, scratch);
  INFO(demo.Describe());
  REQUIRE(demo.exit_code == 0);
  const std::string marker = "head (tree size): ";
  std::size_t at = demo.out.find(marker);
  REQUIRE(at != std::string::npos);
  return std::stoull(demo.out.substr(at + marker.size()));
}

// Signs the head of the ledger at `data` with `checkpoint --sign` and returns the note printed.
std::string Sign(const testing::TempDir& scratch, const std::string& data,
                 const std::string& key_file) {
  Ran signed_now =
      Run(LEDGER_CTL, {"checkpoint", "--data", data, "--sign", "--key", key_file}, scratch);
  INFO(signed_now.Describe());
  REQUIRE(signed_now.exit_code == 0);
  return signed_now.out;
}

// A demo ledger (one trajectory, appended by ledger_demo), a signing key with its verifier key
// file, and one checkpoint signed at the head, whose note is kept as an auditor would keep it.
// The binaries build it once per test run; every DemoLedger is a copy of that one (a closed
// RocksDB directory copies file by file), so each test damages only its own, quickly.
class DemoLedger {
 public:
  DemoLedger() {
    static const Pristine pristine;
    std::filesystem::copy(pristine.dir.path(), dir_.path(),
                          std::filesystem::copy_options::recursive);
    size_ = pristine.size;
    note_ = pristine.note;
  }

  Ran Ctl(const std::vector<std::string>& args) const { return Run(LEDGER_CTL, args, dir_); }
  std::uint64_t AppendTrajectory(const std::string& data, const std::string& trajectory) const {
    return ledger::AppendTrajectory(dir_, data, trajectory);
  }
  std::string Sign(const std::string& data) const { return ledger::Sign(dir_, data, key()); }

  std::string Sub(const std::string& name) const { return dir_.Sub(name); }
  std::string data() const { return dir_.Sub("ledger"); }
  std::string key() const { return dir_.Sub("ledger.key"); }
  std::string pub() const { return dir_.Sub("ledger.pub"); }
  std::string saved_note() const { return dir_.Sub("saved.note"); }
  const std::string& note() const { return note_; }
  std::uint64_t size() const { return size_; }

 private:
  struct Pristine {
    Pristine() {
      size = ledger::AppendTrajectory(dir, dir.Sub("ledger"), "T-2026-0001");
      Ran keys = Run(LEDGER_CTL,
                     {"keys", "generate", "--out", dir.Sub("ledger.key"), "--public-out",
                      dir.Sub("ledger.pub")},
                     dir);
      INFO(keys.Describe());
      REQUIRE(keys.exit_code == 0);
      note = ledger::Sign(dir, dir.Sub("ledger"), dir.Sub("ledger.key"));
      WriteAll(dir.Sub("saved.note"), note);
    }
    testing::TempDir dir;
    std::uint64_t size = 0;
    std::string note;
  };

  testing::TempDir dir_;
  std::uint64_t size_ = 0;
  std::string note_;
};

// Changes one byte inside the stream id text of the entry stored at `position`, through a raw
// RocksDB handle that is closed again before returning. The entry stays a canonical Entry.
void ChangeStoredEntryText(const std::string& data, std::uint64_t position) {
  auto db = Database::Open({.path = data, .create_if_missing = false, .raw = true});
  INFO(db.status().ToString());
  REQUIRE_OK(db);
  const std::string key = layout::PositionKey(Position{position});
  std::string value;
  REQUIRE_OK((*db)->db()->Get(rocksdb::ReadOptions(), (*db)->entries(), key, &value));
  std::size_t at = value.find("trajectory-T-2026");
  REQUIRE(at != std::string::npos);
  value[at + 11] = 'X';  // "trajectory-T-..." becomes "trajectory-X-...".
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE_OK((*db)->db()->Put(sync, (*db)->entries(), key, value));
}

void FlipByte(const std::string& path, std::size_t offset) {
  std::string bytes = ReadAll(path);
  REQUIRE(offset < bytes.size());
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
  WriteAll(path, bytes);
}

TEST_CASE("keys generate writes a private key only its owner may read, and never replaces one",
          "[tools]") {
  testing::TempDir dir;
  const std::string key = dir.Sub("operator.key");
  const std::string pub = dir.Sub("operator.pub");
  Ran made =
      Run(LEDGER_CTL,
          {"keys", "generate", "--name", "pnt-ledger", "--out", key, "--public-out", pub}, dir);
  INFO(made.Describe());
  REQUIRE(made.exit_code == 0);
  struct stat info {};
  REQUIRE(stat(key.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const std::string private_text = ReadAll(key);
  CHECK(private_text.rfind("PRIVATE+KEY+pnt-ledger+", 0) == 0);
  // The verifier key "name+keyid+base64" is printed and written, and holds no secret.
  CHECK(made.out.rfind("pnt-ledger+", 0) == 0);
  CHECK(ReadAll(pub) == made.out);
  CHECK(!Contains(made.out, private_text.substr(std::string("PRIVATE+KEY+").size())));

  Ran again = Run(LEDGER_CTL, {"keys", "generate", "--out", key}, dir);
  INFO(again.Describe());
  CHECK(again.exit_code == 2);
  CHECK(Contains(again.err, "must not exist"));
  CHECK(ReadAll(key) == private_text);
}

TEST_CASE("a signed checkpoint names the ledger's origin, its tree size and a signature",
          "[tools]") {
  DemoLedger ledger;
  REQUIRE(ledger.size() > 0);
  std::vector<std::string> lines = Lines(ledger.note());
  INFO(ledger.note());
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "trajectory-ledger.local/pnt");
  CHECK(lines[1] == std::to_string(ledger.size()));
  CHECK(lines[2].size() == 44);  // base64 of the 32-byte root.
  CHECK(lines[3].empty());
  // "— <key name> <sig>": by default the key is named after the origin (C2SP).
  CHECK(lines[4].rfind("\xE2\x80\x94 trajectory-ledger.local/pnt ", 0) == 0);
  // Without --sign it prints the latest stored checkpoint: the same note.
  Ran latest = ledger.Ctl({"checkpoint", "--data", ledger.data()});
  INFO(latest.Describe());
  CHECK(latest.exit_code == 0);
  CHECK(latest.out == ledger.note());
}

TEST_CASE("an untouched ledger verifies from its directory, from a bundle and from a receipt",
          "[tools]") {
  DemoLedger ledger;
  const std::string size = std::to_string(ledger.size());
  Ran data = ledger.Ctl({"verify", "--data", ledger.data(), "--key", ledger.pub()});
  INFO(data.Describe());
  CHECK(data.exit_code == 0);
  CHECK(data.out.rfind("OK: " + size + " entries and 1 checkpoints verified", 0) == 0);

  const std::string bundle = ledger.Sub("all.bundle");
  Ran exported = ledger.Ctl({"export", "--data", ledger.data(), "--out", bundle});
  INFO(exported.Describe());
  REQUIRE(exported.exit_code == 0);
  CHECK(Contains(exported.out, "exported positions [0, " + size + "), 1 checkpoints"));
  Ran from_bundle = ledger.Ctl({"verify", "--bundle", bundle, "--key", ledger.pub()});
  INFO(from_bundle.Describe());
  CHECK(from_bundle.exit_code == 0);
  CHECK(from_bundle.out.rfind("OK: " + size + " entries", 0) == 0);
  // Both audits reach the same root.
  CHECK(data.out.substr(data.out.find("root ")) ==
        from_bundle.out.substr(from_bundle.out.find("root ")));

  const std::string receipt = ledger.Sub("7.receipt");
  Ran made = ledger.Ctl({"receipt", "7", "--data", ledger.data(), "--out", receipt});
  INFO(made.Describe());
  REQUIRE(made.exit_code == 0);
  Ran checked = ledger.Ctl({"verify", "--receipt", receipt, "--key", ledger.pub()});
  INFO(checked.Describe());
  CHECK(checked.exit_code == 0);
  CHECK(checked.out.rfind("OK: the entry at position 7 is in the log "
                          "'trajectory-ledger.local/pnt' of size " +
                              size,
                          0) == 0);
}

TEST_CASE("one changed byte in a stored entry is a leaf mismatch at that entry's position",
          "[tools]") {
  DemoLedger ledger;
  const std::uint64_t position = GENERATE(0, 7, 24);
  REQUIRE(position < ledger.size());
  ChangeStoredEntryText(ledger.data(), position);
  Ran verified = ledger.Ctl({"verify", "--data", ledger.data(), "--key", ledger.pub()});
  INFO(verified.Describe());
  CHECK(verified.exit_code == 1);
  CHECK(verified.out.rfind("FAIL: leaf mismatch at position " + std::to_string(position) + ":",
                           0) == 0);
}

TEST_CASE("a bundle with one flipped byte is refused as corrupt before any entry is judged",
          "[tools]") {
  DemoLedger ledger;
  const std::string bundle = ledger.Sub("all.bundle");
  REQUIRE(ledger.Ctl({"export", "--data", ledger.data(), "--out", bundle}).exit_code == 0);
  const std::string bytes = ReadAll(bundle);
  SECTION("the byte in the very middle of the file") {
    FlipByte(bundle, bytes.size() / 2);
    Ran verified = ledger.Ctl({"verify", "--bundle", bundle, "--key", ledger.pub()});
    INFO(verified.Describe());
    CHECK(verified.exit_code == 2);
    CHECK(Contains(verified.err, "ledgerctl: corruption: "));
    CHECK(verified.out.empty());
  }
  SECTION("a byte of text inside the middle entry: the trailer's digest no longer matches") {
    std::size_t at = bytes.find("T-2026-0001/cmd-13");
    REQUIRE(at != std::string::npos);
    FlipByte(bundle, at);
    Ran verified = ledger.Ctl({"verify", "--bundle", bundle, "--key", ledger.pub()});
    INFO(verified.Describe());
    CHECK(verified.exit_code == 2);
    CHECK(Contains(verified.err,
                   "corruption: the bundle's bytes do not match its trailer's "
                   "digest"));
  }
}

TEST_CASE("a receipt whose entry was altered fails verification", "[tools]") {
  DemoLedger ledger;
  const std::string receipt = ledger.Sub("7.receipt");
  REQUIRE(ledger.Ctl({"receipt", "7", "--data", ledger.data(), "--out", receipt}).exit_code == 0);
  // Decode the entry line, change one letter of its stream id, encode it again: still a
  // well-formed receipt and a canonical entry, but not the one the tree holds.
  std::string altered;
  bool changed = false;
  for (const std::string& line : Lines(ReadAll(receipt))) {
    if (line.rfind("entry ", 0) == 0) {
      Result<std::vector<std::uint8_t>> bytes = Base64Decode(line.substr(6));
      REQUIRE_OK(bytes);
      std::string entry(bytes->begin(), bytes->end());
      std::size_t at = entry.find("trajectory-T-2026");
      REQUIRE(at != std::string::npos);
      entry[at + 11] = 'X';
      altered += "entry " +
                 Base64Encode(std::span<const std::uint8_t>(
                     reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size())) +
                 "\n";
      changed = true;
    } else {
      altered += line + "\n";
    }
  }
  REQUIRE(changed);
  const std::string forged = ledger.Sub("forged.receipt");
  WriteAll(forged, altered);
  Ran checked = ledger.Ctl({"verify", "--receipt", forged, "--key", ledger.pub()});
  INFO(checked.Describe());
  CHECK(checked.exit_code == 1);
  CHECK(Contains(checked.err, "verification_failed: the receipt's inclusion proof"));
  CHECK(!Contains(checked.out, "OK"));
}

TEST_CASE("a verifier that knows only another key finds no signature it can trust", "[tools]") {
  DemoLedger ledger;
  const std::string other = ledger.Sub("other.pub");
  REQUIRE(ledger.Ctl({"keys", "generate", "--out", ledger.Sub("other.key"), "--public-out", other})
              .exit_code == 0);
  const std::string bundle = ledger.Sub("all.bundle");
  const std::string receipt = ledger.Sub("3.receipt");
  REQUIRE(ledger.Ctl({"export", "--data", ledger.data(), "--out", bundle}).exit_code == 0);
  REQUIRE(ledger.Ctl({"receipt", "3", "--data", ledger.data(), "--out", receipt}).exit_code == 0);
  // Same key name, another key: its key id differs, so the ledger's signature is unknown.
  const std::vector<std::pair<std::string, std::string>> sources = {
      {"--data", ledger.data()}, {"--bundle", bundle}, {"--receipt", receipt}};
  for (const auto& [flag, path] : sources) {
    Ran verified = ledger.Ctl({"verify", flag, path, "--key", other});
    INFO(verified.Describe());
    CHECK(verified.exit_code == 1);
    CHECK(Contains(verified.out + verified.err, "no signature by a known key"));
    // With both keys it passes: unknown signatures are ignored, one known one is enough.
    Ran both = ledger.Ctl({"verify", flag, path, "--key", other, "--key", ledger.pub()});
    INFO(both.Describe());
    CHECK(both.exit_code == 0);
  }
}

TEST_CASE(
    "a checkpoint saved before more appends holds against the grown log, a forged one "
    "does not",
    "[tools]") {
  DemoLedger ledger;
  const std::uint64_t saved_size = ledger.size();
  const std::uint64_t grown = ledger.AppendTrajectory(ledger.data(), "T-2026-0002");
  REQUIRE(grown > saved_size);
  std::string newer = ledger.Sign(ledger.data());
  REQUIRE(Lines(newer).at(1) == std::to_string(grown));
  // A whole bundle, and one of a range that starts after the saved size: that one can only tie
  // the saved checkpoint to its own through the consistency proof it carries.
  const std::string whole = ledger.Sub("whole.bundle");
  const std::string tail = ledger.Sub("tail.bundle");
  const std::string from = std::to_string(saved_size + 5);
  REQUIRE(ledger.Ctl({"export", "--data", ledger.data(), "--out", whole}).exit_code == 0);
  REQUIRE(
      ledger.Ctl({"export", "--data", ledger.data(), "--out", tail, "--from", from}).exit_code ==
      0);
  // The forgery: another history of the same size, signed with the same key, as an operator
  // who rewrote the log and re-signed it would produce.
  const std::string rewritten = ledger.Sub("rewritten");
  REQUIRE(ledger.AppendTrajectory(rewritten, "T-2026-0009") == saved_size);
  const std::string forged_note = ledger.Sub("forged.note");
  WriteAll(forged_note, ledger.Sign(rewritten));

  const std::vector<std::pair<std::string, std::string>> sources = {
      {"--data", ledger.data()}, {"--bundle", whole}, {"--bundle", tail}};
  for (const auto& [flag, path] : sources) {
    Ran held =
        ledger.Ctl({"verify", flag, path, "--key", ledger.pub(), "--against", ledger.saved_note()});
    INFO(held.Describe());
    CHECK(held.exit_code == 0);
    CHECK(Contains(held.out, "tree size " + std::to_string(grown)));
    Ran forged =
        ledger.Ctl({"verify", flag, path, "--key", ledger.pub(), "--against", forged_note});
    INFO(forged.Describe());
    CHECK(forged.exit_code == 1);
    CHECK(forged.out.rfind("FAIL: inconsistent history at position " + std::to_string(saved_size),
                           0) == 0);
  }
}

TEST_CASE("keys public prints the verifier key of a signing key file, which verifies its notes",
          "[tools]") {
  DemoLedger ledger;
  Ran printed = ledger.Ctl({"keys", "public", "--key", ledger.key()});
  INFO(printed.Describe());
  REQUIRE(printed.exit_code == 0);
  CHECK(printed.out == ReadAll(ledger.pub()));
  CHECK(!Contains(printed.out, "PRIVATE"));
  const std::string derived = ledger.Sub("derived.pub");
  WriteAll(derived, printed.out);
  Ran verified = ledger.Ctl({"verify", "--data", ledger.data(), "--key", derived});
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
  // A verifier key is not a signing key.
  Ran refused = ledger.Ctl({"keys", "public", "--key", ledger.pub()});
  INFO(refused.Describe());
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.err, ledger.pub()));
}

TEST_CASE("one log has one origin: a checkpoint or a saved note of another is refused", "[tools]") {
  DemoLedger ledger;
  // A note of another log, signed by the same key.
  const std::string other_log = ledger.Sub("other-log");
  ledger.AppendTrajectory(other_log, "T-2026-0009");
  Ran other_note = ledger.Ctl({"checkpoint", "--data", other_log, "--sign", "--key", ledger.key(),
                               "--origin", "other.example/log"});
  REQUIRE(other_note.exit_code == 0);
  const std::string foreign = ledger.Sub("foreign.note");
  WriteAll(foreign, other_note.out);
  Ran against =
      ledger.Ctl({"verify", "--data", ledger.data(), "--key", ledger.pub(), "--against", foreign});
  INFO(against.Describe());
  CHECK(against.exit_code == 2);
  CHECK(Contains(against.err, "not of this log"));
  CHECK(Contains(against.err, "other.example/log"));

  // Signing the ledger once more under another origin is refused (the checkpointer keeps one
  // origin per log; a ledger mixed behind its back is audit_test's mixed-origins case).
  ledger.AppendTrajectory(ledger.data(), "T-2026-0002");
  Ran resigned = ledger.Ctl({"checkpoint", "--data", ledger.data(), "--sign", "--key", ledger.key(),
                             "--origin", "other.example/log"});
  INFO(resigned.Describe());
  CHECK(resigned.exit_code == 2);
  CHECK(Contains(resigned.err, "a log keeps one origin"));
  Ran still = ledger.Ctl(
      {"verify", "--data", ledger.data(), "--key", ledger.pub(), "--allow-unsigned-tail"});
  INFO(still.Describe());
  CHECK(still.exit_code == 0);
}

TEST_CASE("a key not named after the origin verifies only with --origin", "[tools]") {
  DemoLedger ledger;
  const std::string key = ledger.Sub("named.key");
  const std::string pub = ledger.Sub("named.pub");
  REQUIRE(
      ledger.Ctl({"keys", "generate", "--name", "pnt-ledger", "--out", key, "--public-out", pub})
          .exit_code == 0);
  const std::string data = ledger.Sub("named-ledger");
  ledger.AppendTrajectory(data, "T-2026-0001");
  REQUIRE(ledger
              .Ctl({"checkpoint", "--data", data, "--sign", "--key", key, "--origin",
                    "vlaanderen.example/pnt"})
              .exit_code == 0);
  Ran by_name = ledger.Ctl({"verify", "--data", data, "--key", pub});
  INFO(by_name.Describe());
  CHECK(by_name.exit_code == 1);
  CHECK(Contains(by_name.out, "named after its origin 'vlaanderen.example/pnt'"));
  Ran named =
      ledger.Ctl({"verify", "--data", data, "--key", pub, "--origin", "vlaanderen.example/pnt"});
  INFO(named.Describe());
  CHECK(named.exit_code == 0);
}

TEST_CASE("missing or conflicting flags and unreadable inputs are usage or operating errors",
          "[tools]") {
  DemoLedger ledger;
  const std::string data = ledger.data();
  const std::string pub = ledger.pub();
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"verify", "--data", data},
      {"verify", "--key", pub},
      {"verify", "--data", data, "--bundle", ledger.Sub("x.bundle"), "--key", pub},
      {"keys", "generate"},
      {"checkpoint", "--data", data, "--sign"},
      {"receipt", "--data", data, "--out", ledger.Sub("r")},
      {"export", "--data", data},
      {"prove", "inclusion", "--data", data},
      {"verify", "--data", ledger.Sub("no-such-ledger"), "--key", pub},
      {"verify", "--data", data, "--key", ledger.Sub("no-such.pub")},
      {"verify", "--data", data, "--key", ledger.key()},  // A private key is no verifier key.
      {"receipt", "9999", "--data", data, "--out", ledger.Sub("r")},
  };
  for (const std::vector<std::string>& args : cases) {
    Ran ran = ledger.Ctl(args);
    INFO(ran.Describe());
    CHECK(ran.exit_code == 2);
    CHECK(!ran.err.empty());
    CHECK(!Contains(ran.out, "OK"));
  }
}

TEST_CASE(
    "ledgerctl builds the read models and reads a trajectory, its shortfall file and "
    "its past",
    "[tools]") {
  DemoLedger demo;
  Ran project = demo.Ctl({"project", "--data", demo.data()});
  INFO(project.Describe());
  REQUIRE(project.exit_code == 0);
  CHECK(Contains(project.out, "reflect positions below " + std::to_string(demo.size())));
  Ran status = demo.Ctl({"trajectory", "T-2026-0001", "--data", demo.data(), "--on", "2026-11-23"});
  INFO(status.Describe());
  REQUIRE(status.exit_code == 0);
  CHECK(Contains(status.out, "trajectory T-2026-0001 (reflects"));
  CHECK(Contains(status.out, "status: completed"));
  CHECK(Contains(status.out, "director for social: stad-gent"));
  Ran before = demo.Ctl({"trajectory", "T-2026-0001", "--data", demo.data(), "--on", "2026-11-23",
                         "--as-of-position", "3"});
  INFO(before.Describe());
  REQUIRE(before.exit_code == 0);
  CHECK(Contains(before.out, "attested 0.0 of 40 required hours"));
  // As the API's asOfPosition: the entries below the position, so the answer reflects below 3.
  CHECK(Contains(before.out, "reflects positions below 3;"));
  Ran at_zero =
      demo.Ctl({"trajectory", "T-2026-0001", "--data", demo.data(), "--as-of-position", "0"});
  CHECK(at_zero.exit_code == 2);
  CHECK(Contains(at_zero.err, "is not within 1.."));
  Ran shortfall = demo.Ctl({"shortfall", "T-2026-0001", "--data", demo.data()});
  INFO(shortfall.Describe());
  REQUIRE(shortfall.exit_code == 0);
  CHECK(Contains(shortfall.out, "offerRequested"));
  Ran unknown = demo.Ctl({"trajectory", "T-none", "--data", demo.data()});
  CHECK(unknown.exit_code == 2);
  CHECK(Contains(unknown.err, "not_found"));
  Ran bad_day = demo.Ctl({"trajectory", "T-2026-0001", "--data", demo.data(), "--on", "23/11"});
  CHECK(bad_day.exit_code == 2);
  CHECK(Contains(bad_day.err, "YYYY-MM-DD"));
}

TEST_CASE("ledgerctl writes the policy report as CSV and JSON, with pseudonyms only", "[tools]") {
  DemoLedger demo;
  WriteAll(demo.Sub("report.key"), std::string(64, 'a') + "\n");
  Ran csv = demo.Ctl({"report", "--data", demo.data(), "--key-file", demo.Sub("report.key"), "--on",
                      "2026-11-23"});
  INFO(csv.Describe());
  REQUIRE(csv.exit_code == 0);
  CHECK(Contains(csv.out, "report,,,,position," + std::to_string(demo.size()) + ",false"));
  // One trajectory opened: a cell of 1, below the threshold of 5, is suppressed.
  CHECK(Contains(csv.out, "trajectories,municipality,44021,2026-03,opened,,true"));
  Ran json = demo.Ctl({"report", "--data", demo.data(), "--key-file", demo.Sub("report.key"),
                       "--format", "json", "--microdata"});
  INFO(json.Describe());
  REQUIRE(json.exit_code == 0);
  CHECK(Contains(json.out, "\"p-"));
  CHECK_FALSE(Contains(json.out, "T-2026-0001"));
  // --job: the pseudonyms that reporting job gets over the API, under its own key.
  ::projections::reporting::PseudonymKey master{};
  master.fill(0xaa);
  std::string plain = ::projections::reporting::Pseudonym(master, "subject-8c1f");
  std::string of_job = ::projections::reporting::Pseudonym(
      ::projections::reporting::JobPseudonymKey(master, "report-job-01"), "subject-8c1f");
  Ran rows = demo.Ctl(
      {"report", "--data", demo.data(), "--key-file", demo.Sub("report.key"), "--microdata"});
  Ran job_rows = demo.Ctl({"report", "--data", demo.data(), "--key-file", demo.Sub("report.key"),
                           "--microdata", "--job", "report-job-01"});
  INFO(rows.Describe() << job_rows.Describe());
  REQUIRE(rows.exit_code == 0);
  REQUIRE(job_rows.exit_code == 0);
  CHECK(Contains(rows.out, plain + ","));
  CHECK(Contains(job_rows.out, of_job + ","));
  CHECK_FALSE(Contains(job_rows.out, plain));
  WriteAll(demo.Sub("short.key"), "abcd\n");
  Ran bad_key = demo.Ctl({"report", "--data", demo.data(), "--key-file", demo.Sub("short.key")});
  CHECK(bad_key.exit_code == 2);
  CHECK(Contains(bad_key.err, "64 hex digits"));
}

}  // namespace
}  // namespace ledger
