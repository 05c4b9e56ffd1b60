// bench_rebuild: how fast every read model is rebuilt from the log, beside a plain iteration
// over the same entries in the same run. The issue: "Rebuild all read models from a realistic
// generated ledger of 10 million events ...; report events/s beside a plain iteration over the
// same entries in the same run. Target: at least 1 million events/s and at least 0.3 of the
// plain iteration rate."
//
// Input: an existing ledger directory (--data), e.g. written by generate_ledger. It is opened
// read-only. Measured --rounds times, alternately:
//   plain    LogScan over every entry (the projector's own reader: RocksDB iteration with
//            readahead, each value copied into an aligned buffer) and the entry's root pointer
//            read: what any fold pays to see every entry once;
//   rebuild  Projector::Rebuild into a fresh projection database under --dir: decode, route,
//            fold every trajectory and complaint stream, encode and write the rows and indexes
//            in batches, flush, switch the generation. Opening the database is outside the
//            timing; the final flush and switch are inside.
// The ratio is rebuild/plain of the same round; the median round is reported.
#include <capnp/message.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ledger/store/database.h"
#include "ledger/store/log_scan.h"
#include "ledger/store/tree_nodes.h"
#include "projections/projection_db.h"
#include "projections/projector.h"
#include "tools/bench/machine_facts.h"

namespace {

using namespace ledger;
using SteadyClock = std::chrono::steady_clock;

constexpr double kTargetEventsPerS = 1e6;
constexpr double kTargetPlainRatio = 0.3;

double Since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The plain pass: every entry scanned and its root pointer read. Returns seconds.
Result<double> PlainPass(const Database& database, std::uint64_t size, std::uint64_t& checksum) {
  auto start = SteadyClock::now();
  LogScan scan(database, Position{0}, size);
  for (;;) {
    Result<std::optional<ScannedEntry>> next = scan.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    kj::ArrayPtr<const capnp::word> segments[1] = {(*next)->words};
    capnp::SegmentArrayMessageReader message(segments);
    checksum += message.getRoot<schema::Entry>().getStreamVersion();
  }
  return Since(start);
}

struct RebuildRun {
  double seconds = 0;
  projections::FolderStats stats;
};

Result<RebuildRun> RebuildPass(const Database& database, std::uint64_t size, const std::string& dir,
                               std::size_t cache_states) {
  std::filesystem::remove_all(dir);
  Result<std::unique_ptr<projections::ProjectionDb>> db = projections::ProjectionDb::Open(dir);
  if (!db.ok()) return db.status();
  projections::ProjectorOptions options;
  options.cache_states_max = cache_states;
  Result<Hash> root = StoredRootAt(database.db(), database.tree(), size);
  if (!root.ok()) return root.status();
  TreeHead head{size, *root};
  projections::Projector projector(projections::LedgerSource{&database, [head] { return head; }},
                                   **db, options);
  auto start = SteadyClock::now();
  auto last_print = start;
  Status status = projector.Rebuild([&](const projections::RebuildProgress& progress) {
    if (Since(last_print) < 5) return;
    last_print = SteadyClock::now();
    std::fprintf(stderr, "  rebuild: %llu / %llu entries, %.0f entries/s\n",
                 static_cast<unsigned long long>(progress.applied),
                 static_cast<unsigned long long>(progress.target),
                 progress.applied / std::max(progress.seconds, 1e-9));
  });
  if (!status.ok()) return status;
  RebuildRun run{Since(start), projector.stats()};
  return run;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Rebuild every read model from a ledger, beside a plain iteration"};
  std::string data;
  std::string dir = "/tmp";
  int rounds = 3;
  std::size_t cache_states = projections::ProjectorOptions().cache_states_max;
  app.add_option("--data", data, "Ledger directory (e.g. from generate_ledger)")->required();
  app.add_option("--dir", dir, "Where the scratch projection database goes");
  app.add_option("--rounds", rounds, "Alternating rounds of both passes")->check(CLI::Range(1, 9));
  app.add_option("--cache-states", cache_states, "Subject states the projector keeps in memory");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  DatabaseOptions open;
  open.path = data;
  open.read_only = true;
  Result<std::unique_ptr<Database>> database = Database::Open(open);
  if (!database.ok()) {
    std::fprintf(stderr, "bench_rebuild: %s\n", database.status().ToString().c_str());
    return 2;
  }
  Result<layout::Head> head = (*database)->ReadHead();
  if (!head.ok()) {
    std::fprintf(stderr, "bench_rebuild: %s\n", head.status().ToString().c_str());
    return 2;
  }
  std::uint64_t size = head->size;
  std::string scratch = dir + "/bench_rebuild_projections." + std::to_string(::getpid());
  std::printf("bench_rebuild: %llu entries in %s\n", static_cast<unsigned long long>(size),
              data.c_str());
  std::printf("cpu: %s; filesystem: %s\n", tools::CpuInfoLine("model name").c_str(),
              tools::FilesystemOf(dir).c_str());
  std::vector<double> plain_rates, rebuild_rates, ratios;
  std::uint64_t checksum = 0;
  for (int round = 1; round <= rounds; ++round) {
    Result<double> plain = PlainPass(**database, size, checksum);
    if (!plain.ok()) {
      std::fprintf(stderr, "bench_rebuild: plain pass: %s\n", plain.status().ToString().c_str());
      return 1;
    }
    Result<RebuildRun> rebuild = RebuildPass(**database, size, scratch, cache_states);
    if (!rebuild.ok()) {
      std::fprintf(stderr, "bench_rebuild: rebuild: %s\n", rebuild.status().ToString().c_str());
      return 1;
    }
    double plain_rate = size / *plain;
    double rebuild_rate = size / rebuild->seconds;
    plain_rates.push_back(plain_rate);
    rebuild_rates.push_back(rebuild_rate);
    ratios.push_back(rebuild_rate / plain_rate);
    std::printf(
        "round %d: plain %.0f entries/s (%.2f s); rebuild %.0f events/s (%.2f s); "
        "ratio %.3f; rows written %llu, cache misses %llu, skipped %llu\n",
        round, plain_rate, *plain, rebuild_rate, rebuild->seconds, ratios.back(),
        static_cast<unsigned long long>(rebuild->stats.rows_written),
        static_cast<unsigned long long>(rebuild->stats.cache_misses),
        static_cast<unsigned long long>(rebuild->stats.entries_skipped));
  }
  std::filesystem::remove_all(scratch);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double rebuild_rate = Median(rebuild_rates);
  double ratio = Median(ratios);
  std::printf(
      "median: plain %.0f entries/s, rebuild %.0f events/s, ratio %.3f; peak RSS %ld MiB"
      " (checksum %llu)\n",
      Median(plain_rates), rebuild_rate, ratio, usage.ru_maxrss / 1024,
      static_cast<unsigned long long>(checksum));
  std::printf("target: >= %.0f events/s: %s; ratio >= %.1f: %s\n", kTargetEventsPerS,
              rebuild_rate >= kTargetEventsPerS ? "met" : "NOT met", kTargetPlainRatio,
              ratio >= kTargetPlainRatio ? "met" : "NOT met");
  return 0;
}
