// Replays a whole ledger through the domain folds and checks, before folding each event, the
// rules a generated ledger promises (tools/generator/ledger_generator.h): the actor's role and
// organisation, ids unique in their stream, hours only on eligible activities, attestations by
// the activity's contact person on entries still to attest, offers by the perspective's
// director, answers only to open offers, suspensions that never overlap, no event after an
// exemption, business dates between the contract date (or a complaint's receipt) and today,
// complaint life cycles in order. These are the generator's own promises, some stricter than the
// command rules (valid national register numbers, complaint events in date order);
// decision_replay.h checks the same ledgers against the real rules of ledger/domain.
// Thread safety: reads through the store's public, thread-safe API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/store/event_store.h"

namespace ledger::testing {

struct RuleReplay {
  std::uint64_t entries = 0;
  std::uint64_t violation_count = 0;
  // The first violations found, each "position P, stream S, kind K: what is wrong".
  std::vector<std::string> violations;
};

// Reads the log in pages from position 0 to the head. A read error is reported as a violation.
RuleReplay ReplayRules(const EventStore& store, domain::Day today);

}  // namespace ledger::testing
