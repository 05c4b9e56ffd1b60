// Goal: every stored key and value round-trips, keys sort numerically, and malformed stored
// values are Corruption naming what they belong to, never a crash or a silent default.
#include <catch2/catch.hpp>

#include "ledger/format/layout.h"
#include "tests/support/require_ok.h"

namespace ledger::layout {
namespace {

TEST_CASE("position keys are big-endian so bytewise order is numeric order", "[ledger]") {
  CHECK(PositionKey(Position{1}) < PositionKey(Position{256}));
  CHECK(PositionKey(Position{255}) < PositionKey(Position{256}));
  CHECK(PositionKey(Position{0x0102030405060708}) ==
        std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  CHECK(DecodePositionKey(PositionKey(Position{123456789}))->value == 123456789);
  CHECK(DecodePositionKey("short").status().code() == Status::Code::kCorruption);
}

TEST_CASE("stream run keys order by stream, then version, and never mix streams", "[ledger]") {
  CHECK(StreamRunKey("trajectory-1", StreamVersion{2}) <
        StreamRunKey("trajectory-1", StreamVersion{300}));
  CHECK(StreamRunKey("trajectory-1", StreamVersion{UINT64_MAX}) < StreamKeyLimit("trajectory-1"));
  // "a" and "a-b": every key of "a" sorts before every key of "a-b".
  CHECK(StreamKeyLimit("a") < StreamRunKey("a-b", StreamVersion{1}));
  StreamRun run{StreamVersion{5}, Position{900}, 3};
  auto key = StreamRunKey("complaint-7", run.first_version);
  auto decoded = DecodeStreamRun("complaint-7", key, EncodeStreamRunValue(run));
  REQUIRE_OK(decoded);
  CHECK(decoded->first_position.value == 900);
  CHECK(decoded->last_version().value == 7);
}

TEST_CASE("malformed stream runs are corruption naming the stream", "[ledger]") {
  StreamRun run{StreamVersion{1}, Position{0}, 1};
  std::string key = StreamRunKey("s-1", StreamVersion{1});
  std::string value = EncodeStreamRunValue(run);
  CHECK(DecodeStreamRun("s-1", key, value.substr(0, 11)).status().code() ==
        Status::Code::kCorruption);
  CHECK(DecodeStreamRun("s-1", key.substr(0, 5), value).status().code() ==
        Status::Code::kCorruption);
  StreamRun empty{StreamVersion{1}, Position{0}, 0};
  auto zero = DecodeStreamRun("s-1", key, EncodeStreamRunValue(empty));
  CHECK(zero.status().code() == Status::Code::kCorruption);
  CHECK_THAT(zero.status().message(), Catch::Contains("'s-1'"));
}

TEST_CASE("command records round-trip and reject bad tags and lengths", "[ledger]") {
  CommandRecord record;
  record.fingerprint.fill(0xab);
  record.first_position = Position{77};
  record.count = 4;
  record.last_versions = {StreamVersion{3}, StreamVersion{1}};
  std::string value = EncodeCommandRecord(record);
  auto decoded = DecodeCommandRecord("cmd-1", value);
  REQUIRE_OK(decoded);
  CHECK(decoded->fingerprint == record.fingerprint);
  CHECK(decoded->first_position.value == 77);
  CHECK(decoded->count == 4);
  REQUIRE(decoded->last_versions.size() == 2);
  CHECK(decoded->last_versions[0].value == 3);

  std::string bad_tag = value;
  bad_tag[0] = 9;
  CHECK(DecodeCommandRecord("cmd-1", bad_tag).status().code() == Status::Code::kCorruption);
  CHECK(DecodeCommandRecord("cmd-1", value.substr(0, value.size() - 1)).status().code() ==
        Status::Code::kCorruption);
  CHECK_THAT(DecodeCommandRecord("cmd-1", "").status().message(), Catch::Contains("'cmd-1'"));
}

TEST_CASE("tree run keys and the head round-trip", "[ledger]") {
  auto parts = DecodeTreeRunKey(TreeRunKey(17, 4096));
  REQUIRE_OK(parts);
  CHECK(parts->level == 17);
  CHECK(parts->first_index == 4096);
  CHECK(TreeRunKey(0, 9) < TreeRunKey(1, 0));
  CHECK(DecodeTreeRunKey("12345678").status().code() == Status::Code::kCorruption);

  Head head{12345, -5, {}};
  head.root.fill(0x5a);
  auto decoded = DecodeHead(EncodeHead(head));
  REQUIRE_OK(decoded);
  CHECK(decoded->size == 12345);
  CHECK(decoded->last_recorded_at_us == -5);
  CHECK(decoded->root == head.root);
  CHECK(DecodeHead(EncodeHead(head).substr(1)).status().code() == Status::Code::kCorruption);
}

}  // namespace
}  // namespace ledger::layout
