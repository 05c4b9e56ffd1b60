// Faults end to end: the real ledgerd binary, real HTTP clients, kill -9, damage on disk.
//   - Under load, kill -9, then damage the write-ahead log: in the middle, ledgerd refuses to
//     start and names what it acknowledged; with a torn tail, it starts with every
//     acknowledged command where it was, and every checkpoint signed before (saved by a client
//     while the load ran) still holds: never a second root for one size.
//   - A full disk (a small tmpfs, when the test may mount one): writes answer 507 with a clear
//     body while reads go on and the process stays up; writes resume once space is freed;
//     nothing acknowledged is lost.
//   - Damaged read models: a distinct state and code naming the position, while the log up to
//     the damage, checkpoints and proofs are still served.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "ledger/format/layout.h"
#include "ledger/integrity/note.h"
#include "ledger/store/database.h"
#include "ledger/store/disk_space.h"
#include "ledger/store/event_store.h"
#include "tests/support/files.h"
#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/run_program.h"
#include "tests/support/wal_files.h"

namespace ledger::testing {
namespace {

constexpr int kTrajectories = 6;

std::string TrajectoryId(int t) { return "T-F-" + std::to_string(t); }

struct Client {
  std::string counsellor;
  std::string newcomer;
  std::string auditor;
};

Client Prepare(const LedgerdProcess& ledgerd) {
  Client client;
  client.counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  std::string scope;
  for (int t = 0; t < kTrajectories; ++t) scope += (t ? ",\"" : "\"") + TrajectoryId(t) + "\"";
  client.newcomer = CreateToken(ledgerd, R"({"role":"newcomer","organisation":"self",
      "id":"subject-f","scope":[)" + scope + "]}");
  client.auditor = CreateToken(ledgerd, R"({"role":"auditor","id":"audit-f"})");
  for (int t = 0; t < kTrajectories; ++t) {
    std::string events =
        Event("trajectoryOpened", R"({"subjectId":"subject-f","municipalityCode":"44021",
              "contractSignedOn":"2026-01-05","obligation":"obligated","perspective":"social",
              "requiredHours":40})",
              R"({"fullName":"Fout Persoon"})") +
        "," + Event("activityRegistered", R"({"activityId":"act-1","kind":"buddyProject",
              "providerOrganisation":"vzw-f","contactPersonId":"cp-f","dutchLanguageContext":
              true,"socialParticipation":true})");
    HttpReply opened = HttpAs(ledgerd.http_port(), client.counsellor, "POST",
                              "/v1/trajectories/" + TrajectoryId(t) + "/commands",
                              Command("open-" + TrajectoryId(t), events));
    INFO(opened.body);
    REQUIRE(opened.status == 200);
  }
  return client;
}

// One acknowledged command: what was sent and where it went.
struct Acked {
  std::string path;
  std::string body;
  std::string first_position;
};

std::string HoursCommand(const std::string& id) {
  return Command(id, Event("hoursLogged", R"({"hoursEntryId":"h-)" + id +
                                              R"(","activityId":"act-1","sessionOn":)"
                                              R"("2026-02-03","minutes":30})"));
}

// Appends hours from one thread per trajectory for `run`; returns every acknowledged command
// and, in `checkpoint`, the last checkpoint note a client fetched meanwhile.
std::vector<Acked> Load(const LedgerdProcess& ledgerd, const Client& client,
                        std::chrono::milliseconds run, std::string& checkpoint) {
  std::mutex mutex;
  std::vector<Acked> acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kTrajectories; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        std::string id = "load-" + std::to_string(t) + "-" + std::to_string(i);
        Acked command{"/v1/trajectories/" + TrajectoryId(t) + "/commands", HoursCommand(id), ""};
        HttpReply reply =
            HttpAs(ledgerd.http_port(), client.newcomer, "POST", command.path, command.body);
        if (reply.status != 200) continue;
        command.first_position = Field(reply.body, "firstPosition");
        std::lock_guard lock(mutex);
        acked.push_back(std::move(command));
      }
    });
  }
  auto until = std::chrono::steady_clock::now() + run;
  while (std::chrono::steady_clock::now() < until) {
    HttpReply signed_now = HttpAs(ledgerd.http_port(), client.auditor, "GET", "/v1/checkpoint");
    if (signed_now.status == 200) checkpoint = signed_now.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  for (std::thread& thread : threads) thread.join();
  return acked;
}

