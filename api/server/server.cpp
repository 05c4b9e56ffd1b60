#include "api/server/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/runtime/process_metrics.h"
#include "ledger/domain/parameters.h"

namespace ledger::api {

Result<std::unique_ptr<Server>> Server::Open(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server(options));
  LEDGER_RETURN_IF_ERROR(server->OpenParts());
  return server;
}

Server::~Server() { ShutDown(); }

Status Server::OpenParts() {
  Result<DataDir> data = DataDir::Prepare(options_.data_dir);
  if (!data.ok()) return data.status();
  data_ = *data;
  metrics_ = std::make_unique<ServerMetrics>(registry_);
  WatchProcess(registry_);
  AddBuildInfo(registry_);

  EventStoreOptions store_options{.path = data_.ledger(), .clock = &clock_};
  store_options.on_group_commit = metrics_->GroupCommitObserver();
  Result<std::unique_ptr<EventStore>> store = EventStore::Open(store_options);
  if (!store.ok()) return store.status();
  store_ = std::move(store).value();
  spdlog::info("ledger {} open: {} entries", data_.ledger(), store_->head().size);

  Result<std::unique_ptr<TokenStore>> tokens = TokenStore::Open(data_.tokens(), clock_);
  if (!tokens.ok()) return tokens.status();
  tokens_ = std::move(tokens).value();
  Result<std::optional<IssuedToken>> admin = tokens_->EnsureAdministrator();
  if (!admin.ok()) return admin.status();
  if (*admin) first_admin_token_ = (*admin)->token;

  Result<NoteSigner> signer = data_.LoadOrCreateSigner(options_.origin);
  if (!signer.ok()) return signer.status();
  if (signer->name() != options_.origin) {
    spdlog::warn(
        "the signing key {} is named '{}', not after the origin '{}' (C2SP: a log's key "
        "should be named after its origin); verifiers check the origin against it",
        data_.signing_key(), signer->name(), options_.origin);
  }
  LEDGER_RETURN_IF_ERROR(data_.WriteVerifierKey(*signer));
  Result<NoteVerifier> own = NoteVerifier::FromVerifierKeyText(signer->VerifierKeyText());
  if (!own.ok()) return own.status();
  own_keys_.push_back(std::move(own).value());
  spdlog::info("log verifier key (also in {}): {}", data_.verifier_key(),
               signer->VerifierKeyText());
  Result<::projections::reporting::PseudonymKey> report_key = data_.LoadOrCreateReportKey();
  if (!report_key.ok()) return report_key.status();
  CheckpointPolicy policy{.origin = options_.origin,
                          .every_entries = options_.checkpoint_every_entries,
                          .every = options_.checkpoint_every};
  for (const std::string& text : options_.witness_keys) {
    Result<NoteVerifier> witness = NoteVerifier::FromVerifierKeyText(text);
    if (!witness.ok()) return Status::InvalidArgument("witness key: " + witness.status().message());
    if (witness->type() != NoteKeyType::kCosignatureV1) {
      return Status::InvalidArgument("witness key '" + witness->name() +
                                     "' is a note key (type 0x01), not a cosigner's (type 0x04: "
                                     "ledgerctl keys generate --cosigner)");
    }
    spdlog::info("accepting cosignatures of witness {}", witness->VerifierKeyText());
    policy.witnesses.push_back(std::move(witness).value());
  }
  Result<std::unique_ptr<Checkpointer>> checkpointer =
      Checkpointer::Start(*store_, std::move(signer).value(), policy);
  if (!checkpointer.ok()) return checkpointer.status();
  checkpointer_ = std::move(checkpointer).value();
  // Sign what earlier runs left unsigned now, so that proofs never wait for the schedule.
  std::optional<StoredCheckpoint> latest = checkpointer_->Latest();
  if (store_->head().size > 0 && (!latest || latest->size < store_->head().size)) {
    // A failure (a full disk, say) is not fatal: the schedule tries again.
    Result<StoredCheckpoint> first = checkpointer_->SignNow();
    if (!first.ok()) {
      spdlog::error("could not sign the head at start: {}", first.status().ToString());
    }
  }

  Result<std::unique_ptr<projections::ProjectionDb>> db =
      projections::ProjectionDb::Open(data_.projections());
  if (!db.ok()) return db.status();
  projection_db_ = std::move(db).value();
  projector_ = std::make_unique<projections::Projector>(projections::LedgerSource::Of(*store_),
                                                        *projection_db_);
  domain::Parameters parameters;
  models_ = std::make_unique<projections::ReadModels>(*projection_db_, projector_.get(),
                                                      store_.get(), parameters);
  pool_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.queue_max);
  // Commands decide on the event loop from cached state; misses and re-decisions go to the
  // workers (ledger/domain/command_handler.h).
  domain::CommandHandlerOptions handling;
  handling.executor = [pool = pool_.get()](std::function<void()> work) {
    return pool->Post(std::move(work));
  };
  handling.retry_deadline = std::chrono::milliseconds(options_.request_timeout);
  handler_ = std::make_unique<domain::CommandHandler>(*store_, parameters, clock_, handling);

  LEDGER_RETURN_IF_ERROR(data_.PrepareExports());
  service_ = ServiceContext{.store = store_.get(),
                            .handler = handler_.get(),
                            .projector = projector_.get(),
                            .models = models_.get(),
                            .checkpointer = checkpointer_.get(),
                            .tokens = tokens_.get(),
                            .clock = &clock_,
                            .report_key = *report_key,
                            .version = "0.1.0",
                            .export_dir = data_.exports(),
                            .state_name = [this] { return readiness_.StateName(); }};
  dispatcher_.service = &service_;
  dispatcher_.pool = pool_.get();
  dispatcher_.readiness = &readiness_;
  dispatcher_.requests = metrics_->requests;
  dispatcher_.latency = metrics_->request_seconds;
  dispatcher_.authenticate = [this](std::string_view token) {
    return tokens_->Authenticate(token);
  };
  metrics_->Watch(*store_, *projector_, *pool_, readiness_);
  return Status::Ok();
}

