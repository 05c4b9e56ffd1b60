// Retention: the personal payloads of people whose business with the ledger is closed are
// erased, by the same mechanism as an erasure on request (erasure.h), once a set number of
// days has passed. The number of days is a policy for the agency to set (ledgerd
// --retention-days; docs/operations.md, "Retention"); this module invents none and does
// nothing with 0.
//
// A subject (TrajectoryOpened.subjectId, ComplaintFiled.complainantId) is past retention on
// `now_us` when they have at least one trajectory or complaint stream, every one of them is
// closed, and the last entry of each was recorded more than `days` days before `now_us`:
//   - a trajectory is closed when it was completed (the required hours attested) or an
//     exemption was granted; any other trajectory (in progress, suspended, with an offer
//     shortfall established) may still matter to the person and is never swept;
//   - a complaint is closed when it was decided, declared inadmissible or withdrawn; an
//     escalation or any later entry restarts its clock (it is the stream's last entry that
//     counts).
// SweepRetention erases each such subject with command id "retention-<subject>-<last
// position>" (idempotent; a person who comes back with new streams gets a new one), actor
// `actor`, legal basis "retention period: <days> days after closure", request reference
// "retention". A subject whose payloads are all gone already is passed over; one the erasure
// refuses (InvalidArgument: more payloads than one event lists) is listed in `refused` and the
// sweep goes on; a store failure ends it. Nothing personal
// is logged or returned: subject ids (pseudonymous) and counts.
// Cost: one pass over every trajectory and complaint stream (a fold each), then one erasure
// per subject swept. Thread safety: from any thread; blocks like EraseSubject.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/store/event_store.h"

namespace ledger::domain {

struct RetentionCandidate {
  std::string subject_id;
  std::uint64_t last_position = 0;  // The last entry of any of their streams.
};

// The subjects past retention (see above), in subject id order. `days` must be > 0.
Result<std::vector<RetentionCandidate>> SubjectsPastRetention(const EventStore& store,
                                                              std::uint32_t days,
                                                              std::int64_t now_us);

struct RetentionSweep {
  std::vector<std::string> erased;  // Subject ids erased now.
  std::uint64_t candidates = 0;     // Subjects past retention (erased now or before).
  std::uint64_t payloads_erased = 0;
  std::vector<std::string> refused;  // "<subject>: why" for erasures refused as too large.
};

// Finds the subjects past retention and erases them (see above).
Result<RetentionSweep> SweepRetention(EventStore& store, std::uint32_t days, std::int64_t now_us,
                                      const ActorRef& actor);

}  // namespace ledger::domain
