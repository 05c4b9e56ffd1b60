#include "tests/support/rule_replay.h"

#include <cctype>
#include <unordered_map>

#include "ledger/domain/complaint_state.h"
#include "ledger/domain/streams.h"
#include "ledger/domain/trajectory_state.h"
#include "tools/generator/ledger_generator.h"

namespace ledger::testing {
namespace {

using domain::Day;
using domain::DayOfStored;
using schema::Role;
using Which = schema::Event::Which;

constexpr std::size_t kViolationsKept = 50;
constexpr std::uint32_t kSessionMinutesMax = 12 * 60;
constexpr std::int32_t kFactsAgeDaysMax = 365;
constexpr std::int32_t kAnswerDays = 45;
constexpr std::int32_t kAnswerDaysMax = 90;

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

// 11 digits whose last two are 97 minus the first nine modulo 97 (with a leading 2 for births
// from 2000 on).
bool ValidNationalNumber(const std::string& number) {
  if (number.size() != 11) return false;
  for (char c : number) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  const long long base = std::stoll(number.substr(0, 9));
  const int check = std::stoi(number.substr(9));
  return 97 - base % 97 == check || 97 - (2000000000LL + base) % 97 == check;
}

class Replay {
 public:
  Replay(Day today, RuleReplay& out) : today_(today), out_(out) {}

  void Check(const StoredEntry& stored) {
    current_ = &stored;
    out_.entries += 1;
    schema::Entry::Reader entry = stored.reader();
    const Day day = domain::DayOfUs(entry.getOccurredAtUs());
    Expect(entry.getOccurredAtUs() == domain::NoonUs(day), "occurred time is not noon UTC");
    Expect(day <= today_, "business day " + domain::FormatDay(day) + " is after today");
    const std::string stream = Str(entry.getStreamId());
    auto subject = domain::ParseStream(stream);  // Views into `stream`.
    if (!subject) return Violation("not a trajectory or complaint stream");
    const std::string id(subject->id);
    if (subject->kind == domain::StreamKind::kTrajectory) {
      domain::TrajectoryState& state = trajectories_[id];
      CheckTrajectory(state, entry, day);
      domain::Apply(state, entry);
    } else {
      domain::ComplaintState& state = complaints_[id];
      CheckComplaint(state, entry, day);
      domain::Apply(state, entry);
    }
  }

 private:
  void Violation(const std::string& what) {
    out_.violation_count += 1;
    if (out_.violations.size() >= kViolationsKept) return;
    schema::Entry::Reader entry = current_->reader();
    out_.violations.push_back(
        "position " + std::to_string(entry.getPosition()) + ", stream " + Str(entry.getStreamId()) +
        ", " + std::string(tools::EventKindName(entry.getEvent().which())) + ": " + what);
  }
  void Expect(bool ok, const std::string& what) {
    if (!ok) Violation(what);
  }
  // floor <= date <= today.
  void ExpectDate(Day date, Day floor, const char* field) {
    Expect(date >= floor, std::string(field) + " " + domain::FormatDay(date) + " is before " +
                              domain::FormatDay(floor));
    Expect(date <= today_, std::string(field) + " " + domain::FormatDay(date) + " is after today");
  }
  bool Is(Role role) const { return current_->reader().getActor().getRole() == role; }
  std::string ActorOrganisation() const {
    return Str(current_->reader().getActor().getOrganisation());
  }
  std::string ActorId() const { return Str(current_->reader().getActor().getId()); }
  bool NewcomerOrCounsellor(const domain::TrajectoryState& state) const {
    return Is(Role::COUNSELLOR) || (Is(Role::NEWCOMER) && ActorId() == state.subject_id);
  }

