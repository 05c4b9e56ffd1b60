#include "tools/bench/service_bench.h"

#include <stdlib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "tools/bench/http_load.h"
#include "tools/bench/machine_facts.h"
#include "tools/bench/metric_sample.h"
#include "tools/bench/rpc_load.h"
#include "tools/bench/service_process.h"

namespace ledger::tools {
namespace {

constexpr double kErrorFractionMax = 0.001;
constexpr double kAppendToNoopTarget = 0.5;
constexpr double kReadP99TargetMs = 2.0;
constexpr double kStartTimeoutS = 60;
constexpr double kStopTimeoutS = 60;

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double ChildrenCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string FirstLine(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

void PrintMachine(const std::string& dir) {
  std::printf("machine: %s, %u logical CPUs, %s\n", CpuInfoLine("model name").c_str(),
              std::thread::hardware_concurrency(), FirstLine("/proc/meminfo").c_str());
  std::printf("data directory: %s (%s)\n", dir.c_str(), FilesystemOf(dir).c_str());
  std::printf("load average before the run: %s\n", FirstLine("/proc/loadavg").c_str());
}

// The counsellor token of the load, created by ledgerctl in ledgerd's token file.
Result<std::string> CreateToken(const ServiceBenchOptions& options, const std::string& data) {
  Result<std::string> out =
      RunCaptured({options.ledgerctl_path, "tokens", "create", "--file", data + "/tokens", "--role",
                   "counsellor", "--organisation", "agentschap-integratie-gent", "--id", "tb-0417",
                   "--scope", "*"});
  if (!out.ok()) return out.status();
  std::istringstream words(*out);
  for (std::string word; words >> word;) {
    if (word.rfind("tlk_", 0) == 0) return word;
  }
  return Status::InvalidArgument("ledgerctl printed no tlk_ token: " + *out);
}

// One measured phase: what it counted and what it cost.
struct Phase {
  std::string name;
  Tally tally;
  double measured_s = 0;
  double wall_s = 0;
  double ledgerd_cpu_s = 0;
  double self_cpu_s = 0;
  GroupFigures groups;
  MetricSample middle;           // A scrape halfway through the measured window.
  double events_per_stream = 0;  // hoursLogged per trajectory when the phase ended.

  double rate() const { return measured_s > 0 ? tally.ok / measured_s : 0; }
};

// Everything a run holds: the child, the clients, the append sequence, the phases.
struct Run {
  const ServiceBenchOptions& options;
  LedgerdProcess ledgerd;
  kj::AsyncIoContext io = kj::setupAsyncIo();
  std::unique_ptr<RpcLoad> rpc;
  std::unique_ptr<HttpLoad> http;
  std::uint64_t next_k = 0;
  std::vector<Phase> phases;

  MetricSample Scrape() {
    Result<HttpReplyText> reply = http->Fetch(kj::HttpMethod::GET, "/metrics");
    return reply.ok() ? MetricSample::Parse(reply->body) : MetricSample();
  }

  // Runs `load` (given the window and a mid-window scrape to run beside it) as a phase.
  Phase& Measure(const std::string& name,
                 const std::function<void(const PhaseWindow&, Tally&, kj::Promise<void>)>& load) {
    Phase phase;
    phase.name = name;
    MetricSample before = Scrape();
    double ledgerd_cpu = ledgerd.CpuSeconds();
    double self_cpu = SelfCpuSeconds();
    std::string middle;
    PhaseWindow window = PhaseWindow::FromNow(options.warmup_s, options.duration_s);
    load(window, phase.tally,
         http->FetchLater(options.warmup_s + options.duration_s / 2, "/metrics", middle));
    phase.wall_s = std::chrono::duration<double>(SteadyClock::now() - window.start).count();
    phase.measured_s = window.measured_s();
    phase.ledgerd_cpu_s = ledgerd.CpuSeconds() - ledgerd_cpu;
    phase.self_cpu_s = SelfCpuSeconds() - self_cpu;
    phase.groups = GroupFigures::Between(before, Scrape());
    phase.middle = MetricSample::Parse(middle);
    phase.events_per_stream = static_cast<double>(next_k) / options.trajectories;
    phases.push_back(std::move(phase));
    return phases.back();
  }
};

Status WaitUntilReady(Run& run) {
  auto deadline = SteadyClock::now() + std::chrono::seconds(static_cast<int>(kStartTimeoutS));
  for (;;) {
    Result<HttpReplyText> reply = run.http->Fetch(kj::HttpMethod::GET, "/readyz");
    if (reply.ok() && reply->status == 200) return Status::Ok();
    if (SteadyClock::now() > deadline) {
      return Status::Busy("ledgerd not ready within the start timeout: " +
                          (reply.ok() ? reply->body : reply.status().ToString()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Logs in over RPC, retrying while ledgerd has not yet reloaded the token file.
Status ConnectRpc(Run& run, const std::string& token) {
  auto deadline = SteadyClock::now() + std::chrono::seconds(5);
  for (;;) {
    auto rpc =
        RpcLoad::Connect(run.io, run.ledgerd.rpc_address(), token, run.options.rpc_connections);
    if (rpc.ok()) {
      run.rpc = std::move(*rpc);
      return Status::Ok();
    }
    if (SteadyClock::now() > deadline) return rpc.status();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Status SetUp(Run& run, const std::string& dir) {
  const ServiceBenchOptions& options = run.options;
  std::string data = dir + "/data";
  LEDGER_RETURN_IF_ERROR(
      run.ledgerd.Start(options.ledgerd_path, data, dir + "/ledgerd.log", kStartTimeoutS));
  std::printf("ledgerd pid %d: http://%s rpc://%s (log: %s/ledgerd.log)\n", run.ledgerd.pid(),
              run.ledgerd.http_address().c_str(), run.ledgerd.rpc_address().c_str(), dir.c_str());
  Result<std::string> token = CreateToken(options, data);
  if (!token.ok()) return token.status();
  run.http = std::make_unique<HttpLoad>(run.io, run.ledgerd.http_address(), *token);
  LEDGER_RETURN_IF_ERROR(WaitUntilReady(run));
  LEDGER_RETURN_IF_ERROR(ConnectRpc(run, *token));

  Tally setup;
  auto start = SteadyClock::now();
  run.rpc->Setup(options.trajectories, options.in_flight, setup, run.io.waitScope);
  double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::printf(
      "set-up: %llu trajectories opened with one eligible activity each over RPC in "
      "%.2f s (%llu errors)\n",
      static_cast<unsigned long long>(setup.ok), seconds,
      static_cast<unsigned long long>(setup.errors));
  if (setup.errors > 0) return Status::InvalidArgument("set-up failed: " + setup.first_error);
  return Status::Ok();
}

// The phases in order; the HTTP ones open their connections just before they start.
Status RunPhases(Run& run) {
  const ServiceBenchOptions& options = run.options;
  auto& wait = run.io.waitScope;
  run.Measure("rpc appends", [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
    run.rpc->Appends(w, options.in_flight, options.trajectories, run.next_k, t, kj::mv(beside),
                     wait);
  });
  run.Measure("rpc ping", [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
    run.rpc->Pings(w, options.in_flight, t, kj::mv(beside), wait);
  });
  LEDGER_RETURN_IF_ERROR(run.http->Open(options.in_flight));
  run.Measure("http appends", [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
    run.http->Appends(w, options.trajectories, run.next_k, t, kj::mv(beside));
  });
  LEDGER_RETURN_IF_ERROR(run.http->Open(options.in_flight));
  run.Measure("http ping", [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
    run.http->Pings(w, t, kj::mv(beside));
  });
  LEDGER_RETURN_IF_ERROR(run.http->Open(options.in_flight));
  run.Measure("http write, read back",
              [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
                run.http->WritesThenReads(w, options.trajectories, run.next_k, t, kj::mv(beside));
              });
  LEDGER_RETURN_IF_ERROR(run.http->Open(options.read_connections));
  run.Measure("http reads", [&](const PhaseWindow& w, Tally& t, kj::Promise<void> beside) {
    run.http->PacedReads(w, options.read_rate_per_s, options.trajectories, t, kj::mv(beside));
  });
  return run.http->Open(0);
}

void PrintPhases(const Run& run) {
  std::printf(
      "\n| phase | rate /s | ok | errors | ledgerd CPU | bench CPU | ev/group | "
      "fsync ms | workers busy/queued (mid) | hours/trajectory |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
  for (const Phase& p : run.phases) {
    std::printf(
        "| %s | %.0f | %llu | %llu | %.2f s (%.0f%%) | %.2f s (%.0f%%) | %.1f | %.2f | "
        "%.0f/%.0f | %.0f |\n",
        p.name.c_str(), p.rate(), static_cast<unsigned long long>(p.tally.ok),
        static_cast<unsigned long long>(p.tally.errors), p.ledgerd_cpu_s,
        100 * p.ledgerd_cpu_s / p.wall_s, p.self_cpu_s, 100 * p.self_cpu_s / p.wall_s,
        p.groups.events_per_group, p.groups.fsync_ms_mean, p.middle.Get("ledger_workers_busy"),
        p.middle.Get("ledger_workers_queued"), p.events_per_stream);
  }
  std::printf(
      "(CPU: over the whole phase, warm-up and drain included, %% of one core; "
      "ev/group and fsync: ledgerd's metrics over the phase)\n\n");
  for (const Phase& p : run.phases) {
    if (p.tally.errors == 0) continue;
    std::printf("%s: %llu errors of %llu requests; first: %s\n", p.name.c_str(),
                static_cast<unsigned long long>(p.tally.errors),
                static_cast<unsigned long long>(p.tally.sent), p.tally.first_error.c_str());
  }
}

void PrintRatio(const char* what, const Phase& appends, const Phase& noop) {
  double ratio = noop.rate() > 0 ? appends.rate() / noop.rate() : 0;
  std::printf("%s: appends %.0f/s, no-op %.0f/s, ratio %.2f (target >= %.1f: %s)\n", what,
              appends.rate(), noop.rate(), ratio, kAppendToNoopTarget,
              ratio >= kAppendToNoopTarget ? "met" : "NOT met");
}

void PrintReads(Phase& reads, double rate_per_s, unsigned connections) {
  LatencySummary latency = LatencySummary::Of(reads.tally.latency_ms);
  std::printf(
      "HTTP reads at %.0f/s scheduled over %u connections: achieved %.0f/s, latency "
      "from the scheduled send time p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; "
      "at most %llu requests waited for a connection (target p99 < %.0f ms: %s)\n",
      rate_per_s, connections, reads.rate(), latency.p50_ms, latency.p90_ms, latency.p99_ms,
      latency.max_ms, static_cast<unsigned long long>(reads.tally.queued_max), kReadP99TargetMs,
      latency.p99_ms < kReadP99TargetMs && reads.rate() >= 0.99 * rate_per_s ? "met" : "NOT met");
}

void PrintReadYourWrites(Phase& pairs, const Phase& appends, unsigned in_flight) {
  LatencySummary latency = LatencySummary::Of(pairs.tally.latency_ms);
  std::printf(
      "HTTP read-your-writes (append, then read the trajectory with atLeastPosition = "
      "its nextPosition), %u pairs in flight: %.0f pairs/s (%.2f of the HTTP append "
      "rate); from the append's reply to the read's: p50 %.3f ms, p90 %.3f ms, p99 "
      "%.3f ms, max %.3f ms\n",
      in_flight, pairs.rate(), appends.rate() > 0 ? pairs.rate() / appends.rate() : 0,
      latency.p50_ms, latency.p90_ms, latency.p99_ms, latency.max_ms);
}

void PrintRunMetrics(const MetricSample& metrics) {
  GroupFigures all = GroupFigures::Between(MetricSample(), metrics);
  std::printf(
      "ledgerd /metrics at the end: %.0f group commits, %.1f events per group "
      "(ledger_group_commit_events), fsync mean %.3f ms (ledger_fsync_seconds), "
      "%.0f events appended\n",
      all.groups, all.events_per_group, all.fsync_ms_mean,
      metrics.Get("ledger_appended_events_total"));
}

// The run's verdict on errors: over every phase, at most 0.1% of requests.
Status CheckErrors(const Run& run) {
  std::uint64_t sent = 0, errors = 0;
  for (const Phase& p : run.phases) {
    sent += p.tally.sent;
    errors += p.tally.errors;
  }
  std::printf("errors: %llu of %llu requests (limit %.1f%%)\n",
              static_cast<unsigned long long>(errors), static_cast<unsigned long long>(sent),
              100 * kErrorFractionMax);
  if (sent > 0 && static_cast<double>(errors) > kErrorFractionMax * static_cast<double>(sent)) {
    return Status::InvalidArgument("too many errors: " + std::to_string(errors) + " of " +
                                   std::to_string(sent) + " requests");
  }
  return Status::Ok();
}

Status Report(Run& run) {
  PrintPhases(run);
  PrintRatio("RPC", run.phases[0], run.phases[1]);
  PrintRatio("HTTP", run.phases[2], run.phases[3]);
  PrintReadYourWrites(run.phases[4], run.phases[2], run.options.in_flight);
  PrintReads(run.phases[5], run.options.read_rate_per_s, run.options.read_connections);
  PrintRunMetrics(run.Scrape());
  return CheckErrors(run);
}

// Stops ledgerd and says how it ended and what CPU it used in all.
Status Stop(Run& run) {
  std::string ended;
  bool clean = run.ledgerd.Stop(kStopTimeoutS, ended);
  std::printf(
      "ledgerd after SIGTERM: %s; CPU of ledgerd and ledgerctl over the whole run "
      "%.2f s, of bench_service %.2f s\n",
      ended.c_str(), ChildrenCpuSeconds(), SelfCpuSeconds());
  if (!clean) return Status::IoError("ledgerd did not exit 0 after SIGTERM: " + ended);
  return Status::Ok();
}

Result<std::string> MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bench_service.XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) return Status::IoError("mkdtemp " + pattern);
  return pattern;
}

}  // namespace

Status RunServiceBench(const ServiceBenchOptions& options) {
  Result<std::string> dir = MakeTempDir();
  if (!dir.ok()) return dir.status();
  PrintMachine(*dir);
  std::printf(
      "flags: --duration-s %g --warmup-s %g --in-flight %u --rpc-connections %u "
      "--rate %g --read-connections %u --trajectories %llu\n",
      options.duration_s, options.warmup_s, options.in_flight, options.rpc_connections,
      options.read_rate_per_s, options.read_connections,
      static_cast<unsigned long long>(options.trajectories));
  Status status;
  {
    Run run{options};
    status = SetUp(run, *dir);
    if (status.ok()) status = RunPhases(run);
    if (status.ok()) status = Report(run);
    // Clients go before ledgerd stops, so that it sees no calls in flight.
    run.rpc.reset();
    run.http.reset();
    Status stopped = Stop(run);
    if (status.ok()) status = stopped;
  }
  if (options.keep_data) {
    std::printf("kept %s\n", dir->c_str());
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(*dir, ignored);
  }
  return status;
}

}  // namespace ledger::tools
