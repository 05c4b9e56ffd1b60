#include "tools/ledgerd/ledgerd_options.h"

#include <algorithm>
#include <chrono>

namespace ledger::tools {

LedgerdOptions::LedgerdOptions(CLI::App& app)
    : retention_first_s_(options_.retention_first_after.count()),
      backup_every_s_(options_.backup_every.count()),
      backup_first_s_(options_.backup_first_after.count()),
      checkpoint_ms_(options_.checkpoint_every.count()),
      timeout_s_(options_.request_timeout.count()),
      heartbeat_s_(options_.stream_heartbeat.count()) {
  app.set_config("--config", "", "TOML file with any of the options below (flags win)");
  app.add_option("--data", options_.data_dir, "Data directory (created on first start)")
      ->capture_default_str();
  app.add_option("--http", options_.http_listen, "HTTP/JSON listen address (port 0: any)")
      ->capture_default_str();
  app.add_option("--rpc", options_.rpc_listen, "Cap'n Proto RPC listen address (port 0: any)")
      ->capture_default_str();
  app.add_option("--tls-cert", options_.tls_certificate, "PEM certificate: TLS on both listeners");
  app.add_option("--tls-key", options_.tls_private_key, "PEM private key of --tls-cert");
  app.add_option("--origin", options_.origin, "Checkpoint origin line (the log's name)")
      ->capture_default_str();
  app.add_option("--witness-key", options_.witness_keys,
                 "A witness's verifier key whose cosignatures to accept (repeatable)");
  app.add_option("--retention-days", options_.retention_days,
                 "Erase the personal data of people whose every trajectory and complaint "
                 "closed more than N days ago, daily (0: never; a policy to set)")
      ->capture_default_str();
  app.add_option("--retention-first-after-s", retention_first_s_,
                 "Seconds after the start of the first retention sweep")
      ->capture_default_str();
  app.add_option("--backup-dir", options_.backup_dir,
                 "Back the ledger up into this directory while serving (ledgerctl backup "
                 "list|verify|restore read it; empty: no backups)");
  app.add_option("--backup-every-s", backup_every_s_, "Seconds between backups")
      ->capture_default_str()
      ->check(CLI::Range(1, 30 * 86'400));
  app.add_option("--backup-first-after-s", backup_first_s_,
                 "Seconds after the start of the first backup")
      ->capture_default_str()
      ->check(CLI::Range(0, 30 * 86'400));
  app.add_option("--backup-keep", options_.backup_keep, "Backups kept (older ones deleted)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000));
  app.add_option("--checkpoint-every-entries", options_.checkpoint_every_entries,
                 "Sign a checkpoint once the head grew by this many entries")
      ->capture_default_str();
  app.add_option("--checkpoint-every-ms", checkpoint_ms_, "...or this long after it first grew")
      ->capture_default_str();
  app.add_option("--workers", options_.worker_threads, "Blocking service calls in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--queue-max", options_.queue_max, "Calls waiting for a worker before 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--body-bytes-max", options_.body_bytes_max, "Largest HTTP request body")
      ->capture_default_str()
      ->check(CLI::Range(1024, 64 << 20));
  app.add_option("--request-timeout-s", timeout_s_, "Longest a call may run (504 after)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--stream-heartbeat-s", heartbeat_s_,
                 "Idle seconds before a log stream sends a keep-alive (and so notices a "
                 "client that went away)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--log-format", options_.log_format, "text or json (JSON lines)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", options_.log_level, "trace, debug, info, warn, error")
      ->capture_default_str();
  app.allow_config_extras(CLI::config_extras_mode::error);
}

Result<api::ServerOptions> LedgerdOptions::Finish() const {
  api::ServerOptions options = options_;
  options.checkpoint_every = std::chrono::milliseconds(checkpoint_ms_);
  options.retention_first_after =
      std::chrono::seconds(std::max<std::int64_t>(0, retention_first_s_));
  options.request_timeout = std::chrono::seconds(timeout_s_);
  options.stream_heartbeat = std::chrono::seconds(heartbeat_s_);
  options.backup_every = std::chrono::seconds(backup_every_s_);
  options.backup_first_after = std::chrono::seconds(backup_first_s_);
  if (options.tls_certificate.empty() != options.tls_private_key.empty()) {
    return Status::InvalidArgument("--tls-cert and --tls-key go together");
  }
  return options;
}

}  // namespace ledger::tools
