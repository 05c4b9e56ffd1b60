// Goal: a trajectory's hours entries are stored in pages of their own, so a batch writes the
// trajectory's row and only the pages of entries that are new or changed, whatever the
// trajectory's length; reads put row and entries back together, and a missing, extra or short
// page is Corruption naming the trajectory and the page; the totals the fold keeps equal a
// count from scratch. Method: a real ledger and projection database; entries folded through a
// Folder, whose WriteBatch is inspected key by key.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <set>
#include <string>

#include "ledger/store/event_store.h"
#include "ledger/store/log_scan.h"
#include "projections/folder.h"
#include "projections/layout.h"
#include "projections/projection_db.h"
#include "projections/row_codec.h"
#include "projections/trajectory_rows.h"
#include "tests/support/domain_events.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using projections::layout::HoursKey;
constexpr auto kRead = projections::HoursEntries::kRead;

// The keys a batch puts in the trajectories table, as text ("T-1", "T-1#3" for its page 3).
struct PutKeys : rocksdb::WriteBatch::Handler {
  explicit PutKeys(std::uint32_t table) : table(table) {}
  std::uint32_t table;
  std::set<std::string> keys;
  rocksdb::Status PutCF(std::uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice&) override {
    if (family != table) return rocksdb::Status::OK();
    std::string_view k = key.ToStringView();
    std::size_t zero = k.find('\0');
    if (zero == std::string_view::npos) {
      keys.insert(std::string(k));
    } else {
      auto index = projections::layout::HoursPage(k, zero + 1);
      keys.insert(std::string(k.substr(0, zero)) + "#" + std::to_string(index.value_or(999999)));
    }
    return rocksdb::Status::OK();
  }
};

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<EventStore> store =
      std::move(EventStore::Open({.path = dir.Sub("ledger")})).value();
  std::unique_ptr<projections::ProjectionDb> db =
      std::move(projections::ProjectionDb::Open(dir.Sub("projections"))).value();
  projections::Generation generation = db->CreateGeneration().value();
  projections::Folder folder{*db, generation, 1000};
  std::uint64_t folded = 0;

  void Append(AppendRequest request) { REQUIRE_OK(store->Append(request)); }
  void AppendEvent(const std::string& command_id, auto args) {
    AppendRequest request = AppendRequest::ForStream(
        command_id, {schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"}, "trajectory-T-1",
        ExpectedVersion::Any());
    testing::Fill(request.AddEvent(testing::kOccurredUs).event(), args);
    Append(std::move(request));
  }
  // Folds what was appended since the last call and returns the keys its flush puts.
  std::set<std::string> FlushKeys() {
    LogScan scan(store->database(), Position{folded}, store->head().size);
    for (;;) {
      Result<std::optional<ScannedEntry>> next = scan.Next();
      REQUIRE_OK(next);
      if (!next->has_value()) break;
      REQUIRE_OK(folder.Apply(**next));
    }
    folded = store->head().size;
    rocksdb::WriteBatch batch;
    folder.Flush(batch);
    REQUIRE_OK(db->db()->Write({}, &batch));
    PutKeys handler(generation.trajectories->GetID());
    REQUIRE_OK(batch.Iterate(&handler));
    return handler.keys;
  }
  std::optional<domain::TrajectoryState> Read(projections::HoursEntries entries = kRead) {
    auto read = projections::ReadTrajectory(db->db(), generation.trajectories, {}, "T-1", entries);
    REQUIRE_OK(read);
    return *read;
  }
};

