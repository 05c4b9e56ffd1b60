// bench_append: the ledger's durable append throughput against raw synced RocksDB batches.
//
// Each case runs twice, each time on a fresh directory: once through EventStore::Append (which
// returns only after its group commit's synced WriteBatch) and once as plain RocksDB WriteBatches
// written with sync=true from one thread, holding the same number of events per batch and the
// same payload bytes (a canonical schema::Entry with a HoursLogged event, under 8-byte
// big-endian position keys). The raw run is the ceiling: what one fsync'd batch of that many
// events costs on this machine. The cases:
//   - N concurrent appenders (1, 8, 64, 256 threads), each appending single events to its own
//     stream with ExpectedVersion::Any(); the raw run writes batches of N events, which is what
//     perfect group commit would turn N waiting appenders into;
//   - N appends in flight (64, 256) from ONE client thread through AppendAsync, refilling each
//     slot as its completion arrives: how a server's event loop drives the store, without an
//     OS thread (and a futex wake plus context switch) per waiting appender;
//   - one appender sending batches of 16, 256 and 4096 events to one stream; the raw run writes
//     batches of the same size.
// Each run measures for --seconds (default 3; --quick: 0.5) after a warm-up of a sixth of that
// (at least 0.1 s). Appenders reuse one built request per thread, changing only its command id,
// so the client's cost of building events is not measured; PrepareAppend (validation, canonical
// encoding, fingerprinting) and everything after it is. Reported beside each case: the
// ledger's average group size (events per WriteBatch) and average synced-write time per group,
// from EventStore::stats(), and the raw run's average synced-write time.
// Targets: 64 appenders >= 0.7 of raw batches of 64; batch appends >= 0.8 of raw at that size.
#include <capnp/message.h>
#include <rocksdb/db.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/event_store.h"
#include "tools/bench/machine_facts.h"

namespace {

using Seconds = std::chrono::duration<double>;
using SteadyClock = std::chrono::steady_clock;

struct Timing {
  double warmup_s = 0.5;
  double measure_s = 3.0;
  int rounds = 3;  // Ledger and raw runs alternate this many times; the median ratio is shown.
};

struct CaseSpec {
  const char* label;
  int appenders;                  // Threads calling Append concurrently.
  std::size_t events_per_append;  // Also the raw run's events per WriteBatch when appenders == 1.
  double target_ratio;            // Ledger/raw ratio to reach; 0 when the case has no target.
  bool async = false;             // One client thread keeps `appenders` appends in flight.
  std::size_t raw_events_per_batch() const {
    return static_cast<std::size_t>(appenders) * events_per_append;
  }
};

const CaseSpec kCases[] = {
    {"1 appender x 1 event", 1, 1, 0.0},
    {"8 appenders x 1 event", 8, 1, 0.0},
    {"64 appenders x 1 event", 64, 1, 0.7},
    {"256 appenders x 1 event", 256, 1, 0.0},
    {"64 in flight x 1 (async)", 64, 1, 0.7, true},
    {"256 in flight x 1 (async)", 256, 1, 0.0, true},
    {"1 appender x 16 events", 1, 16, 0.8},
    {"1 appender x 256 events", 1, 256, 0.8},
    {"1 appender x 4096 events", 1, 4096, 0.8},
};

// What one run did between the end of its warm-up and its end.
struct Measured {
  double elapsed_s = 0;
  std::uint64_t events = 0;
  std::uint64_t groups = 0;   // Synced WriteBatches.
  std::uint64_t sync_us = 0;  // Time inside those writes.
  double events_per_s() const { return elapsed_s > 0 ? events / elapsed_s : 0; }
  double events_per_group() const { return groups ? double(events) / groups : 0; }
  double sync_us_per_group() const { return groups ? double(sync_us) / groups : 0; }
};

// ---- realistic content

std::int64_t OccurredAtUs() {  // 2026-04-14 10:00 UTC: a session logged the day it happened.
  return 1776160800LL * 1000000;
}

void FillHoursLogged(ledger::schema::Event::Builder event, int appender, std::size_t index) {
  auto hours = event.initHoursLogged();
  char entry_id[64];
  std::snprintf(entry_id, sizeof(entry_id), "hours-T-2026-%04d-%06zu", appender, index);
  hours.setHoursEntryId(entry_id);
  hours.setActivityId("act-taalstage");
  auto session = hours.initSessionOn();
  session.setYear(2026);
  session.setMonth(4);
  session.setDay(14);
  hours.setMinutes(150);
}

ledger::ActorRef ActorFor(int appender) {
  if (appender % 2 == 1) return {ledger::schema::Role::NEWCOMER, "self", "subject-8c1f"};
  return {ledger::schema::Role::COUNSELLOR, "agentschap-integratie-gent", "tb-0417"};
}

std::string StreamFor(int appender) { return "trajectory-bench-" + std::to_string(appender); }

// One command of `events` HoursLogged events on the appender's own stream. Its command id is
// the prefix the appender extends with a sequence number before each append.
ledger::AppendRequest BuildRequest(int appender, std::size_t events) {
  ledger::AppendRequest request =
      ledger::AppendRequest::ForStream("bench-" + std::to_string(appender), ActorFor(appender),
                                       StreamFor(appender), ledger::ExpectedVersion::Any());
  request.correlation_id = "T-2026-" + std::to_string(appender);
  for (std::size_t i = 0; i < events; ++i) {
    FillHoursLogged(request.AddEvent(OccurredAtUs()).event(), appender, i);
  }
  return request;
}

// The canonical entry the ledger would store for one such event: the raw runs' payload.
kj::Array<capnp::word> CanonicalEntry() {
  capnp::MallocMessageBuilder message;
  auto entry = message.initRoot<ledger::schema::Entry>();
  entry.setPosition(1234567);
  entry.setStreamVersion(4321);
  entry.setRecordedAtUs(OccurredAtUs() + 3600LL * 1000000);
  entry.setOccurredAtUs(OccurredAtUs());
  entry.setStreamId(StreamFor(42));
  ledger::ActorRef actor = ActorFor(0);
  auto actor_builder = entry.initActor();
  actor_builder.setRole(actor.role);
  actor_builder.setOrganisation(actor.organisation);
  actor_builder.setId(actor.id);
  entry.setCommandId("bench-42-1234");
  entry.setCorrelationId("T-2026-42");
  FillHoursLogged(entry.initEvent(), 42, 123456);
  return capnp::canonicalize(entry.asReader());
}

// ---- the ledger runs

// State shared by the appender threads of one run.
struct Appenders {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> events{0};  // Events whose Append returned kAppended.
  std::mutex mutex;
  ledger::Status first_error;  // Guarded by mutex.

