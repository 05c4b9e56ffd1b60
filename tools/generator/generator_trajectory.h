// The ledger generator's life-cycle simulator of one participation and network trajectory.
//
// Opened by the region's counsellor with the director of the chosen perspective assigned, a
// trajectory then runs several processes, each a timer on the calendar:
//   - activities: the counsellor registers one to three (a few fail the Dutch-language or the
//     social-participation check and never get hours), later more, and the activity of every
//     accepted offer;
//   - sessions of 1 to 4 hours on eligible activities every few days, until the fate's target
//     (40 hours and a little more for most, 5 to 30 for those who stall), logged one at a time
//     by the newcomer or up to five at once from the signed proof of participation;
//   - attestations by each activity's contact person, every few weeks, of the entries not yet
//     attested (again after a correction); corrections and voids of a few percent of entries;
//   - offer requests answered by the perspective's director, fast, slow (past the 90-day
//     shortfall threshold) or never; offers accepted, declined (justified only when the
//     counsellor says so), withdrawn by the provider or the director, or left open;
//   - suspensions that never overlap, perspective changes with their director, an exemption
//     for about 5% after which the trajectory takes no event, and for about 3% a complaint
//     handed over to generator_complaint.h.
// Every command respects the rules of docs/event-catalogue.md: the actor's role and
// organisation, dates between the contract date and today, ids unique in the stream.
// Thread safety: one simulation thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/generator/generator_context.h"

namespace ledger::tools {

class TrajectorySim {
 public:
  // A trajectory with id `id` (the stream is "trajectory-<id>") and a fresh subject.
  TrajectorySim(std::string id, std::uint64_t person_seed);

  // Opens the trajectory on `day`; returns the first day to wake it.
  domain::Day Open(SimContext& context, domain::Day day);
  // Runs the processes due on `day`; returns the next day to wake it, or kNever when the
  // trajectory's story is over (completed, stalled, exempted).
  domain::Day Wake(SimContext& context, domain::Day day);

  std::uint64_t events() const { return cursor_.version; }
  domain::Day opened_on() const { return opened_on_; }

 private:
  enum Timer : std::uint8_t {
    kExempt,
    kSuspensionEnd,
    kSuspensionStart,
    kPerspective,
    kRegister,
    kOfferActivity,
    kRequest,
    kOffer,
    kRespond,
    kSession,
    kFix,
    kAttest,
    kComplaint,
    kTimers,
  };
  struct Activity {
    std::uint32_t provider = 0;  // Index into Population::providers.
    std::uint8_t contact = 0;    // Index into that provider's contacts.
    bool eligible = true;
    domain::Day registered_on;
    std::vector<std::uint16_t> pending;  // Hour entries neither attested nor voided.
  };
  struct Hours {
    std::uint16_t activity = 0;
    domain::Day session_on;
    std::uint16_t minutes = 0;
    bool attested = false;
    bool voided = false;
  };
  struct Session {  // Took place, not logged yet.
    domain::Day on;
    std::uint16_t activity = 0;
    std::uint16_t minutes = 0;
  };
  struct Request {
    schema::Perspective perspective = schema::Perspective::SOCIAL;
    std::uint16_t minimum_hours = 0;
    std::uint8_t offers = 0;
    bool satisfied = false;
  };
  struct Offer {
    std::uint32_t provider = 0;
    schema::ActivityKind kind = schema::ActivityKind::OTHER;
    const std::string* director = nullptr;
  };

  void Run(SimContext& context, Timer timer);
  void Set(Timer timer, domain::Day on) { timers_[timer] = on; }
  ActorRef Counsellor(const SimContext& context) const;
  ActorRef Newcomer() const;
  std::uint64_t Submit(SimContext& context, AppendRequest request, domain::Day day);

  void RegisterActivities(SimContext& context, int count, const Offer* from_offer);
  void TakeSession(SimContext& context);
  void LogSessions(SimContext& context);
  void Attest(SimContext& context);
  void Fix(SimContext& context);
  void RequestOffer(SimContext& context);
  void MakeOffer(SimContext& context);
  void Respond(SimContext& context);
  void Decline(SimContext& context, const std::string& offer_id);
  void Withdraw(SimContext& context, const Offer& offer, const std::string& offer_id);
  void StartSuspension(SimContext& context);
  void EndSuspension(SimContext& context);
  void ChangePerspective(SimContext& context);
  void Exempt(SimContext& context);
  void HandOverComplaint(SimContext& context, domain::Day file_on);

  bool Suspended(domain::Day day) const;
  domain::Day SessionFloor(const Activity& activity) const;
  bool HasEligibleActivity() const;
  void ResumeSessions(SimContext& context, int within_days);
  void FinishIfDone(SimContext& context);
  void Finish(SimContext& context);

  StreamCursor cursor_;
  std::uint64_t person_seed_;
  std::uint32_t region_ = 0;
  const std::string* counsellor_ = nullptr;
  domain::Day today_;  // The day being simulated.
  domain::Day opened_on_;
  domain::Day contract_signed_on_;
  domain::Day last_event_on_;
  schema::Perspective perspective_ = schema::Perspective::SOCIAL;
  std::array<const std::string*, 3> directors_{};
  Fate fate_ = Fate::kComplete;
  std::uint32_t target_minutes_ = 0;
  std::uint32_t logged_minutes_ = 0;  // Unvoided minutes logged.
  std::uint32_t attested_minutes_ = 0;
  std::uint8_t pace_days_ = 7;
  bool logging_done_ = false;
  bool completed_ = false;
  bool finished_ = false;

  std::vector<Activity> activities_;
  std::vector<Hours> hours_;
  std::vector<Session> unlogged_;
  std::uint32_t unlogged_minutes_ = 0;
  std::uint8_t batch_ = 1;  // Sessions to log in one command.
  std::vector<Request> requests_;
  std::vector<Offer> offers_;
  int open_request_ = -1;    // The request a director is working on.
  int open_offer_ = -1;      // The offer awaiting an answer.
  int accepted_offer_ = -1;  // Whose activity the counsellor registers next.
  int fix_entry_ = -1;
  std::uint16_t suspensions_ = 0;
  bool suspended_ = false;
  std::vector<std::pair<domain::Day, domain::Day>> suspended_days_;  // Actual, inclusive.
  std::uint16_t proofs_ = 0;

  std::uint64_t opened_position_ = 0;
  std::uint64_t last_position_ = 0;
  std::optional<std::uint64_t> offer_position_;
  bool complaint_planned_ = false;
  ComplaintFate complaint_fate_ = ComplaintFate::kDecided;
  bool complaint_late_ = false;

  std::array<domain::Day, kTimers> timers_;
};

}  // namespace ledger::tools