void Server::PrepareReadModels() {
  auto started = std::chrono::steady_clock::now();
  auto last_log = started;
  auto progress = [&](const projections::RebuildProgress& progress) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_log < std::chrono::seconds(2)) return;
    last_log = now;
    std::string status = fmt::format("preparing read models: {} of {} entries folded ({:.1f} s)",
                                     progress.applied, progress.target, progress.seconds);
    spdlog::info("{}", status);
    notifier_.StartProgress(status);
  };
  Status prepared = projector_->Prepare(progress);
  // A full disk (or a write RocksDB refused rather than stall) passes: try again until it has.
  while (!prepared.ok() &&
         (prepared.code() == Status::Code::kNoSpace || prepared.code() == Status::Code::kBusy)) {
    if (prepared.code() == Status::Code::kNoSpace) {
      spdlog::error("the read models cannot be prepared yet: {}", prepared.message());
    }
    auto wait = prepared.code() == Status::Code::kNoSpace ? projections::kNoSpaceRetry
                                                          : projections::kStallRetry;
    std::unique_lock<std::mutex> lock(stop_mutex_);
    if (stop_changed_.wait_for(lock, wait, [this] { return stopping_; })) return;
    lock.unlock();
    if (projection_db_->CheckRoom().ok()) projection_db_->Resume().IgnoreError();
    prepared = projector_->Prepare(progress);
  }
  if (!prepared.ok()) {
    readiness_.SetFailed(prepared, projector_->damaged_position());
    spdlog::critical(
        "the read models could not be prepared: {}; the log, checkpoints and "
        "proofs are still served, reads and commands answer 503 "
        "readModelsUnavailable",
        prepared.ToString());
    notifier_.Ready(
        "read models failed (see the log and docs/operations.md); the log, "
        "checkpoints and proofs are served");
    return;
  }
  projector_->Start();
  readiness_.WatchFollower([this] { return projector_->failure(); });
  readiness_.SetReady();
  std::string status = fmt::format(
      "ready: read models hold {} entries ({:.1f} s)", projector_->applied(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  spdlog::info("{}", status);
  notifier_.Ready(status);
}

bool Server::StopsWithin(std::chrono::seconds wait) {
  std::unique_lock<std::mutex> lock(stop_mutex_);
  return stop_changed_.wait_for(lock, wait, [this] { return stopping_; });
}

void Server::ShutDown() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  if (preparer_.joinable()) preparer_.join();
  if (retention_.joinable()) retention_.join();
  if (backup_.joinable()) backup_.join();
  if (pool_) pool_->Shutdown();
  if (projector_) projector_->Stop();
  if (checkpointer_ && store_ && store_->head().size > 0) {
    Result<StoredCheckpoint> last = checkpointer_->SignNow();
    if (last.ok()) {
      spdlog::info("signed a last checkpoint at size {}", last->size);
    } else if (last.status().code() != Status::Code::kNotFound) {
      spdlog::error("could not sign a last checkpoint: {}", last.status().ToString());
    }
  }
  checkpointer_.reset();
  if (store_) store_->Close();
}

}  // namespace ledger::api