  void Fail(ledger::Status status) {
    std::lock_guard<std::mutex> lock(mutex);
    if (first_error.ok()) first_error = std::move(status);
    stop = true;
  }
};

void AppendLoop(ledger::EventStore& store, ledger::AppendRequest request, Appenders& shared) {
  const std::string prefix = request.command_id + "-";
  for (std::uint64_t seq = 0; !shared.stop.load(std::memory_order_relaxed); ++seq) {
    request.command_id = prefix + std::to_string(seq);
    ledger::Result<ledger::AppendReceipt> receipt = store.Append(request);
    if (!receipt.ok()) return shared.Fail(receipt.status());
    if (receipt->outcome != ledger::AppendOutcome::kAppended) {
      return shared.Fail(ledger::Status::InvalidArgument(
          "benchmark command id '" + request.command_id + "' was already appended"));
    }
    shared.events.fetch_add(receipt->count, std::memory_order_relaxed);
  }
}

// Keeps `in_flight` appends outstanding from this one thread. Completions run on the ledger's
// completion thread; each frees a slot, and this thread refills every free slot at once.
void AsyncLoop(ledger::EventStore& store, ledger::AppendRequest request, std::size_t in_flight,
               Appenders& shared) {
  const std::string prefix = request.command_id + "-";
  std::mutex mutex;
  std::condition_variable freed;
  std::size_t free_slots = in_flight;
  auto done = [&](ledger::Result<ledger::AppendReceipt> receipt) {
    if (!receipt.ok()) {
      shared.Fail(receipt.status());
    } else {
      shared.events.fetch_add(receipt->count, std::memory_order_relaxed);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++free_slots;
    freed.notify_one();
  };
  std::uint64_t seq = 0;
  while (!shared.stop.load(std::memory_order_relaxed)) {
    std::size_t refill = 0;
    {
      std::unique_lock<std::mutex> lock(mutex);
      freed.wait(lock, [&] { return free_slots > 0; });
      std::swap(refill, free_slots);
    }
    for (std::size_t i = 0; i < refill; ++i) {
      request.command_id = prefix + std::to_string(seq++);
      store.AppendAsync(request, done);
    }
  }
  // The callbacks use this frame: wait for every one of them.
  std::unique_lock<std::mutex> lock(mutex);
  freed.wait(lock, [&] { return free_slots == in_flight; });
}

struct Snapshot {
  SteadyClock::time_point at;
  std::uint64_t events;
  ledger::SequencerStats stats;
};

Snapshot TakeSnapshot(const ledger::EventStore& store, const Appenders& shared) {
  return {SteadyClock::now(), shared.events.load(), store.stats()};
}

Measured Between(const Snapshot& start, const Snapshot& end) {
  return {Seconds(end.at - start.at).count(), end.events - start.events,
          end.stats.groups - start.stats.groups,
          end.stats.sync_us_total - start.stats.sync_us_total};
}

ledger::Result<Measured> MeasureLedger(const std::string& dir, const CaseSpec& spec,
                                       const Timing& timing) {
  auto store = ledger::EventStore::Open({.path = dir});
  if (!store.ok()) return store.status();
  Appenders shared;
  std::vector<std::thread> threads;
  threads.reserve(spec.appenders);
  if (spec.async) {
    threads.emplace_back(AsyncLoop, std::ref(**store), BuildRequest(0, spec.events_per_append),
                         static_cast<std::size_t>(spec.appenders), std::ref(shared));
  }
  for (int a = 0; !spec.async && a < spec.appenders; ++a) {
    threads.emplace_back(AppendLoop, std::ref(**store), BuildRequest(a, spec.events_per_append),
                         std::ref(shared));
  }
  std::this_thread::sleep_for(Seconds(timing.warmup_s));
  Snapshot start = TakeSnapshot(**store, shared);
  std::this_thread::sleep_for(Seconds(timing.measure_s));
  Snapshot end = TakeSnapshot(**store, shared);
  shared.stop = true;
  for (std::thread& thread : threads) thread.join();
  (*store)->Close();
  std::lock_guard<std::mutex> lock(shared.mutex);
  if (!shared.first_error.ok()) return shared.first_error;
  return Between(start, end);
}

// ---- the raw RocksDB runs

// Writes synced batches of `per_batch` copies of `value` under consecutive position keys
// until `seconds` pass, adding what it wrote to `counted`.
ledger::Status WriteBatchesFor(rocksdb::DB& db, rocksdb::Slice value, std::size_t per_batch,
                               double seconds, std::uint64_t& position, Measured& counted) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  rocksdb::WriteBatch batch;
  const auto started = SteadyClock::now();
  const auto deadline =
      started + std::chrono::duration_cast<SteadyClock::duration>(Seconds(seconds));
  while (SteadyClock::now() < deadline) {
    batch.Clear();
    for (std::size_t i = 0; i < per_batch; ++i) {
      batch.Put(ledger::layout::PositionKey(ledger::Position{position++}), value);
    }
    auto write_started = SteadyClock::now();
    rocksdb::Status written = db.Write(sync, &batch);
    auto write_us =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - write_started)
            .count();
    if (!written.ok()) {
      return ledger::FromRocks(
          written, "raw synced write at position " + std::to_string(position - per_batch));
    }
    counted.events += per_batch;
    counted.groups += 1;
    counted.sync_us += static_cast<std::uint64_t>(write_us);
  }
  counted.elapsed_s += Seconds(SteadyClock::now() - started).count();
  return ledger::Status::Ok();
}

