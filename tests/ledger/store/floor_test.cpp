// Goal: a ledger never opens below what it promised. The floor file (head_floor.h) records the
// last acknowledged head and the last signed one outside RocksDB; these tests bring the
// database back to an earlier state behind the floor's back (an older copy of its files, as a
// restored snapshot or a point-in-time recovery would) and check that Open refuses, naming both
// sizes, and that the floor itself survives a torn write. Real RocksDB, real files.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "ledger/store/head_floor.h"
#include "tests/support/files.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

namespace fs = std::filesystem;

void AppendHours(EventStore& store, int count, int start) {
  for (int i = start; i < start + count; ++i) {
    REQUIRE(store
                .Append(testing::HoursCommand("c" + std::to_string(i), "trajectory-1",
                                              ExpectedVersion::Any()))
                .ok());
  }
}

// Copies the ledger's RocksDB files from `from` over `to`, keeping `to`'s floor file: the
// database goes back to the copy's state, the floor does not.
void RollBackDatabase(const std::string& from, const std::string& to) {
  std::string floor = testing::ReadAll(HeadFloor::PathIn(to));
  REQUIRE(!floor.empty());
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
  testing::WriteAll(HeadFloor::PathIn(to), floor);
}

TEST_CASE("the floor follows every acknowledged append and is synced at close", "[ledger]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  CHECK((*store)->floor().acknowledged_size == 0);
  AppendHours(**store, 12, 0);
  layout::Floor floor = (*store)->floor();
  CHECK(floor.acknowledged_size == 12);
  CHECK(floor.acknowledged_root == (*store)->head().root);
  CHECK(floor.signed_size == 0);
  (*store)->Close();
  auto read = HeadFloor::Read(dir.path());
  REQUIRE_OK(read);
  REQUIRE(read->has_value());
  CHECK((*read)->acknowledged_size == 12);
}

TEST_CASE("a database brought back behind the floor refuses to open, naming both sizes",
          "[ledger]") {
  testing::TempDir dir;
  const std::string ledger = dir.Sub("ledger");
  {
    auto store = EventStore::Open({.path = ledger});
    REQUIRE_OK(store);
    AppendHours(**store, 10, 0);
  }
  fs::copy(ledger, dir.Sub("older"), fs::copy_options::recursive);
  {
    auto store = EventStore::Open({.path = ledger});
    REQUIRE_OK(store);
    AppendHours(**store, 7, 10);
  }
  RollBackDatabase(dir.Sub("older"), ledger);
  auto refused = EventStore::Open({.path = ledger});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kCorruption);
  CHECK_THAT(refused.status().message(), Catch::Contains("holds 10 entries"));
  CHECK_THAT(refused.status().message(), Catch::Contains("acknowledged 17 entries"));
  CHECK_THAT(refused.status().message(), Catch::Contains("7 entries it promised are missing"));
  // Nothing was written: the floor still says 17, and refuses again.
  auto floor = HeadFloor::Read(ledger);
  REQUIRE_OK(floor);
  CHECK((*floor)->acknowledged_size == 17);
  CHECK_FALSE(EventStore::Open({.path = ledger}).ok());
}

TEST_CASE("a signed checkpoint is part of the floor: no open below it, no other root at it",
          "[ledger]") {
  testing::TempDir dir;
  const std::string ledger = dir.Sub("ledger");
  auto signer = NoteSigner::Generate("floor.example/log");
  REQUIRE_OK(signer);
  {
    auto store = EventStore::Open({.path = ledger});
    REQUIRE_OK(store);
    AppendHours(**store, 6, 0);
  }
  fs::copy(ledger, dir.Sub("older"), fs::copy_options::recursive);
  Hash signed_root{};
  {
    auto store = EventStore::Open({.path = ledger});
    REQUIRE_OK(store);
    AppendHours(**store, 5, 6);
    auto checkpointer =
        Checkpointer::Start(**store, *signer, {.origin = "floor.example/log", .background = false});
    REQUIRE_OK(checkpointer);
    REQUIRE_OK((*checkpointer)->SignNow());
    signed_root = (*store)->head().root;
    CHECK((*store)->floor().signed_size == 11);
    CHECK((*store)->floor().signed_root == signed_root);
  }
  SECTION("below the signed size") {
    RollBackDatabase(dir.Sub("older"), ledger);
    auto refused = EventStore::Open({.path = ledger});
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("signed a checkpoint of size 11"));
  }
  SECTION("another history of the same size") {
    // A different ledger of 11 entries under this ledger's floor.
    {
      auto other = EventStore::Open({.path = dir.Sub("other")});
      REQUIRE_OK(other);
      for (int i = 0; i < 11; ++i) {
        REQUIRE((*other)
                    ->Append(testing::HoursCommand("x" + std::to_string(i), "trajectory-9",
                                                   ExpectedVersion::Any()))
                    .ok());
      }
    }
    RollBackDatabase(dir.Sub("other"), ledger);
    auto refused = EventStore::Open({.path = ledger});
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("at size 11"));
    CHECK_THAT(refused.status().message(), Catch::Contains(ToHex(signed_root)));
    CHECK_THAT(refused.status().message(), Catch::Contains("rewritten or replaced"));
  }
}

TEST_CASE("a torn floor slot leaves the previous one, two torn slots are corruption", "[ledger]") {
  testing::TempDir dir;
  {
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(store);
    AppendHours(**store, 3, 0);  // Three writes: the current slot holds 3, the other 2.
  }
  const std::string path = HeadFloor::PathIn(dir.path());
  std::string bytes = testing::ReadAll(path);
  REQUIRE(bytes.size() == layout::kFloorFileBytes);
  auto current = HeadFloor::Read(dir.path());
  REQUIRE_OK(current);
  CHECK((*current)->acknowledged_size == 3);
  // Tear the slot that holds the newest write (sequence 3 lives in slot 1 at offset 4096).
  std::string torn = bytes;
  torn[layout::kFloorSlotStride + 40] ^= 0x01;
  testing::WriteAll(path, torn);
  auto previous = HeadFloor::Read(dir.path());
  REQUIRE_OK(previous);
  CHECK((*previous)->acknowledged_size == 2);
  // A floor below the ledger is still a valid floor: the ledger opens.
  CHECK_OK(EventStore::Open({.path = dir.path()}));
  torn = testing::ReadAll(path);
  torn[10] ^= 0x01;
  torn[layout::kFloorSlotStride + 10] ^= 0x01;
  testing::WriteAll(path, torn);
  auto damaged = EventStore::Open({.path = dir.path()});
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.status().code() == Status::Code::kCorruption);
  CHECK_THAT(damaged.status().message(), Catch::Contains("holds no valid slot"));
  CHECK_THAT(damaged.status().message(), Catch::Contains("move the file away"));
}

TEST_CASE("a ledger without a floor file gets one from its current head", "[ledger]") {
  testing::TempDir dir;
  {
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(store);
    AppendHours(**store, 4, 0);
  }
  fs::remove(HeadFloor::PathIn(dir.path()));
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  CHECK((*store)->floor().acknowledged_size == 4);
  CHECK(fs::exists(HeadFloor::PathIn(dir.path())));
}

}  // namespace
}  // namespace ledger
