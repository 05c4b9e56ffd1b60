// Goal: a trajectory's hours entries are rows of their own, so a batch writes the trajectory's
// row and only the entries that are new or changed, whatever the trajectory's length; reads put
// row and entries back together, and a missing or extra entry row is Corruption naming the
// trajectory. Method: a real ledger and projection database; entries folded through a Folder,
// whose WriteBatch is inspected key by key.
#include <catch2/catch.hpp>

#include <rocksdb/write_batch.h>

#include <set>
#include <string>

#include "ledger/event_store.h"
#include "ledger/store/log_scan.h"
#include "projections/folder.h"
#include "projections/layout.h"
#include "projections/projection_db.h"
#include "projections/trajectory_rows.h"
#include "tests/support/domain_events.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using projections::layout::HoursKey;

// The keys a batch puts in the trajectories table, as text ("T-1", "T-1#3" for its entry 3).
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
      auto index = projections::layout::HoursIndex(k, zero + 1);
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

  void Append(AppendRequest request) { REQUIRE(store->Append(request).ok()); }
  void AppendEvent(const std::string& command_id, auto args) {
    AppendRequest request = AppendRequest::ForStream(
        command_id, {schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"},
        "trajectory-T-1", ExpectedVersion::Any());
    testing::Fill(request.AddEvent(testing::kOccurredUs).event(), args);
    Append(std::move(request));
  }
  // Folds what was appended since the last call and returns the keys its flush puts.
  std::set<std::string> FlushKeys() {
    LogScan scan(store->database(), Position{folded}, store->head().size);
    for (;;) {
      Result<std::optional<ScannedEntry>> next = scan.Next();
      REQUIRE(next.ok());
      if (!next->has_value()) break;
      REQUIRE(folder.Apply(**next).ok());
    }
    folded = store->head().size;
    rocksdb::WriteBatch batch;
    folder.Flush(batch);
    REQUIRE(db->db()->Write({}, &batch).ok());
    PutKeys handler(generation.trajectories->GetID());
    REQUIRE(batch.Iterate(&handler).ok());
    return handler.keys;
  }
  std::optional<domain::TrajectoryState> Read() {
    auto read = projections::ReadTrajectory(db->db(), generation.trajectories, {}, "T-1");
    REQUIRE(read.ok());
    return *read;
  }
};

TEST_CASE("a batch writes a trajectory's row and only its new or changed hours entries",
          "[projections]") {
  Fixture f;
  f.Append(testing::OpenCommand("open", "trajectory-T-1", "Name"));
  AppendRequest many = AppendRequest::ForStream(
      "many", {schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"}, "trajectory-T-1",
      ExpectedVersion::Any());
  for (int i = 0; i < 300; ++i) testing::AddHours(many, "h-" + std::to_string(i), 60);
  f.Append(std::move(many));
  std::set<std::string> first = f.FlushKeys();
  CHECK(first.size() == 301);  // The row and all 300 entries.
  CHECK(first.count("T-1") == 1);
  CHECK(first.count("T-1#299") == 1);

  f.Append(testing::HoursCommand("one-more", "trajectory-T-1", ExpectedVersion::Any()));
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#300"});

  f.AppendEvent("correct", testing::HoursCorrectedArgs{.hours_entry_id = "h-7"});
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#7"});

  f.AppendEvent("void", testing::HoursVoidedArgs{.hours_entry_id = "h-12"});
  f.AppendEvent("attest", testing::HoursAttestedArgs{.hours_entry_ids = {"h-3", "h-250"}});
  CHECK(f.FlushKeys() == std::set<std::string>{"T-1", "T-1#3", "T-1#12", "T-1#250"});

  // Read back, the trajectory is the folded state, entries and all.
  std::optional<domain::TrajectoryState> read = f.Read();
  REQUIRE(read.has_value());
  REQUIRE(read->hours.size() == 301);
  CHECK(read->FindHours("h-7")->minutes == 90);
  CHECK(read->FindHours("h-12")->voided);
  CHECK(read->FindHours("h-250")->attested);
  CHECK(read->FindHours("h-one-more") == &read->hours[300]);
}

TEST_CASE("a trajectory whose hours entry rows are missing or extra reads as corruption",
          "[projections]") {
  Fixture f;
  f.Append(testing::OpenCommand("open", "trajectory-T-1", "Name"));
  for (int i = 0; i < 5; ++i) {
    f.Append(testing::HoursCommand("h" + std::to_string(i), "trajectory-T-1",
                                   ExpectedVersion::Any()));
  }
  f.FlushKeys();
  REQUIRE(f.Read()->hours.size() == 5);
  rocksdb::DB* db = f.db->db();

  SECTION("a missing entry") {
    REQUIRE(db->Delete({}, f.generation.trajectories, HoursKey("T-1", 2)).ok());
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1");
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(),
               Catch::Contains("'T-1' has 5 hours entries, but entry 2 is missing"));
  }
  SECTION("an entry beyond the count") {
    std::string entry;
    REQUIRE(db->Get({}, f.generation.trajectories, HoursKey("T-1", 4), &entry).ok());
    REQUIRE(db->Put({}, f.generation.trajectories, HoursKey("T-1", 5), entry).ok());
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1");
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains("entry 5 is stored beyond them"));
  }
  SECTION("an entry row that is not a message") {
    REQUIRE(db->Put({}, f.generation.trajectories, HoursKey("T-1", 1), "garbage!").ok());
    auto read = projections::ReadTrajectory(db, f.generation.trajectories, {}, "T-1");
    REQUIRE(read.status().code() == Status::Code::kCorruption);
    CHECK_THAT(read.status().message(), Catch::Contains("T-1 hours entry 1"));
  }
  SECTION("another trajectory's entries are not this one's") {
    REQUIRE(db->Put({}, f.generation.trajectories, HoursKey("T-10", 0), "x").ok());
    CHECK(f.Read()->hours.size() == 5);
  }
}

}  // namespace
}  // namespace ledger