std::uint64_t HighestAcked(const std::vector<Acked>& acked) {
  std::uint64_t highest = 0;
  for (const Acked& a : acked)
    highest = std::max<std::uint64_t>(highest, std::stoull(a.first_position));
  return highest;
}

// The note inside a CheckpointReply's JSON ("note":"...\n..."), unescaped.
std::string NoteOf(const std::string& reply_json) {
  std::size_t at = reply_json.find("\"note\":\"");
  REQUIRE(at != std::string::npos);
  std::string note;
  for (std::size_t i = at + 8; i < reply_json.size() && reply_json[i] != '"'; ++i) {
    if (reply_json[i] == '\\' && i + 1 < reply_json.size()) {
      char escaped = reply_json[++i];
      note.push_back(escaped == 'n' ? '\n' : escaped);
    } else {
      note.push_back(reply_json[i]);
    }
  }
  return note;
}

// ledgerd's own verifier, from the signing key in its data directory.
std::vector<NoteVerifier> LedgerdKey(const std::string& data) {
  std::string key_text = ReadAll(data + "/signing.key");
  while (!key_text.empty() && (key_text.back() == '\n' || key_text.back() == ' ')) {
    key_text.pop_back();
  }
  Result<NoteSigner> signer = NoteSigner::FromPrivateKeyText(key_text);
  REQUIRE_OK(signer);
  Result<NoteVerifier> verifier = NoteVerifier::FromVerifierKeyText(signer->VerifierKeyText());
  REQUIRE_OK(verifier);
  std::vector<NoteVerifier> keys;
  keys.push_back(std::move(verifier).value());
  return keys;
}

// `ledgerctl verify --data` on ledgerd's ledger with the verifier key ledgerd published beside
// its signing key: exit 0.
void CheckVerifies(const std::string& data, const TempDir& scratch) {
  Ran verified = RunProgram(
      LEDGER_CTL, {"verify", "--data", data + "/ledger", "--key", data + "/verifier.key"}, scratch);
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
}

Ran StartExpectingRefusal(const std::string& data, const TempDir& scratch) {
  return RunProgram(LEDGERD_BINARY,
                    {"--data", data, "--http", "127.0.0.1:0", "--rpc", "127.0.0.1:0"}, scratch, 30);
}

TEST_CASE(
    "ledgerd killed under load with its write-ahead log damaged: refuses to start on "
    "damage in the middle, keeps every acknowledged command on a torn tail",
    "[api][slow]") {
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  std::string checkpoint_reply;
  std::vector<Acked> acked;
  std::string admin;
  {
    LedgerdProcess ledgerd({"--checkpoint-every-entries", "100"}, data);
    ledgerd.WaitReady();
    admin = ledgerd.admin_token();
    Client client = Prepare(ledgerd);
    acked = Load(ledgerd, client, std::chrono::milliseconds(1500), checkpoint_reply);
    ledgerd.Kill();
  }
  REQUIRE(acked.size() > 50);
  REQUIRE_FALSE(checkpoint_reply.empty());
  std::string wal = LargestWal(data + "/ledger");

  SECTION("damage in the middle: ledgerd refuses to start, naming what it acknowledged") {
    FlipMiddle(wal, 64);
    Ran refused = StartExpectingRefusal(data, scratch);
    INFO(refused.Describe());
    CHECK_FALSE(refused.timed_out);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("ledgerd cannot start"));
    CHECK_THAT(refused.err, Catch::Contains("RocksDB refuses to open the ledger"));
    CHECK_THAT(refused.err, Catch::Contains("entries it promised lie in or behind the damage"));
    CHECK(refused.out.find("listening") == std::string::npos);
  }

  SECTION("a torn tail: every acknowledged command is where it was, every signature holds") {
    AppendTornRecord(wal);
    {
      LedgerdProcess again({}, data);
      again.WaitReady();
      Client client;
      client.newcomer =
          CreateToken(again.http_port(), admin, R"({"role":"newcomer","organisation":"self",
          "id":"subject-f","scope":["T-F-0","T-F-1","T-F-2","T-F-3","T-F-4","T-F-5"]})");
      for (const Acked& a : acked) {
        HttpReply retried = HttpAs(again.http_port(), client.newcomer, "POST", a.path, a.body);
        INFO(a.body << "\n" << retried.body);
        REQUIRE(retried.status == 200);
        CHECK(Field(retried.body, "outcome") == "alreadyAppended");
        CHECK(Field(retried.body, "firstPosition") == a.first_position);
      }
      CHECK(again.Stop() == 0);
    }
    // Every checkpoint signed before the kill, and the one a client saved, gives the root
    // the ledger has now at its size.
    auto store = EventStore::Open({.path = data + "/ledger", .create_if_missing = false});
    REQUIRE_OK(store);
    CHECK((*store)->head().size > HighestAcked(acked));
    std::vector<NoteVerifier> keys = LedgerdKey(data);
    Result<Checkpoint> saved = OpenCheckpoint(NoteOf(checkpoint_reply), keys);
    REQUIRE_OK(saved);
    auto root = (*store)->RootAt(saved->size);
    REQUIRE_OK(root);
    CHECK(*root == saved->root);
    LogFacts facts = CheckLog(**store);
    CHECK(facts.root_from_entries == (*store)->head().root);
    store->reset();
    CheckVerifies(data, scratch);
  }
}

