#include "tests/support/decision_replay.h"

#include <map>

#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"

namespace ledger::testing {
namespace {

ActorRef ActorOf(schema::Entry::Reader entry) {
  auto actor = entry.getActor();
  return {actor.getRole(), actor.getOrganisation(), actor.getId()};
}

}  // namespace

DecisionReplay ReplayDecisions(const EventStore& store, domain::Day today) {
  DecisionReplay replay;
  domain::Parameters parameters;
  std::map<std::string, domain::TrajectoryState> trajectories;
  std::map<std::string, domain::ComplaintState> complaints;
  auto refuse = [&](std::uint64_t position, const std::string& stream, const Status& status) {
    ++replay.refused;
    if (replay.first_refusals.size() < 20) {
      replay.first_refusals.push_back("position " + std::to_string(position) + " (" + stream +
                                      "): " + status.ToString());
    }
  };
  Position from{0};
  for (;;) {
    Result<LogPage> page = store.ReadLog(from, 1000);
    if (!page.ok()) {
      refuse(from.value, "(read)", page.status());
      return replay;
    }
    for (const StoredEntry& stored : page->entries) {
      schema::Entry::Reader entry = stored.reader();
      ++replay.entries;
      std::string stream = entry.getStreamId();
      std::optional<domain::StreamSubject> subject = domain::ParseStream(stream);
      if (!subject) continue;
      ++replay.decided;
      domain::DecisionContext context{&parameters, ActorOf(entry), today, entry.getPosition()};
      if (subject->kind == domain::StreamKind::kTrajectory) {
        domain::TrajectoryState& state = trajectories[stream];
        Status decided = domain::DecideTrajectory(state, entry.getEvent(), context);
        if (!decided.ok()) refuse(entry.getPosition(), stream, decided);
        domain::Apply(state, entry);
      } else {
        domain::ComplaintState& state = complaints[stream];
        Status decided = domain::DecideComplaint(state, entry.getEvent(), context);
        if (!decided.ok()) refuse(entry.getPosition(), stream, decided);
        domain::Apply(state, entry);
      }
    }
    if (!page->next_position) return replay;
    from = *page->next_position;
  }
}

}  // namespace ledger::testing