  void CheckTrajectory(const domain::TrajectoryState& state, schema::Entry::Reader entry, Day day) {
    schema::Event::Reader event = entry.getEvent();
    if (event.which() > Which::EXEMPTION_GRANTED) return Violation("not a trajectory event");
    if (!state.opened) {
      if (!event.isTrajectoryOpened()) return Violation("event before the trajectory's opening");
      return CheckOpened(event.getTrajectoryOpened(), day);
    }
    if (event.isTrajectoryOpened()) return Violation("trajectory opened twice");
    Expect(!state.exemption.has_value(), "event after the exemption");
    ExpectDate(day, state.contract_signed_on, "business day");
    switch (event.which()) {
      case Which::HOURS_LOGGED:
      case Which::HOURS_ATTESTED:
      case Which::HOURS_CORRECTED:
      case Which::HOURS_VOIDED: return CheckHours(state, event, day);
      case Which::OFFER_REQUESTED:
      case Which::OFFER_MADE:
      case Which::OFFER_ACCEPTED:
      case Which::OFFER_DECLINED:
      case Which::OFFER_WITHDRAWN: return CheckOffers(state, event);
      default: return CheckCounsellorEvent(state, event);
    }
  }

  void CheckOpened(schema::TrajectoryOpened::Reader opened, Day day) {
    Expect(Is(Role::COUNSELLOR), "opened by someone other than a counsellor");
    const Day contract = DayOfStored(opened.getContractSignedOn());
    Expect(contract <= day, "contract signed after the opening");
    Expect(opened.getSubjectId().size() > 0, "no subject id");
    Expect(opened.getMunicipalityCode().size() == 5, "municipality code is not 5 digits");
    Expect(opened.getRequiredHours() > 0, "no required hours");
    Expect(current_->personal_state() == PersonalState::kPresent, "no personal fields");
    if (current_->personal()) {
      auto personal = current_->personal()->reader();
      Expect(personal.getFullName().size() > 0, "no full name");
      Expect(ValidNationalNumber(Str(personal.getNationalRegisterNumber())),
             "national register number '" + Str(personal.getNationalRegisterNumber()) +
                 "' is not 11 digits with valid check digits");
    }
  }

  void CheckCounsellorEvent(const domain::TrajectoryState& state, schema::Event::Reader event) {
    Expect(Is(Role::COUNSELLOR), "issued by someone other than a counsellor");
    switch (event.which()) {
      case Which::PERSPECTIVE_CHANGED:
        ExpectDate(DayOfStored(event.getPerspectiveChanged().getEffectiveOn()),
                   state.contract_signed_on, "effectiveOn");
        return;
      case Which::ACTIVITY_REGISTERED:
        Expect(state.FindActivity(Str(event.getActivityRegistered().getActivityId())) == nullptr,
               "activity id used twice");
        return;
      case Which::SUSPENSION_STARTED: {
        auto started = event.getSuspensionStarted();
        const Day from = DayOfStored(started.getStartsOn());
        const Day to = DayOfStored(started.getEndsOn());
        Expect(state.FindSuspension(Str(started.getSuspensionId())) == nullptr,
               "suspension id used twice");
        ExpectDate(from, state.contract_signed_on, "startsOn");
        ExpectDate(to, from, "endsOn");
        for (const domain::SuspensionState& other : state.suspensions) {
          Expect(to < other.starts_on || from > other.ends_on,
                 "suspension overlaps suspension " + other.id);
        }
        return;
      }
      case Which::SUSPENSION_ENDED: {
        auto ended = event.getSuspensionEnded();
        const domain::SuspensionState* suspension =
            state.FindSuspension(Str(ended.getSuspensionId()));
        if (suspension == nullptr) return Violation("no such suspension");
        Expect(!suspension->ended, "suspension ended twice");
        ExpectDate(DayOfStored(ended.getEndedOn()), suspension->starts_on, "endedOn");
        return;
      }
      case Which::EXEMPTION_GRANTED:
        ExpectDate(DayOfStored(event.getExemptionGranted().getGrantedOn()),
                   state.contract_signed_on, "grantedOn");
        return;
      default: return;
    }
  }