// Appends hours from one thread per trajectory and kills ledgerd with SIGKILL after `run`,
// while requests are in flight; returns every command whose reply came back whole with 200
// (an acknowledgement). Ids carry `round`, so no two rounds send the same command.
std::vector<Acked> LoadAndKill(LedgerdProcess& ledgerd, const Client& client, int round,
                               std::chrono::milliseconds run) {
  std::mutex mutex;
  std::vector<Acked> acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  int port = ledgerd.http_port();
  for (int t = 0; t < kTrajectories; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        std::string id =
            "kill-" + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(i);
        Acked command{"/v1/trajectories/" + TrajectoryId(t) + "/commands", HoursCommand(id), ""};
        std::optional<HttpReply> reply = TryHttpCall(port, "POST", command.path, command.body,
                                                     {"Authorization: Bearer " + client.newcomer});
        if (!reply || reply->status != 200) continue;
        command.first_position = Field(reply->body, "firstPosition");
        std::lock_guard lock(mutex);
        acked.push_back(std::move(command));
      }
    });
  }
  std::this_thread::sleep_for(run);
  ledgerd.Kill();
  stop = true;
  for (std::thread& thread : threads) thread.join();
  return acked;
}

TEST_CASE(
    "ledgerd killed with SIGKILL under load in a loop: after each restart every "
    "acknowledged command resent is found where it was acknowledged",
    "[api][slow]") {
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  constexpr int kRounds = 6;
  std::mt19937 random(20261203);
  std::uniform_int_distribution<int> run_ms(200, 900);
  Client client;
  std::vector<Acked> previous;  // Acknowledged in the round before, resent in this one.
  std::size_t total = 0;
  double slowest_ready_s = 0;
  for (int round = 0; round <= kRounds; ++round) {
    auto started = std::chrono::steady_clock::now();
    LedgerdProcess ledgerd({}, data);
    ledgerd.WaitReady();
    double ready_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (round > 0) slowest_ready_s = std::max(slowest_ready_s, ready_s);
    if (round == 0) client = Prepare(ledgerd);
    for (const Acked& a : previous) {
      HttpReply resent = HttpAs(ledgerd.http_port(), client.newcomer, "POST", a.path, a.body);
      INFO("round " << round << ": " << a.body << "\n" << resent.body);
      REQUIRE(resent.status == 200);
      CHECK(Field(resent.body, "outcome") == "alreadyAppended");
      CHECK(Field(resent.body, "firstPosition") == a.first_position);
    }
    if (round == kRounds) {
      CHECK(ledgerd.Stop() == 0);
      break;
    }
    previous = LoadAndKill(ledgerd, client, round, std::chrono::milliseconds(run_ms(random)));
    CHECK(!previous.empty());
    total += previous.size();
  }
  // Positions and every stream's versions are dense, the root is the entries' own, and the
  // log holds at least the opening events (two per trajectory) and every acknowledged command.
  auto store = EventStore::Open({.path = data + "/ledger", .create_if_missing = false});
  REQUIRE_OK(store);
  LogFacts facts = CheckLog(**store);
  CHECK(facts.root_from_entries == (*store)->head().root);
  CHECK(facts.size >= 2 * kTrajectories + total);
  store->reset();
  CheckVerifies(data, scratch);
  WARN("kill -9 loop: " << total << " acknowledged commands over " << kRounds
                        << " kills, all found after restart; ready to serve within "
                        << slowest_ready_s << " s");
}

