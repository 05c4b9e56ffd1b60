// Goal: DecideComplaint follows the complaint rules of the Flemish administrative decree as the
// ledger encodes them: who may act, what a closed file still takes, admissibility by the age of
// the facts, one extension, handlers not involved in the facts.
// Method: complaint files are folded through domain::Apply from real entries; one table row per
// rule, then domain scenarios run through the rules with DecideAndAdd.
#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"
#include "tests/support/domain_events.h"
#include "tests/support/require_ok.h"

namespace ledger::domain {
namespace {

using namespace ledger::testing;  // NOLINT: the event builders are this file's vocabulary.
using Code = RejectionCode;

const Day kToday = On(2026, 6, 1);
const Parameters kParameters;
constexpr std::uint64_t kLedgerSize = 1000;

// Received 2026-03-02 about facts of 2026-02-01, against "stad-gent", by complainant
// kSubjectId; the terms: answer by 2026-04-16 (45 days), extended at most to 2026-05-31 (90).
EntryBuilder Filed(ComplaintFiledArgs args = {}) {
  EntryBuilder b(ComplaintStream(kComplaintId));
  b.Add(ComplaintOrganisation(), args.received_on, args);
  return b;
}

// Filed, acknowledged 03-05, assigned to handler-07 of klachtenpunt-pnt, evidence linked,
// escalated to the Flemish Ombudsman 03-20, answer term extended to 05-01.
EntryBuilder InHand() {
  EntryBuilder b = Filed();
  b.Add(ComplaintOrganisation(), On(2026, 3, 5), ComplaintAcknowledgedArgs{});
  b.Add(ComplaintOrganisation(), On(2026, 3, 6), ComplaintAssignedArgs{});
  b.Add(ComplaintOrganisation(), On(2026, 3, 6), ComplaintEvidenceLinkedArgs{.position = 3});
  b.Add(ComplaintOrganisation(), On(2026, 3, 20),
        ComplaintEscalatedArgs{.escalated_on = On(2026, 3, 20)});
  b.Add(ComplaintOrganisation(), On(2026, 4, 1), ComplaintExtendedArgs{});
  return b;
}

enum class Given { kNotFiled, kFiled, kInHand, kDecided, kInadmissible, kWithdrawn };

ComplaintState Fold(Given given) {
  EntryBuilder b = given == Given::kInHand || given == Given::kDecided ? InHand() : Filed();
  switch (given) {
    case Given::kNotFiled: return ComplaintState{};
    case Given::kDecided:
      b.Add(ComplaintOrganisation(), On(2026, 4, 10), ComplaintDecidedArgs{});
      break;
    case Given::kInadmissible:
      b.Add(ComplaintOrganisation(), On(2026, 3, 9), ComplaintDeclaredInadmissibleArgs{});
      break;
    case Given::kWithdrawn: b.Add(Newcomer(), On(2026, 3, 20), ComplaintWithdrawnArgs{}); break;
    default: break;
  }
  return FoldComplaint(b);
}

struct Case {
  std::string rule;
  Given given;
  ActorRef actor;
  MakeEvent event;
  Code code = Code::kNone;            // Rejections only.
  std::vector<std::string> mentions;  // What the message must name.
};

Status Decide(const Case& c) {
  DecisionContext context{&kParameters, c.actor, kToday, kLedgerSize};
  return DecideComplaint(Fold(c.given), c.event().reader(), context);
}

void CheckMentions(const Case& c, const Status& status) {
  for (const std::string& mention : c.mentions) {
    CHECK_THAT(status.message(), Catch::Contains(mention));
  }
}

const ActorRef kOrg = ComplaintOrganisation();

std::vector<Case> RejectionCases() {
  return {
      // Stream gates and roles.
      {"nothing happens to a complaint before it is filed",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintAcknowledgedArgs{}),
       Code::kComplaintNotFound,
       {"complaintAcknowledged", "complaintFiled"}},
      {"a complaint is filed once",
       Given::kFiled,
       kOrg,
       Make(ComplaintFiledArgs{}),
       Code::kComplaintAlreadyFiled,
       {"'C1'", "2026-03-02"}},
      {"a volunteer does not file complaints for others",
       Given::kNotFiled,
       Volunteer(),
       Make(ComplaintFiledArgs{}),
       Code::kRoleNotPermitted,
       {"volunteer", "complaintFiled"}},
      {"a newcomer files only their own complaint",
       Given::kNotFiled,
       Newcomer("subject-0000"),
       Make(ComplaintFiledArgs{}),
       Code::kRoleNotPermitted,
       {"'subject-0000'", "'subject-8c1f'"}},
      {"only the complaint organisation acknowledges",
       Given::kFiled,
       Counsellor(),
       Make(ComplaintAcknowledgedArgs{}),
       Code::kRoleNotPermitted,
       {"counsellor", "complaintAcknowledged"}},
      {"the complainant does not decide their own complaint",
       Given::kInHand,
       Newcomer(),
       Make(ComplaintDecidedArgs{}),
       Code::kRoleNotPermitted,
       {"newcomer", "complaintDecided"}},
      {"only the complainant or the organisation withdraws",
       Given::kFiled,
       Newcomer("subject-0000"),
       Make(ComplaintWithdrawnArgs{}),
       Code::kRoleNotPermitted,
       {"'subject-0000'", "'subject-8c1f'", "'C1'"}},
      // Closed files.
      {"a decided complaint is not decided again",
       Given::kDecided,
       kOrg,
       Make(ComplaintDecidedArgs{.decided_on = On(2026, 4, 11)}),
       Code::kComplaintClosed,
       {"'C1'", "decided", "founded", "2026-04-10"}},
      {"a decided complaint takes no new handler",
       Given::kDecided,
       kOrg,
       Make(ComplaintAssignedArgs{.handler_id = "handler-08"}),
       Code::kComplaintClosed,
       {"decided", "complaintAssigned"}},
      {"an inadmissible complaint is not acknowledged",
       Given::kInadmissible,
       kOrg,
       Make(ComplaintAcknowledgedArgs{}),
       Code::kComplaintClosed,
       {"declared inadmissible", "manifestlyUnfounded", "2026-03-09"}},
      {"a withdrawn complaint is not escalated",
       Given::kWithdrawn,
       kOrg,
       Make(ComplaintEscalatedArgs{}),
       Code::kComplaintClosed,
       {"withdrawn", "2026-03-20"}},
      {"a withdrawn complaint is not withdrawn again",
       Given::kWithdrawn,
       Newcomer(),
       Make(ComplaintWithdrawnArgs{.withdrawn_on = On(2026, 3, 21)}),
       Code::kComplaintClosed,
       {"withdrawn"}},
      // The events' own rules.
      {"facts of 29 days are not older than a year",
       Given::kFiled,
       kOrg,
       Make(ComplaintDeclaredInadmissibleArgs{
           .ground = schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR}),
       Code::kAdmissibilityGroundNotMet,
       {"2026-02-01", "2026-03-02", "29 days", "365"}},
      {"the handler is not of the organisation complained about",
       Given::kFiled,
       kOrg,
       Make(ComplaintAssignedArgs{.handler_organisation = "stad-gent"}),
       Code::kHandlerInvolved,
       {"'handler-07'", "'stad-gent'"}},
      {"the complainant does not handle their own complaint",
       Given::kFiled,
       kOrg,
       Make(ComplaintAssignedArgs{.handler_id = "subject-8c1f"}),
       Code::kHandlerInvolved,
       {"'subject-8c1f'", "complainant"}},
      {"a complaint is acknowledged once",
       Given::kInHand,
       kOrg,
       Make(ComplaintAcknowledgedArgs{.acknowledged_on = On(2026, 3, 6)}),
       Code::kComplaintAlreadyAcknowledged,
       {"'C1'", "2026-03-05"}},
      {"the answer term is extended once",
       Given::kInHand,
       kOrg,
       Make(ComplaintExtendedArgs{.answer_due_on = On(2026, 5, 20)}),
       Code::kExtensionNotAllowed,
       {"2026-05-01", "once"}},
      {"an extension goes past the original deadline",
       Given::kFiled,
       kOrg,
       Make(ComplaintExtendedArgs{.answer_due_on = On(2026, 4, 16)}),
       Code::kExtensionNotAllowed,
       {"2026-04-16", "2026-05-31", "2026-03-02"}},
      {"an extension stays within 90 days of receipt",
       Given::kFiled,
       kOrg,
       Make(ComplaintExtendedArgs{.answer_due_on = On(2026, 6, 1)}),
       Code::kExtensionNotAllowed,
       {"2026-06-01", "2026-05-31", "90 days"}},
      {"a complaint is decided only once assigned",
       Given::kFiled,
       kOrg,
       Make(ComplaintDecidedArgs{}),
       Code::kComplaintNotAssigned,
       {"'C1'", "complaintAssigned"}},
      {"a body receives the same complaint once",
       Given::kInHand,
       kOrg,
       Make(ComplaintEscalatedArgs{}),
       Code::kAlreadyEscalated,
       {"flemishOmbudsman", "2026-03-20"}},
      {"evidence points inside the ledger",
       Given::kFiled,
       kOrg,
       Make(ComplaintEvidenceLinkedArgs{.position = kLedgerSize}),
       Code::kEvidenceNotFound,
       {"1000", "'C1'"}},
      // Dates.
      {"facts do not occur after receipt",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintFiledArgs{.facts_occurred_on = On(2026, 3, 3)}),
       Code::kDateOutOfOrder,
       {"2026-03-02", "2026-03-03"}},
      {"a complaint is not received after today",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintFiledArgs{.received_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"2026-06-02", "2026-06-01"}},
      {"an acknowledgement is not before receipt",
       Given::kFiled,
       kOrg,
       Make(ComplaintAcknowledgedArgs{.acknowledged_on = On(2026, 3, 1)}),
       Code::kDateOutOfOrder,
       {"2026-03-01", "2026-03-02"}},
      {"a decision is not after today",
       Given::kInHand,
       kOrg,
       Make(ComplaintDecidedArgs{.decided_on = On(2026, 6, 2)}),
       Code::kDateInFuture,
       {"decidedOn", "2026-06-02"}},
      {"a withdrawal is not before receipt",
       Given::kFiled,
       Newcomer(),
       Make(ComplaintWithdrawnArgs{.withdrawn_on = On(2026, 2, 28)}),
       Code::kDateOutOfOrder,
       {"2026-02-28"}},
      {"a refusal is not motivated after today",
       Given::kFiled,
       kOrg,
       Make(ComplaintDeclaredInadmissibleArgs{.motivated_on = On(2026, 7, 1)}),
       Code::kDateInFuture,
       {"2026-07-01"}},
      {"an escalation is not before receipt",
       Given::kFiled,
       kOrg,
       Make(ComplaintEscalatedArgs{.escalated_on = On(2026, 3, 1)}),
       Code::kDateOutOfOrder,
       {"2026-03-01"}},
  };
}