  void CheckHours(const domain::TrajectoryState& state, schema::Event::Reader event, Day day) {
    switch (event.which()) {
      case Which::HOURS_LOGGED: {
        auto logged = event.getHoursLogged();
        Expect(NewcomerOrCounsellor(state), "logged by someone other than newcomer or counsellor");
        Expect(state.FindHours(Str(logged.getHoursEntryId())) == nullptr, "entry id used twice");
        const domain::ActivityState* activity = state.FindActivity(Str(logged.getActivityId()));
        if (activity == nullptr) return Violation("no such activity");
        Expect(activity->eligible(), "hours on an ineligible activity");
        Expect(logged.getMinutes() > 0 && logged.getMinutes() <= kSessionMinutesMax,
               "session of " + std::to_string(logged.getMinutes()) + " minutes");
        ExpectDate(DayOfStored(logged.getSessionOn()), state.contract_signed_on, "sessionOn");
        return;
      }
      case Which::HOURS_ATTESTED: return CheckAttested(state, event.getHoursAttested(), day);
      case Which::HOURS_CORRECTED: {
        auto corrected = event.getHoursCorrected();
        Expect(Is(Role::COUNSELLOR), "corrected by someone other than a counsellor");
        const domain::HoursEntryState* hours = state.FindHours(Str(corrected.getHoursEntryId()));
        if (hours == nullptr) return Violation("no such hour entry");
        Expect(!hours->voided, "correction of a voided entry");
        Expect(corrected.getMinutes() > 0 && corrected.getMinutes() <= kSessionMinutesMax,
               "corrected session of " + std::to_string(corrected.getMinutes()) + " minutes");
        ExpectDate(DayOfStored(corrected.getSessionOn()), state.contract_signed_on, "sessionOn");
        return;
      }
      case Which::HOURS_VOIDED: {
        Expect(Is(Role::COUNSELLOR), "voided by someone other than a counsellor");
        const domain::HoursEntryState* hours =
            state.FindHours(Str(event.getHoursVoided().getHoursEntryId()));
        if (hours == nullptr) return Violation("no such hour entry");
        Expect(!hours->voided, "entry voided twice");
        return;
      }
      default: return;
    }
  }

  void CheckAttested(const domain::TrajectoryState& state, schema::HoursAttested::Reader attested,
                     Day day) {
    const domain::ActivityState* activity = state.FindActivity(Str(attested.getActivityId()));
    if (activity == nullptr) return Violation("no such activity");
    Expect(Is(Role::PROVIDER_CONTACT) && ActorOrganisation() == activity->provider_organisation &&
               ActorId() == activity->contact_person_id &&
               Str(attested.getContactPersonId()) == activity->contact_person_id,
           "attested by " + ActorOrganisation() + "/" + ActorId() + ", not the contact person " +
               activity->provider_organisation + "/" + activity->contact_person_id);
    Expect(attested.getProofReference().size() > 0, "no proof reference");
    auto attestable = [&](const domain::HoursEntryState& hours) {
      return hours.activity_id == activity->id && !hours.voided && !hours.attested &&
             hours.session_on <= day;
    };
    auto scope = attested.getScope();
    if (scope.isHoursEntryIds()) {
      Expect(scope.getHoursEntryIds().size() > 0, "attests no entry");
      for (capnp::Text::Reader id : scope.getHoursEntryIds()) {
        const domain::HoursEntryState* hours = state.FindHours(Str(id));
        Expect(hours != nullptr && attestable(*hours),
               "entry " + Str(id) + " is not one of the activity's entries to attest");
      }
      return;
    }
    const Day from = DayOfStored(scope.getPeriod().getFrom());
    const Day to = DayOfStored(scope.getPeriod().getTo());
    Expect(from <= to && to <= day, "period is not a range before the attestation");
    bool any = false;
    for (const domain::HoursEntryState& hours : state.hours) {
      any = any || (attestable(hours) && hours.session_on >= from && hours.session_on <= to);
    }
    Expect(any, "the period holds no entry to attest");
  }