TEST_CASE("a batch writes a trajectory's row and only the pages of its new or changed hours",
          "[projections]") {
  Fixture f;
  f.Append(testing::OpenCommand("open", "trajectory-T-1", "Name"));
  f.AppendEvent("activity", testing::ActivityRegisteredArgs{});
  AppendRequest many =
      AppendRequest::ForStream("many", {schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"},
                               "trajectory-T-1", ExpectedVersion::Any());
  for (int i = 0; i < 300; ++i) testing::AddHours(many, "h-" + std::to_string(i), 60);
  f.Append(std::move(many));
  std::set<std::string> first = f.FlushKeys();
  // The row and 5 pages of 64 (entries 0-63, ..., 256-299).
  CHECK(first == std::set<std::string>{"T-1", "T-1#0", "T-1#1", "T-1#2", "T-1#3", "T-1#4"});

  f.Append(testing::HoursCommand("one-more", "trajectory-T-1", ExpectedVersion::Any()));
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#4"});

  f.AppendEvent("correct", testing::HoursCorrectedArgs{.hours_entry_id = "h-7"});
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#0"});

  f.AppendEvent("void", testing::HoursVoidedArgs{.hours_entry_id = "h-12"});
  f.AppendEvent("attest", testing::HoursAttestedArgs{.hours_entry_ids = {"h-3", "h-250"}});
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#0", "T-1#3"});

  // The 320th entry starts page 5.
  AppendRequest more =
      AppendRequest::ForStream("more", {schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"},
                               "trajectory-T-1", ExpectedVersion::Any());
  for (int i = 0; i < 20; ++i) testing::AddHours(more, "m-" + std::to_string(i), 60);
  f.Append(std::move(more));
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#4", "T-1#5"});

  // Read back, the trajectory is the folded state, entries and all.
  std::optional<domain::TrajectoryState> read = f.Read();
  REQUIRE(read.has_value());
  REQUIRE(read->hours.size() == 321);
  CHECK(read->FindHours("h-7")->minutes == 90);
  CHECK(read->FindHours("h-12")->voided);
  CHECK(read->FindHours("h-250")->attested);
  CHECK(read->FindHours("h-one-more") == &read->hours[300]);
  // The totals the fold kept entry by entry are the ones counted from scratch, and a read of
  // the row alone has them (and the entry count) without a single entry.
  domain::HourTotals counted = domain::ComputeHourTotals(*read);
  CHECK(read->totals == counted);
  CHECK(counted.entries == 321);
  CHECK(counted.all.voided_minutes == 60);
  std::optional<domain::TrajectoryState> row = f.Read(projections::HoursEntries::kSkip);
  REQUIRE(row.has_value());
  CHECK(row->hours.empty());
  CHECK(row->totals == counted);
}

TEST_CASE("the totals a fold keeps entry by entry equal the totals counted from scratch",
          "[projections]") {
  Fixture f;
  f.Append(testing::OpenCommand("open", "trajectory-T-1", "Name"));
  // Entries on an activity registered only later count once it is.
  f.Append(testing::HoursCommand("early", "trajectory-T-1", ExpectedVersion::Any()));
  std::uint64_t seed = 12345;
  auto next = [&seed](std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % bound;
  };
  std::vector<std::string> logged = {"h-early"};
  for (int round = 0; round < 400; ++round) {
    std::string command = "c" + std::to_string(round);
    std::string some = logged[next(logged.size())];
    switch (next(round == 50 ? 1 : 5)) {
      case 0:
        if (round == 50) {
          f.AppendEvent(command, testing::ActivityRegisteredArgs{});
          break;
        }
        [[fallthrough]];
      case 1:
        f.Append(testing::HoursCommand(command, "trajectory-T-1", ExpectedVersion::Any(),
                                       static_cast<std::uint16_t>(30 + next(200))));
        logged.push_back("h-" + command);
        break;
      case 2:
        f.AppendEvent(command, testing::HoursCorrectedArgs{
                                   .hours_entry_id = some,
                                   .minutes = static_cast<std::uint16_t>(15 + next(100))});
        break;
      case 3: f.AppendEvent(command, testing::HoursVoidedArgs{.hours_entry_id = some}); break;
      default: f.AppendEvent(command, testing::HoursAttestedArgs{.hours_entry_ids = {some}}); break;
    }
    if (round % 37 == 0) f.FlushKeys();
  }
  f.FlushKeys();
  std::optional<domain::TrajectoryState> read = f.Read();
  REQUIRE(read.has_value());
  domain::HourTotals counted = domain::ComputeHourTotals(*read);
  CHECK(counted.all.sessions > 0);
  CHECK(counted.all.attested_minutes > 0);
  CHECK(counted.all.voided_minutes > 0);
  CHECK(read->totals == counted);
  CHECK(f.Read(projections::HoursEntries::kSkip)->totals == counted);
}

TEST_CASE("a trajectory whose hours pages are missing, extra or short reads as corruption",
          "[projections]") {
  Fixture f;
  f.Append(testing::OpenCommand("open", "trajectory-T-1", "Name"));
  for (int i = 0; i < 5; ++i) {
    f.Append(
        testing::HoursCommand("h" + std::to_string(i), "trajectory-T-1", ExpectedVersion::Any()));
  }
  f.FlushKeys();
  REQUIRE(f.Read()->hours.size() == 5);
  rocksdb::DB* db = f.db->db();

  SECTION("a missing page") {
    REQUIRE_OK(db->Delete({}, f.generation.trajectories, HoursKey("T-1", 0)));
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1", kRead);
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(),
               Catch::Contains("'T-1' has 5 hours entries, but hours page 0 is missing"));
  }
  SECTION("a page beyond the count") {
    std::string page;
    REQUIRE_OK(db->Get({}, f.generation.trajectories, HoursKey("T-1", 0), &page));
    REQUIRE_OK(db->Put({}, f.generation.trajectories, HoursKey("T-1", 1), page));
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1", kRead);
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains("hours page 1 is stored beyond them"));
  }
  SECTION("a page short of entries") {
    std::vector<domain::HoursEntryState> hours = f.Read()->hours;
    REQUIRE(db->Put({}, f.generation.trajectories, HoursKey("T-1", 0),
                    projections::EncodeHoursPage(hours, 0, 4))
                .ok());
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1", kRead);
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains("page 0 holds 4 entries, not 5"));
  }
  SECTION("a page that is not a message") {
    REQUIRE_OK(db->Put({}, f.generation.trajectories, HoursKey("T-1", 0), "garbage!"));
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1", kRead);
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains("T-1 hours page 0"));
  }
  SECTION("another trajectory's entries are not this one's") {
    REQUIRE_OK(db->Put({}, f.generation.trajectories, HoursKey("T-10", 0), "x"));
    CHECK(f.Read()->hours.size() == 5);
  }
}

}  // namespace
}  // namespace ledger
