// A real ledger with the domain on top, for scenario tests: an EventStore (fake clock), the
// command handler, a projection database with its projector, and the queries. Run issues one
// command of one event through the rules; Catch folds everything into the read models.
#pragma once

#include <memory>
#include <string>

#include "ledger/domain/command_handler.h"
#include "ledger/store/event_store.h"
#include "projections/projector.h"
#include "projections/queries.h"
#include "tests/support/domain_events.h"
#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {

class DomainLedger {
 public:
  // The ledger's today starts at `today` (noon UTC). `handling`: the command handler's
  // options (by default no executor: cache misses are read on the calling thread).
  explicit DomainLedger(Day today = On(2026, 11, 23), domain::Parameters parameters = {},
                        domain::CommandHandlerOptions handling = {});

  template <typename Args>
  Result<AppendReceipt> Run(const ActorRef& actor, const std::string& stream, Day on,
                            const Args& args, const std::string& free_text = "") {
    domain::DomainCommand command;
    command.command_id = "cmd-" + std::to_string(++commands_);
    command.actor = actor;
    command.stream = domain::StreamKeyOf(stream).value();
    EventDraft& draft = command.events.emplace_back();
    draft.occurred_at_us = domain::NoonUs(on);
    Fill(draft.event(), args);
    if (!free_text.empty()) draft.personal().setFreeText(free_text);
    return handler_->Execute(std::move(command));
  }
  domain::CommandHandler& handler() { return *handler_; }
  EventStore& store() { return *store_; }
  FakeClock& clock() { return clock_; }
  projections::Projector& projector() { return *projector_; }
  // Folds every new entry into the read models (REQUIREs success).
  void Catch();
  projections::ReadModels& models() { return *models_; }
  static projections::QueryOptions Query(Day day) { return projections::QueryOptions{day}; }

 private:
  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<domain::CommandHandler> handler_;
  std::unique_ptr<projections::ProjectionDb> db_;
  std::unique_ptr<projections::Projector> projector_;
  std::unique_ptr<projections::ReadModels> models_;
  int commands_ = 0;
};

std::string Trajectory(std::string_view id = kTrajectoryId);
std::string Complaint(std::string_view id = kComplaintId);

}  // namespace ledger::testing