// Mounts a tmpfs of `bytes` at `path` for the test's lifetime, when the test may.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, std::uint64_t bytes) : path_(path) {
    std::filesystem::create_directories(path);
    std::string options = "size=" + std::to_string(bytes);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::string path_;
  bool mounted_ = false;
};

// Takes all but `leave_bytes` of the free space of `dir`'s file system into one file.
void FillDisk(const std::string& file, const std::string& dir, std::uint64_t leave_bytes) {
  DiskSpace disk(nullptr, dir, 0);
  Result<std::uint64_t> free_bytes = disk.Free();
  REQUIRE_OK(free_bytes);
  REQUIRE(*free_bytes > leave_bytes);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::posix_fallocate(fd, 0, static_cast<off_t>(*free_bytes - leave_bytes)) == 0);
  ::close(fd);
}

TEST_CASE(
    "ledgerd on a full disk answers writes with 507, keeps serving reads, and writes "
    "again once space is freed",
    "[api][slow]") {
  TempDir scratch;
  constexpr std::uint64_t kDiskBytes = 64ull << 20;
  SmallDisk disk(scratch.Sub("disk"), kDiskBytes);
  if (!disk.mounted()) {
    WARN("skipped: this test mounts a 64 MiB tmpfs, which needs root (CAP_SYS_ADMIN)");
    return;
  }
  const std::string data = scratch.Sub("disk/data");
  const std::string filler = scratch.Sub("disk/filler");
  StorageBudget budget = BudgetFor(FilesystemBytesAt(scratch.Sub("disk")));
  std::vector<Acked> acked;
  {
    LedgerdProcess ledgerd({}, data);  // A 64 MiB disk: it starts.
    ledgerd.WaitReady();
    Client client = Prepare(ledgerd);
    std::string checkpoint;
    acked = Load(ledgerd, client, std::chrono::milliseconds(300), checkpoint);
    REQUIRE_FALSE(acked.empty());

    for (std::uint64_t leave : {budget.reserve_bytes / 2, std::uint64_t{0}}) {
      INFO("free space left: " << leave);
      FillDisk(filler, scratch.Sub("disk"), leave);
      HttpReply refused = HttpAs(ledgerd.http_port(), client.newcomer, "POST",
                                 "/v1/trajectories/T-F-0/commands", HoursCommand("full-1"));
      CHECK(refused.status == 507);
      CHECK(Field(refused.body, "code") == "insufficientStorage");
      CHECK_THAT(refused.body, Catch::Contains("retry once space is freed"));
      CHECK(refused.headers["retry-after"] == "10");
      HttpReply read =
          HttpAs(ledgerd.http_port(), client.counsellor, "GET", "/v1/trajectories/T-F-0");
      CHECK(read.status == 200);
      CHECK(HttpCall(ledgerd.http_port(), "GET", "/healthz").status == 200);
      HttpReply log = HttpAs(ledgerd.http_port(), client.auditor, "GET", "/v1/log?from=0");
      CHECK(log.status == 200);
      std::filesystem::remove(filler);
      // Writes resume by themselves.
      HttpReply resumed;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
      std::string id = "after-full-" + std::to_string(leave);
      while (std::chrono::steady_clock::now() < deadline) {
        resumed = HttpAs(ledgerd.http_port(), client.newcomer, "POST",
                         "/v1/trajectories/T-F-0/commands", HoursCommand(id));
        if (resumed.status == 200) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      INFO(resumed.body);
      REQUIRE(resumed.status == 200);
      acked.push_back({"/v1/trajectories/T-F-0/commands", HoursCommand(id),
                       Field(resumed.body, "firstPosition")});
    }
    CHECK(ledgerd.Stop() == 0);
  }
  auto store = EventStore::Open({.path = data + "/ledger", .create_if_missing = false});
  REQUIRE_OK(store);
  LogFacts facts = CheckLog(**store);
  CHECK(facts.root_from_entries == (*store)->head().root);
  CHECK((*store)->head().size > HighestAcked(acked));
  store->reset();
  CheckVerifies(data, scratch);
}

TEST_CASE(
    "damaged read models: a state and code of their own naming the position, while the "
    "log up to the damage, checkpoints and proofs are still served",
    "[api][slow]") {
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  std::string admin;
  {
    LedgerdProcess ledgerd({}, data);
    ledgerd.WaitReady();
    admin = ledgerd.admin_token();
    Prepare(ledgerd);  // 6 trajectories, 12 entries.
    CHECK(ledgerd.Stop() == 0);
  }
  constexpr std::uint64_t kDamaged = 5;
  {
    auto db = Database::Open({.path = data + "/ledger", .create_if_missing = false, .raw = true});
    REQUIRE_OK(db);
    REQUIRE((*db)
                ->db()
                ->Put({}, (*db)->entries(), layout::PositionKey(Position{kDamaged}), "not an entry")
                .ok());
  }
  std::filesystem::remove_all(data + "/ledger.projections");  // Rebuilt, meeting the damage.
  LedgerdProcess ledgerd({}, data);
  Client client;
  client.auditor = CreateToken(ledgerd.http_port(), admin, R"({"role":"auditor","id":"audit-g"})");
  client.counsellor = CreateToken(ledgerd.http_port(), admin, R"({"role":"counsellor",
      "organisation":"agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  HttpReply ready;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    ready = HttpCall(ledgerd.http_port(), "GET", "/readyz");
    if (Field(ready.body, "code") == "readModelsUnavailable") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(ready.body);
  CHECK(ready.status == 503);
  CHECK(Field(ready.body, "code") == "readModelsUnavailable");
  HttpReply read = HttpAs(ledgerd.http_port(), client.counsellor, "GET", "/v1/trajectories/T-F-0");
  CHECK(read.status == 503);
  CHECK(Field(read.body, "code") == "readModelsUnavailable");
  CHECK_THAT(read.body, Catch::Contains("position " + std::to_string(kDamaged)));
  std::string open = Event("trajectoryOpened", R"({"subjectId":"subject-g",
      "municipalityCode":"44021","contractSignedOn":"2026-01-05","obligation":"obligated",
      "perspective":"social","requiredHours":40})");
  HttpReply command = HttpAs(ledgerd.http_port(), client.counsellor, "POST",
                             "/v1/trajectories/T-F-9/commands", Command("open-g", open));
  INFO(command.body);
  CHECK(command.status == 503);
  CHECK(Field(command.body, "code") == "readModelsUnavailable");

  HttpReply intact = HttpAs(ledgerd.http_port(), client.auditor, "GET", "/v1/log?from=0");
  INFO(intact.body);
  CHECK(intact.status == 200);
  CHECK(Field(intact.body, "next") == std::to_string(kDamaged));
  HttpReply at_damage = HttpAs(ledgerd.http_port(), client.auditor, "GET",
                               "/v1/log?from=" + std::to_string(kDamaged));
  CHECK(at_damage.status == 500);
  CHECK(Field(at_damage.body, "code") == "corrupt");
  CHECK_THAT(at_damage.body, Catch::Contains("position " + std::to_string(kDamaged)));
  CHECK(HttpAs(ledgerd.http_port(), client.auditor, "GET", "/v1/checkpoint").status == 200);
  HttpReply proof =
      HttpAs(ledgerd.http_port(), client.auditor, "GET", "/v1/proofs/inclusion?position=1");
  CHECK(proof.status == 200);
  HttpReply status = HttpAs(ledgerd.http_port(), admin, "GET", "/v1/admin/status");
  CHECK(Field(status.body, "state") == "readModelsFailed");
}

}  // namespace
}  // namespace ledger::testing
