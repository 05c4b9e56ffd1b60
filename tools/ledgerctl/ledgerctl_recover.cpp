#include "tools/ledgerctl/ledgerctl_recover.h"

#include <cstdio>
#include <memory>
#include <string>

#include "ledger/store/event_store.h"
#include "ledger/store/recovery_check.h"
#include "tools/ledgerctl/ledgerctl_common.h"

namespace ledger::tools {
namespace {

// A recovery refused (it would roll back acknowledged history) answers 1, anything else 2.
int Report(const Status& status) {
  return Fail(status, Status::Code::kCorruption, "ledgerctl recover");
}

int Recover(const std::string& data, bool check_only) {
  Status opens = CheckOpensAsIs(data);
  if (opens.ok()) {
    std::printf("the ledger at '%s' opens as it is: nothing to recover\n", data.c_str());
    return kExitOk;
  }
  if (check_only) return Report(opens);
  Result<std::uint64_t> kept = RecoverToIntactPoint(data);
  if (!kept.ok()) return Report(kept.status());
  auto store = EventStore::Open({.path = data, .create_if_missing = false});
  if (!store.ok()) return Report(store.status());
  layout::Floor floor = (*store)->floor();
  std::printf(
      "recovered the ledger at '%s' to its last intact point: %llu entries kept, every one it "
      "acknowledged (%llu) and signed (%llu); the damaged write-ahead log is gone. Start "
      "ledgerd again, and run `ledgerctl verify --data %s` first if in doubt.\n",
      data.c_str(), static_cast<unsigned long long>(*kept),
      static_cast<unsigned long long>(floor.acknowledged_size),
      static_cast<unsigned long long>(floor.signed_size), data.c_str());
  return kExitOk;
}

}  // namespace

void AddRecoverCommand(CLI::App& app, int& exit_code) {
  auto* recover = app.add_subcommand(
      "recover", "Recover a ledger with a damaged write-ahead log, never losing a promised entry");
  auto data = std::make_shared<std::string>("./data");
  auto check_only = std::make_shared<bool>(false);
  recover->add_option("--data", *data, "Ledger directory (ledgerd stopped)");
  recover->add_flag("--check", *check_only, "Only say what a recovery would do");
  recover->callback([&exit_code, data, check_only] { exit_code = Recover(*data, *check_only); });
}

}  // namespace ledger::tools
