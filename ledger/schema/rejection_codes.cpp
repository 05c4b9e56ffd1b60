// Checks at build time that ledger::RejectionCode (status.h) mirrors the schema's enum: a
// mismatch is a build error, never a silent renumbering.
#include "ledger/schema/events.capnp.h"
#include "ledger/status.h"

namespace ledger {
namespace {

// The C++ enum mirrors the schema's; a mismatch is a build error, not a silent renumbering.
constexpr bool Mirrors(RejectionCode ours, schema::RejectionCode theirs) {
  return static_cast<std::uint16_t>(ours) == static_cast<std::uint16_t>(theirs);
}
static_assert(Mirrors(RejectionCode::kNone, schema::RejectionCode::NONE));
static_assert(Mirrors(RejectionCode::kWrongExpectedVersion,
                      schema::RejectionCode::WRONG_EXPECTED_VERSION));
static_assert(Mirrors(RejectionCode::kCommandIdReused, schema::RejectionCode::COMMAND_ID_REUSED));

}  // namespace

}  // namespace ledger