TEST_CASE("each complaint rule refuses with its code and names the values", "[domain]") {
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

TEST_CASE("the complaint table reaches every complaint rejection code", "[domain]") {
  std::set<Code> reached;
  for (const Case& c : RejectionCases()) reached.insert(c.code);
  std::set<Code> expected = {Code::kDateInFuture, Code::kDateOutOfOrder, Code::kRoleNotPermitted};
  for (int code = 28; code <= 37; ++code) expected.insert(static_cast<Code>(code));
  CHECK(reached == expected);
}

std::vector<Case> MalformedCases() {
  auto bad_date = [](auto getter) {
    return [getter](schema::Event::Builder event) { SetRawDate(getter(event), 2026, 4, 31); };
  };
  return {
      {"an hours event is not a complaint event",
       Given::kFiled,
       kOrg,
       Make(HoursLoggedArgs{}),
       Code::kNone,
       {"hoursLogged", "not a complaint event"}},
      {"an erasure is not a complaint event",
       Given::kFiled,
       kOrg,
       Make(PersonErasedArgs{}),
       Code::kNone,
       {"personErased", "erasure command"}},
      {"a complainant id is well formed",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintFiledArgs{.complainant_id = ""}),
       Code::kNone,
       {"complainantId"}},
      {"a trajectory id, when given, is well formed",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintFiledArgs{.trajectory_id = "T 1"}),
       Code::kNone,
       {"trajectoryId", "'T 1'"}},
      {"a complaint names the organisation it is against",
       Given::kNotFiled,
       kOrg,
       Make(ComplaintFiledArgs{.against_organisation = ""}),
       Code::kNone,
       {"againstOrganisation"}},
      {"facts occur on a real date",
       Given::kNotFiled,
       kOrg,
       Bent(ComplaintFiledArgs{},
            bad_date([](auto e) { return e.getComplaintFiled().getFactsOccurredOn(); })),
       Code::kNone,
       {"factsOccurredOn", "2026-04-31"}},
      {"a complaint is received on a real date",
       Given::kNotFiled,
       kOrg,
       Bent(ComplaintFiledArgs{},
            bad_date([](auto e) { return e.getComplaintFiled().getReceivedOn(); })),
       Code::kNone,
       {"receivedOn"}},
      {"an acknowledgement has a real date",
       Given::kFiled,
       kOrg,
       Bent(ComplaintAcknowledgedArgs{},
            bad_date([](auto e) { return e.getComplaintAcknowledged().getAcknowledgedOn(); })),
       Code::kNone,
       {"acknowledgedOn"}},
      {"a refusal has a real date",
       Given::kFiled,
       kOrg,
       Bent(ComplaintDeclaredInadmissibleArgs{},
            bad_date([](auto e) { return e.getComplaintDeclaredInadmissible().getMotivatedOn(); })),
       Code::kNone,
       {"motivatedOn"}},
      {"a handler id is well formed",
       Given::kFiled,
       kOrg,
       Make(ComplaintAssignedArgs{.handler_id = ""}),
       Code::kNone,
       {"handlerId"}},
      {"a handler organisation is well formed",
       Given::kFiled,
       kOrg,
       Make(ComplaintAssignedArgs{.handler_organisation = "klachten punt"}),
       Code::kNone,
       {"handlerOrganisation"}},
      {"trajectory status evidence names its trajectory",
       Given::kFiled,
       kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = schema::EvidenceKind::TRAJECTORY_STATUS}),
       Code::kNone,
       {"trajectoryId"}},
      {"shortfall evidence names a well-formed trajectory",
       Given::kFiled,
       kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = schema::EvidenceKind::SHORTFALL_EVIDENCE,
                                        .trajectory_id = "T/1"}),
       Code::kNone,
       {"trajectoryId", "'T/1'"}},
      {"a document is linked by its reference",
       Given::kFiled,
       kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = schema::EvidenceKind::DOCUMENT}),
       Code::kNone,
       {"documentReference"}},
      {"evidence is of a known kind",
       Given::kFiled,
       kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = static_cast<schema::EvidenceKind>(9)}),
       Code::kNone,
       {"kind", "#9"}},
      {"an extension has a real date",
       Given::kFiled,
       kOrg,
       Bent(ComplaintExtendedArgs{},
            bad_date([](auto e) { return e.getComplaintExtended().getAnswerDueOn(); })),
       Code::kNone,
       {"answerDueOn"}},
      {"a decision has a real date",
       Given::kInHand,
       kOrg,
       Bent(ComplaintDecidedArgs{},
            bad_date([](auto e) { return e.getComplaintDecided().getDecidedOn(); })),
       Code::kNone,
       {"decidedOn"}},
      {"an escalation has a real date",
       Given::kFiled,
       kOrg,
       Bent(ComplaintEscalatedArgs{},
            bad_date([](auto e) { return e.getComplaintEscalated().getEscalatedOn(); })),
       Code::kNone,
       {"escalatedOn"}},
      {"a withdrawal has a real date",
       Given::kFiled,
       kOrg,
       Bent(ComplaintWithdrawnArgs{},
            bad_date([](auto e) { return e.getComplaintWithdrawn().getWithdrawnOn(); })),
       Code::kNone,
       {"withdrawnOn"}},
  };
}

