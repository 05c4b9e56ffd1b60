// Who a verified token speaks for: a role, an organisation, an id and a role-dependent scope.
//
// Scope per role: newcomer: the trajectory ids it owns; counsellor: municipality NIS codes, or
// "*" for all; director: municipality codes (may be empty: then only the trajectories it
// directs); volunteer: "<trajectoryId>/<activityId>" entries; every other role: empty.
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "ledger/schema/events.capnp.h"

namespace ledger::api {

struct Principal {
  schema::Role role = schema::Role::SYSTEM;
  std::string organisation;
  std::string id;
  std::vector<std::string> scope;
  std::string token_id;  // The token's public id, for logs and read records.
};

}  // namespace ledger::api
