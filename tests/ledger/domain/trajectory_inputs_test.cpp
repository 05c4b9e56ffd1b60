// Goal: DecideTrajectory refuses malformed trajectory events as invalid arguments naming the
// field, and accepts every event that keeps the rules (the other side of each rule of
// trajectory_rules_test.cpp). Method: tables of cases against the folded sample trajectory
// (tests/support/sample_trajectory.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ledger/domain/decide.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_trajectory.h"

namespace ledger::domain {
namespace {

using namespace ledger::testing;  // NOLINT: the event builders are this file's vocabulary.

const Day kToday = On(2026, 6, 1);
const Parameters kParameters;
const Sample W = Sample::kOpened;

struct Case {
  std::string rule;
  Sample given;
  ActorRef actor;
  MakeEvent event;
  std::vector<std::string> mentions;  // What the message must name.
};

Status Decide(const Case& c) {
  DecisionContext context{&kParameters, c.actor, kToday, /*ledger_size=*/1000};
  return DecideTrajectory(SampleTrajectoryState(c.given), c.event().reader(), context);
}

std::vector<Case> MalformedCases() {
  auto bad_date = [](auto getter) {
    return [getter](schema::Event::Builder event) { SetRawDate(getter(event), 2026, 2, 30); };
  };
  return {
      {"a complaint event is not a trajectory event",
       W,
       Counsellor(),
       Make(ComplaintFiledArgs{}),
       {"complaintFiled", "not a trajectory event"}},
      {"an erasure is not a trajectory event",
       W,
       Counsellor(),
       Make(PersonErasedArgs{}),
       {"personErased", "erasure command"}},
      {"an opening names a well-formed subject",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.subject_id = "Jan Peeters"}),
       {"subjectId", "'Jan Peeters'"}},
      {"a municipality code has 5 digits",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.municipality_code = "4402"}),
       {"municipalityCode", "'4402'"}},
      {"a municipality code is digits only",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.municipality_code = "4402x"}),
       {"'4402x'"}},
      {"a contract date is a real date",
       Sample::kNotOpened,
       Counsellor(),
       Bent(TrajectoryOpenedArgs{},
            bad_date([](auto e) { return e.getTrajectoryOpened().getContractSignedOn(); })),
       {"contractSignedOn", "2026-02-30"}},
      {"required hours are at least 1",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.required_hours = 0}),
       {"requiredHours", "0"}},
      {"required hours are at most 1000",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.required_hours = 1001}),
       {"1001"}},
      {"a perspective is a known one",
       W,
       Counsellor(),
       Make(DirectorAssignedArgs{.perspective = static_cast<schema::Perspective>(7)}),
       {"perspective", "#7"}},
      {"a director is a well-formed organisation id",
       W,
       Counsellor(),
       Make(DirectorAssignedArgs{.director_organisation = ""}),
       {"directorOrganisation"}},
      {"a perspective change has a real date",
       W,
       Counsellor(),
       Bent(PerspectiveChangedArgs{},
            bad_date([](auto e) { return e.getPerspectiveChanged().getEffectiveOn(); })),
       {"effectiveOn"}},
      {"an activity id is well formed",
       W,
       Counsellor(),
       Make(ActivityRegisteredArgs{.activity_id = "act 9"}),
       {"activityId"}},
      {"an activity names its provider",
       W,
       Counsellor(),
       Make(ActivityRegisteredArgs{.activity_id = "act-9", .provider_organisation = ""}),
       {"providerOrganisation"}},
      {"an activity names its contact person",
       W,
       Counsellor(),
       Make(ActivityRegisteredArgs{.activity_id = "act-9", .contact_person_id = ""}),
       {"contactPersonId"}},
      {"an hours entry id is well formed",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = ""}),
       {"hoursEntryId"}},
      {"a session has a real date",
       W,
       Newcomer(),
       Bent(HoursLoggedArgs{.hours_entry_id = "h-9"},
            bad_date([](auto e) { return e.getHoursLogged().getSessionOn(); })),
       {"hoursLogged.sessionOn", "2026-02-30"}},
      {"a corrected session has a real date",
       W,
       Counsellor(),
       Bent(HoursCorrectedArgs{},
            bad_date([](auto e) { return e.getHoursCorrected().getSessionOn(); })),
       {"hoursCorrected.sessionOn"}},
      {"an attestation references its proof",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.proof_reference = ""}),
       {"proofReference"}},
      {"an attestation names at least one entry",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {}}),
       {"hoursEntryIds"}},
      {"an attested period has real dates",
       W,
       ProviderContact(),
       Bent(HoursAttestedArgs{.period = PeriodArgs{On(2026, 3, 1), On(2026, 3, 31)}},
            bad_date([](auto e) { return e.getHoursAttested().getScope().getPeriod().getFrom(); })),
       {"period.from"}},
      {"a request id is well formed",
       W,
       Newcomer(),
       Make(OfferRequestedArgs{.request_id = ""}),
       {"requestId"}},
      {"a request asks for at least 1 hour",
       W,
       Newcomer(),
       Make(OfferRequestedArgs{.request_id = "req-9", .minimum_hours = 0}),
       {"minimumHours"}},
      {"an offer id is well formed",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off 9"}),
       {"offerId"}},
      {"an offer provides at least 1 hour",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .offered_hours = 0}),
       {"offeredHours"}},
      {"an offer names its provider",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .provider_organisation = ""}),
       {"providerOrganisation"}},
      {"a justified decline gives a reason",
       W,
       Counsellor(),
       Make(OfferDeclinedArgs{.reason = schema::DeclineReason::NO_REASON, .justified = true}),
       {"noReason", "'off-1'"}},
      {"a withdrawal is by a known party",
       W,
       ProviderContact(),
       Make(OfferWithdrawnArgs{.withdrawn_by = static_cast<schema::WithdrawnBy>(5)}),
       {"withdrawnBy"}},
      {"a suspension id is well formed",
       W,
       Counsellor(),
       Make(SuspensionStartedArgs{.suspension_id = ""}),
       {"suspensionId"}},
      {"a suspension has real dates",
       W,
       Counsellor(),
       Bent(SuspensionStartedArgs{.suspension_id = "sus-9"},
            bad_date([](auto e) { return e.getSuspensionStarted().getEndsOn(); })),
       {"endsOn"}},
      {"a suspension ends on a real date",
       W,
       Counsellor(),
       Bent(SuspensionEndedArgs{},
            bad_date([](auto e) { return e.getSuspensionEnded().getEndedOn(); })),
       {"endedOn"}},
      {"an exemption has a real date",
       W,
       Counsellor(),
       Bent(ExemptionGrantedArgs{},
            bad_date([](auto e) { return e.getExemptionGranted().getGrantedOn(); })),
       {"grantedOn"}},
  };
}

