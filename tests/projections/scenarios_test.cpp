// Goal: the read models tell the domain's stories right, end to end. Method: commands go
// through the real rules (CommandHandler) into a real ledger; the projector folds them; the
// queries answer for an evaluation day. Each scenario reads like the domain.
#include <catch2/catch.hpp>

#include "tests/support/domain_ledger.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

using testing::DomainLedger;
using testing::On;
using namespace testing;  // The event Args and actors.

// Opens T1 (contract signed 2026-03-02) with a director for the social perspective.
void OpenTrajectory(DomainLedger& ledger) {
  REQUIRE_OK(ledger.Run(Counsellor(), Trajectory(), On(2026, 3, 2), TrajectoryOpenedArgs{}));
  REQUIRE_OK(ledger.Run(Counsellor(), Trajectory(), On(2026, 3, 2), DirectorAssignedArgs{}));
}

void RegisterActivity(DomainLedger& ledger, const std::string& id, schema::ActivityKind kind,
                      const std::string& provider, const std::string& contact) {
  ActivityRegisteredArgs args{id, kind, provider, contact};
  REQUIRE_OK(ledger.Run(Counsellor(), Trajectory(), On(2026, 3, 3), args));
}

// Logs `sessions` sessions of `minutes` on `activity` from `first` on, one a week.
void LogWeekly(DomainLedger& ledger, const std::string& activity, const std::string& prefix,
               int sessions, std::uint16_t minutes, Day first) {
  for (int i = 0; i < sessions; ++i) {
    HoursLoggedArgs args{prefix + std::to_string(i), activity, first + 7 * i, minutes};
    REQUIRE_OK(ledger.Run(Newcomer(), Trajectory(), first + 7 * i, args));
  }
}

TEST_CASE("a newcomer reaches 40 attested hours over three activity kinds", "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  RegisterActivity(ledger, "buddy", schema::ActivityKind::BUDDY_PROJECT, "vzw-samen", "cp-1");
  RegisterActivity(ledger, "stage", schema::ActivityKind::INTRODUCTORY_INTERNSHIP, "bakkerij-oost",
                   "cp-2");
  RegisterActivity(ledger, "club", schema::ActivityKind::ASSOCIATION_INTRODUCTION, "voetbal-fc",
                   "cp-3");
  LogWeekly(ledger, "buddy", "b", 8, 120, On(2026, 3, 10));  // 16 h
  LogWeekly(ledger, "stage", "s", 4, 240, On(2026, 3, 11));  // 16 h
  LogWeekly(ledger, "club", "c", 4, 120, On(2026, 3, 12));   // 8 h
  ledger.Catch();
  auto before = ledger.models().Trajectory("T1", DomainLedger::Query(On(2026, 5, 1)));
  REQUIRE_OK(before);
  CHECK(before->status == domain::TrajectoryStatus::kInProgress);
  CHECK(before->totals.all.logged_minutes == 40 * 60);
  CHECK(before->totals.all.attested_minutes == 0);

  PeriodArgs spring{On(2026, 3, 1), On(2026, 5, 1)};
  HoursAttestedArgs buddy{"buddy", "cp-1", "bewijs-1", {}, spring};
  REQUIRE(
      ledger.Run(ProviderContact("vzw-samen", "cp-1"), Trajectory(), On(2026, 5, 2), buddy).ok());
  HoursAttestedArgs stage{"stage", "cp-2", "bewijs-2", {"s0", "s1", "s2", "s3"}};
  REQUIRE(ledger.Run(ProviderContact("bakkerij-oost", "cp-2"), Trajectory(), On(2026, 5, 2), stage)
              .ok());
  ledger.Catch();
  auto partial = ledger.models().Trajectory("T1", DomainLedger::Query(On(2026, 5, 3)));
  CHECK(partial->totals.all.attested_minutes == 32 * 60);
  CHECK(partial->status == domain::TrajectoryStatus::kInProgress);

  HoursAttestedArgs club{"club", "cp-3", "bewijs-3", {}, spring};
  auto last = ledger.Run(ProviderContact("voetbal-fc", "cp-3"), Trajectory(), On(2026, 5, 4), club);
  REQUIRE_OK(last);
  ledger.Catch();
  auto done = ledger.models().Trajectory("T1", DomainLedger::Query(On(2026, 5, 5)));
  REQUIRE_OK(done);
  CHECK(done->status == domain::TrajectoryStatus::kCompleted);
  CHECK(done->state.completed_on == On(2026, 5, 4));
  CHECK(done->state.completed_position == last->first_position.value);
  auto kind = [&](schema::ActivityKind k) {
    return done->totals.by_kind[static_cast<std::size_t>(k)].attested_minutes;
  };
  CHECK(kind(schema::ActivityKind::BUDDY_PROJECT) == 16 * 60);
  CHECK(kind(schema::ActivityKind::INTRODUCTORY_INTERNSHIP) == 16 * 60);
  CHECK(kind(schema::ActivityKind::ASSOCIATION_INTRODUCTION) == 8 * 60);
  CHECK(done->position == ledger.store().head().size);
}