  void CheckOffers(const domain::TrajectoryState& state, schema::Event::Reader event) {
    if (event.isOfferRequested()) {
      auto requested = event.getOfferRequested();
      Expect(NewcomerOrCounsellor(state), "requested by someone other than newcomer or counsellor");
      Expect(state.FindRequest(Str(requested.getRequestId())) == nullptr, "request id used twice");
      ExpectDate(DayOfStored(requested.getAvailableFrom()), state.contract_signed_on,
                 "availableFrom");
      return;
    }
    if (event.isOfferMade()) {
      auto made = event.getOfferMade();
      const std::string& director = state.DirectorFor(made.getPerspective());
      Expect(Is(Role::DIRECTOR) && !director.empty() && ActorOrganisation() == director,
             "offer by " + ActorOrganisation() + ", not the perspective's director '" + director +
                 "'");
      Expect(state.FindOffer(Str(made.getOfferId())) == nullptr, "offer id used twice");
      const domain::OfferRequestState* request = state.FindRequest(Str(made.getRequestId()));
      if (request == nullptr) return Violation("no such request");
      Expect(made.getOfferedHours() > 0, "offers no hours");
      ExpectDate(DayOfStored(made.getMadeOn()), request->available_from, "madeOn");
      return;
    }
    capnp::Text::Reader offer_id = event.isOfferAccepted() ? event.getOfferAccepted().getOfferId()
                                   : event.isOfferDeclined()
                                       ? event.getOfferDeclined().getOfferId()
                                       : event.getOfferWithdrawn().getOfferId();
    const domain::OfferState* offer = state.FindOffer(Str(offer_id));
    if (offer == nullptr) return Violation("no such offer");
    Expect(offer->outcome == domain::OfferOutcome::kOpen, "offer is not open");
    if (event.isOfferAccepted()) {
      Expect(NewcomerOrCounsellor(state), "accepted by someone other than newcomer or counsellor");
      ExpectDate(DayOfStored(event.getOfferAccepted().getAcceptedOn()), offer->made_on,
                 "acceptedOn");
    } else if (event.isOfferDeclined()) {
      auto declined = event.getOfferDeclined();
      Expect(NewcomerOrCounsellor(state), "declined by someone other than newcomer or counsellor");
      Expect(!declined.getJustified() || Is(Role::COUNSELLOR), "justified by a non-counsellor");
      Expect(!declined.getJustified() || declined.getReason() != schema::DeclineReason::NO_REASON,
             "justified without a reason");
      ExpectDate(DayOfStored(declined.getDeclinedOn()), offer->made_on, "declinedOn");
    } else {
      auto withdrawn = event.getOfferWithdrawn();
      const bool by_provider = withdrawn.getWithdrawnBy() == schema::WithdrawnBy::PROVIDER;
      const std::string& organisation =
          by_provider ? offer->provider_organisation : offer->director_organisation;
      Expect(Is(by_provider ? Role::PROVIDER_CONTACT : Role::DIRECTOR) &&
                 ActorOrganisation() == organisation,
             "withdrawn by " + ActorOrganisation() + ", not the offer's provider or director");
      ExpectDate(DayOfStored(withdrawn.getWithdrawnOn()), offer->made_on, "withdrawnOn");
    }
  }

  void CheckComplaint(const domain::ComplaintState& state, schema::Entry::Reader entry, Day day);
  void CheckComplaintStep(const domain::ComplaintState& state, schema::Entry::Reader entry,
                          Day day);

