// The trajectory rules of DecideTrajectory (decide.h), split by concept. Internal to
// ledger/domain: callers use decide.h.
//
// DecideTrajectory (trajectory_rules.cpp) checks, in this order, that the event kind belongs
// in a trajectory stream, that the trajectory is opened (or not, for trajectoryOpened), the
// actor's role (CheckTrajectoryRole), that no exemption was granted, and then hands the event
// to its concept: the hours rules (hours_rules.cpp), the offer rules (offer_rules.cpp) or the
// rest (trajectory_rules.cpp). Each concept checks existence, then state, then dates and values.
// The rules and their codes are listed in docs/event-catalogue.md, "Command rules".
// Thread safety: pure functions.
#pragma once

#include <string>

#include "ledger/domain/decide.h"
#include "ledger/domain/rule_checks.h"

namespace ledger::domain {

// "trajectory '<id>'", how messages name the trajectory.
inline std::string TrajectoryName(const TrajectoryState& state) {
  return "trajectory " + rules::Quote(state.trajectory_id);
}

// The checked day of `date`: InvalidArgument naming `field` when impossible, kDateOutOfOrder
// when before the trajectory's contract signing date.
Result<Day> DayFromContract(const TrajectoryState& state, schema::Date::Reader date,
                            std::string_view field);

// Who may issue `event` on this opened trajectory (the role step of the order above).
// kRoleNotPermitted, kVolunteerCannotAttest or kNotPermittedToWithdraw otherwise.
Status CheckTrajectoryRole(const TrajectoryState& state, schema::Event::Reader event,
                           const ActorRef& actor);

// hoursLogged, hoursAttested, hoursCorrected, hoursVoided, after the gates above.
Status DecideHoursEvent(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context);

// offerRequested, offerMade, offerAccepted, offerDeclined, offerWithdrawn, after the gates.
Status DecideOfferEvent(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context);

}  // namespace ledger::domain