ledger::Result<Measured> MeasureRaw(const std::string& dir, std::size_t per_batch,
                                    kj::ArrayPtr<const capnp::word> entry, const Timing& timing) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(options, dir, &raw);
  if (!opened.ok()) return ledger::FromRocks(opened, "opening raw RocksDB at '" + dir + "'");
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::Slice value(reinterpret_cast<const char*>(entry.begin()),
                       entry.size() * sizeof(capnp::word));
  std::uint64_t position = 0;
  Measured warmup;
  Measured measured;
  ledger::Status status = WriteBatchesFor(*db, value, per_batch, timing.warmup_s, position, warmup);
  if (status.ok()) {
    status = WriteBatchesFor(*db, value, per_batch, timing.measure_s, position, measured);
  }
  rocksdb::Status closed = db->Close();
  if (!status.ok()) return status;
  if (!closed.ok()) return ledger::FromRocks(closed, "closing raw RocksDB at '" + dir + "'");
  return measured;
}

// ---- reporting

void PrintMachine(const std::string& root, std::size_t entry_bytes, const Timing& timing) {
  std::printf("bench_append: durable appends, ledger vs raw synced RocksDB WriteBatches\n");
  std::printf("  cpus (nproc): %u\n", std::thread::hardware_concurrency());
  std::printf("  cpu model:    %s\n", ledger::tools::CpuInfoLine("model name").c_str());
  std::printf("  directory:    %s (%s)\n", root.c_str(), ledger::tools::FilesystemOf(root).c_str());
  std::printf("  entry bytes:  %zu (canonical Entry, HoursLogged)\n", entry_bytes);
  std::printf(
      "  per run:      %.2f s warm-up, %.2f s measured; %d alternating rounds per case,\n"
      "                the round with the median ratio shown, all rounds' range beside\n\n",
      timing.warmup_s, timing.measure_s, timing.rounds);
  std::printf("%-26s %11s %11s %6s %10s %6s %6s %7s %8s %8s\n", "case", "ledger ev/s", "raw ev/s",
              "ratio", "range", "target", "verdict", "ev/grp", "us/grp", "raw us/w");
}

