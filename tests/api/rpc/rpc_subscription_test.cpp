// Log subscriptions over RPC: every entry in position order, caughtUp, entries appended later,
// the back-pressure a slow subscriber puts on the server, and the end of a dropped
// subscription.
// Method: RpcHarness (tests/support/rpc_harness.h) and a recording EntrySink on the client side
// whose push handler can be held shut; a generated ledger gives more entries than the
// flow-control window holds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "api/rpc/capabilities.h"
#include "api/rpc/limits.h"
#include "api/rpc/subscription.h"
#include "tests/support/require_ok.h"
#include "tests/support/rpc_harness.h"
#include "tools/generator/ledger_generator.h"

namespace ledger::testing {
namespace {

// What the sink saw, shared with the test (the sink itself belongs to the RPC system).
struct SinkLog {
  std::vector<std::uint64_t> positions;  // In arrival order.
  std::vector<std::uint64_t> bytes;      // Encoded size of each entry, in arrival order.
  std::vector<std::uint64_t> caught_up;  // Tree sizes, in arrival order.
  std::size_t pushes = 0;
  std::size_t caught_up_after = 0;          // positions.size() at the last caughtUp.
  std::vector<wire::ErrorCode> failures;    // EntrySink.failed calls.
  kj::Maybe<kj::ForkedPromise<void>> gate;  // While set, each push waits on it.
};

class RecordingSink final : public wire::EntrySink::Server {
 public:
  explicit RecordingSink(std::shared_ptr<SinkLog> log) : log_(std::move(log)) {}

  kj::Promise<void> push(PushContext context) override {
    for (wire::LogEntry::Reader entry : context.getParams().getEntries()) {
      log_->positions.push_back(entry.getEntry().getPosition());
      log_->bytes.push_back(entry.totalSize().wordCount * sizeof(capnp::word));
    }
    ++log_->pushes;
    KJ_IF_MAYBE (gate, log_->gate) {
      return gate->addBranch();
    }
    return kj::READY_NOW;
  }
  kj::Promise<void> caughtUp(CaughtUpContext context) override {
    log_->caught_up.push_back(context.getParams().getTreeSize());
    log_->caught_up_after = log_->positions.size();
    return kj::READY_NOW;
  }
  kj::Promise<void> failed(FailedContext context) override {
    log_->failures.push_back(context.getParams().getError().getCode());
    return kj::READY_NOW;
  }

