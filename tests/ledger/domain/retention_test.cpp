// Goal: the retention sweep erases exactly the people whose every trajectory and complaint is
// closed and quiet for longer than the period, by the erasure mechanism, and nobody else; a
// second sweep changes nothing; a stream that goes on restarts the clock.
// Method: people written through the real store with a fake clock (recorded times are the
// clock's), and the sweep asked about a `now` days ahead.
#include <catch2/catch.hpp>

#include "ledger/domain/erasure.h"
#include "ledger/domain/retention.h"
#include "ledger/domain/streams.h"
#include "ledger/store/event_store.h"
#include "tests/support/domain_events.h"
#include "tests/support/fake_clock.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::On;

constexpr std::int64_t kDayUs = 86'400'000'000;
const ActorRef kRetention{schema::Role::SYSTEM, "ledgerd", "retention"};

template <typename Args>
void Append(EventStore& store, const std::string& stream, const std::string& command,
            const ActorRef& actor, const Args& args, const std::string& name = "") {
  AppendRequest request = AppendRequest::ForStream(command, actor, stream, ExpectedVersion::Any());
  EventDraft& draft = request.AddEvent(domain::NoonUs(On(2026, 3, 10)));
  testing::Fill(draft.event(), args);
  if (!name.empty()) draft.personal().setFullName(name);
  REQUIRE_OK(store.Append(request));
}

void OpenTrajectory(EventStore& store, const std::string& subject, bool exempted) {
  std::string stream = domain::TrajectoryStream("T-" + subject);
  Append(store, stream, "open-" + subject, testing::Counsellor(),
         testing::TrajectoryOpenedArgs{.subject_id = subject}, "Name of " + subject);
  if (exempted) {
    Append(store, stream, "exempt-" + subject, testing::Counsellor(),
           testing::ExemptionGrantedArgs{});
  }
}

void FileComplaint(EventStore& store, const std::string& subject, bool withdrawn) {
  std::string stream = domain::ComplaintStream("C-" + subject);
  Append(store, stream, "file-" + subject, testing::Newcomer(subject),
         testing::ComplaintFiledArgs{.complainant_id = subject, .trajectory_id = ""},
         "Name of " + subject);
  if (withdrawn) {
    Append(store, stream, "withdraw-" + subject, testing::Newcomer(subject),
           testing::ComplaintWithdrawnArgs{});
  }
}

std::size_t Stored(const EventStore& store, const std::string& subject) {
  Result<domain::SubjectPayloads> payloads = domain::FindSubjectPayloads(store, subject);
  REQUIRE_OK(payloads);
  return payloads->stored.size();
}

TEST_CASE("retention erases exactly the people whose business is closed and quiet long enough",
          "[ledger]") {
  testing::TempDir dir;
  testing::FakeClock clock;
  auto opened = EventStore::Open({.path = dir.path(), .clock = &clock});
  REQUIRE_OK(opened);
  EventStore& store = **opened;
  OpenTrajectory(store, "subject-done", /*exempted=*/true);
  FileComplaint(store, "subject-done", /*withdrawn=*/true);
  OpenTrajectory(store, "subject-open-complaint", true);
  FileComplaint(store, "subject-open-complaint", false);
  OpenTrajectory(store, "subject-in-progress", false);
  FileComplaint(store, "subject-complaint-only", true);

  const std::int64_t now = clock.NowUs();
  SECTION("nothing before the period has passed") {
    auto early = domain::SweepRetention(store, 30, now + 29 * kDayUs, kRetention);
    REQUIRE_OK(early);
    CHECK(early->candidates == 0);
    CHECK(Stored(store, "subject-done") == 2);
  }
  SECTION("after it, the closed ones and no one else, once") {
    auto swept = domain::SweepRetention(store, 30, now + 31 * kDayUs, kRetention);
    REQUIRE_OK(swept);
    CHECK(swept->erased == std::vector<std::string>{"subject-complaint-only", "subject-done"});
    CHECK(swept->payloads_erased == 3);
    CHECK(Stored(store, "subject-done") == 0);
    CHECK(Stored(store, "subject-complaint-only") == 0);
    CHECK(Stored(store, "subject-open-complaint") == 2);
    CHECK(Stored(store, "subject-in-progress") == 1);
    Result<StreamPage> erasure =
        store.ReadStream(domain::ErasureStream("subject-done"), StreamVersion{1}, 10);
    REQUIRE_OK(erasure);
    REQUIRE(erasure->entries.size() == 1);
    schema::Entry::Reader entry = erasure->entries.front().reader();
    CHECK(entry.getActor().getRole() == schema::Role::SYSTEM);
    CHECK(std::string(entry.getEvent().getPersonErased().getLegalBasis().cStr()) ==
          "retention period: 30 days after closure");

    auto again = domain::SweepRetention(store, 30, now + 32 * kDayUs, kRetention);
    REQUIRE_OK(again);
    CHECK(again->candidates == 2);  // Still past retention, but already erased.
    CHECK(again->erased.empty());
  }
  SECTION("an entry after the closing restarts the clock") {
    clock.AdvanceUs(20 * kDayUs);
    Append(store, domain::ComplaintStream("C-subject-done"), "escalate",
           testing::ComplaintOrganisation(), testing::ComplaintEscalatedArgs{});
    // 31 days after the first entries, 11 after the escalation: only the other one is due.
    auto candidates = domain::SubjectsPastRetention(store, 30, now + 31 * kDayUs);
    REQUIRE_OK(candidates);
    REQUIRE(candidates->size() == 1);
    CHECK(candidates->front().subject_id == "subject-complaint-only");
    auto later = domain::SubjectsPastRetention(store, 30, now + 51 * kDayUs);
    REQUIRE_OK(later);
    CHECK(later->size() == 2);
  }
  SECTION("a period of 0 days is refused") {
    CHECK(domain::SweepRetention(store, 0, now, kRetention).status().code() ==
          Status::Code::kInvalidArgument);
  }
}

}  // namespace
}  // namespace ledger
