// The metrics ledgerd exports on /metrics (Prometheus text), registered in one place:
//   ledger_requests_total{transport,method,code}   calls, by how they ended (api/adapters)
//   ledger_request_seconds{transport,method}        call latency
//   ledger_appended_events_total, ledger_group_commits_total
//   ledger_group_commit_events                      events per durable group (batch size)
//   ledger_fsync_seconds                            synced write latency per group
//   ledger_head_position, ledger_projected_position, ledger_projector_lag_entries
//   ledger_workers_busy, ledger_workers_queued      the worker pool
//   ledger_ready                                    1 once the read models are served
//   ledger_read_models_failed                       1 when they failed on damage
//   ledger_writes_refused                           1 while appends are refused (full disk)
// Thread safety: register at start-up on one thread; observing is thread-safe.
#pragma once

#include <atomic>

#include "api/adapters/readiness.h"
#include "api/runtime/metrics.h"
#include "api/runtime/worker_pool.h"
#include "ledger/store/event_store.h"
#include "projections/projector.h"

namespace ledger::api {

struct ServerMetrics {
  explicit ServerMetrics(Registry& registry);

  // For EventStoreOptions::on_group_commit.
  GroupObserver GroupCommitObserver();
  // Gauges read at scrape time; the objects must outlive the registry's scrapes.
  void Watch(const EventStore& store, const projections::Projector& projector,
             const WorkerPool& pool, const Readiness& readiness);

  Registry& registry;
  Counter* requests;
  Histogram* request_seconds;
  Counter* appended_events;
  Counter* group_commits;
  Histogram* group_events;
  Histogram* fsync_seconds;
};

}  // namespace ledger::api
