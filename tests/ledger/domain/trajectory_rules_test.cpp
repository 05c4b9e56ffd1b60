// Goal: DecideTrajectory refuses what breaks a rule with the right rejection code and a message
// naming the values involved, and scenarios of a trajectory play out as the domain says.
// Method: states are folded through domain::Apply from real entries (the sample trajectory of
// tests/support/sample_trajectory.h); one table row per rule, then domain scenarios run
// through the rules with DecideAndAdd. Malformed and accepted events: trajectory_inputs_test.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_trajectory.h"

namespace ledger::domain {
namespace {

using namespace ledger::testing;  // NOLINT: the event builders are this file's vocabulary.
using Code = RejectionCode;

const Day kToday = On(2026, 6, 1);
const Parameters kParameters;

struct Case {
  std::string rule;
  Sample given;
  ActorRef actor;
  MakeEvent event;
  Code code = Code::kNone;            // Rejections only.
  std::vector<std::string> mentions;  // What the message must name.
};

Status Decide(const Case& c) {
  DecisionContext context{&kParameters, c.actor, kToday, /*ledger_size=*/1000};
  return DecideTrajectory(SampleTrajectoryState(c.given), c.event().reader(), context);
}

void CheckMentions(const Case& c, const Status& status) {
  for (const std::string& mention : c.mentions) {
    CHECK_THAT(status.message(), Catch::Contains(mention));
  }
}

const Sample W = Sample::kOpened;

std::vector<Case> RejectionCases() {
  return {
      // Stream gates.
      {"no event but trajectoryOpened before the opening",
       Sample::kNotOpened,
       Counsellor(),
       Make(HoursLoggedArgs{}),
       Code::kTrajectoryNotFound,
       {"hoursLogged", "trajectoryOpened"}},
      {"a trajectory is opened once",
       W,
       Counsellor(),
       Make(TrajectoryOpenedArgs{}),
       Code::kTrajectoryAlreadyOpened,
       {"'T1'", "2026-03-02"}},
      {"an exempted trajectory takes no hours",
       Sample::kExempted,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9"}),
       Code::kTrajectoryExempted,
       {"2026-05-20", "hoursLogged"}},
      {"an exempted trajectory takes no counsellor event either",
       Sample::kExempted,
       Counsellor(),
       Make(SuspensionStartedArgs{.suspension_id = "sus-9"}),
       Code::kTrajectoryExempted,
       {"2026-05-20", "suspensionStarted"}},
      // Roles.
      {"a volunteer does not log hours",
       W,
       Volunteer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9"}),
       Code::kRoleNotPermitted,
       {"volunteer", "hoursLogged"}},
      {"a newcomer does not log hours on another's trajectory",
       W,
       Newcomer("subject-0000"),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9"}),
       Code::kRoleNotPermitted,
       {"subject-0000", "subject-8c1f"}},
      {"only a counsellor opens a trajectory",
       Sample::kNotOpened,
       Director(),
       Make(TrajectoryOpenedArgs{}),
       Code::kRoleNotPermitted,
       {"director", "trajectoryOpened"}},
      {"only a counsellor registers activities",
       W,
       Newcomer(),
       Make(ActivityRegisteredArgs{.activity_id = "act-9"}),
       Code::kRoleNotPermitted,
       {"newcomer", "activityRegistered"}},
      {"only a director makes offers",
       W,
       Counsellor(),
       Make(OfferMadeArgs{.offer_id = "off-9"}),
       Code::kRoleNotPermitted,
       {"counsellor", "offerMade"}},
      {"a newcomer cannot call their own decline justified",
       W,
       Newcomer(),
       Make(OfferDeclinedArgs{.justified = true}),
       Code::kRoleNotPermitted,
       {"'off-1'", "counsellor's judgement"}},
      {"a director does not attest hours",
       W,
       Director(),
       Make(HoursAttestedArgs{}),
       Code::kRoleNotPermitted,
       {"director", "hoursAttested"}},
      {"a volunteer never attests hours",
       W,
       Volunteer(),
       Make(HoursAttestedArgs{}),
       Code::kVolunteerCannotAttest,
       {"buddy-12", "vzw-samen-gent"}},
      // Ids.
      {"activity ids are unique",
       W,
       Counsellor(),
       Make(ActivityRegisteredArgs{}),
       Code::kDuplicateId,
       {"'act-buddy'", "'T1'"}},
      {"hours entry ids are unique",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{}),
       Code::kDuplicateId,
       {"'h-1'"}},
      {"request ids are unique",
       W,
       Newcomer(),
       Make(OfferRequestedArgs{}),
       Code::kDuplicateId,
       {"'req-1'"}},
      {"offer ids are unique",
       W,
       Director(),
       Make(OfferMadeArgs{}),
       Code::kDuplicateId,
       {"'off-1'"}},
      {"suspension ids are unique",
       W,
       Counsellor(),
       Make(SuspensionStartedArgs{.starts_on = On(2026, 6, 1), .ends_on = On(2026, 6, 5)}),
       Code::kDuplicateId,
       {"'sus-1'"}},
      // Hours.
      {"hours need a registered activity",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .activity_id = "act-none"}),
       Code::kActivityNotFound,
       {"'act-none'"}},
      {"hours need an activity with social participation",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .activity_id = "act-solo"}),
       Code::kActivityNotEligible,
       {"'act-solo'", "socialParticipation"}},
      {"hours need an activity in a Dutch-language context",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .activity_id = "act-english"}),
       Code::kActivityNotEligible,
       {"'act-english'", "dutchLanguageContext"}},
      {"a session lasts more than 0 minutes",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .minutes = 0}),
       Code::kSessionLengthOutOfRange,
       {"'h-9'", "0 minutes", "720"}},
      {"a session lasts at most the session maximum",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .minutes = 721}),
       Code::kSessionLengthOutOfRange,
       {"721 minutes", "720"}},
      {"a correction keeps the session maximum",
       W,
       Counsellor(),
       Make(HoursCorrectedArgs{.minutes = 800}),
       Code::kSessionLengthOutOfRange,
       {"'h-1'", "800", "720"}},
      {"a session is not before the contract",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .session_on = On(2026, 3, 1)}),
       Code::kSessionBeforeContract,
       {"2026-03-01", "2026-03-02"}},
      {"a correction is not before the contract",
       W,
       Counsellor(),
       Make(HoursCorrectedArgs{.session_on = On(2026, 2, 27)}),
       Code::kSessionBeforeContract,
       {"2026-02-27", "2026-03-02"}},
      {"a session is not after today",
       W,
       Newcomer(),
       Make(HoursLoggedArgs{.hours_entry_id = "h-9", .session_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"2026-06-02", "2026-06-01"}},
      {"the contact person attests only their activity's entries",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-1", "h-5"}}),
       Code::kHoursEntryNotFound,
       {"'h-5'", "'act-taal'"}},
      {"an attestation names existing entries",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-9"}}),
       Code::kHoursEntryNotFound,
       {"'h-9'"}},
      {"a correction names an existing entry",
       W,
       Counsellor(),
       Make(HoursCorrectedArgs{.hours_entry_id = "h-9"}),
       Code::kHoursEntryNotFound,
       {"'h-9'"}},
      {"a void names an existing entry",
       W,
       Counsellor(),
       Make(HoursVoidedArgs{.hours_entry_id = "h-9"}),
       Code::kHoursEntryNotFound,
       {"'h-9'"}},
      {"a voided entry is not attested",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-1", "h-3"}}),
       Code::kHoursEntryVoided,
       {"'h-3'", "duplicate"}},
      {"a voided entry is not corrected",
       W,
       Counsellor(),
       Make(HoursCorrectedArgs{.hours_entry_id = "h-3"}),
       Code::kHoursEntryVoided,
       {"'h-3'"}},
      {"a voided entry is not voided again",
       W,
       Counsellor(),
       Make(HoursVoidedArgs{.hours_entry_id = "h-3"}),
       Code::kHoursEntryVoided,
       {"'h-3'"}},
      {"attested entries are not attested again",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.hours_entry_ids = {"h-4"}}),
       Code::kAlreadyAttested,
       {"'h-4'"}},
      {"an attestation is for a registered activity",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.activity_id = "act-none"}),
       Code::kActivityNotFound,
       {"'act-none'"}},
      {"only the activity's contact person attests",
       W,
       ProviderContact("vzw-samen-gent", "cp-other"),
       Make(HoursAttestedArgs{}),
       Code::kNotActivityContactPerson,
       {"'cp-samen-01'", "'vzw-samen-gent'", "'cp-other'"}},
      {"the contact person attests for the provider organisation",
       W,
       ProviderContact("wzc-heiveld", "cp-samen-01"),
       Make(HoursAttestedArgs{}),
       Code::kNotActivityContactPerson,
       {"'cp-samen-01'", "'vzw-samen-gent'", "'wzc-heiveld'"}},
      {"the attestation names the activity's contact person",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.contact_person_id = "cp-heiveld-02"}),
       Code::kNotActivityContactPerson,
       {"'cp-heiveld-02'", "'cp-samen-01'"}},
      {"a period attests something",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.period = PeriodArgs{On(2026, 3, 24), On(2026, 3, 31)}}),
       Code::kNothingToAttest,
       {"'act-buddy'", "2026-03-24", "2026-03-31"}},
      {"a period ends after it starts",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.period = PeriodArgs{On(2026, 3, 31), On(2026, 3, 1)}}),
       Code::kDateOutOfOrder,
       {"2026-03-01", "2026-03-31"}},
      {"a period ends by today",
       W,
       ProviderContact(),
       Make(HoursAttestedArgs{.period = PeriodArgs{On(2026, 3, 1), On(2026, 6, 30)}}),
       Code::kDateInFuture,
       {"2026-06-30", "2026-06-01"}},
      // Offers.
      {"an offer answers an existing request",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .request_id = "req-9"}),
       Code::kOfferRequestNotFound,
       {"'req-9'"}},
      {"an offer needs a director for its perspective",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .perspective = schema::Perspective::WORK}),
       Code::kNoDirectorForPerspective,
       {"work", "'T1'"}},
      {"only the perspective's director makes the offer",
       W,
       Director("stad-antwerpen"),
       Make(OfferMadeArgs{.offer_id = "off-9"}),
       Code::kNotDirectorForPerspective,
       {"'stad-antwerpen'", "'stad-gent'", "social"}},
      {"an offer is not made before the contract",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .made_on = On(2026, 2, 1)}),
       Code::kDateOutOfOrder,
       {"2026-02-01", "2026-03-02"}},
      {"an offer is not made after today",
       W,
       Director(),
       Make(OfferMadeArgs{.offer_id = "off-9", .made_on = On(2026, 7, 1)}),
       Code::kDateInFuture,
       {"2026-07-01"}},
      {"a request is not available before the contract",
       W,
       Newcomer(),
       Make(OfferRequestedArgs{.request_id = "req-9", .available_from = On(2026, 1, 5)}),
       Code::kDateOutOfOrder,
       {"2026-01-05", "2026-03-02"}},
      {"only existing offers are accepted",
       W,
       Newcomer(),
       Make(OfferAcceptedArgs{.offer_id = "off-9"}),
       Code::kOfferNotFound,
       {"'off-9'"}},
      {"only existing offers are declined",
       W,
       Newcomer(),
       Make(OfferDeclinedArgs{.offer_id = "off-9"}),
       Code::kOfferNotFound,
       {"'off-9'"}},
      {"only existing offers are withdrawn",
       W,
       ProviderContact(),
       Make(OfferWithdrawnArgs{.offer_id = "off-9"}),
       Code::kOfferNotFound,
       {"'off-9'"}},
      {"an accepted offer is not accepted again",
       W,
       Newcomer(),
       Make(OfferAcceptedArgs{.offer_id = "off-2"}),
       Code::kOfferNotOpen,
       {"'off-2'", "accepted", "2026-03-25"}},
      {"an accepted offer is not declined",
       W,
       Counsellor(),
       Make(OfferDeclinedArgs{.offer_id = "off-2"}),
       Code::kOfferNotOpen,
       {"'off-2'", "accepted"}},
      {"an accepted offer is not withdrawn",
       W,
       ProviderContact(),
       Make(OfferWithdrawnArgs{.offer_id = "off-2"}),
       Code::kOfferNotOpen,
       {"'off-2'"}},
      {"an offer is not accepted before it was made",
       W,
       Newcomer(),
       Make(OfferAcceptedArgs{.accepted_on = On(2026, 3, 19)}),
       Code::kDateOutOfOrder,
       {"2026-03-19", "2026-03-20"}},
      {"an offer is not declined after today",
       W,
       Newcomer(),
       Make(OfferDeclinedArgs{.declined_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"2026-06-02"}},
      {"another provider does not withdraw the offer",
       W,
       ProviderContact("wzc-heiveld"),
       Make(OfferWithdrawnArgs{}),
       Code::kNotPermittedToWithdraw,
       {"'off-1'", "'vzw-samen-gent'", "'wzc-heiveld'"}},
      {"a director does not withdraw as the provider",
       W,
       Director(),
       Make(OfferWithdrawnArgs{}),
       Code::kNotPermittedToWithdraw,
       {"director", "providerContact"}},
      {"another director does not withdraw the offer",
       W,
       Director("stad-antwerpen"),
       Make(OfferWithdrawnArgs{.withdrawn_by = schema::WithdrawnBy::DIRECTOR}),
       Code::kNotPermittedToWithdraw,
       {"'stad-gent'", "'stad-antwerpen'"}},
      {"a counsellor does not withdraw offers",
       W,
       Counsellor(),
       Make(OfferWithdrawnArgs{}),
       Code::kNotPermittedToWithdraw,
       {"counsellor"}},
      // Setup, exemption, suspensions.
      {"a perspective change is not before the contract",
       W,
       Counsellor(),
       Make(PerspectiveChangedArgs{.effective_on = On(2026, 3, 1)}),
       Code::kDateOutOfOrder,
       {"2026-03-01", "2026-03-02"}},
      {"an exemption is not before the contract",
       W,
       Counsellor(),
       Make(ExemptionGrantedArgs{.granted_on = On(2026, 3, 1)}),
       Code::kDateOutOfOrder,
       {"2026-03-01"}},
      {"an exemption is not granted after today",
       W,
       Counsellor(),
       Make(ExemptionGrantedArgs{.granted_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"2026-06-02"}},
      {"a contract is not signed after today",
       Sample::kNotOpened,
       Counsellor(),
       Make(TrajectoryOpenedArgs{.contract_signed_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"2026-06-02", "2026-06-01"}},
      {"a suspension ends after it starts",
       W,
       Counsellor(),
       Make(SuspensionStartedArgs{
           .suspension_id = "sus-9", .starts_on = On(2026, 5, 20), .ends_on = On(2026, 5, 19)}),
       Code::kDateOutOfOrder,
       {"2026-05-19", "2026-05-20"}},
      {"suspensions do not overlap",
       W,
       Counsellor(),
       Make(SuspensionStartedArgs{
           .suspension_id = "sus-9", .starts_on = On(2026, 4, 14), .ends_on = On(2026, 4, 20)}),
       Code::kSuspensionOverlaps,
       {"'sus-9'", "'sus-1'", "2026-04-01", "2026-04-14"}},
      {"an ended suspension keeps its actual days",
       W,
       Counsellor(),
       Make(SuspensionStartedArgs{
           .suspension_id = "sus-9", .starts_on = On(2026, 5, 8), .ends_on = On(2026, 5, 20)}),
       Code::kSuspensionOverlaps,
       {"'sus-2'", "2026-05-08"}},
      {"lengthening a suspension does not make it overlap",
       W,
       Counsellor(),
       Make(SuspensionEndedArgs{.ended_on = On(2026, 5, 2)}),
       Code::kSuspensionOverlaps,
       {"'sus-1'", "'sus-2'", "2026-05-02"}},
      {"a suspension does not end before it starts",
       W,
       Counsellor(),
       Make(SuspensionEndedArgs{.ended_on = On(2026, 3, 31)}),
       Code::kDateOutOfOrder,
       {"2026-03-31", "2026-04-01"}},
      {"only existing suspensions end",
       W,
       Counsellor(),
       Make(SuspensionEndedArgs{.suspension_id = "sus-9"}),
       Code::kSuspensionNotFound,
       {"'sus-9'"}},
      {"a suspension ends once",
       W,
       Counsellor(),
       Make(SuspensionEndedArgs{.suspension_id = "sus-2", .ended_on = On(2026, 5, 9)}),
       Code::kSuspensionAlreadyEnded,
       {"'sus-2'", "2026-05-08"}},
  };
}

TEST_CASE("each trajectory rule refuses with its code and names the values", "[domain]") {
  for (const Case& c : RejectionCases()) {
    DYNAMIC_SECTION(c.rule) {
      Status status = Decide(c);
      INFO(status.ToString());
      REQUIRE(status.code() == Status::Code::kRejected);
      CHECK(RejectionCodeName(status.rejection()) == RejectionCodeName(c.code));
      CheckMentions(c, status);
    }
  }
}

TEST_CASE("the trajectory table reaches every trajectory rejection code", "[domain]") {
  std::set<Code> reached;
  for (const Case& c : RejectionCases()) reached.insert(c.code);
  std::set<Code> expected;
  for (int code = 3; code <= 27; ++code) expected.insert(static_cast<Code>(code));
  expected.insert(Code::kAlreadyAttested);
  CHECK(reached == expected);
}

// --- Scenarios -------------------------------------------------------------------------------

TEST_CASE("the sample trajectory is accepted by the rules event by event", "[domain]") {
  EntryBuilder sample = SampleTrajectory();
  EntryBuilder replay(sample.stream_id());
  for (std::size_t i = 0; i < sample.size(); ++i) {
    schema::Entry::Reader entry = sample.entry(i);
    auto actor = entry.getActor();
    ActorRef actor_ref{actor.getRole(), actor.getOrganisation(), actor.getId()};
    Status status =
        DecideAndAdd(replay, actor_ref, DayOfUs(entry.getOccurredAtUs()), entry.getEvent());
    INFO("entry " << i << ": " << status.ToString());
    CHECK_OK(status);
  }
}

TEST_CASE("a buddy tries to attest hours and is refused", "[domain]") {
  EntryBuilder trajectory = SampleTrajectory();
  Status refused = DecideAndAdd(trajectory, Volunteer(), kToday,
                                EventMessage(HoursAttestedArgs{.contact_person_id = "buddy-12",
                                                               .hours_entry_ids = {"h-1", "h-2"}}));
  CHECK(refused.rejection() == Code::kVolunteerCannotAttest);
  CHECK_THAT(refused.message(), Catch::Contains("'buddy-12'"));
  CHECK_FALSE(FoldTrajectory(trajectory).FindHours("h-1")->attested);

  Status attested =
      DecideAndAdd(trajectory, ProviderContact(), kToday,
                   EventMessage(HoursAttestedArgs{.hours_entry_ids = {"h-1", "h-2"}}));
  REQUIRE_OK(attested);
  CHECK(FoldTrajectory(trajectory).FindHours("h-1")->attested);
}

TEST_CASE("a corrected session needs a new attestation before it counts again", "[domain]") {
  EntryBuilder trajectory = SampleTrajectory();
  REQUIRE(DecideAndAdd(trajectory, ProviderContact(), kToday,
                       EventMessage(HoursAttestedArgs{.hours_entry_ids = {"h-1"}}))
              .ok());
  Status again = DecideAndAdd(trajectory, ProviderContact(), kToday,
                              EventMessage(HoursAttestedArgs{.hours_entry_ids = {"h-1"}}));
  CHECK(again.rejection() == Code::kAlreadyAttested);

  REQUIRE(DecideAndAdd(trajectory, Counsellor(), kToday,
                       EventMessage(HoursCorrectedArgs{.minutes = 150}))
              .ok());
  CHECK(DecideAndAdd(trajectory, ProviderContact(), kToday,
                     EventMessage(HoursAttestedArgs{.hours_entry_ids = {"h-1"}}))
            .ok());
  CHECK(FoldTrajectory(trajectory).attested_minutes == 150 + 60);
}

TEST_CASE("an offer withdrawn by its provider can no longer be accepted", "[domain]") {
  EntryBuilder trajectory = SampleTrajectory();
  REQUIRE(DecideAndAdd(trajectory, ProviderContact(), On(2026, 4, 1),
                       EventMessage(OfferWithdrawnArgs{.withdrawn_on = On(2026, 4, 1)}))
              .ok());
  Status accepted = DecideAndAdd(trajectory, Newcomer(), On(2026, 4, 2),
                                 EventMessage(OfferAcceptedArgs{.accepted_on = On(2026, 4, 2)}));
  CHECK(accepted.rejection() == Code::kOfferNotOpen);
  CHECK_THAT(accepted.message(), Catch::Contains("withdrawn on 2026-04-01"));
}

TEST_CASE("once exempted, a trajectory refuses even its counsellor", "[domain]") {
  EntryBuilder trajectory = SampleTrajectory();
  REQUIRE(DecideAndAdd(trajectory, Counsellor(), On(2026, 5, 20),
                       EventMessage(ExemptionGrantedArgs{.granted_on = On(2026, 5, 20)}))
              .ok());
  Status second = DecideAndAdd(trajectory, Counsellor(), kToday,
                               EventMessage(ExemptionGrantedArgs{.granted_on = kToday}));
  CHECK(second.rejection() == Code::kTrajectoryExempted);
  CHECK_THAT(second.message(), Catch::Contains("2026-05-20"));
}

TEST_CASE("a director answers a request only once assigned to its perspective", "[domain]") {
  EntryBuilder trajectory = SampleTrajectory();
  EventMessage work_offer(
      OfferMadeArgs{.offer_id = "off-work", .perspective = schema::Perspective::WORK});
  CHECK(DecideAndAdd(trajectory, Director("vdab"), kToday, work_offer).rejection() ==
        Code::kNoDirectorForPerspective);
  REQUIRE(DecideAndAdd(trajectory, Counsellor(), kToday,
                       EventMessage(DirectorAssignedArgs{.perspective = schema::Perspective::WORK,
                                                         .director_organisation = "vdab"}))
              .ok());
  CHECK_OK(DecideAndAdd(trajectory, Director("vdab"), kToday, work_offer));
}

}  // namespace
}  // namespace ledger::domain