TEST_CASE("a buddy tries to attest hours and is refused, and nothing is written", "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  RegisterActivity(ledger, "act-buddy", schema::ActivityKind::BUDDY_PROJECT, "vzw-samen-gent",
                   "cp-samen-01");
  LogWeekly(ledger, "act-buddy", "h-", 2, 120, On(2026, 3, 10));
  std::uint64_t size = ledger.store().head().size;
  auto refused = ledger.Run(Volunteer(), Trajectory(), On(2026, 3, 30),
                            HoursAttestedArgs{.hours_entry_ids = {"h-0", "h-1"}});
  CHECK(refused.status().rejection() == RejectionCode::kVolunteerCannotAttest);
  CHECK(ledger.store().head().size == size);
  ledger.Catch();
  auto status = ledger.models().Trajectory("T1", DomainLedger::Query(On(2026, 4, 1)));
  CHECK(status->totals.all.attested_minutes == 0);
}

TEST_CASE("hours are corrected and voided, and the totals follow", "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  RegisterActivity(ledger, "act-buddy", schema::ActivityKind::BUDDY_PROJECT, "vzw-samen-gent",
                   "cp-samen-01");
  LogWeekly(ledger, "act-buddy", "h-", 3, 120, On(2026, 3, 10));
  REQUIRE(ledger
              .Run(ProviderContact(), Trajectory(), On(2026, 4, 1),
                   HoursAttestedArgs{.hours_entry_ids = {"h-0", "h-1", "h-2"}})
              .ok());
  REQUIRE(ledger
              .Run(Counsellor(), Trajectory(), On(2026, 4, 2),
                   HoursCorrectedArgs{"h-1", On(2026, 3, 17), 90}, "duurde maar 1,5 uur")
              .ok());
  REQUIRE(ledger
              .Run(Counsellor(), Trajectory(), On(2026, 4, 2),
                   HoursVoidedArgs{"h-2", schema::VoidReason::DUPLICATE})
              .ok());
  auto again = ledger.Run(Counsellor(), Trajectory(), On(2026, 4, 3), HoursVoidedArgs{"h-2"});
  CHECK(again.status().rejection() == RejectionCode::kHoursEntryVoided);
  ledger.Catch();
  auto status = ledger.models().Trajectory("T1", DomainLedger::Query(On(2026, 4, 5)));
  REQUIRE_OK(status);
  CHECK(status->totals.all.logged_minutes == 120 + 90);
  CHECK(status->totals.all.voided_minutes == 120);
  // The corrected entry needs a new attestation; only h-0 still counts.
  CHECK(status->totals.all.attested_minutes == 120);
  CHECK(status->state.FindHours("h-1")->corrections == 1);
}

