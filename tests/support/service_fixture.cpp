#include "tests/support/service_fixture.h"
#include "tests/support/require_ok.h"

#include <catch2/catch.hpp>

namespace ledger::testing {

namespace {
// The handler sends its cache misses to the dispatcher's pool, as ledgerd's does (a test may
// swap the pool: the handler follows).
domain::CommandHandlerOptions Handling(api::Dispatcher& dispatcher) {
  domain::CommandHandlerOptions options;
  options.executor = [&dispatcher](std::function<void()> work) {
    return dispatcher.pool->Post(std::move(work));
  };
  return options;
}
}  // namespace

ServiceFixture::ServiceFixture(Day today)
    : ledger_(today, domain::Parameters{}, Handling(dispatcher_)) {
  Result<NoteSigner> signer = NoteSigner::Generate("test.ledger/log");
  REQUIRE_OK(signer);
  CheckpointPolicy policy{.origin = "test.ledger/log", .background = false};
  checkpointer_ = std::move(Checkpointer::Start(ledger_.store(), *signer, policy)).value();
  ledger_.projector().Start();
  service_.store = &ledger_.store();
  service_.handler = &ledger_.handler();
  service_.projector = &ledger_.projector();
  service_.models = &ledger_.models();
  service_.checkpointer = checkpointer_.get();
  service_.clock = &ledger_.clock();
  service_.report_key.fill(7);
  service_.version = "test";
  service_.export_dir = exports_.path();
  dispatcher_.service = &service_;
  dispatcher_.pool = &pool_;
  readiness_ = std::make_unique<api::Readiness>();
  readiness_->SetReady();
  dispatcher_.readiness = readiness_.get();
  dispatcher_.requests = metrics_
                             .AddCounter("ledger_requests_total",
                                         "Calls by transport, method "
                                         "and code.",
                                         {"transport", "method", "code"})
                             .value();
  dispatcher_.latency = metrics_
                            .AddHistogram("ledger_request_seconds", "Call latency.",
                                          {0.001, 0.01, 0.1, 1}, {"transport", "method"})
                            .value();
  dispatcher_.authenticate = [this](std::string_view token) -> Result<api::Principal> {
    std::lock_guard lock(tokens_mutex_);
    auto found = tokens_.find(std::string(token));
    if (found == tokens_.end()) return Status::Unauthenticated("unknown token");
    return found->second;
  };
}

ServiceFixture::~ServiceFixture() {
  pool_.Shutdown();
  ledger_.projector().Stop();
}

void ServiceFixture::ResetReadiness() {
  readiness_ = std::make_unique<api::Readiness>();
  dispatcher_.readiness = readiness_.get();
}

void ServiceFixture::AddToken(const std::string& token, api::Principal principal) {
  principal.token_id = token;
  std::lock_guard lock(tokens_mutex_);
  tokens_[token] = std::move(principal);
}

}  // namespace ledger::testing
