#include "api/server/server_metrics.h"

namespace ledger::api {

ServerMetrics::ServerMetrics(Registry& registry_in)
    : registry(registry_in),
      requests(registry
                   .AddCounter("ledger_requests_total",
                               "Calls by transport, method and outcome code.",
                               {"transport", "method", "code"})
                   .value()),
      request_seconds(
          registry
              .AddHistogram("ledger_request_seconds", "Call latency from dispatch to answer.",
                            {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5},
                            {"transport", "method"})
              .value()),
      appended_events(
          registry.AddCounter("ledger_appended_events_total", "Events made durable.").value()),
      group_commits(
          registry.AddCounter("ledger_group_commits_total", "Synced WriteBatches (group commits).")
              .value()),
      group_events(registry
                       .AddHistogram("ledger_group_commit_events",
                                     "Events per group commit (batch size).",
                                     {1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096, 16384})
                       .value()),
      fsync_seconds(
          registry
              .AddHistogram("ledger_fsync_seconds", "Latency of each group's synced write.",
                            {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 1})
              .value()) {}

GroupObserver ServerMetrics::GroupCommitObserver() {
  return [this](std::uint64_t events, std::int64_t sync_us) {
    appended_events->Add(events);
    group_commits->Add();
    group_events->Observe(static_cast<double>(events));
    fsync_seconds->Observe(static_cast<double>(sync_us) / 1e6);
  };
}

void ServerMetrics::Watch(const EventStore& store, const projections::Projector& projector,
                          const WorkerPool& pool, const Readiness& readiness) {
  auto head = [&store] { return static_cast<double>(store.head().size); };
  auto projected = [&projector] { return static_cast<double>(projector.applied()); };
  registry.AddCallbackGauge("ledger_head_position", "Durable entries (the next position).", head)
      .value();
  registry
      .AddCallbackGauge("ledger_projected_position", "Entries folded into the read models.",
                        projected)
      .value();
  registry
      .AddCallbackGauge("ledger_projector_lag_entries",
                        "Durable entries not yet in the read models.",
                        [head, projected] { return head() - projected(); })
      .value();
  registry
      .AddCallbackGauge("ledger_workers_busy", "Service calls running on workers.",
                        [&pool] { return static_cast<double>(pool.busy()); })
      .value();
  registry
      .AddCallbackGauge("ledger_workers_queued", "Service calls waiting for a worker.",
                        [&pool] { return static_cast<double>(pool.queued()); })
      .value();
  registry
      .AddCallbackGauge(
          "ledger_ready", "1 once the read models are served.",
          [&readiness] { return readiness.state() == Readiness::State::kReady ? 1.0 : 0.0; })
      .value();
  registry
      .AddCallbackGauge("ledger_read_models_failed",
                        "1 when the read models failed on damage (docs/operations.md).",
                        [&readiness] {
                          return readiness.state() == Readiness::State::kReadModelsFailed ? 1.0
                                                                                          : 0.0;
                        })
      .value();
  registry
      .AddCallbackGauge("ledger_writes_refused",
                        "1 while appends are refused (the disk is below its reserve).",
                        [&store] { return store.WriteState().ok() ? 0.0 : 1.0; })
      .value();
}

}  // namespace ledger::api