 private:
  std::shared_ptr<SinkLog> log_;
};

using SubscribeResponse = capnp::Response<wire::Log::SubscribeResults>;

SubscribeResponse Subscribe(RpcHarness& rpc, wire::Session::Reader session,
                            const std::shared_ptr<SinkLog>& log, std::uint64_t from = 0) {
  auto request = session.getLog().subscribeRequest();
  request.setFrom(from);
  request.setSink(kj::heap<RecordingSink>(log));
  SubscribeResponse response = request.send().wait(rpc.ws());
  INFO(ErrorOf(response));
  REQUIRE(response.hasSubscription());
  return response;
}

std::uint64_t PositionOf(RpcHarness& rpc, wire::Subscription::Client& subscription) {
  return subscription.positionRequest().send().wait(rpc.ws()).getNext();
}

bool Dense(const std::vector<std::uint64_t>& positions, std::uint64_t count) {
  if (positions.size() != count) return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (positions[i] != i) return false;
  }
  return true;
}

// Fills the fixture's empty ledger with about `events` generated events; returns the head.
std::uint64_t Generate(RpcHarness& rpc, std::uint64_t events) {
  tools::GeneratorOptions options;
  options.events = events;
  options.today = On(2026, 6, 30);
  auto summary = tools::GenerateLedger(rpc.fixture().ledger().store(), options, {});
  INFO(summary.status().ToString());
  REQUIRE_OK(summary);
  return rpc.fixture().ledger().store().head().size;
}

// The largest socket send buffer the kernel grows a TCP connection to (tcp_wmem's maximum):
// Cap'n Proto's stream window for two-party connections is the socket's SO_SNDBUF.
std::uint64_t SendBufferBytesMax() {
  std::ifstream file("/proc/sys/net/ipv4/tcp_wmem");
  std::uint64_t min = 0, initial = 0, max = 0;
  if (file >> min >> initial >> max) return max;
  return 4 << 20;
}

TEST_CASE("a subscription from 0 receives every entry in order, caughtUp, then new entries",
          "[api]") {
  RpcHarness rpc;
  std::uint64_t head = Generate(rpc, 1000);
  REQUIRE(head > api::limits::kSubscriptionPageEntries);  // Several pushes.
  LoginResponse login = rpc.LoginAs("a", OfRole(schema::Role::AUDITOR));
  auto log = std::make_shared<SinkLog>();
  SubscribeResponse subscribed = Subscribe(rpc, login.getSession(), log);
  wire::Subscription::Client subscription = subscribed.getSubscription();

  rpc.RunUntil([&] { return !log->caught_up.empty(); });
  CHECK(Dense(log->positions, head));
  CHECK(log->caught_up == std::vector<std::uint64_t>{head});
  CHECK(log->caught_up_after == head);
  CHECK(PositionOf(rpc, subscription) == head);

  LoginResponse counsellor = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"*"}));
  auto execute = counsellor.getSession().getCommands().executeRequest();
  execute.initRequest().setTrajectoryId("T-new");
  execute.getRequest().setCommandId("open-new");
  Fill(execute.getRequest().initEvents(1)[0].initEvent(), TrajectoryOpenedArgs{});
  auto opened = execute.send().wait(rpc.ws());
  INFO(ErrorOf(opened));
  REQUIRE(opened.hasReply());
  REQUIRE(opened.getReply().getFirstPosition() == head);

  rpc.RunUntil([&] { return log->caught_up.size() == 2; });
  CHECK(Dense(log->positions, head + 1));
  CHECK(log->caught_up.back() == head + 1);
  CHECK(PositionOf(rpc, subscription) == head + 1);
}