TEST_CASE("malformed trajectory events are invalid arguments naming the field", "[domain]") {
  for (const Case& c : MalformedCases()) {
    DYNAMIC_SECTION(c.rule) {
      Status status = Decide(c);
      INFO(status.ToString());
      CHECK(status.code() == Status::Code::kInvalidArgument);
      for (const std::string& mention : c.mentions) {
        CHECK_THAT(status.message(), Catch::Contains(mention));
      }
    }
  }
}

std::vector<Case> AcceptedCases() {
  return {
      {"a counsellor opens a trajectory", Sample::kNotOpened, Counsellor(),
       Make(TrajectoryOpenedArgs{})},
      {"the newcomer logs a session", W, Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9"})},
      {"a counsellor logs a session for the newcomer", W, Counsellor(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9"})},
      {"a session of exactly the maximum, on the contract day", W, Newcomer(),
       Make(
           HoursLoggedArgs{.hours_entry_id = "h-9", .session_on = On(2026, 3, 2), .minutes = 720})},
      {"a session today", W, Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .session_on = kToday, .minutes = 1})},
      {"the contact person attests named entries", W, ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-1", "h-2"}})},
      {"an attestation may repeat an attested entry beside a new one", W, ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-4", "h-1"}})},
      {"the contact person attests a period", W, ProviderContact(),
       Make(HoursAttestedArgs{.period = PeriodArgs{On(2026, 3, 1), On(2026, 3, 31)}})},
      {"a counsellor corrects an attested entry", W, Counsellor(),
       Make(HoursCorrectedArgs{.hours_entry_id = "h-4"})},
      {"a counsellor voids an entry", W, Counsellor(), Make(HoursVoidedArgs{})},
      {"the newcomer requests an offer from a future day", W, Newcomer(),
       Make(OfferRequestedArgs{.request_id = "req-2", .available_from = On(2026, 7, 1)})},
      {"the director makes an offer today", W, Director(),
       Make(OfferMadeArgs{.offer_id = "off-3", .made_on = kToday})},
      {"the newcomer accepts an offer the day it is made", W, Newcomer(),
       Make(OfferAcceptedArgs{.accepted_on = On(2026, 3, 20)})},
      {"the newcomer declines without a reason", W, Newcomer(),
       Make(OfferDeclinedArgs{.reason = schema::DeclineReason::NO_REASON})},
      {"a counsellor records a justified decline", W, Counsellor(),
       Make(OfferDeclinedArgs{.reason = schema::DeclineReason::HEALTH_REASONS, .justified = true})},
      {"the provider withdraws its offer", W, ProviderContact("vzw-samen-gent", "cp-any"),
       Make(OfferWithdrawnArgs{})},
      {"the director withdraws its offer", W, Director(),
       Make(OfferWithdrawnArgs{.withdrawn_by = schema::WithdrawnBy::DIRECTOR})},
      {"a suspension may follow another the next day", W, Counsellor(),
       Make(SuspensionStartedArgs{
           .suspension_id = "sus-3", .starts_on = On(2026, 4, 15), .ends_on = On(2026, 4, 30)})},
      {"a suspension may start after another ended early", W, Counsellor(),
       Make(SuspensionStartedArgs{
           .suspension_id = "sus-3", .starts_on = On(2026, 5, 9), .ends_on = On(2026, 5, 20)})},
      {"a suspension ends early", W, Counsellor(),
       Make(SuspensionEndedArgs{.ended_on = On(2026, 4, 5)})},
      {"a suspension ends later than planned", W, Counsellor(),
       Make(SuspensionEndedArgs{.ended_on = On(2026, 4, 30)})},
      {"the perspective changes", W, Counsellor(), Make(PerspectiveChangedArgs{})},
      {"a director is assigned for work", W, Counsellor(),
       Make(DirectorAssignedArgs{.perspective = schema::Perspective::WORK,
                                 .director_organisation = "vdab"})},
      {"an ineligible activity is still registered, with its checks", W, Counsellor(),
       Make(ActivityRegisteredArgs{.activity_id = "act-9", .dutch_language_context = false})},
      {"an exemption is granted today", W, Counsellor(),
       Make(ExemptionGrantedArgs{.granted_on = kToday})},
  };
}

TEST_CASE("trajectory events within the rules are accepted", "[domain]") {
  for (const Case& c : AcceptedCases()) {
    DYNAMIC_SECTION(c.rule) {
      Status status = Decide(c);
      INFO(status.ToString());
      CHECK_OK(status);
    }
  }
}

}  // namespace
}  // namespace ledger::domain
