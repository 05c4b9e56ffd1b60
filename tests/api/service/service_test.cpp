// The service functions through Dispatch, on a real ledger and a real KJ event loop: commands
// as the caller's principal, reads with "at least position", scope refusals that write nothing,
// and the recorded reads of complaint files.
#include <kj/async-io.h>

#include <catch2/catch.hpp>

#include "tests/support/require_ok.h"
#include "tests/support/service_fixture.h"

namespace ledger::testing {
namespace {

using api::Principal;

Principal AsPrincipal(const ActorRef& actor, std::vector<std::string> scope = {}) {
  return Principal{actor.role, actor.organisation, actor.id, std::move(scope), ""};
}

struct Call {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  ServiceFixture fixture;

  template <typename Request, typename Reply>
  api::Answer<Reply> Run(const std::string& token, const api::Method<Request, Reply>& method,
                         typename Request::Reader request) {
    Result<Principal> principal = fixture.dispatcher().authenticate(token);
    REQUIRE_OK(principal);
    api::CallContext call{*principal, api::Dispatcher::NewRequestId()};
    return api::Dispatch(fixture.dispatcher(), "test", call, method, request).wait(io.waitScope);
  }

  api::Answer<api::wire::CommandReply> Open(const std::string& token,
                                            const std::string& municipality = "44021") {
    capnp::MallocMessageBuilder message;
    auto request = message.initRoot<api::wire::CommandRequest>();
    request.setTrajectoryId(std::string(kTrajectoryId));
    request.setCommandId("open-" + token + "-" + municipality);
    TrajectoryOpenedArgs args;
    args.municipality_code = municipality;
    Fill(request.initEvents(1)[0].initEvent(), args);
    return Run(token, api::methods::kExecute, request.asReader());
  }
};

TEST_CASE("a counsellor opens a trajectory and reads it back at the position it returned",
          "[api]") {
  Call call;
  call.fixture.AddToken("c", AsPrincipal(Counsellor(), {"44021"}));
  api::Answer<api::wire::CommandReply> opened = call.Open("c");
  REQUIRE_FALSE(opened.error);
  CHECK(opened.reply().getOutcome() == api::wire::Outcome::APPENDED);
  CHECK(opened.reply().getNextPosition() == 1);

  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<api::wire::TrajectoryRequest>();
  request.setTrajectoryId(std::string(kTrajectoryId));
  request.setAtLeastPosition(opened.reply().getNextPosition());
  api::Answer<api::wire::TrajectoryReply> read =
      call.Run("c", api::methods::kTrajectory, request.asReader());
  INFO((read.error ? read.error->message : std::string("no error")));
  REQUIRE_FALSE(read.error);
  CHECK(read.reply().getPosition() >= 1);
  CHECK(std::string(read.reply().getMunicipalityCode().cStr()) == "44021");
  CHECK(read.reply().getStatus() == api::wire::TrajectoryStatus::NOT_STARTED);

  SECTION("the same command id again answers alreadyAppended with the same positions") {
    api::Answer<api::wire::CommandReply> again = call.Open("c");
    REQUIRE_FALSE(again.error);
    CHECK(again.reply().getOutcome() == api::wire::Outcome::ALREADY_APPENDED);
    CHECK(again.reply().getFirstPosition() == opened.reply().getFirstPosition());
  }
}

TEST_CASE("a counsellor of another municipality is refused and nothing is written", "[api]") {
  Call call;
  call.fixture.AddToken("c", AsPrincipal(Counsellor(), {"11002"}));
  api::Answer<api::wire::CommandReply> opened = call.Open("c", "44021");
  REQUIRE(opened.error);
  CHECK(opened.error->code == api::wire::ErrorCode::FORBIDDEN);
  CHECK(opened.error->message.find("44021") != std::string::npos);
  CHECK(call.fixture.ledger().store().head().size == 0);
}

TEST_CASE("a volunteer may not write at all, whatever the event", "[api]") {
  Call call;
  call.fixture.AddToken("v", AsPrincipal(Volunteer(), {"T1/act-buddy"}));
  api::Answer<api::wire::CommandReply> opened = call.Open("v");
  REQUIRE(opened.error);
  CHECK(opened.error->code == api::wire::ErrorCode::FORBIDDEN);
  CHECK(api::HttpStatusOf(opened.error->code) == 403);
  CHECK(call.fixture.ledger().store().head().size == 0);
}

TEST_CASE("before the read models are ready commands are served and reads answer starting",
          "[api]") {
  Call call;
  call.fixture.AddToken("c", AsPrincipal(Counsellor(), {"*"}));
  call.fixture.ResetReadiness();
  api::Answer<api::wire::CommandReply> opened = call.Open("c");
  CHECK_FALSE(opened.error);
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<api::wire::TrajectoryRequest>();
  request.setTrajectoryId(std::string(kTrajectoryId));
  auto read = call.Run("c", api::methods::kTrajectory, request.asReader());
  REQUIRE(read.error);
  CHECK(read.error->code == api::wire::ErrorCode::STARTING);
  CHECK(api::HttpStatusOf(read.error->code) == 503);
}

TEST_CASE(
    "after the read models failed on damage commands and reads are refused, naming the "
    "damaged position",
    "[api]") {
  Call call;
  call.fixture.AddToken("c", AsPrincipal(Counsellor(), {"*"}));
  call.fixture.ResetReadiness();
  call.fixture.readiness().SetFailed(Status::Corruption("entry at position 3: bad"), 3);
  api::Answer<api::wire::CommandReply> opened = call.Open("c");
  REQUIRE(opened.error);
  CHECK(opened.error->code == api::wire::ErrorCode::READ_MODELS_UNAVAILABLE);
  CHECK(api::HttpStatusOf(opened.error->code) == 503);
  CHECK_THAT(opened.error->message, Catch::Contains("position 3"));
  CHECK(call.fixture.ledger().store().head().size == 0);
}

}  // namespace
}  // namespace ledger::testing
