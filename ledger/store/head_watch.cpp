#include "ledger/store/head_watch.h"

namespace ledger {

std::uint64_t HeadWatch::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

void HeadWatch::Advance(std::uint64_t size) {
  {
    std::lock_guard lock(mutex_);
    if (size <= size_) return;
    size_ = size;
    for (Waiter* waiter : waiters_) {
      if (size > waiter->seen) waiter->changed.notify_one();
    }
  }
  std::lock_guard lock(listeners_mutex_);
  for (auto& [id, listener] : listeners_) listener(size);
}

std::uint64_t HeadWatch::WaitBeyond(std::uint64_t seen, Clock::time_point deadline,
                                    std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (size_ > seen) return size_;
  Waiter waiter{seen, {}};
  auto registered = waiters_.insert(waiters_.end(), &waiter);
  waiter.changed.wait_until(lock, stop, deadline, [&] { return size_ > seen; });
  waiters_.erase(registered);
  return size_;
}

std::uint64_t HeadWatch::Listen(Listener listener) {
  std::lock_guard lock(listeners_mutex_);
  std::uint64_t id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void HeadWatch::Unlisten(std::uint64_t id) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.erase(id);
}

}  // namespace ledger
