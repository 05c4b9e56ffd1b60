// Replays a whole ledger through the real command rules (ledger/domain/decide.h): before each
// event is folded into its stream's state, DecideTrajectory or DecideComplaint must accept it
// for the entry's actor, with the ledger as it stood (size = the entry's position) and `today`.
// For tests that claim a ledger written without the command handler (the generator's) is one
// the handler could have written.
// Thread safety: reads through the store's public, thread-safe API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/store/event_store.h"

namespace ledger::testing {

struct DecisionReplay {
  std::uint64_t entries = 0;
  std::uint64_t decided = 0;  // Entries of trajectory and complaint streams.
  std::uint64_t refused = 0;
  std::vector<std::string> first_refusals;  // "position P (stream S): status", at most 20.
};

DecisionReplay ReplayDecisions(const EventStore& store, domain::Day today);

}  // namespace ledger::testing
