// Runs domain commands: fold the stream, decide, append with the version decided on.
//
// Execute reads the command's stream (trajectory-<id> or complaint-<id>), folds it, checks
// each proposed event with the rules (decide.h) in order, each against the state including the
// ones before it, and appends them with ExpectedVersion::Exact of the version it decided on, so
// no event is ever appended to a state other than the one it was checked against. When another
// writer got in between and the client expected any version, it decides again (up to
// kDecideAttemptsMax times). A command id seen before answers kAlreadyAppended with the
// original positions without deciding again (the idempotency fingerprint covers the client's
// stated expectation, not the derived exact one); reusing it for other content is
// kCommandIdReused.
// Outcomes: the store's (event_store.h), plus InvalidArgument and Rejected from the rules.
// Thread safety: Execute may be called from any thread; the store serialises the appends.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ledger/clock.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/event_store.h"

namespace ledger::domain {

inline constexpr int kDecideAttemptsMax = 5;

struct DomainCommand {
  std::string command_id;
  ActorRef actor;
  std::string correlation_id;
  std::string causation_id;
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();  // The client's expectation.
  std::vector<EventDraft> events;
  // Checked against the folded stream before the rules decide, on every attempt (the access
  // rules of api/, for example a counsellor's municipalities); a non-ok status ends the
  // command with nothing written. Empty: no check. Retries of a seen command id skip it (the
  // store answers them, and refuses a reused id with another actor or content).
  std::function<Status(const TrajectoryState&)> check_trajectory;
  std::function<Status(const ComplaintState&)> check_complaint;
};

class CommandHandler {
 public:
  // `store` and `clock` must outlive the handler. InvalidArgument parameters are a bug of the
  // caller: check them with Parameters::Validate first.
  CommandHandler(EventStore& store, Parameters parameters, Clock& clock);

  Result<AppendReceipt> Execute(DomainCommand command);
  const Parameters& parameters() const { return parameters_; }

 private:
  Status Decide(StreamKind kind, const AppendRequest& request, const DomainCommand& checks,
                StreamVersion& version) const;

  EventStore& store_;
  Parameters parameters_;
  Clock& clock_;
};

}  // namespace ledger::domain