// One round: the ledger run and the raw run measured right after it.
struct Round {
  Measured ledger;
  Measured raw;
  double ratio() const {
    return raw.events_per_s() > 0 ? ledger.events_per_s() / raw.events_per_s() : 0;
  }
};

// Prints the round with the median ratio, and the lowest and highest ratio of all rounds.
void PrintRow(const CaseSpec& spec, std::vector<Round> rounds) {
  std::sort(rounds.begin(), rounds.end(),
            [](const Round& a, const Round& b) { return a.ratio() < b.ratio(); });
  const Round& median = rounds[rounds.size() / 2];
  char target[16] = "-";
  const char* verdict = "-";
  if (spec.target_ratio > 0) {
    std::snprintf(target, sizeof(target), ">=%.1f", spec.target_ratio);
    verdict = median.ratio() >= spec.target_ratio ? "PASS" : "BELOW";
  }
  char range[32];
  std::snprintf(range, sizeof(range), "%.2f-%.2f", rounds.front().ratio(), rounds.back().ratio());
  std::printf("%-26s %11.0f %11.0f %6.2f %10s %6s %6s %7.1f %8.0f %8.0f\n", spec.label,
              median.ledger.events_per_s(), median.raw.events_per_s(), median.ratio(), range,
              target, verdict, median.ledger.events_per_group(), median.ledger.sync_us_per_group(),
              median.raw.sync_us_per_group());
  std::fflush(stdout);
}

// ---- wiring

ledger::Status RunCase(const std::filesystem::path& root, int index, const CaseSpec& spec,
                       kj::ArrayPtr<const capnp::word> entry, const Timing& timing) {
  std::vector<Round> rounds;
  for (int r = 0; r < timing.rounds; ++r) {
    std::string suffix = std::to_string(index) + "-" + std::to_string(r);
    std::string ledger_dir = (root / ("ledger-" + suffix)).string();
    std::string raw_dir = (root / ("raw-" + suffix)).string();
    ledger::Result<Measured> ledger_run = MeasureLedger(ledger_dir, spec, timing);
    std::error_code ignored;
    std::filesystem::remove_all(ledger_dir, ignored);
    if (!ledger_run.ok()) return ledger_run.status();
    ledger::Result<Measured> raw_run =
        MeasureRaw(raw_dir, spec.raw_events_per_batch(), entry, timing);
    std::filesystem::remove_all(raw_dir, ignored);
    if (!raw_run.ok()) return raw_run.status();
    rounds.push_back(Round{*ledger_run, *raw_run});
  }
  PrintRow(spec, std::move(rounds));
  return ledger::Status::Ok();
}

// Runs every case under a new temporary directory inside `parent`, removed afterwards.
// Only cases whose label contains `only` run (all when it is empty).
ledger::Status RunBenchmark(const std::string& parent, const Timing& timing,
                            const std::string& only) {
  std::string pattern = parent + "/bench_append.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return ledger::Status::IoError("cannot create a temporary directory under '" + parent +
                                   "': " + std::strerror(errno));
  }
  const std::filesystem::path root = pattern;
  kj::Array<capnp::word> entry = CanonicalEntry();
  PrintMachine(root.string(), entry.size() * sizeof(capnp::word), timing);
  ledger::Status status;
  for (int i = 0; i < static_cast<int>(std::size(kCases)) && status.ok(); ++i) {
    if (std::string(kCases[i].label).find(only) == std::string::npos) continue;
    status = RunCase(root, i, kCases[i], entry, timing);
  }
  std::error_code ignored;
  std::filesystem::remove_all(root, ignored);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures durable append throughput of the ledger against raw RocksDB."};
  std::string parent = "/tmp";
  double seconds = 3.0;
  bool quick = false;
  std::string only;
  app.add_option("--dir", parent, "Where to create the temporary database directories")
      ->check(CLI::ExistingDirectory);
  app.add_option("--seconds", seconds, "Measured seconds per run")->check(CLI::PositiveNumber);
  app.add_flag("--quick", quick, "Smoke run: 0.5 s per run");
  app.add_option("--case", only, "Run only the cases whose label contains this text");
  int rounds = 3;
  app.add_option("--rounds", rounds, "Alternating ledger/raw rounds per case (median shown)")
      ->check(CLI::Range(1, 99));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);  // The ledger logs every open at info.

  if (quick) seconds = 0.5;
  Timing timing{std::max(0.1, seconds / 6), seconds, quick ? 1 : rounds};
  ledger::Status status = RunBenchmark(parent, timing, only);
  if (!status.ok()) {
    std::fprintf(stderr, "bench_append failed: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
