// ledgerd: the trajectory ledger service (api/server/server.h). Parses flags and an optional
// TOML config file (every flag has a config key of the same name), sets up logging, opens the
// data directory, prints the first administrator token once, and serves until SIGTERM/SIGINT.
// Exit codes: 0 after a clean shutdown, 1 when the server fails, 2 for bad options.
#include <kj/async-io.h>
#include <kj/async-unix.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "api/server/logging.h"
#include "api/server/server.h"

int main(int argc, char** argv) {
  ledger::api::ServerOptions options;
  CLI::App app{"ledgerd: the trajectory ledger service (HTTP/JSON and Cap'n Proto RPC)"};
  app.set_config("--config", "", "TOML file with any of the options below (flags win)");
  app.add_option("--data", options.data_dir, "Data directory (created on first start)")
      ->capture_default_str();
  app.add_option("--http", options.http_listen, "HTTP/JSON listen address (port 0: any)")
      ->capture_default_str();
  app.add_option("--rpc", options.rpc_listen, "Cap'n Proto RPC listen address (port 0: any)")
      ->capture_default_str();
  app.add_option("--tls-cert", options.tls_certificate, "PEM certificate: TLS on both listeners");
  app.add_option("--tls-key", options.tls_private_key, "PEM private key of --tls-cert");
  app.add_option("--origin", options.origin, "Checkpoint origin line (the log's name)")
      ->capture_default_str();
  app.add_option("--witness-key", options.witness_keys,
                 "A witness's verifier key whose cosignatures to accept (repeatable)");
  app.add_option("--retention-days", options.retention_days,
                 "Erase the personal data of people whose every trajectory and complaint "
                 "closed more than N days ago, daily (0: never; a policy to set)")
      ->capture_default_str();
  std::int64_t retention_first_s = options.retention_first_after.count();
  app.add_option("--retention-first-after-s", retention_first_s,
                 "Seconds after the start of the first retention sweep")
      ->capture_default_str();
  app.add_option("--backup-dir", options.backup_dir,
                 "Back the ledger up into this directory while serving (ledgerctl backup "
                 "list|verify|restore read it; empty: no backups)");
  std::int64_t backup_every_s = options.backup_every.count();
  app.add_option("--backup-every-s", backup_every_s, "Seconds between backups")
      ->capture_default_str()->check(CLI::Range(1, 30 * 86'400));
  std::int64_t backup_first_s = options.backup_first_after.count();
  app.add_option("--backup-first-after-s", backup_first_s,
                 "Seconds after the start of the first backup")
      ->capture_default_str()->check(CLI::Range(0, 30 * 86'400));
  app.add_option("--backup-keep", options.backup_keep, "Backups kept (older ones deleted)")
      ->capture_default_str()->check(CLI::Range(1, 10'000));
  app.add_option("--checkpoint-every-entries", options.checkpoint_every_entries,
                 "Sign a checkpoint once the head grew by this many entries")
      ->capture_default_str();
  std::int64_t checkpoint_ms = options.checkpoint_every.count();
  app.add_option("--checkpoint-every-ms", checkpoint_ms, "...or this long after it first grew")
      ->capture_default_str();
  app.add_option("--workers", options.worker_threads, "Blocking service calls in flight")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  app.add_option("--queue-max", options.queue_max, "Calls waiting for a worker before 503")
      ->capture_default_str()->check(CLI::Range(1, 1 << 20));
  app.add_option("--body-bytes-max", options.body_bytes_max, "Largest HTTP request body")
      ->capture_default_str()->check(CLI::Range(1024, 64 << 20));
  std::int64_t timeout_s = options.request_timeout.count();
  app.add_option("--request-timeout-s", timeout_s, "Longest a call may run (504 after)")
      ->capture_default_str()->check(CLI::Range(1, 3600));
  app.add_option("--log-format", options.log_format, "text or json (JSON lines)")
      ->capture_default_str()->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  options.checkpoint_every = std::chrono::milliseconds(checkpoint_ms);
  options.retention_first_after =
      std::chrono::seconds(std::max<std::int64_t>(0, retention_first_s));
  options.request_timeout = std::chrono::seconds(timeout_s);
  options.backup_every = std::chrono::seconds(backup_every_s);
  options.backup_first_after = std::chrono::seconds(backup_first_s);
  if (options.tls_certificate.empty() != options.tls_private_key.empty()) {
    std::fprintf(stderr, "ledgerd: --tls-cert and --tls-key go together\n");
    return 2;
  }
  ledger::Status logging = ledger::api::SetUpLogging(options.log_format, options.log_level);
  if (!logging.ok()) {
    std::fprintf(stderr, "ledgerd: %s\n", logging.message().c_str());
    return 2;
  }

  // Signals must be captured before the event loop exists, so that no thread sees them.
  kj::UnixEventPort::captureSignal(SIGTERM);
  kj::UnixEventPort::captureSignal(SIGINT);
  auto io = kj::setupAsyncIo();
  auto server = ledger::api::Server::Open(options);
  if (!server.ok()) {
    spdlog::critical("ledgerd cannot start: {}", server.status().ToString());
    return 1;
  }
  if ((*server)->first_admin_token()) {
    std::printf("administrator token (shown once; store it now): %s\n",
                (*server)->first_admin_token()->c_str());
  }
  ledger::Status ran = (*server)->Run(io, [](const ledger::api::Endpoints& endpoints) {
    std::printf("ledgerd listening: http%s://%s rpc%s://%s\n", endpoints.tls ? "s" : "",
                endpoints.http.c_str(), endpoints.tls ? "+tls" : "", endpoints.rpc.c_str());
    std::fflush(stdout);
  });
  if (!ran.ok()) {
    spdlog::critical("ledgerd stopped: {}", ran.ToString());
    return 1;
  }
  spdlog::info("ledgerd stopped cleanly");
  return 0;
}
