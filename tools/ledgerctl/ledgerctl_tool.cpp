#include "tools/ledgerctl/ledgerctl_tool.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "tools/ledgerctl/ledgerctl_backup.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_erase.h"
#include "tools/ledgerctl/ledgerctl_keys.h"
#include "tools/ledgerctl/ledgerctl_models.h"
#include "tools/ledgerctl/ledgerctl_proofs.h"
#include "tools/ledgerctl/ledgerctl_recover.h"
#include "tools/ledgerctl/ledgerctl_tokens.h"
#include "tools/ledgerctl/ledgerctl_verify.h"
#include "tools/ledgerctl/ledgerctl_witness.h"

namespace ledger::tools {

int RunLedgerctl(int argc, char** argv) {
  CLI::App app{
      "ledgerctl: keys, checkpoints, proofs, receipts, export, verification, read models, tokens, "
      "erasure, backups"};
  app.require_subcommand(1);
  if (spdlog::get("ledgerctl") == nullptr) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("ledgerctl"));
  }
  spdlog::set_level(spdlog::level::warn);

  int exit_code = kExitOk;
  AddKeyCommands(app, exit_code);
  AddProofCommands(app, exit_code);
  AddVerifyCommand(app, exit_code);
  AddModelCommands(app, exit_code);
  AddTokenCommands(app, exit_code);
  AddRecoverCommand(app, exit_code);
  AddEraseCommand(app, exit_code);
  AddBackupCommand(app, exit_code);
  AddWitnessCommands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitError;
  }
  return exit_code;
}

}  // namespace ledger::tools
