// What the service functions work on, wired by ledgerd's main (api/server/server.h): the
// ledger, the command handler, the read models and the checkpointer, plus the caller of one
// call. The service functions own none of it.
// Thread safety: the members are thread-safe objects; a ServiceContext is read-only once built.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "api/auth/principal.h"
#include "ledger/base/clock.h"
#include "ledger/domain/command_handler.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "projections/projector.h"
#include "projections/queries.h"
#include "projections/reporting/pseudonym.h"

namespace ledger::api {

class TokenStore;

struct ServiceContext {
  EventStore* store = nullptr;
  domain::CommandHandler* handler = nullptr;
  projections::Projector* projector = nullptr;
  projections::ReadModels* models = nullptr;
  Checkpointer* checkpointer = nullptr;
  TokenStore* tokens = nullptr;
  Clock* clock = nullptr;
  ::projections::reporting::PseudonymKey report_key{};  // Keyed pseudonyms of reports.
  std::string version;  // The server's version, for the status call.
  // Where export bundles are written before they are streamed (an existing directory; empty:
  // exports answer InvalidArgument). On the ledger's disk, so bounded by its free space.
  std::string export_dir;
  // The server's readiness state by name (api/adapters/readiness.h), for the status call.
  std::function<std::string()> state_name;
};

// The caller of one call, as the adapters authenticated it.
struct CallContext {
  Principal principal;
  std::string request_id;  // Logged with the call and returned in error bodies.
};

}  // namespace ledger::api
