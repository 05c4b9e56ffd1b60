// Goal: caller-side preparation refuses every malformed request with a message naming the bad
// value, stamps sequenced fields byte-identically to a full canonical encoding, and
// fingerprints commands by content (not by their random salts).
#include <capnp/message.h>
#include <catch2/catch.hpp>

#include <functional>

#include "ledger/base/limits.h"
#include "ledger/format/personal.h"
#include "ledger/store/prepared_append.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"

namespace ledger {
namespace {

using testing::HoursCommand;
using testing::OpenCommand;

std::string Bytes(kj::ArrayPtr<const capnp::word> words) {
  return std::string(reinterpret_cast<const char*>(words.begin()),
                     words.size() * sizeof(capnp::word));
}

// What StampSequenced must equal: decode, set the three fields, canonicalize from scratch.
std::string CanonicalWith(kj::ArrayPtr<const capnp::word> prepared, std::uint64_t position,
                          std::uint64_t version, std::int64_t recorded) {
  auto original = capnp::readMessageUnchecked<schema::Entry>(prepared.begin());
  capnp::MallocMessageBuilder message;
  message.setRoot(original);
  auto entry = message.getRoot<schema::Entry>();
  entry.setPosition(position);
  entry.setStreamVersion(version);
  entry.setRecordedAtUs(recorded);
  return Bytes(capnp::canonicalize(entry.asReader()));
}

TEST_CASE("stamping sequenced fields equals canonicalizing the finished entry", "[ledger]") {
  struct Stamp {
    std::uint64_t position, version;
    std::int64_t recorded;
  };
  auto stamp = GENERATE(Stamp{0, 1, 0}, Stamp{1, 1, 1}, Stamp{0, 0, 0},
                        Stamp{123456789, 42, 1'773'000'000'123'456},
                        Stamp{UINT64_MAX - 1, UINT64_MAX - 1, INT64_MAX});
  std::vector<AppendRequest> requests;
  requests.push_back(HoursCommand("c1", "trajectory-1", ExpectedVersion::Any()));
  requests.push_back(OpenCommand("c2", "trajectory-2", "Amina Haddad"));
  for (const AppendRequest& request : requests) {
    auto prepared = PrepareAppend(request);
    REQUIRE_OK(prepared);
    PreparedEvent& event = prepared->streams[0].events[0];
    std::string expected =
        CanonicalWith(event.entry, stamp.position, stamp.version, stamp.recorded);
    StampSequenced(event.entry, Position{stamp.position}, StreamVersion{stamp.version},
                   stamp.recorded);
    INFO("position " << stamp.position << " version " << stamp.version);
    CHECK(Bytes(event.entry) == expected);
  }
}

TEST_CASE("the personal payload is stored salted and committed in the entry", "[ledger]") {
  auto prepared = PrepareAppend(OpenCommand("c1", "trajectory-1", "Amina Haddad"));
  REQUIRE_OK(prepared);
  const PreparedEvent& event = prepared->streams[0].events[0];
  REQUIRE(event.personal_stored.size() > sizeof(Salt));
  auto entry = capnp::readMessageUnchecked<schema::Entry>(event.entry.begin());
  auto commitment = entry.getPersonalCommitment();
  auto payload =
      PersonalPayload::Open(Position{0}, event.personal_stored,
                            std::span<const std::uint8_t>(commitment.begin(), commitment.size()));
  REQUIRE_OK(payload);
  CHECK(std::string(payload->reader().getFullName()) == "Amina Haddad");
  // The entry itself never holds the name.
  CHECK(Bytes(event.entry).find("Amina") == std::string::npos);
}

TEST_CASE("a retried command fingerprints the same despite fresh salts", "[ledger]") {
  auto first = PrepareAppend(OpenCommand("c1", "trajectory-1", "Amina Haddad"));
  auto again = PrepareAppend(OpenCommand("c1", "trajectory-1", "Amina Haddad"));
  auto other = PrepareAppend(OpenCommand("c1", "trajectory-1", "Someone Else"));
  REQUIRE_OK(first);
  REQUIRE_OK(again);
  REQUIRE_OK(other);
  CHECK(first->streams[0].events[0].personal_stored != again->streams[0].events[0].personal_stored);
  CHECK(first->fingerprint == again->fingerprint);
  CHECK(first->fingerprint != other->fingerprint);
  auto longer = PrepareAppend(HoursCommand("c1", "trajectory-1", ExpectedVersion::Any(), 181));
  auto shorter = PrepareAppend(HoursCommand("c1", "trajectory-1", ExpectedVersion::Any(), 180));
  CHECK(longer->fingerprint != shorter->fingerprint);
}

struct BadInput {
  const char* name;
  std::function<void(AppendRequest&)> spoil;
  const char* message_part;
};

TEST_CASE("malformed requests are refused with a message naming the bad value", "[ledger]") {
  // Static: Catch keeps the generated rows across the test's runs, and a row's lambda must not
  // refer to a local of an earlier run (ASan found the stack-use-after-return).
  static const std::string too_long(200, 'x');
  auto table = GENERATE_REF(values<BadInput>({
      {"empty stream id", [](AppendRequest& r) { r.streams[0].stream_id = ""; },
       "stream id is empty"},
      {"stream id with a space", [](AppendRequest& r) { r.streams[0].stream_id = "a b"; }, "'a b'"},
      {"stream id with a NUL",
       [](AppendRequest& r) { r.streams[0].stream_id = std::string("a\0b", 3); }, "offset 1"},
      {"over-long stream id", [](AppendRequest& r) { r.streams[0].stream_id = too_long; },
       "over the limit of 128"},
      {"empty command id", [](AppendRequest& r) { r.command_id = ""; }, "command id is empty"},
      {"over-long command id", [](AppendRequest& r) { r.command_id = too_long; },
       "command id has 200 bytes"},
      {"command id with a newline", [](AppendRequest& r) { r.command_id = "a\nb"; }, "0x0a"},
      {"no streams", [](AppendRequest& r) { r.streams.clear(); }, "names no stream"},
      {"a stream without events", [](AppendRequest& r) { r.streams[0].events.clear(); },
       "has no events"},
      {"a stream named twice",
       [](AppendRequest& r) {
         r.streams.push_back(StreamAppend{r.streams[0].stream_id, ExpectedVersion::Any(), {}});
         testing::AddHours(r, "h-x", 60);
       },
       "appears twice"},
      {"exact version 0",
       [](AppendRequest& r) { r.streams[0].expected = ExpectedVersion::Exact(0); },
       "expected version 0"},
      {"no occurred time", [](AppendRequest& r) { r.streams[0].events[0].occurred_at_us = 0; },
       "occurred time 0"},
      {"no event kind",
       [](AppendRequest& r) {
         r.streams[0].events.clear();
         r.AddEvent(testing::kOccurredUs);
       },
       "no event kind"},
      {"oversized event",
       [](AppendRequest& r) {
         r.streams[0].events[0].event().getHoursLogged().setActivityId(std::string(70000, 'a'));
       },
       "over the limit of 65536"},
      {"oversized personal payload",
       [](AppendRequest& r) {
         r.streams[0].events[0].personal().setFreeText(std::string(70000, 'p'));
       },
       "personal payload"},
      {"too many events",
       [](AppendRequest& r) {
         for (std::size_t i = 0; i < limits::kEventsPerAppendMax; ++i) testing::AddHours(r, "h", 1);
       },
       "over the limit of 8192"},
      {"over-long actor id", [](AppendRequest& r) { r.actor.id = too_long; }, "actor id"},
  }));
  AppendRequest request = HoursCommand("cmd-1", "trajectory-1", ExpectedVersion::Any());
  table.spoil(request);
  auto prepared = PrepareAppend(request);
  INFO(table.name);
  REQUIRE_FALSE(prepared.ok());
  CHECK(prepared.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(prepared.status().message(), Catch::Contains(table.message_part));
}

}  // namespace
}  // namespace ledger
