// Goal: the three reads (one entry, a stream from a version, the log from a position) page
// correctly within their bounds, return the stored canonical bytes decoded with personal
// fields joined, and report damaged stored data as Corruption naming its position.
#include <catch2/catch.hpp>

#include "ledger/base/limits.h"
#include "ledger/format/hash.h"
#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/event_store.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::HoursCommand;
using testing::TempDir;

// 30 events: stream A gets positions 0..19 in batches of 5, stream B 20..29 one by one.
std::unique_ptr<EventStore> Filled(const TempDir& dir) {
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  for (int batch = 0; batch < 4; ++batch) {
    AppendRequest request =
        HoursCommand("a" + std::to_string(batch), "trajectory-A", ExpectedVersion::Any());
    for (int i = 1; i < 5; ++i) testing::AddHours(request, "h", static_cast<std::uint16_t>(i));
    REQUIRE_OK((*store)->Append(request));
  }
  for (int i = 0; i < 10; ++i) {
    REQUIRE(
        (*store)
            ->Append(HoursCommand("b" + std::to_string(i), "trajectory-B", ExpectedVersion::Any()))
            .ok());
  }
  return std::move(store).value();
}

TEST_CASE("the log reads in bounded pages that end at the head", "[ledger]") {
  TempDir dir;
  auto store = Filled(dir);
  std::vector<std::uint64_t> seen;
  std::optional<Position> next = Position{0};
  int pages = 0;
  while (next) {
    auto page = store->ReadLog(*next, 7);
    REQUIRE_OK(page);
    CHECK(page->entries.size() <= 7);
    for (const auto& entry : page->entries) seen.push_back(entry.position().value);
    next = page->next_position;
    ++pages;
  }
  CHECK(pages == 5);
  REQUIRE(seen.size() == 30);
  for (std::uint64_t i = 0; i < 30; ++i) CHECK(seen[i] == i);
  CHECK(store->ReadLog(Position{30}, 10)->entries.empty());
  CHECK(store->ReadLog(Position{0}, 0).status().code() == Status::Code::kInvalidArgument);
  CHECK(store->ReadLog(Position{0}, limits::kPageSizeMax + 1).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("a stream reads from any version, across runs, in pages", "[ledger]") {
  TempDir dir;
  auto store = Filled(dir);
  auto page = store->ReadStream("trajectory-A", StreamVersion{3}, 8);
  REQUIRE_OK(page);
  REQUIRE(page->entries.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(page->entries[i].reader().getStreamVersion() == 3 + i);
    CHECK(page->entries[i].position().value == 2 + i);
  }
  REQUIRE(page->next_version.has_value());
  CHECK(page->next_version->value == 11);
  auto rest = store->ReadStream("trajectory-A", *page->next_version, 100);
  REQUIRE_OK(rest);
  CHECK(rest->entries.size() == 10);
  CHECK_FALSE(rest->next_version.has_value());

  auto b = store->ReadStream("trajectory-B", StreamVersion{10}, 5);
  REQUIRE_OK(b);
  REQUIRE(b->entries.size() == 1);
  CHECK(b->entries[0].position().value == 29);
  CHECK(store->ReadStream("trajectory-B", StreamVersion{11}, 5)->entries.empty());
  CHECK(store->ReadStream("trajectory-none", StreamVersion{1}, 5)->entries.empty());
  CHECK(store->ReadStream("trajectory-A", StreamVersion{0}, 5).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->ReadStream("bad id", StreamVersion{1}, 5).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("an entry reads back as its canonical bytes with its envelope", "[ledger]") {
  TempDir dir;
  auto store = Filled(dir);
  auto entry = store->ReadEntry(Position{21});
  REQUIRE_OK(entry);
  auto reader = entry->reader();
  CHECK(reader.getPosition() == 21);
  CHECK(std::string(reader.getStreamId()) == "trajectory-B");
  CHECK(reader.getStreamVersion() == 2);
  CHECK(std::string(reader.getCommandId()) == "b1");
  CHECK(reader.getActor().getRole() == schema::Role::COUNSELLOR);
  CHECK(reader.getOccurredAtUs() == testing::kOccurredUs);
  CHECK(reader.getEvent().isHoursLogged());
  CHECK(reader.getEvent().getHoursLogged().getMinutes() == 180);
  CHECK(entry->personal_state() == PersonalState::kNone);
  std::string raw;
  REQUIRE(store->database()
              .db()
              ->Get({}, store->database().entries(), layout::PositionKey(Position{21}), &raw)
              .ok());
  CHECK(std::string(reinterpret_cast<const char*>(entry->bytes().data()), entry->bytes().size()) ==
        raw);
  CHECK(store->ReadEntry(Position{30}).status().code() == Status::Code::kNotFound);
}

TEST_CASE("personal fields come back joined, or absent once deleted", "[ledger]") {
  TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  REQUIRE_OK((*store)->Append(testing::OpenCommand("open", "trajectory-P", "Amina Haddad")));
  auto entry = (*store)->ReadEntry(Position{0});
  REQUIRE_OK(entry);
  REQUIRE(entry->personal_state() == PersonalState::kPresent);
  CHECK(std::string(entry->personal()->reader().getFullName()) == "Amina Haddad");
  CHECK(std::string(entry->personal()->reader().getNationalRegisterNumber()) == "90021512345");

  const Database& db = (*store)->database();
  REQUIRE_OK(db.db()->Delete({}, db.personal(), layout::PositionKey(Position{0})));
  auto erased = (*store)->ReadEntry(Position{0});
  REQUIRE_OK(erased);
  CHECK(erased->personal_state() == PersonalState::kAbsent);
}

TEST_CASE("damaged stored data is corruption naming its position, never skipped", "[ledger]") {
  TempDir dir;
  auto store = Filled(dir);
  const Database& db = store->database();
  SECTION("garbage entry bytes") {
    REQUIRE_OK(db.db()->Put({}, db.entries(), layout::PositionKey(Position{12}), "garbage!"));
    auto entry = store->ReadEntry(Position{12});
    CHECK(entry.status().code() == Status::Code::kCorruption);
    CHECK_THAT(entry.status().message(), Catch::Contains("position 12"));
    // The page stops before the damaged entry; a read starting at it names it.
    auto page = store->ReadLog(Position{10}, 5);
    REQUIRE_OK(page);
    CHECK(page->entries.size() == 2);
    REQUIRE(page->next_position.has_value());
    CHECK(page->next_position->value == 12);
    auto at_damage = store->ReadLog(Position{12}, 5);
    CHECK(at_damage.status().code() == Status::Code::kCorruption);
    CHECK_THAT(at_damage.status().message(), Catch::Contains("position 12"));
  }
  SECTION("an entry deleted from the middle") {
    REQUIRE_OK(db.db()->Delete({}, db.entries(), layout::PositionKey(Position{4})));
    auto page = store->ReadLog(Position{0}, 10);
    REQUIRE_OK(page);
    CHECK(page->entries.size() == 4);
    REQUIRE(page->next_position.has_value());
    CHECK(page->next_position->value == 4);
    auto at_damage = store->ReadLog(Position{4}, 10);
    CHECK(at_damage.status().code() == Status::Code::kCorruption);
    CHECK_THAT(at_damage.status().message(), Catch::Contains("position 4"));
    CHECK(store->ReadEntry(Position{4}).status().code() == Status::Code::kCorruption);
  }
  SECTION("two entries swapped") {
    std::string a, b;
    REQUIRE_OK(db.db()->Get({}, db.entries(), layout::PositionKey(Position{20}), &a));
    REQUIRE_OK(db.db()->Get({}, db.entries(), layout::PositionKey(Position{21}), &b));
    REQUIRE_OK(db.db()->Put({}, db.entries(), layout::PositionKey(Position{20}), b));
    REQUIRE_OK(db.db()->Put({}, db.entries(), layout::PositionKey(Position{21}), a));
    auto entry = store->ReadEntry(Position{20});
    CHECK(entry.status().code() == Status::Code::kCorruption);
    CHECK_THAT(entry.status().message(), Catch::Contains("position 20"));
  }
  SECTION("a personal payload that no longer matches its commitment") {
    REQUIRE_OK(store->Append(testing::OpenCommand("open", "trajectory-P", "Amina Haddad")));
    std::string value;
    auto key = layout::PositionKey(Position{30});
    REQUIRE_OK(db.db()->Get({}, db.personal(), key, &value));
    value[value.size() / 2] ^= 0x20;
    REQUIRE_OK(db.db()->Put({}, db.personal(), key, value));
    auto entry = store->ReadEntry(Position{30});
    CHECK(entry.status().code() == Status::Code::kCorruption);
    CHECK_THAT(entry.status().message(), Catch::Contains("position 30"));
  }
}

}  // namespace
}  // namespace ledger
