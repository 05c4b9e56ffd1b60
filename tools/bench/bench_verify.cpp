// bench_verify: how fast an auditor verifies a large ledger, beside a plain SHA-256 pass over
// the same bytes in the same run. The issue: "ledgerctl verify on 10 million entries: report
// entries/s beside a plain SHA-256 pass over the same bytes in the same run. Target: at least
// 1 million entries/s and at least 0.5 of the plain hashing rate."
//
// Build: a fresh ledger of --entries realistic entries (HoursLogged events, about 330 bytes
// each) through EventStore, several appender threads each sending commands of --batch events
// to its own stream, with a Checkpointer (no background thread) signing the head after about
// every --checkpoint-every entries and once at the end. The store is then closed.
// Measured, --rounds times alternately (the fastest round of each pass is shown):
//   plain           RocksDB read-only, iterate the entries column family, SHA-256 each value:
//                   what any verifier pays to read and hash every entry once, reading as
//                   DirectorySource does (default ReadOptions); the targets' baseline;
//   plain, tuned    the same, reading as a sequential scan should (fill_cache=false, 4 MiB
//                   readahead): how much of the gap is RocksDB's read path;
//   verify --data   DirectorySource + Audit with the public key, exactly as `ledgerctl verify
//                   --data` runs it (open included): entries decoded and checked, leaves
//                   held against the tree's, the tree recomputed, every checkpoint checked;
//   verify --bundle BundleSource + Audit over a bundle of the whole ledger written by
//                   ExportBundle, as `ledgerctl verify --bundle` (the open checks the digest
//                   of the whole file first).
// Everything runs under a new directory inside --dir (default /tmp), removed unless --keep.
// The page cache is warm for every pass: the build has just written the files.
#include <rocksdb/db.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ledger/format/hash.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/bundle.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/database.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/event_store.h"
#include "tools/bench/machine_facts.h"