TEST_CASE("malformed complaint events are invalid arguments naming the field", "[domain]") {
  for (const Case& c : MalformedCases()) {
    DYNAMIC_SECTION(c.rule) {
      Status status = Decide(c);
      INFO(status.ToString());
      CHECK(status.code() == Status::Code::kInvalidArgument);
      CheckMentions(c, status);
    }
  }
}

std::vector<Case> AcceptedCases() {
  return {
      {"the complainant files their own complaint", Given::kNotFiled, Newcomer(),
       Make(ComplaintFiledArgs{})},
      {"the organisation registers an oral complaint about no trajectory", Given::kNotFiled, kOrg,
       Make(ComplaintFiledArgs{.trajectory_id = "",
                               .facts_occurred_on = On(2026, 3, 2),
                               .channel = schema::Channel::ORAL})},
      {"a late acknowledgement is recorded", Given::kFiled, kOrg,
       Make(ComplaintAcknowledgedArgs{.acknowledged_on = On(2026, 3, 30)})},
      {"manifestly unfounded is the handler's judgement", Given::kFiled, kOrg,
       Make(ComplaintDeclaredInadmissibleArgs{})},
      {"already handled is the handler's judgement, whatever the facts' age", Given::kFiled, kOrg,
       Make(ComplaintDeclaredInadmissibleArgs{.ground =
                                                  schema::InadmissibilityGround::ALREADY_HANDLED})},
      {"a handler is assigned", Given::kFiled, kOrg, Make(ComplaintAssignedArgs{})},
      {"a handler is reassigned", Given::kInHand, kOrg,
       Make(ComplaintAssignedArgs{.handler_id = "handler-08"})},
      {"a ledger entry is linked as evidence", Given::kFiled, kOrg,
       Make(ComplaintEvidenceLinkedArgs{.position = kLedgerSize - 1})},
      {"a trajectory status is linked as evidence", Given::kFiled, kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = schema::EvidenceKind::TRAJECTORY_STATUS,
                                        .trajectory_id = "T1"})},
      {"a document is linked as evidence", Given::kFiled, kOrg,
       Make(ComplaintEvidenceLinkedArgs{.kind = schema::EvidenceKind::DOCUMENT,
                                        .document_reference = "doc-2026-114"})},
      {"the term is extended by one day", Given::kFiled, kOrg,
       Make(ComplaintExtendedArgs{.answer_due_on = On(2026, 4, 17)})},
      {"the term is extended to the 90th day", Given::kFiled, kOrg,
       Make(ComplaintExtendedArgs{.answer_due_on = On(2026, 5, 31)})},
      {"an assigned complaint is decided", Given::kInHand, kOrg, Make(ComplaintDecidedArgs{})},
      {"a pending complaint is escalated", Given::kFiled, kOrg,
       Make(ComplaintEscalatedArgs{.body = schema::EscalationBody::UNIA})},
      {"a decided complaint is escalated to another body", Given::kDecided, kOrg,
       Make(ComplaintEscalatedArgs{.body = schema::EscalationBody::HUMAN_RIGHTS_INSTITUTE})},
      {"an inadmissible complaint is escalated", Given::kInadmissible, kOrg,
       Make(ComplaintEscalatedArgs{})},
      {"the complainant withdraws", Given::kInHand, Newcomer(), Make(ComplaintWithdrawnArgs{})},
      {"the organisation records a withdrawal", Given::kFiled, kOrg,
       Make(ComplaintWithdrawnArgs{.withdrawn_on = kToday})},
  };
}

