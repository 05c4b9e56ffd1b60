#include "api/adapters/readiness.h"

namespace ledger::api {
namespace {

ApiError FailedError(const char* what, const Status& cause, std::optional<std::uint64_t> position) {
  std::string where = position ? " at position " + std::to_string(*position) : std::string();
  ApiError error = MakeError(
      wire::ErrorCode::READ_MODELS_UNAVAILABLE,
      std::string("the read models are unavailable: ") + what + where + " (" + cause.ToString() +
          "); the log, checkpoints and proofs are still served, reads and commands are not "
          "until an operator has looked (docs/operations.md, \"When the read models fail\")");
  error.details.emplace_back("status", std::string(StatusCodeName(cause.code())));
  if (position) error.details.emplace_back("position", std::to_string(*position));
  return error;
}

}  // namespace

void Readiness::SetReady() { state_.store(State::kReady, std::memory_order_release); }

void Readiness::SetFailed(const Status& cause, std::optional<std::uint64_t> position) {
  std::lock_guard<std::mutex> lock(mutex_);
  failure_ = FailedError("they could not be prepared", cause, position);
  state_.store(State::kReadModelsFailed, std::memory_order_release);
}

void Readiness::WatchFollower(std::function<Status()> follower_failure) {
  std::lock_guard<std::mutex> lock(mutex_);
  follower_failure_ = std::move(follower_failure);
}

Readiness::State Readiness::state() const {
  State state = state_.load(std::memory_order_acquire);
  if (state != State::kReady) return state;
  std::lock_guard<std::mutex> lock(mutex_);
  if (follower_failure_ && !follower_failure_().ok()) return State::kReadModelsFailed;
  return state;
}

std::string Readiness::StateName() const {
  switch (state()) {
    case State::kStarting: return "starting";
    case State::kReady: return "ready";
    case State::kReadModelsFailed: return "readModelsFailed";
  }
  return "starting";
}

std::optional<ApiError> Readiness::Refusal(Availability needs) const {
  if (needs == Availability::kLedger) return std::nullopt;
  State state = state_.load(std::memory_order_acquire);
  if (state == State::kReady) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!follower_failure_) return std::nullopt;
    Status failed = follower_failure_();
    if (failed.ok()) return std::nullopt;
    return FailedError("the projector stopped", failed, std::nullopt);
  }
  if (state == State::kReadModelsFailed) {
    std::lock_guard<std::mutex> lock(mutex_);
    return failure_;
  }
  if (needs == Availability::kCommand) return std::nullopt;
  return MakeError(wire::ErrorCode::STARTING,
                   "ledgerd is starting: the read models are being prepared; the log, "
                   "checkpoints, proofs and commands are served meanwhile, reads shortly");
}

}  // namespace ledger::api
