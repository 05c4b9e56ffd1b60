// The service functions over a real ledger, for the adapter tests: a DomainLedger (store,
// handler, projector following the head, read models), a checkpointer with a fresh key, a
// worker pool, metrics, and a Dispatcher whose authenticator knows the tokens added with
// AddToken (an in-memory stand-in for the token file; tests/api/auth/token_store_test.cpp tests
// the real one).
// Thread safety: set up on the test's thread; Dispatch from the test's event loop.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/adapters/dispatch.h"
#include "api/runtime/metrics.h"
#include "api/runtime/worker_pool.h"
#include "ledger/store/checkpointer.h"
#include "tests/support/domain_ledger.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {

class ServiceFixture {
 public:
  explicit ServiceFixture(Day today = On(2026, 11, 23));
  ~ServiceFixture();

  // Makes `token` authenticate as `principal` (its token_id is set to the token text).
  void AddToken(const std::string& token, api::Principal principal);
  DomainLedger& ledger() { return ledger_; }
  const api::ServiceContext& service() const { return service_; }
  api::Dispatcher& dispatcher() { return dispatcher_; }
  api::Registry& metrics() { return metrics_; }
  Checkpointer& checkpointer() { return *checkpointer_; }
  // The readiness the dispatcher asks; ready from the start. ResetReadiness replaces it with a
  // fresh one that is starting (the server's state before its read models are prepared).
  api::Readiness& readiness() { return *readiness_; }
  void ResetReadiness();

  // Where the service writes export bundles (a fresh directory).
  const std::string& export_dir() const { return exports_.path(); }

 private:
  TempDir exports_;
  DomainLedger ledger_;
  std::unique_ptr<Checkpointer> checkpointer_;
  api::ServiceContext service_;
  api::WorkerPool pool_{8, 1024};
  api::Registry metrics_;
  api::Dispatcher dispatcher_;
  std::unique_ptr<api::Readiness> readiness_;
  std::mutex tokens_mutex_;
  std::map<std::string, api::Principal> tokens_;
};

}  // namespace ledger::testing