TEST_CASE("a request waits 91 days with a 20-day suspension: not yet a shortfall, then it is",
          "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  Day available = On(2026, 3, 5);
  REQUIRE_OK(ledger.Run(Newcomer(), Trajectory(), available, OfferRequestedArgs{}));
  SuspensionStartedArgs suspension{"sus-1", schema::SuspensionGround::MEDICAL, available + 30,
                                   available + 49};  // 20 days.
  REQUIRE_OK(ledger.Run(Counsellor(), Trajectory(), available + 30, suspension, "ziekenhuis"));
  ledger.Catch();
  auto at91 = ledger.models().Shortfall("T1", DomainLedger::Query(available + 91));
  REQUIRE_OK(at91);
  REQUIRE(at91->evidence.requests.size() == 1);
  const domain::RequestClock& clock = at91->evidence.requests[0];
  CHECK(clock.counted_days == 71);
  CHECK(clock.suspended_days == 20);
  CHECK(clock.state == domain::ClockState::kRunning);
  CHECK_FALSE(at91->evidence.established);
  auto at111 = ledger.models().Shortfall("T1", DomainLedger::Query(available + 111));
  CHECK(at111->evidence.requests[0].state == domain::ClockState::kEstablished);
  CHECK(at111->evidence.requests[0].established_on == available + 110);
  auto status = ledger.models().Trajectory("T1", DomainLedger::Query(available + 111));
  CHECK(status->status == domain::TrajectoryStatus::kShortfallEstablished);
  // The evidence names the request and the suspension with their positions.
  REQUIRE(at111->evidence.evidence.size() == 2);
  CHECK(at111->evidence.evidence[0].kind == schema::Event::OFFER_REQUESTED);
  CHECK(at111->evidence.evidence[1].kind == schema::Event::SUSPENSION_STARTED);
  CHECK(at111->evidence.evidence[0].position < at111->evidence.evidence[1].position);
}

TEST_CASE("a justified decline keeps the claim, an unjustified one ends it", "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  Day available = On(2026, 3, 5);
  REQUIRE_OK(ledger.Run(Newcomer(), Trajectory(), available, OfferRequestedArgs{}));
  REQUIRE(
      ledger.Run(Director(), Trajectory(), available + 20, OfferMadeArgs{.made_on = available + 20})
          .ok());
  ledger.Catch();
  auto open = ledger.models().Shortfall("T1", DomainLedger::Query(available + 100));
  CHECK(open->evidence.requests[0].state == domain::ClockState::kStopped);
  CHECK(open->evidence.requests[0].counted_days == 20);

  OfferDeclinedArgs justified{"off-1", schema::DeclineReason::HEALTH_REASONS, true, available + 25};
  REQUIRE_OK(ledger.Run(Counsellor(), Trajectory(), available + 25, justified));
  ledger.Catch();
  auto kept = ledger.models().Shortfall("T1", DomainLedger::Query(available + 100));
  CHECK(kept->evidence.requests[0].state == domain::ClockState::kEstablished);

  REQUIRE(ledger
              .Run(Director(), Trajectory(), available + 30,
                   OfferMadeArgs{.offer_id = "off-2", .made_on = available + 30})
              .ok());
  OfferDeclinedArgs unjustified{"off-2", schema::DeclineReason::NO_REASON, false, available + 32};
  REQUIRE_OK(ledger.Run(Newcomer(), Trajectory(), available + 32, unjustified));
  ledger.Catch();
  auto ended = ledger.models().Shortfall("T1", DomainLedger::Query(available + 100));
  CHECK(ended->evidence.requests[0].state == domain::ClockState::kEnded);
  CHECK(ended->evidence.requests[0].stopping_offer_id == "off-2");
  CHECK_FALSE(ended->evidence.established);
  // Every request, offer and decline is evidence, in position order.
  CHECK(ended->evidence.evidence.size() == 5);
}

TEST_CASE("a complaint about facts 13 months old is declared inadmissible and its file says so",
          "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  ComplaintFiledArgs filed{.facts_occurred_on = On(2025, 2, 1), .received_on = On(2026, 3, 2)};
  REQUIRE_OK(ledger.Run(ComplaintOrganisation(), Complaint(), On(2026, 3, 2), filed));
  ComplaintDeclaredInadmissibleArgs refusal{
      schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR, On(2026, 3, 9)};
  REQUIRE(ledger
              .Run(ComplaintOrganisation(), Complaint(), On(2026, 3, 9), refusal,
                   "feiten ouder dan een jaar")
              .ok());
  auto after =
      ledger.Run(ComplaintOrganisation(), Complaint(), On(2026, 3, 10), ComplaintAssignedArgs{});
  CHECK(after.status().rejection() == RejectionCode::kComplaintClosed);
  ledger.Catch();
  auto file = ledger.models().Complaint("C1", DomainLedger::Query(On(2026, 4, 1)));
  REQUIRE_OK(file);
  CHECK(file->view.status == domain::ComplaintStatus::kInadmissible);
  CHECK(file->view.refusal_on_time);
  CHECK(file->state.inadmissibility_ground ==
        schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR);
  // The linked evidence: the trajectory as of the filing.
  REQUIRE(file->trajectory_at_filing.has_value());
  CHECK(file->trajectory_at_filing->as_of_position == file->state.filed_position);
  CHECK(file->trajectory_at_filing->status.state.trajectory_id == "T1");
}