TEST_CASE("complaint events within the rules are accepted", "[domain]") {
  for (const Case& c : AcceptedCases()) {
    DYNAMIC_SECTION(c.rule) {
      Status status = Decide(c);
      INFO(status.ToString());
      CHECK_OK(status);
    }
  }
}

// --- Scenarios -------------------------------------------------------------------------------

TEST_CASE("a complaint about facts 13 months old is declared inadmissible", "[domain]") {
  EntryBuilder file = Filed({.facts_occurred_on = On(2025, 2, 1)});
  Status declared =
      DecideAndAdd(file, kOrg, On(2026, 3, 9),
                   EventMessage(ComplaintDeclaredInadmissibleArgs{
                       .ground = schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR}));
  REQUIRE_OK(declared);
  CHECK(FoldComplaint(file).closed());
  Status acknowledged =
      DecideAndAdd(file, kOrg, On(2026, 3, 10),
                   EventMessage(ComplaintAcknowledgedArgs{.acknowledged_on = On(2026, 3, 10)}));
  CHECK(acknowledged.rejection() == Code::kComplaintClosed);
}

TEST_CASE("facts 11 months old cannot be declared inadmissible for age", "[domain]") {
  EntryBuilder file = Filed({.facts_occurred_on = On(2025, 4, 2)});
  Status declared =
      DecideAndAdd(file, kOrg, On(2026, 3, 9),
                   EventMessage(ComplaintDeclaredInadmissibleArgs{
                       .ground = schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR}));
  CHECK(declared.rejection() == Code::kAdmissibilityGroundNotMet);
  CHECK_THAT(declared.message(), Catch::Contains("2025-04-02") && Catch::Contains("334 days"));
  CHECK_FALSE(FoldComplaint(file).closed());
}

