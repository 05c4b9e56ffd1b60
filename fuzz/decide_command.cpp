#include "fuzz/decide_command.h"

#include <capnp/message.h>

#include <cstdlib>
#include <optional>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::fuzz {
namespace {

constexpr unsigned kRoles = 10;  // schema::Role, system @0 to administrator @9.

template <typename State, typename Decide>
void DecideAll(api::wire::CommandRequest::Reader request, const domain::DecisionContext& context,
               const std::string& stream_id, Decide decide) {
  State state;
  std::uint64_t version = 0;
  for (api::wire::EventInput::Reader input : request.getEvents()) {
    Status decided = decide(state, input.getEvent(), context);
    if (!decided.ok()) {
      if (decided.code() != Status::Code::kInvalidArgument &&
          decided.code() != Status::Code::kRejected) {
        std::abort();  // The rules answer only these.
      }
      continue;
    }
    capnp::MallocMessageBuilder message(256);
    schema::Entry::Builder entry = message.initRoot<schema::Entry>();
    entry.setPosition(version);
    entry.setStreamVersion(++version);
    entry.setRecordedAtUs(domain::NoonUs(context.today));
    entry.setOccurredAtUs(input.getOccurredAtUs());
    entry.setStreamId(stream_id);
    entry.getActor().setRole(context.actor.role);
    entry.getActor().setOrganisation(context.actor.organisation);
    entry.getActor().setId(context.actor.id);
    entry.setCommandId("fuzz");
    entry.setEvent(input.getEvent());
    domain::Apply(state, entry.asReader());
  }
}

}  // namespace

void DecideCommand(api::wire::CommandRequest::Reader request, unsigned role) {
  static const domain::Parameters parameters;
  auto events = request.getEvents();
  if (events.size() == 0 || events.size() > 1000) return;  // As the service refuses.
  domain::DecisionContext context{.parameters = &parameters,
                                  .actor = {.role = static_cast<schema::Role>(role % kRoles),
                                            .organisation = "org-fuzz",
                                            .id = "actor-fuzz"},
                                  .today = domain::DayFromCivil({2026, 12, 3}),
                                  .ledger_size = 1000};
  std::optional<domain::StreamKind> kind = domain::StreamKindOf(events[0].getEvent().which());
  if (!kind) return;
  if (*kind == domain::StreamKind::kTrajectory) {
    DecideAll<domain::TrajectoryState>(request, context, "trajectory-T-FUZZ",
                                       domain::DecideTrajectory);
  } else if (*kind == domain::StreamKind::kComplaint) {
    DecideAll<domain::ComplaintState>(request, context, "complaint-C-FUZZ",
                                      domain::DecideComplaint);
  }
}

}  // namespace ledger::fuzz
