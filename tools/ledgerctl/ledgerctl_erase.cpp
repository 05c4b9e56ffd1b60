#include "tools/ledgerctl/ledgerctl_erase.h"

#include <cstdio>
#include <memory>
#include <string>

#include "ledger/base/clock.h"
#include "ledger/domain/erasure.h"
#include "ledger/store/event_store.h"
#include "tools/ledgerctl/ledgerctl_common.h"

namespace ledger::tools {
namespace {

struct EraseArgs {
  std::string data = "./data";
  std::string subject;
  std::string legal_basis;
  std::string request_reference;
  std::string command_id;
  std::string operator_id = "ledgerctl";
};

// A rule that refuses the erasure answers 1, anything else 2.
int Report(const Status& status) {
  return Fail(status, Status::Code::kRejected, "ledgerctl erase");
}

std::string Positions(const std::vector<Position>& positions) {
  std::string out;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (i == 20) return out + ", ... (" + std::to_string(positions.size()) + " in all)";
    out += (i == 0 ? "" : ", ") + std::to_string(positions[i].value);
  }
  return out;
}

int Erase(const EraseArgs& args) {
  if (EventStore::LockedElsewhere(args.data)) {
    return Report(
        Status::InvalidArgument("a running ledgerd holds '" + args.data +
                                "': erase over its API (POST "
                                "/v1/admin/erasures) or stop it first; nothing was changed"));
  }
  auto store = EventStore::Open({.path = args.data, .create_if_missing = false});
  if (!store.ok()) return Report(store.status());
  domain::ErasureRequest request{
      .command_id = args.command_id,
      .actor = ActorRef{schema::Role::SYSTEM, "ledgerctl", args.operator_id},
      .subject_id = args.subject,
      .legal_basis = args.legal_basis,
      .request_reference = args.request_reference,
  };
  SystemClock clock;
  Result<domain::ErasureResult> erased = domain::EraseSubject(**store, request, clock.NowUs());
  if (!erased.ok()) return Report(erased.status());
  bool repeat = erased->receipt.outcome == AppendOutcome::kAlreadyAppended;
  std::printf(
      "%s subject '%s': %zu personal payloads (positions %s), recorded at position %llu "
      "on %s; %llu streams searched; purged from the ledger's files in %lld ms\n",
      repeat ? "already erased by this command id:" : "erased", args.subject.c_str(),
      erased->erased_positions.size(), Positions(erased->erased_positions).c_str(),
      static_cast<unsigned long long>(erased->receipt.first_position.value),
      erased->stream_id.c_str(), static_cast<unsigned long long>(erased->streams_searched),
      static_cast<long long>(erased->purge_us / 1000));
  return kExitOk;
}

}  // namespace

void AddEraseCommand(CLI::App& app, int& exit_code) {
  auto* erase = app.add_subcommand(
      "erase", "Erase a person's personal payloads (one personErased event), ledgerd stopped");
  auto args = std::make_shared<EraseArgs>();
  erase->add_option("--data", args->data, "Ledger directory (ledgerd stopped)");
  erase->add_option("--subject", args->subject, "The person's pseudonymous subject id")->required();
  erase->add_option("--legal-basis", args->legal_basis, "E.g. \"GDPR art. 17(1)(a)\"")->required();
  erase
      ->add_option("--request-reference", args->request_reference,
                   "The erasure request's reference (no personal data)")
      ->required();
  erase
      ->add_option("--command-id", args->command_id,
                   "Idempotency key: the same id again answers with the original erasure")
      ->required();
  erase->add_option("--operator", args->operator_id,
                    "Who runs it, recorded as the entry's actor id (default ledgerctl)");
  erase->callback([&exit_code, args] { exit_code = Erase(*args); });
}

}  // namespace ledger::tools
