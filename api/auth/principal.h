// Principal: who a verified access token speaks for, and the checks every stored one passes.
//
// A token's principal names a role of the schema (ledger::schema::Role), the organisation and the
// id within it, and a role-dependent scope that the API's access rules read:
//
//   newcomer               trajectory ids the newcomer owns; at least one
//   counsellor             municipality NIS codes (5 digits), or the single entry "*" for every
//                          municipality; at least one
//   director               municipality NIS codes; may be empty (then only the trajectories where
//                          the organisation is director)
//   volunteer              "<trajectoryId>/<activityId>" entries; at least one
//   providerContact, complaintOrganisation, auditor, reportingJob, administrator
//                          empty scope
//   system                 never has a token
//
// Ids in the scope follow ledger/domain/streams.h (1 to 100 letters, digits or -_.:); no entry
// appears twice. organisation and id are at most 128 bytes of printable ASCII without blanks;
// both are required, except that auditor, reportingJob and administrator may have an empty
// organisation. Role names are the schema's camelCase names ("providerContact").
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::api {

// Who a verified token speaks for. Scope is role-dependent (see above).
struct Principal {
  schema::Role role = schema::Role::SYSTEM;
  std::string organisation;  // agency office, director org, provider org, complaint org...
  // The principal's id within it (subject id for a newcomer, contact person id for a provider
  // contact).
  std::string id;
  std::vector<std::string> scope;
  std::string token_id;  // the token's public id, for logs and read-audit records

  bool operator==(const Principal&) const = default;
};

// The role named `name` exactly as in the schema ("providerContact"), or InvalidArgument naming
// it and listing the names that would be accepted.
Result<schema::Role> ParseRole(std::string_view name);
// The schema's name of `role` ("complaintOrganisation"); "#<number>" for a value it does not know.
std::string RoleName(schema::Role role);

// "'<text>'" cut at 120 bytes, bytes outside printable ASCII shown as \xNN: how the messages
// of api/auth quote a value, so none carries control characters into a log line.
std::string QuoteValue(std::string_view text);

// Ok when `principal` may hold a token (the rules above); else InvalidArgument naming the field
// and the value at fault. token_id is not checked: the store assigns it.
Status ValidatePrincipal(const Principal& principal);

}  // namespace ledger::api