TEST_CASE("the age of the facts must pass the configured limit, not reach it", "[domain]") {
  struct Row {
    std::uint32_t limit_days;
    std::int32_t age_days;
    bool admissible_ground;
  };
  auto row = GENERATE(Row{365, 364, false}, Row{365, 365, false}, Row{365, 366, true},
                      Row{30, 31, true}, Row{30, 30, false});
  Parameters parameters;
  parameters.complaint_facts_age_days_max = row.limit_days;
  Day received = On(2026, 3, 2);
  EntryBuilder file =
      Filed({.facts_occurred_on = received - row.age_days, .received_on = received});
  Status status =
      DecideAndAdd(file, kOrg, On(2026, 3, 9),
                   EventMessage(ComplaintDeclaredInadmissibleArgs{
                       .ground = schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR}),
                   parameters);
  INFO("limit " << row.limit_days << ", age " << row.age_days << ": " << status.ToString());
  CHECK(status.ok() == row.admissible_ground);
  if (!row.admissible_ground) CHECK(status.rejection() == Code::kAdmissibilityGroundNotMet);
}

TEST_CASE("a decided complaint can still be escalated but not decided again", "[domain]") {
  EntryBuilder file = Filed();
  REQUIRE_OK(DecideAndAdd(file, kOrg, On(2026, 3, 4), EventMessage(ComplaintAssignedArgs{})));
  REQUIRE_OK(DecideAndAdd(file, kOrg, On(2026, 4, 10), EventMessage(ComplaintDecidedArgs{})));

  Status again =
      DecideAndAdd(file, kOrg, On(2026, 4, 12),
                   EventMessage(ComplaintDecidedArgs{.outcome = schema::ComplaintOutcome::UNFOUNDED,
                                                     .decided_on = On(2026, 4, 12)}));
  CHECK(again.rejection() == Code::kComplaintClosed);
  CHECK_THAT(again.message(), Catch::Contains("decided (founded) on 2026-04-10"));

  EventMessage to_ombudsman(ComplaintEscalatedArgs{.escalated_on = On(2026, 4, 20)});
  CHECK_OK(DecideAndAdd(file, kOrg, On(2026, 4, 20), to_ombudsman));
  CHECK(DecideAndAdd(file, kOrg, On(2026, 4, 21), to_ombudsman).rejection() ==
        Code::kAlreadyEscalated);
  CHECK(DecideAndAdd(file, kOrg, On(2026, 4, 22),
                     EventMessage(ComplaintEscalatedArgs{.body = schema::EscalationBody::UNIA,
                                                         .escalated_on = On(2026, 4, 22)}))
            .ok());
  CHECK(FoldComplaint(file).escalations.size() == 2);
}

TEST_CASE("a complainant withdraws, and the file then goes nowhere", "[domain]") {
  EntryBuilder file = Filed();
  REQUIRE(
      DecideAndAdd(file, Newcomer(), On(2026, 3, 20), EventMessage(ComplaintWithdrawnArgs{})).ok());
  Status escalated =
      DecideAndAdd(file, kOrg, On(2026, 4, 20), EventMessage(ComplaintEscalatedArgs{}));
  CHECK(escalated.rejection() == Code::kComplaintClosed);
  CHECK_THAT(escalated.message(), Catch::Contains("withdrawn on 2026-03-20"));
}

}  // namespace
}  // namespace ledger::domain