TEST_CASE("a slow subscriber holds the server back within the stream window", "[api][slow]") {
  RpcHarness rpc;
  // Enough entries that the whole log cannot fit in the largest window the kernel allows.
  std::uint64_t window_bytes_max = SendBufferBytesMax();
  std::uint64_t head = Generate(rpc, 40'000);
  LoginResponse login = rpc.LoginAs("a", OfRole(schema::Role::AUDITOR));
  auto log = std::make_shared<SinkLog>();
  auto gate = kj::newPromiseAndFulfiller<void>();
  log->gate = gate.promise.fork();
  SubscribeResponse subscribed = Subscribe(rpc, login.getSession(), log);
  wire::Subscription::Client subscription = subscribed.getSubscription();

  // The sink takes one push and holds it; the server goes on until its window is full.
  rpc.RunUntil([&] { return log->pushes == 1; });
  rpc.RunFor(500 * kj::MILLISECONDS);
  std::uint64_t sent = PositionOf(rpc, subscription);
  rpc.RunFor(300 * kj::MILLISECONDS);
  CHECK(PositionOf(rpc, subscription) == sent);  // Stalled, not merely slow.
  CHECK(log->pushes == 1);
  std::uint64_t pushes_unacknowledged =
      (sent + api::limits::kSubscriptionPageEntries - 1) / api::limits::kSubscriptionPageEntries;

  gate.fulfiller->fulfill();
  log->gate = nullptr;
  rpc.RunUntil([&] { return !log->caught_up.empty(); });
  REQUIRE(Dense(log->positions, head));
  std::uint64_t log_bytes = 0;
  std::uint64_t sent_bytes = 0;
  for (std::uint64_t i = 0; i < head; ++i) {
    log_bytes += log->bytes[i];
    if (i < sent) sent_bytes += log->bytes[i];
  }
  std::uint64_t page_bytes_max = 0;  // The largest push; the window may be passed by one.
  for (std::uint64_t first = 0; first < head; first += api::limits::kSubscriptionPageEntries) {
    std::uint64_t page = 0;
    for (std::uint64_t i = first; i < std::min(head, first + api::limits::kSubscriptionPageEntries);
         ++i) {
      page += log->bytes[i];
    }
    page_bytes_max = std::max(page_bytes_max, page);
  }
  INFO("entries " << head << " (" << log_bytes << " bytes); sent while blocked " << sent << " ("
                  << sent_bytes << " bytes, " << pushes_unacknowledged
                  << " pushes); window at most " << window_bytes_max << " bytes");
  REQUIRE(log_bytes > window_bytes_max + page_bytes_max);  // Else this test could not fail.
  CHECK(sent < head);
  CHECK(sent_bytes <= window_bytes_max + page_bytes_max);
}

TEST_CASE("dropping the Subscription stops the pushes", "[api]") {
  RpcHarness rpc;
  std::uint64_t head = Generate(rpc, 300);
  LoginResponse login = rpc.LoginAs("a", OfRole(schema::Role::AUDITOR));
  auto log = std::make_shared<SinkLog>();
  {
    SubscribeResponse subscribed = Subscribe(rpc, login.getSession(), log);
    rpc.RunUntil([&] { return !log->caught_up.empty(); });
    REQUIRE(Dense(log->positions, head));
  }                                   // The response held the only reference to the Subscription.
  rpc.RunFor(50 * kj::MILLISECONDS);  // The release reaches the server.

  LoginResponse counsellor = rpc.LoginAs("c", AsPrincipal(Counsellor(), {"*"}));
  auto execute = counsellor.getSession().getCommands().executeRequest();
  execute.initRequest().setTrajectoryId("T-new");
  execute.getRequest().setCommandId("open-new");
  Fill(execute.getRequest().initEvents(1)[0].initEvent(), TrajectoryOpenedArgs{});
  REQUIRE(execute.send().wait(rpc.ws()).hasReply());
  rpc.RunFor(10 * api::limits::kSubscriptionRetryDelay);
  CHECK(log->positions.size() == head);  // The live case receives it: the first test above.
  CHECK(log->caught_up.size() == 1);
}

TEST_CASE("a Log capability held by a role without the log refuses to subscribe", "[api]") {
  // Sessions never hand such a capability out; this is the second lock on the same door.
  RpcHarness rpc;
  wire::Log::Client log_cap = kj::heap<api::LogServer>(
      rpc.fixture().dispatcher(), AsPrincipal(Counsellor(), {"*"}), rpc.timer(), rpc.head());
  auto log = std::make_shared<SinkLog>();
  auto request = log_cap.subscribeRequest();
  request.setSink(kj::heap<RecordingSink>(log));
  auto refused = request.send().wait(rpc.ws());
  REQUIRE(refused.hasError());
  CHECK(refused.getError().getCode() == wire::ErrorCode::FORBIDDEN);
  CHECK_FALSE(refused.hasSubscription());
  auto entries = log_cap.entriesRequest();
  entries.initRequest();
  auto page = entries.send().wait(rpc.ws());
  REQUIRE(page.hasError());
  CHECK(page.getError().getCode() == wire::ErrorCode::FORBIDDEN);
  rpc.RunFor(3 * api::limits::kSubscriptionRetryDelay);
  CHECK(log->pushes == 0);
  CHECK(log->caught_up.empty());
}

TEST_CASE("a subscription whose page is refused reports failed once and pushes nothing", "[api]") {
  // A SubscriptionServer for a principal that may not read the log (Subscribe never makes
  // one): the first page comes back forbidden, which retrying would not cure.
  RpcHarness rpc;
  Generate(rpc, 100);
  auto log = std::make_shared<SinkLog>();
  wire::Subscription::Client subscription = kj::heap<api::SubscriptionServer>(
      rpc.fixture().dispatcher(), AsPrincipal(Counsellor(), {"*"}), rpc.timer(), rpc.head(),
      kj::heap<RecordingSink>(log), 0);
  rpc.RunUntil([&] { return !log->failures.empty(); });
  rpc.RunFor(3 * api::limits::kSubscriptionRetryDelay);
  CHECK(log->failures == std::vector<wire::ErrorCode>{wire::ErrorCode::FORBIDDEN});
  CHECK(log->pushes == 0);
  CHECK(log->caught_up.empty());
  CHECK(PositionOf(rpc, subscription) == 0);
}

}  // namespace
}  // namespace ledger::testing
