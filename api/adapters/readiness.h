// What ledgerd serves while it starts, and after its read models failed.
//
// The read models are prepared on a thread of their own after the listeners are up (a rebuild
// may take minutes). Calls are served by what they need (Availability of each method,
// api/service/service.h):
//   starting          ledger-only calls (the log, checkpoints, proofs, status, tokens) and
//                     commands are served; reads of the read models answer `starting` (503,
//                     Retry-After);
//   ready             everything;
//   readModelsFailed  the read models could not be prepared, or the follower stopped, on damage:
//                     ledger-only calls are still served (the log up to the damage, checkpoints,
//                     proofs); reads and commands answer `readModelsUnavailable` (503) naming
//                     the damaged position, until an operator has looked (docs/operations.md).
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "api/service/service.h"
#include "api/wire/errors.h"
#include "ledger/base/status.h"

namespace ledger::api {

class Readiness {
 public:
  enum class State { kStarting, kReady, kReadModelsFailed };

  void SetReady();
  // The read models failed: `cause` says why, `position` names the damaged entry if known.
  void SetFailed(const Status& cause, std::optional<std::uint64_t> position);
  // Asked on every check once ready: a stopped follower's error (ok while it runs).
  void WatchFollower(std::function<Status()> follower_failure);

  State state() const;
  // The state's name as /readyz and the metrics say it: "starting", "ready",
  // "readModelsFailed".
  std::string StateName() const;
  // Empty when a method of `needs` can be served now, else the error to answer.
  std::optional<ApiError> Refusal(Availability needs) const;

 private:
  std::atomic<State> state_{State::kStarting};
  mutable std::mutex mutex_;
  ApiError failure_;                          // Guarded by mutex_.
  std::function<Status()> follower_failure_;  // Guarded by mutex_.
};

}  // namespace ledger::api
