// As-of reads by recorded time over both transports: a trajectory is written one entry per
// second of a fake clock, then read with asOfRecordedAtUs (and asOfRecordedAt, the same time as
// RFC 3339 text) over real HTTP and over RPC. Each answer must equal the asOfPosition answer
// for the position that time corresponds to; the bad inputs (both bounds, a future or negative
// time, text that is no integer or no RFC 3339 time) answer 400 and write nothing.
#include <kj/async-io.h>

#include <catch2/catch.hpp>

#include <string>

#include "ledger/base/clock.h"
#include "tests/support/http_harness.h"
#include "tests/support/require_ok.h"
#include "tests/support/rpc_harness.h"

namespace ledger::testing {
namespace {

using kj::HttpMethod;

constexpr std::int64_t kSecondUs = 1'000'000;

// Three entries of trajectory T1, recorded one second apart from the clock's start: opened at
// times[0] (position 0), act-buddy registered at times[1] (1), act-taal at times[2] (2). The
// clock is left one second past the last.
std::array<std::int64_t, 3> WriteHistory(ServiceFixture& fixture) {
  DomainLedger& ledger = fixture.ledger();
  std::array<std::int64_t, 3> times{};
  const std::string t1 = Trajectory();
  times[0] = ledger.clock().NowUs();
  REQUIRE_OK(ledger.Run(Counsellor(), t1, On(2026, 3, 2), TrajectoryOpenedArgs{}));
  ledger.clock().AdvanceUs(kSecondUs);
  times[1] = ledger.clock().NowUs();
  REQUIRE_OK(ledger.Run(Counsellor(), t1, On(2026, 3, 3), ActivityRegisteredArgs{}));
  ledger.clock().AdvanceUs(kSecondUs);
  times[2] = ledger.clock().NowUs();
  REQUIRE(
      ledger
          .Run(Counsellor(), t1, On(2026, 3, 3), ActivityRegisteredArgs{.activity_id = "act-taal"})
          .ok());
  ledger.clock().AdvanceUs(kSecondUs);
  ledger.Catch();
  return times;
}

struct AsOfHttp : HttpHarness {
  AsOfHttp() {
    fixture().AddToken("auditor", OfRole(schema::Role::AUDITOR));
    times = WriteHistory(fixture());
  }
  HttpResult Get(const std::string& query) {
    return Send(HttpMethod::GET, "/v1/trajectories/T1" + query, {.token = "auditor"});
  }
  std::array<std::int64_t, 3> times{};
};

TEST_CASE("over HTTP, a trajectory as of a recorded time is the one as of the matching position",
          "[api]") {
  AsOfHttp http;
  struct Row {
    std::int64_t offset_us;  // From times[index].
    std::size_t index;
    std::uint64_t position;  // The asOfPosition it must equal.
  };
  auto row = GENERATE(Row{0, 0, 1}, Row{kSecondUs / 2, 0, 1}, Row{0, 1, 2},
                      Row{kSecondUs - 1, 1, 2}, Row{0, 2, 3}, Row{kSecondUs, 2, 3});
  std::int64_t time_us = http.times[row.index] + row.offset_us;
  HttpResult by_time = http.Get("?asOfRecordedAtUs=" + std::to_string(time_us));
  HttpResult by_position = http.Get("?asOfPosition=" + std::to_string(row.position));
  // The same time as RFC 3339 text, in UTC and with an offset east of it (%2B is "+").
  std::string utc = Rfc3339UtcMicros(time_us);
  HttpResult by_text = http.Get("?asOfRecordedAt=" + utc);
  std::string plus_two = Rfc3339UtcMicros(time_us + 2 * 3600 * kSecondUs);
  plus_two = plus_two.substr(0, plus_two.size() - 1) + "%2B02:00";
  HttpResult by_offset = http.Get("?asOfRecordedAt=" + plus_two);
  INFO("time " << time_us << " (" << utc << "): " << by_time.body << " / " << by_text.body);
  REQUIRE(by_time.status == 200);
  REQUIRE(by_position.status == 200);
  CHECK(by_time.body == by_position.body);
  CHECK(by_text.body == by_position.body);
  CHECK(by_offset.body == by_position.body);
  capnp::MallocMessageBuilder message;
  auto reply = message.initRoot<api::wire::TrajectoryReply>();
  http.Decode<api::wire::TrajectoryReply>(by_time.body, reply);
  CHECK(reply.getPosition() == row.position);
}

TEST_CASE("over HTTP, a bad as-of time answers 400 naming it and writes nothing", "[api]") {
  AsOfHttp http;
  std::uint64_t head = http.fixture().ledger().store().head().size;
  std::int64_t now_us = http.fixture().ledger().clock().NowUs();
  struct Row {
    std::string query;
    std::string named;  // A part of the message.
  };
  auto row = GENERATE_COPY(
      Row{"?asOfRecordedAtUs=" + std::to_string(now_us + 1), "in the future"},
      Row{"?asOfRecordedAtUs=-5", "before the epoch"},
      Row{"?asOfRecordedAtUs=2026-03-01T12:00:00Z", "must be a whole number"},
      Row{"?asOfRecordedAtUs=" + std::to_string(now_us) + "&asOfPosition=2", "both given"},
      Row{"?asOfRecordedAt=2026-03-01", "the time must read Thh:mm:ss"},
      Row{"?asOfRecordedAt=2026-02-30T12:00:00Z", "no such day"},
      Row{"?asOfRecordedAt=2026-03-01T12:00:00", "must end in Z or an offset"},
      Row{"?asOfRecordedAt=2026-03-01T12:00:00.1234567Z", "1 to 6 digits"},
      Row{"?asOfRecordedAt=" + Rfc3339UtcMicros(now_us + 1), "in the future"},
      Row{"?asOfRecordedAt=" + Rfc3339UtcMicros(now_us) +
              "&asOfRecordedAtUs=" + std::to_string(now_us),
          "both given"});
  HttpResult refused = http.Get(row.query);
  INFO(row.query << ": " << refused.body);
  CHECK(refused.status == 400);
  CHECK(refused.body.find(R"("code":"badRequest")") != std::string::npos);
  CHECK(refused.body.find(row.named) != std::string::npos);
  CHECK(http.fixture().ledger().store().head().size == head);
}

TEST_CASE("over HTTP, a time before the trajectory was opened answers 404", "[api]") {
  AsOfHttp http;
  HttpResult before = http.Get("?asOfRecordedAtUs=" + std::to_string(http.times[0] - 1));
  INFO(before.body);
  CHECK(before.status == 404);
}

TEST_CASE("over RPC, get and shortfall as of a recorded time equal those as of the position",
          "[api]") {
  RpcHarness rpc;
  std::array<std::int64_t, 3> times = WriteHistory(rpc.fixture());
  LoginResponse login = rpc.LoginAs("a", OfRole(schema::Role::AUDITOR));
  auto trajectories = login.getSession().getTrajectories();
  auto get = [&](std::uint64_t position, std::int64_t time_us) {
    auto request = trajectories.getRequest();
    auto fields = request.initRequest();
    fields.setTrajectoryId(std::string(kTrajectoryId));
    fields.setAsOfPosition(position);
    fields.setAsOfRecordedAtUs(time_us);
    return request.send().wait(rpc.ws());
  };
  auto by_time = get(0, times[1] + kSecondUs / 2);
  auto by_position = get(2, 0);
  INFO(ErrorOf(by_time));
  REQUIRE(by_time.hasReply());
  REQUIRE(by_position.hasReply());
  CHECK(by_time.getReply().getPosition() == 2);
  CHECK(by_time.getReply().toString().flatten() == by_position.getReply().toString().flatten());
  CHECK(by_time.getReply().getActivities().size() == 1);

  auto shortfall = trajectories.shortfallRequest();
  shortfall.initRequest().setTrajectoryId(std::string(kTrajectoryId));
  shortfall.getRequest().setAsOfRecordedAtUs(times[0]);
  auto evidence = shortfall.send().wait(rpc.ws());
  INFO(ErrorOf(evidence));
  REQUIRE(evidence.hasReply());
  CHECK(evidence.getReply().getPosition() == 1);

  auto both = get(2, times[1]);
  REQUIRE(both.hasError());
  CHECK(both.getError().getCode() == wire::ErrorCode::BAD_REQUEST);
  CHECK(rpc.fixture().ledger().store().head().size == 3);
}

}  // namespace
}  // namespace ledger::testing
