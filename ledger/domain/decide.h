// The command rules: may this event be appended to this stream, given its state?
//
// A domain command proposes one or more events for one stream (trajectory-<id> or
// complaint-<id>, streams.h). Before anything is appended, each proposed event is checked
// against the state folded from the stream so far (plus the proposed events before it):
//   - Ok: the event may be appended as proposed;
//   - InvalidArgument: the event is malformed (an impossible date, an empty or ill-formed id, an
//     event kind that does not belong in this kind of stream); the message names the field;
//   - Rejected(code): a domain rule refuses it; `code` is one of the closed RejectionCode values
//     of ledger/base/status.h and the message names the values involved ("the session of hours
//     entry 'h-9' lasts 780 minutes, outside 1 to the maximum of 720 minutes", "activity 'A2'
//     failed its dutchLanguageContext check: its hours cannot count").
// Decisions are pure functions of their inputs: no I/O, no clock (the caller passes today).
// The rules and their codes are listed in docs/event-catalogue.md, "Command rules". The rules
// live in trajectory_rules.cpp (with hours_rules.cpp and offer_rules.cpp) and complaint_rules.cpp.
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "ledger/base/status.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/parameters.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/append_request.h"

namespace ledger::domain {

struct DecisionContext {
  const Parameters* parameters = nullptr;  // Required.
  ActorRef actor;                          // Who issues the command.
  Day today;                               // The ledger's today: business dates may not pass it.
  std::uint64_t ledger_size = 0;           // The log's size: evidence must point below it.
};

// Checks `event` against the trajectory's state (see the file comment).
Status DecideTrajectory(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context);

// Checks `event` against the complaint's state (see the file comment).
Status DecideComplaint(const ComplaintState& state, schema::Event::Reader event,
                       const DecisionContext& context);

}  // namespace ledger::domain
