#include "api/adapters/head_signal.h"

namespace ledger::api {

HeadSignal::HeadSignal(HeadWatch& watch) : watch_(watch) {
  listener_ = watch_.Listen([armed = armed_](std::uint64_t) {
    std::lock_guard lock(armed->mutex);
    if (armed->fulfiller) {
      armed->fulfiller->fulfill();
      armed->fulfiller = nullptr;
    }
  });
}

HeadSignal::~HeadSignal() { watch_.Unlisten(listener_); }

void HeadSignal::Arm() {
  auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
  {
    std::lock_guard lock(armed_->mutex);
    armed_->fulfiller = kj::mv(paf.fulfiller);
  }
  next_ = paf.promise.fork();
}

kj::Promise<void> HeadSignal::WhenBeyond(std::uint64_t seen) {
  bool fired = false;
  {
    std::lock_guard lock(armed_->mutex);
    fired = armed_->fulfiller.get() == nullptr;
  }
  // Arm before looking at the size: a move after the look then fires the armed fulfiller.
  if (next_ == nullptr || fired) Arm();
  if (watch_.size() > seen) return kj::READY_NOW;
  return KJ_ASSERT_NONNULL(next_).addBranch().then([this, seen] { return WhenBeyond(seen); });
}

}  // namespace ledger::api
