// Everything ledgerd can be told, with the embedded defaults it starts on: a data directory
// ./data, loopback listeners, keys generated on first start. tools/ledgerd/ledgerd_options.cpp
// fills it from flags and a config file; docs/operations.md lists every option. Thread safety: a
// plain value.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ledger::api {

struct ServerOptions {
  // <data_dir>/ledger (the log), <data_dir>/ledger.projections (read models), <data_dir>/tokens,
  // <data_dir>/signing.key (Ed25519 checkpoint key), <data_dir>/report.key (pseudonym key).
  std::string data_dir = "./data";
  std::string http_listen = "127.0.0.1:8080";  // Port 0: any free port (printed at start).
  std::string rpc_listen = "127.0.0.1:8081";
  // TLS for both listeners when both are set (PEM files).
  std::string tls_certificate;
  std::string tls_private_key;
  std::string origin = "trajectory-ledger.example/log";  // First line of every checkpoint.
  // Verifier keys (type 0x04, `ledgerctl keys generate --cosigner`) of the witnesses whose
  // cosignatures ledgerd accepts and serves with its checkpoints.
  std::vector<std::string> witness_keys;
  // Erase the personal payloads of people whose every trajectory and complaint closed more
  // than this many days ago (domain/retention.h), every `retention_every`, the first time
  // `retention_first_after` after the start. 0: off (the default; a policy to set).
  std::uint32_t retention_days = 0;
  std::chrono::seconds retention_every{86'400};
  std::chrono::seconds retention_first_after{60};
  // Online backups (ledger/store/backup.h) into this directory, every `backup_every`, the
  // first `backup_first_after` after the start: a checkpoint is signed, the backup made and
  // verified (restored beside it and audited), and all but the newest `backup_keep` deleted.
  // Empty: no backups (the default; where they go is for the operator to decide).
  std::string backup_dir;
  std::chrono::seconds backup_every{3'600};
  std::chrono::seconds backup_first_after{60};
  std::uint32_t backup_keep = 24;
  std::uint64_t checkpoint_every_entries = 1000;
  std::chrono::milliseconds checkpoint_every{10'000};
  std::size_t worker_threads = 64;  // Blocking service calls in flight.
  std::size_t queue_max = 4096;     // Calls waiting for a worker before 503.
  std::size_t body_bytes_max = 1 << 20;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds stream_heartbeat{15};  // A log stream's keep-alive after this long idle.
  std::string log_format = "text";            // "text" or "json" (JSON lines).
  std::string log_level = "info";
};

}  // namespace ledger::api
