// A realistic trajectory as a list of commands, for the demo and for tests that want real data.
//
// One obligated newcomer in Ghent: the counsellor opens the trajectory, the local government is
// assigned as director for the social perspective, three activities of different kinds are
// registered with their checks, sessions are logged and attested by the activity's contact
// person, and an offer is requested, made and accepted. Command ids and times derive from the
// trajectory id only, so building it twice gives identical commands: appending them again
// shows the ledger's idempotency ("already appended").
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "ledger/store/append_request.h"

namespace ledger::tools {

std::vector<AppendRequest> DemoTrajectory(const std::string& trajectory_id);

}  // namespace ledger::tools