namespace {

using namespace ledger;
using Seconds = std::chrono::duration<double>;
using SteadyClock = std::chrono::steady_clock;

constexpr double kTargetEntriesPerS = 1e6;
// The log's origin, which is also its key's name (C2SP; the audit requires it).
constexpr const char* kOrigin = "trajectory-ledger.local/bench";
constexpr double kTargetPlainRatio = 0.5;

struct Config {
  std::uint64_t entries = 10'000'000;
  std::size_t batch_events = 4096;
  int appenders = 4;
  std::uint64_t checkpoint_every = 1'000'000;
  int rounds = 2;
};

double SecondsSince(SteadyClock::time_point start) {
  return Seconds(SteadyClock::now() - start).count();
}

// ---- building the ledger

const char* const kActivities[] = {"act-taalstage", "act-buddy", "act-vrijwilliger"};

// One command of `events` HoursLogged events on the appender's own stream, as a counsellor
// logs a trajectory's sessions. Sent again and again with a new command id each time.
AppendRequest BuildRequest(int appender, std::size_t events) {
  AppendRequest request = AppendRequest::ForStream(
      "bench-verify", {schema::Role::COUNSELLOR, "agentschap-integratie-gent", "tb-0417"},
      "trajectory-T-2026-" + std::to_string(1000 + appender), ExpectedVersion::Any());
  request.correlation_id = "T-2026-" + std::to_string(1000 + appender);
  for (std::size_t i = 0; i < events; ++i) {
    std::int64_t day = static_cast<std::int64_t>(i % 28);
    auto hours = request
                     .AddEvent((1775001600LL + day * 86400) * 1000000)  // April 2026.
                     .event()
                     .initHoursLogged();
    hours.setHoursEntryId("h-" + std::to_string(appender) + "-" + std::to_string(i));
    hours.setActivityId(kActivities[i % 3]);
    auto session = hours.initSessionOn();
    session.setYear(2026);
    session.setMonth(4);
    session.setDay(static_cast<std::uint8_t>(day + 1));
    hours.setMinutes(static_cast<std::uint16_t>(60 + 30 * (i % 5)));
  }
  return request;
}

// Shared by the appender threads: the next command to send, and the first error.
struct Appending {
  std::atomic<std::uint64_t> next_command{0};
  std::atomic<int> running{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  Status first_error;  // Guarded by mutex.
  void Fail(Status status) {
    std::lock_guard<std::mutex> lock(mutex);
    if (first_error.ok()) first_error = std::move(status);
    failed = true;
  }
};

void AppendLoop(EventStore& store, const Config& config, int appender, Appending& shared) {
  AppendRequest full = BuildRequest(appender, config.batch_events);
  std::optional<AppendRequest> tail;  // The last, shorter command, if the count is uneven.
  const std::uint64_t commands = (config.entries + config.batch_events - 1) / config.batch_events;
  for (std::uint64_t command; !shared.failed && (command = shared.next_command++) < commands;) {
    std::uint64_t events = std::min<std::uint64_t>(config.batch_events,
                                                   config.entries - command * config.batch_events);
    if (events < config.batch_events && !tail) tail.emplace(BuildRequest(appender, events));
    AppendRequest& request = events < config.batch_events ? *tail : full;
    request.command_id = "bench-verify-" + std::to_string(command);
    Result<AppendReceipt> receipt = store.Append(request);
    if (!receipt.ok()) return shared.Fail(receipt.status());
    if (receipt->outcome != AppendOutcome::kAppended) {
      return shared.Fail(
          Status::InvalidArgument("command '" + request.command_id + "' was already appended"));
    }
  }
}

struct Built {
  double seconds = 0;
  std::uint64_t checkpoints = 0;
};

// Appends config.entries entries to a new ledger at `data`, signing along the way.
Result<Built> BuildLedger(const std::string& data, const Config& config, const NoteSigner& signer) {
  auto started = SteadyClock::now();
  Result<std::unique_ptr<EventStore>> store = EventStore::Open({.path = data});
  if (!store.ok()) return store.status();
  auto checkpointer =
      Checkpointer::Start(**store, signer, {.origin = kOrigin, .background = false});
  if (!checkpointer.ok()) return checkpointer.status();
  Appending shared;
  std::vector<std::thread> threads;
  shared.running = config.appenders;
  for (int a = 0; a < config.appenders; ++a) {
    threads.emplace_back([&, a] {
      AppendLoop(**store, config, a, shared);
      --shared.running;
    });
  }
  Built built;
  std::uint64_t next_signature = config.checkpoint_every;
  std::uint64_t signed_size = 0;  // Of the latest checkpoint signed.
  auto last_report = SteadyClock::now();
  while (shared.running > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::uint64_t size = (*store)->head().size;
    if (size >= next_signature && !shared.failed) {
      Result<StoredCheckpoint> signed_now = (*checkpointer)->SignNow();
      if (!signed_now.ok()) shared.Fail(signed_now.status());
      if (signed_now.ok() && signed_now->size != signed_size) ++built.checkpoints;
      if (signed_now.ok()) signed_size = signed_now->size;
      next_signature = (size / config.checkpoint_every + 1) * config.checkpoint_every;
    }
    if (SecondsSince(last_report) > 10) {
      std::fprintf(stderr, "  building: %llu / %llu entries, %.0f entries/s\n",
                   static_cast<unsigned long long>(size),
                   static_cast<unsigned long long>(config.entries), size / SecondsSince(started));
      last_report = SteadyClock::now();
    }
  }
  for (std::thread& thread : threads) thread.join();
  if (shared.failed) return shared.first_error;
  Result<StoredCheckpoint> last = (*checkpointer)->SignNow();
  if (!last.ok()) return last.status();
  if (last->size != config.entries) {
    return Status::InvalidArgument("the last checkpoint is of size " + std::to_string(last->size) +
                                   ", not " + std::to_string(config.entries));
  }
  if (last->size != signed_size) ++built.checkpoints;
  checkpointer->reset();
  (*store)->Close();
  built.seconds = SecondsSince(started);
  return built;
}

// ---- the passes

struct Pass {
  double seconds = 0;
  double open_seconds = 0;  // Of `seconds`, spent opening the source.
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;  // Entry bytes read (the plain pass counts them).
  double entries_per_s() const { return seconds > 0 ? entries / seconds : 0; }
};

// `tuned`: read as a sequential scan should (no block cache fill, 4 MiB readahead) rather than
// with the default ReadOptions that DirectorySource uses: the reading floor on this machine.
Result<Pass> PlainPass(const std::string& data, bool tuned) {
  auto started = SteadyClock::now();
  auto db = Database::Open({.path = data, .create_if_missing = false, .read_only = true});
  if (!db.ok()) return db.status();
  Pass pass;
  pass.open_seconds = SecondsSince(started);
  rocksdb::ReadOptions read;
  if (tuned) {
    read.fill_cache = false;
    read.readahead_size = 4 << 20;
  }
  std::unique_ptr<rocksdb::Iterator> it((*db)->db()->NewIterator(read, (*db)->entries()));
  Hash folded{};  // Every digest folded in, so that none of them is work thrown away.
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Hash digest = Sha256(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(it->value().data()), it->value().size()));
    for (std::size_t i = 0; i < folded.size(); ++i) folded[i] ^= digest[i];
    ++pass.entries;
    pass.bytes += it->value().size();
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "iterating entries"));
  pass.seconds = SecondsSince(started);
  if (folded == Hash{} && pass.entries > 1) std::fprintf(stderr, "  (digests cancel out)\n");
  return pass;
}

