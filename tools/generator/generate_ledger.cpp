// generate_ledger: fills an empty ledger with a realistic, generated history of the fourth
// pillar (docs/operations.md, "Generating a realistic ledger").
//
//   generate_ledger --data DIR --events N [--seed S] [--start 2023-01-01] [--today YYYY-MM-DD]
//                   [--in-flight 2048]
//
// Progress goes to stderr about once a second, the summary to stdout at the end. --today
// defaults to the current UTC date.
// Exit codes: 0 ok; 1 the ledger refused a generated command (a generator bug); 2 bad usage
// or an operating error.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "tools/generator/ledger_generator.h"

namespace {

using namespace ledger;

constexpr int kOk = 0;
constexpr int kRefused = 1;
constexpr int kError = 2;

int Fail(const Status& status) {
  std::fprintf(stderr, "generate_ledger: %s\n", status.ToString().c_str());
  return status.code() == Status::Code::kRejected ? kRefused : kError;
}

void PrintSummary(const tools::GeneratorSummary& summary, const SequencerStats& stats,
                  const std::string& data_dir) {
  std::printf("ledger %s\n", data_dir.c_str());
  std::printf("  events:        %llu in %.1f s (%.0f events/s; calibration %.1f s)\n",
              static_cast<unsigned long long>(summary.events), summary.elapsed_s,
              summary.elapsed_s > 0 ? summary.events / summary.elapsed_s : 0.0,
              summary.calibration_s);
  std::printf("  commands:      %llu (%.2f events each)\n",
              static_cast<unsigned long long>(summary.commands),
              summary.commands > 0 ? double(summary.events) / summary.commands : 0.0);
  std::printf("  group commits: %llu (%.0f events each, %.0f us synced write each)\n",
              static_cast<unsigned long long>(stats.groups),
              stats.groups > 0 ? double(stats.events) / stats.groups : 0.0,
              stats.groups > 0 ? double(stats.sync_us_total) / stats.groups : 0.0);
  std::printf("  trajectories:  %llu opened, %llu completed, %llu exempted\n",
              static_cast<unsigned long long>(summary.trajectories),
              static_cast<unsigned long long>(summary.trajectories_completed),
              static_cast<unsigned long long>(summary.trajectories_exempted));
  std::printf("  complaints:    %llu filed\n", static_cast<unsigned long long>(summary.complaints));
  std::printf("  last day:      %s\n", domain::FormatDay(summary.last_day).c_str());
  std::printf("  events by kind:\n");
  for (std::size_t kind = 0; kind < summary.events_by_kind.size(); ++kind) {
    std::printf("    %-30s %llu\n", std::string(tools::EventKindName(kind)).c_str(),
                static_cast<unsigned long long>(summary.events_by_kind[kind]));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fills an empty ledger with a realistic, generated history of the fourth pillar."};
  std::string data_dir;
  std::uint64_t events = 0;
  std::uint64_t seed = 1;
  std::string start = "2023-01-01";
  std::string today;
  std::size_t in_flight = tools::GeneratorOptions{}.commands_in_flight_max;
  app.add_option("--data", data_dir, "Ledger directory (created; must hold no entries)")
      ->required();
  app.add_option("--events", events, "Number of events to generate")->required();
  app.add_option("--seed", seed, "Seed: the same seed gives the same events");
  app.add_option("--start", start, "First simulated day (YYYY-MM-DD)");
  app.add_option("--today", today, "Last simulated day (YYYY-MM-DD; default: today, UTC)");
  app.add_option("--in-flight", in_flight, "Commands appended concurrently (AppendAsync window)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kOk : kError;
  }
  spdlog::set_level(spdlog::level::warn);

  tools::GeneratorOptions options;
  options.events = events;
  options.seed = seed;
  options.commands_in_flight_max = in_flight;
  Result<domain::Day> start_day = domain::ParseDay(start);
  if (!start_day.ok()) return Fail(start_day.status());
  options.start = *start_day;
  if (today.empty()) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    options.today =
        domain::DayOfUs(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
  } else {
    Result<domain::Day> today_day = domain::ParseDay(today);
    if (!today_day.ok()) return Fail(today_day.status());
    options.today = *today_day;
  }

  auto store = EventStore::Open({.path = data_dir});
  if (!store.ok()) return Fail(store.status());
  std::uint64_t last_events = 0;
  double last_s = 0;
  auto progress = [&](const tools::GeneratorProgress& at) {
    const double rate =
        at.elapsed_s > last_s ? (at.events - last_events) / (at.elapsed_s - last_s) : 0;
    std::fprintf(stderr, "generate_ledger: %s  %llu events  %.0f events/s  %llu trajectories\n",
                 domain::FormatDay(at.day).c_str(), static_cast<unsigned long long>(at.events),
                 rate, static_cast<unsigned long long>(at.trajectories));
    last_events = at.events;
    last_s = at.elapsed_s;
  };
  Result<tools::GeneratorSummary> summary = tools::GenerateLedger(**store, options, progress);
  if (!summary.ok()) return Fail(summary.status());
  const SequencerStats stats = (*store)->stats();
  (*store)->Close();
  PrintSummary(*summary, stats, data_dir);
  return kOk;
}
