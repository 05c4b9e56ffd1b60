// The domain decision over one command, shared by the fuzz targets that reach it (the JSON
// body of command_fuzz.cpp, the Cap'n Proto message of rpc_request_fuzz.cpp): its events are
// decided one by one against the state folded from those accepted before them, in a
// trajectory or complaint stream by the first event's kind (ledger/domain/decide.h), each
// accepted event folded in as the command handler folds it. The rules may answer only Ok,
// InvalidArgument or Rejected: anything else aborts, as a finding.
#pragma once

#include "api/schema/ledger.capnp.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::fuzz {

// `role` issues the command (schema::Role by number, modulo the roles there are).
void DecideCommand(api::wire::CommandRequest::Reader request, unsigned role);

}  // namespace ledger::fuzz
