// ledgerd's command line and config file, apart from main() so that the fuzz target of the
// config file (fuzz/config_fuzz.cpp) parses exactly what ledgerd parses.
//
// Every flag has a key of the same name in the TOML file named by --config ("workers = 8");
// flags win over the file. A key the file does not know is refused, naming it, rather than
// silently ignored (a misspelt "backup-dri" would otherwise leave backups off).
// Thread safety: one parse at a time on one App.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

#include "api/server/server_options.h"
#include "ledger/base/status.h"

namespace ledger::tools {

class LedgerdOptions {
 public:
  // Declares every option on `app`; `app` must outlive this object.
  explicit LedgerdOptions(CLI::App& app);
  LedgerdOptions(const LedgerdOptions&) = delete;
  LedgerdOptions& operator=(const LedgerdOptions&) = delete;

  // After app.parse(): the options, or InvalidArgument for a combination that no one flag's
  // own check can see (--tls-cert without --tls-key).
  Result<api::ServerOptions> Finish() const;

 private:
  api::ServerOptions options_;
  std::int64_t retention_first_s_;
  std::int64_t backup_every_s_;
  std::int64_t backup_first_s_;
  std::int64_t checkpoint_ms_;
  std::int64_t timeout_s_;
  std::int64_t heartbeat_s_;
};

}  // namespace ledger::tools
