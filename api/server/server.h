// START HERE for ledgerd. The Server wires the ledger, the read models, the checkpointer, the
// token store and both adapters (HTTP/JSON and Cap'n Proto RPC), and runs them until a signal.
//
// Open opens (or creates) the data directory (data_dir.h): the event store, the token file
// (creating the first administrator token on first start, handed back once in
// first_admin_token()), the signing and report keys, the checkpointer and the projection
// database. Run listens on both addresses at once, then prepares the read models on a thread
// of their own (a rebuild may take a while): until they are ready, data calls answer 503
// "starting" and /readyz says so, while /healthz and /metrics answer. With --retention-days
// and --backup-dir, retention sweeps and backups run on threads of their own. Run returns after
// SIGTERM or SIGINT, having shut down in order: stop accepting, let calls in flight finish
// (bounded), stop the projector, sign a last checkpoint over the durable head, and close
// RocksDB cleanly. Under systemd it reports each of these steps (service_notifier.h).
// Docs: docs/operations.md ("Running ledgerd"), docs/api.md.
// Thread safety: Open and Run on the main thread; Run owns the event loop.
#pragma once

#include <kj/async-io.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/adapters/dispatch.h"
#include "api/auth/token_store.h"
#include "api/runtime/metrics.h"
#include "api/server/data_dir.h"
#include "api/server/server_metrics.h"
#include "api/server/server_options.h"
#include "api/server/service_notifier.h"
#include "api/wire/json.h"
#include "ledger/base/clock.h"
#include "ledger/integrity/note_keys.h"
#include "ledger/store/checkpointer.h"

namespace ledger::api {

// Where the listeners are bound (ports resolved when 0 was asked for).
struct Endpoints {
  std::string http;  // "127.0.0.1:8080"
  std::string rpc;
  bool tls = false;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Open(const ServerOptions& options);
  ~Server();

  // The first administrator token, on the start that created it; empty otherwise.
  const std::optional<std::string>& first_admin_token() const { return first_admin_token_; }

  // Serves until SIGTERM or SIGINT (the caller must have called
  // kj::UnixEventPort::captureSignal for both before kj::setupAsyncIo). `on_listening` runs
  // once both listeners are bound.
  Status Run(kj::AsyncIoContext& io, const std::function<void(const Endpoints&)>& on_listening);

 private:
  explicit Server(ServerOptions options) : options_(std::move(options)) {}
  Status OpenParts();
  void PrepareReadModels();
  // The retention sweeps (server_retention.cpp), on thread retention_ until stopping_.
  void SweepRetentionUntilStopped();
  // The scheduled backups (server_backup.cpp), on thread backup_ until stopping_.
  void BackUpUntilStopped();
  // Waits `wait` or until the server stops; true when it stops.
  bool StopsWithin(std::chrono::seconds wait);
  void ShutDown();

  ServerOptions options_;
  ServiceNotifier notifier_;  // systemd's readiness, status and watchdog (service_notifier.h).
  DataDir data_;
  SystemClock clock_;
  Registry registry_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<TokenStore> tokens_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<projections::ProjectionDb> projection_db_;
  std::unique_ptr<projections::Projector> projector_;
  std::unique_ptr<projections::ReadModels> models_;
  std::unique_ptr<domain::CommandHandler> handler_;
  std::unique_ptr<WorkerPool> pool_;
  ServiceContext service_;
  Dispatcher dispatcher_;
  WireJson json_;
  Readiness readiness_;
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;  // Guarded by stop_mutex_: the preparer stops retrying.
  std::thread preparer_;
  std::thread retention_;
  std::thread backup_;
  std::vector<NoteVerifier> own_keys_;  // The log's verifier key: backups are audited with it.
  std::optional<std::string> first_admin_token_;
};

}  // namespace ledger::api