// Runs the audit over `source` (opened by `open`, inside the timing) and insists it is clean.
template <typename Open>
Result<Pass> AuditPass(Open open, const std::vector<NoteVerifier>& keys,
                       std::uint64_t expected_entries, std::uint64_t expected_checkpoints) {
  auto started = SteadyClock::now();
  auto source = open();
  if (!source.ok()) return source.status();
  double open_seconds = SecondsSince(started);
  AuditOptions options;
  options.keys = keys;
  Result<AuditReport> report = Audit(**source, options);
  if (!report.ok()) return report.status();
  Pass pass;
  pass.seconds = SecondsSince(started);
  pass.entries = report->entries_checked;
  pass.open_seconds = open_seconds;
  if (report->finding) return Status::VerificationFailed(report->finding->ToString());
  if (report->entries_checked != expected_entries ||
      report->checkpoints_checked != expected_checkpoints) {
    return Status::VerificationFailed(
        "the audit checked " + std::to_string(report->entries_checked) + " entries and " +
        std::to_string(report->checkpoints_checked) + " checkpoints, expected " +
        std::to_string(expected_entries) + " and " + std::to_string(expected_checkpoints));
  }
  return pass;
}

// ---- reporting

std::uint64_t BytesOnDisk(const std::filesystem::path& path) {
  std::uint64_t total = 0;
  if (std::filesystem::is_regular_file(path)) return std::filesystem::file_size(path);
  for (const auto& file : std::filesystem::recursive_directory_iterator(path)) {
    if (file.is_regular_file()) total += file.file_size();
  }
  return total;
}

double GiB(std::uint64_t bytes) { return bytes / double(1 << 30); }

void PrintMachine(const std::string& root, const Config& config) {
  std::string flags = " " + tools::CpuInfoLine("flags") + " ";
  std::printf("bench_verify: auditing a ledger of %llu entries, beside a plain SHA-256 pass\n",
              static_cast<unsigned long long>(config.entries));
  std::printf("  cpus (nproc):   %u\n", std::thread::hardware_concurrency());
  std::printf("  cpu model:      %s\n", tools::CpuInfoLine("model name").c_str());
  std::printf("  sha extensions: %s\n",
              flags.find(" sha_ni ") != std::string::npos ? "yes (sha_ni)" : "no");
  std::printf("  memory:         %.1f GiB\n",
              GiB(static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE)));
  std::printf("  directory:      %s (%s)\n", root.c_str(), tools::FilesystemOf(root).c_str());
  std::fflush(stdout);
}

void PrintRow(const char* label, const Pass& pass, const Pass& plain, const Pass& tuned,
              bool targeted) {
  auto share_of = [&](const Pass& base) {
    return base.entries_per_s() > 0 ? pass.entries_per_s() / base.entries_per_s() : 0;
  };
  double ratio = share_of(plain);
  double tuned_ratio = share_of(tuned);
  const char* rate = !targeted                                    ? "-"
                     : pass.entries_per_s() >= kTargetEntriesPerS ? "PASS"
                                                                  : "BELOW";
  // Judged against the tuned pass: it reads the entries exactly as DirectorySource does.
  const char* share = !targeted ? "-" : tuned_ratio >= kTargetPlainRatio ? "PASS" : "BELOW";
  std::printf("%-34s %8.2f %7.2f %12.0f %8.1f %9.2f %9.2f %9s %11s\n", label, pass.seconds,
              pass.open_seconds, pass.entries_per_s(), plain.bytes / 1e6 / pass.seconds, ratio,
              tuned_ratio, rate, share);
}

// ---- wiring