TEST_CASE("a complaint acknowledged late shows as overdue", "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);
  REQUIRE(
      ledger.Run(ComplaintOrganisation(), Complaint(), On(2026, 3, 2), ComplaintFiledArgs{}).ok());
  ledger.Catch();
  auto on_day_11 = DomainLedger::Query(On(2026, 3, 13));  // Due 2026-03-12.
  auto overdue =
      ledger.models().ListComplaints(projections::ComplaintList::kOverdue, "", 10, on_day_11);
  REQUIRE_OK(overdue);
  REQUIRE(overdue->rows.size() == 1);
  CHECK(overdue->rows[0].complaint_id == "C1");
  CHECK(overdue->rows[0].view.acknowledgement.overdue);
  CHECK(overdue->rows[0].view.acknowledgement.days_left == -1);
  auto on_day_5 = DomainLedger::Query(On(2026, 3, 7));
  CHECK(ledger.models()
            .ListComplaints(projections::ComplaintList::kOverdue, "", 10, on_day_5)
            ->rows.empty());

  REQUIRE(ledger
              .Run(ComplaintOrganisation(), Complaint(), On(2026, 3, 16),
                   ComplaintAcknowledgedArgs{On(2026, 3, 16)})
              .ok());
  ledger.Catch();
  auto file = ledger.models().Complaint("C1", DomainLedger::Query(On(2026, 3, 20)));
  REQUIRE_OK(file);
  CHECK_FALSE(file->view.acknowledgement.on_time);
  CHECK(file->view.acknowledgement.met_on == On(2026, 3, 16));
  CHECK_FALSE(file->view.overdue);
  CHECK(file->view.answer.due_on == On(2026, 4, 16));
}

TEST_CASE("a retried command answers already appended, a reused id for another is refused",
          "[projections]") {
  DomainLedger ledger;
  auto open = [&](std::uint16_t hours) {
    domain::DomainCommand command;
    command.command_id = "open-T1";
    command.actor = Counsellor();
    command.stream = domain::StreamKeyOf(Trajectory()).value();
    EventDraft& draft = command.events.emplace_back();
    draft.occurred_at_us = domain::NoonUs(On(2026, 3, 2));
    Fill(draft.event(), TrajectoryOpenedArgs{.required_hours = hours});
    return ledger.handler().Execute(std::move(command));
  };
  auto first = open(40);
  REQUIRE_OK(first);
  CHECK(first->outcome == AppendOutcome::kAppended);
  auto retry = open(40);  // The rules alone would refuse: the trajectory is open now.
  REQUIRE_OK(retry);
  CHECK(retry->outcome == AppendOutcome::kAlreadyAppended);
  CHECK(retry->first_position == first->first_position);
  CHECK(open(41).status().rejection() == RejectionCode::kCommandIdReused);
  CHECK(ledger.store().head().size == 1);
}

TEST_CASE("a command stating the wrong version is refused with both versions named",
          "[projections]") {
  DomainLedger ledger;
  OpenTrajectory(ledger);  // Version 2.
  domain::DomainCommand command;
  command.command_id = "late-writer";
  command.actor = Counsellor();
  command.stream = domain::StreamKeyOf(Trajectory()).value();
  command.expected = ExpectedVersion::Exact(1);
  EventDraft& draft = command.events.emplace_back();
  draft.occurred_at_us = domain::NoonUs(On(2026, 3, 3));
  Fill(draft.event(), ActivityRegisteredArgs{});
  Status refused = ledger.handler().Execute(std::move(command)).status();
  CHECK(refused.rejection() == RejectionCode::kWrongExpectedVersion);
  CHECK_THAT(refused.message(), Catch::Contains("version 2") && Catch::Contains("version 1"));
}

}  // namespace
}  // namespace ledger