  Day today_;
  RuleReplay& out_;
  const StoredEntry* current_ = nullptr;
  std::unordered_map<std::string, domain::TrajectoryState> trajectories_;
  std::unordered_map<std::string, domain::ComplaintState> complaints_;
  std::unordered_map<std::string, Day> complaint_last_day_;
};

void Replay::CheckComplaint(const domain::ComplaintState& state, schema::Entry::Reader entry,
                            Day day) {
  schema::Event::Reader event = entry.getEvent();
  if (event.which() < Which::COMPLAINT_FILED || event.which() > Which::COMPLAINT_WITHDRAWN) {
    return Violation("not a complaint event");
  }
  Day& last_day = complaint_last_day_[Str(entry.getStreamId())];
  Expect(day >= last_day, "dated before the complaint's previous event");
  last_day = day;
  if (state.filed) return CheckComplaintStep(state, entry, day);
  if (!event.isComplaintFiled()) return Violation("event before the complaint was filed");
  auto filed = event.getComplaintFiled();
  const std::string complainant = Str(filed.getComplainantId());
  Expect(Is(Role::COMPLAINT_ORGANISATION) || (Is(Role::NEWCOMER) && ActorId() == complainant),
         "filed by someone other than the complainant or the complaint organisation");
  const Day received = DayOfStored(filed.getReceivedOn());
  Expect(received == day, "received on another day than its business day");
  ExpectDate(received, DayOfStored(filed.getFactsOccurredOn()), "receivedOn");
  auto trajectory = trajectories_.find(Str(filed.getTrajectoryId()));
  if (trajectory == trajectories_.end()) return Violation("no such trajectory");
  Expect(trajectory->second.subject_id == complainant,
         "complainant is not the trajectory's subject");
  Expect(DayOfStored(filed.getFactsOccurredOn()) >= trajectory->second.contract_signed_on,
         "facts before the contract");
  Expect(Str(filed.getAgainstOrganisation()).size() > 0, "against no organisation");
  Expect(current_->personal() && current_->personal()->reader().getFullName().size() > 0,
         "no complainant name");
}

void Replay::CheckComplaintStep(const domain::ComplaintState& state, schema::Entry::Reader entry,
                                Day day) {
  schema::Event::Reader event = entry.getEvent();
  Expect(Is(Role::COMPLAINT_ORGANISATION), "handled by someone other than the organisation");
  ExpectDate(day, state.received_on, "business day");
  Expect(!event.isComplaintFiled(), "complaint filed twice");
  Expect(!state.closed() || event.isComplaintEscalated(), "event after the complaint was closed");
  switch (event.which()) {
    case Which::COMPLAINT_ACKNOWLEDGED: Expect(!state.acknowledged, "acknowledged twice"); return;
    case Which::COMPLAINT_DECLARED_INADMISSIBLE:
      Expect(event.getComplaintDeclaredInadmissible().getGround() !=
                     schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR ||
                 state.received_on - state.facts_occurred_on > kFactsAgeDaysMax,
             "facts are not older than one year");
      return;
    case Which::COMPLAINT_ASSIGNED: {
      auto assigned = event.getComplaintAssigned();
      Expect(Str(assigned.getHandlerOrganisation()) != state.against_organisation,
             "handler belongs to the organisation complained about");
      Expect(Str(assigned.getHandlerId()) != state.complainant_id, "handler is the complainant");
      return;
    }
    case Which::COMPLAINT_EVIDENCE_LINKED:
      Expect(event.getComplaintEvidenceLinked().getPosition() < entry.getPosition(),
             "evidence position does not exist yet");
      return;
    case Which::COMPLAINT_EXTENDED: {
      const Day due = DayOfStored(event.getComplaintExtended().getAnswerDueOn());
      Expect(!state.extended, "extended twice");
      Expect(due > state.received_on + kAnswerDays && due <= state.received_on + kAnswerDaysMax,
             "answer due " + domain::FormatDay(due) + " is not an allowed extension");
      ExpectDate(due, state.received_on, "answerDueOn");
      return;
    }
    case Which::COMPLAINT_DECIDED:
      Expect(!state.handler_id.empty(), "decided before a handler was assigned");
      return;
    case Which::COMPLAINT_ESCALATED:
      Expect(state.decided.has_value(), "escalated before a decision");
      for (const domain::EscalationState& escalation : state.escalations) {
        Expect(escalation.body != event.getComplaintEscalated().getBody(), "escalated twice");
      }
      return;
    default: return;
  }
}

}  // namespace

RuleReplay ReplayRules(const EventStore& store, Day today) {
  RuleReplay out;
  Replay replay(today, out);
  const std::uint64_t size = store.head().size;
  for (Position next{0}; next.value < size;) {
    Result<LogPage> page = store.ReadLog(next, 1000);
    if (!page.ok() || page->entries.empty()) {
      out.violation_count += 1;
      out.violations.push_back("reading from position " + std::to_string(next.value) +
                               " failed: " + page.status().ToString());
      break;
    }
    for (const StoredEntry& entry : page->entries) replay.Check(entry);
    next.value += page->entries.size();
  }
  return out;
}

}  // namespace ledger::testing