Status RunBenchmark(const std::filesystem::path& root, const Config& config) {
  PrintMachine(root.string(), config);
  Result<NoteSigner> signer = NoteSigner::Generate(kOrigin);
  if (!signer.ok()) return signer.status();
  Result<NoteVerifier> verifier = NoteVerifier::FromVerifierKeyText(signer->VerifierKeyText());
  if (!verifier.ok()) return verifier.status();
  const std::vector<NoteVerifier> keys{*verifier};
  const std::string data = (root / "ledger").string();
  const std::string bundle = (root / "ledger.bundle").string();

  Result<Built> built = BuildLedger(data, config, *signer);
  if (!built.ok()) return built.status();
  std::printf(
      "  build:          %.1f s (%.0f entries/s): %d appenders x %zu-event commands, "
      "%llu checkpoints\n",
      built->seconds, config.entries / built->seconds, config.appenders, config.batch_events,
      static_cast<unsigned long long>(built->checkpoints));
  auto export_started = SteadyClock::now();
  Result<ExportSummary> exported = ExportBundle(data, bundle, {});
  if (!exported.ok()) return exported.status();
  double export_s = SecondsSince(export_started);

  std::optional<Pass> plain, tuned, by_data, by_bundle;
  auto keep_fastest = [](std::optional<Pass>& best, const Pass& pass) {
    if (!best || pass.seconds < best->seconds) best = pass;
  };
  for (int round = 0; round < config.rounds; ++round) {
    Result<Pass> p = PlainPass(data, false);
    if (!p.ok()) return p.status();
    keep_fastest(plain, *p);
    Result<Pass> t = PlainPass(data, true);
    if (!t.ok()) return t.status();
    keep_fastest(tuned, *t);
    Result<Pass> d = AuditPass([&] { return DirectorySource::Open(data); }, keys, config.entries,
                               built->checkpoints);
    if (!d.ok()) return d.status();
    keep_fastest(by_data, *d);
    Result<Pass> b = AuditPass([&] { return BundleSource::Open(bundle); }, keys, config.entries,
                               built->checkpoints);
    if (!b.ok()) return b.status();
    keep_fastest(by_bundle, *b);
    std::fprintf(stderr,
                 "  round %d: plain %.2f s, plain tuned %.2f s, verify --data %.2f s, "
                 "verify --bundle %.2f s\n",
                 round + 1, p->seconds, t->seconds, d->seconds, b->seconds);
  }
  if (plain->entries != config.entries) {
    return Status::Corruption("the plain pass read " + std::to_string(plain->entries) +
                              " entries, expected " + std::to_string(config.entries));
  }
  std::printf(
      "  on disk:        ledger %.2f GiB (entry values %.2f GiB, %.0f bytes per entry); "
      "bundle %.2f GiB, exported in %.1f s\n",
      GiB(BytesOnDisk(data)), GiB(plain->bytes), double(plain->bytes) / plain->entries,
      GiB(BytesOnDisk(bundle)), export_s);
  std::printf(
      "  rounds:         %d, passes alternating; the fastest of each shown; the page "
      "cache is warm\n\n",
      config.rounds);
  std::printf("%-34s %8s %7s %12s %8s %9s %9s %9s %11s\n", "pass", "seconds", "open s", "entries/s",
              "MB/s", "vs plain", "vs tuned", ">=1M/s", ">=0.5 tuned");
  PrintRow("plain SHA-256 of each entry", *plain, *plain, *tuned, false);
  PrintRow("plain SHA-256, tuned scan", *tuned, *plain, *tuned, false);
  PrintRow("verify --data (directory)", *by_data, *plain, *tuned, true);
  PrintRow("verify --bundle (exported bundle)", *by_bundle, *plain, *tuned, true);
  std::printf(
      "seconds include opening the source ('open s': RocksDB replays its write-ahead "
      "log; a bundle's\nwhole-file digest is checked). MB/s: entry value bytes (%.0f MB "
      "in all) over each pass's seconds.\n'vs plain': against the plain pass with default "
      "ReadOptions; 'vs tuned': against the same pass\nreading with fill_cache=false and "
      "4 MiB readahead, as DirectorySource reads. The 0.5 target is judged\nagainst "
      "'vs tuned', the stricter and like-for-like baseline.\n",
      plain->bytes / 1e6);
  std::fflush(stdout);
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures ledgerctl verify's audit against a plain SHA-256 pass."};
  Config config;
  std::string parent = "/tmp";
  bool keep = false;
  app.add_option("--entries", config.entries, "Entries in the ledger")->check(CLI::PositiveNumber);
  app.add_option("--dir", parent, "Where to create the benchmark's directory")
      ->check(CLI::ExistingDirectory);
  app.add_flag("--keep", keep, "Keep the ledger and the bundle afterwards");
  app.add_option("--appenders", config.appenders, "Appender threads")->check(CLI::Range(1, 64));
  app.add_option("--batch", config.batch_events, "Events per command")->check(CLI::Range(1, 8192));
  app.add_option("--checkpoint-every", config.checkpoint_every, "Sign about every N entries")
      ->check(CLI::PositiveNumber);
  app.add_option("--rounds", config.rounds, "Rounds of the three passes")->check(CLI::Range(1, 9));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  std::string pattern = parent + "/bench_verify.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::fprintf(stderr, "bench_verify: cannot create a directory under '%s': %s\n", parent.c_str(),
                 std::strerror(errno));
    return 2;
  }
  Status status = RunBenchmark(pattern, config);
  if (keep) {
    std::printf("kept: %s\n", pattern.c_str());
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "bench_verify failed: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
