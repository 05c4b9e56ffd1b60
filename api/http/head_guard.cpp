#include "api/http/head_guard.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "api/http/http_reply.h"

namespace ledger::api {
namespace {

std::string RefusalText() {
  static const WireJson json;
  std::string body =
      ProblemJson(json,
                  MakeError(wire::ErrorCode::HEADER_TOO_LARGE,
                            "the request's head (request line and headers) is over the limit of " +
                                std::to_string(kRequestHeadBytesMax) + " bytes"),
                  "");
  return "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
         "Content-Type: application/problem+json\r\nCache-Control: no-store\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

class HeadGuard final : public kj::AsyncIoStream {
 public:
  HeadGuard(kj::Own<kj::AsyncIoStream> inner, kj::Timer& timer)
      : inner_(kj::mv(inner)), timer_(timer) {}

  kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override {
    if (refused_) return size_t(0);
    return inner_->tryRead(buffer, min_bytes, max_bytes)
        .then([this, buffer](size_t n) -> kj::Promise<size_t> {
          if (!Observe(static_cast<const char*>(buffer), n)) return n;
          refused_ = true;
          spdlog::info("http: a request head over {} bytes answered 431", kRequestHeadBytesMax);
          return Refuse().then([] { return size_t(0); });
        });
  }

  kj::Promise<void> write(const void* buffer, size_t size) override {
    StartHead();
    return inner_->write(buffer, size);
  }
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override {
    StartHead();
    return inner_->write(pieces);
  }
  kj::Promise<void> whenWriteDisconnected() override { return inner_->whenWriteDisconnected(); }
  void shutdownWrite() override {
    if (!refused_) inner_->shutdownWrite();
  }
  void abortRead() override { inner_->abortRead(); }

 private:
  // A response goes out: what is read next begins a head.
  void StartHead() {
    in_head_ = true;
    head_bytes_ = 0;
    tail_.clear();
  }

  // Counts `n` bytes just read; true when the head they belong to is over the bound.
  bool Observe(const char* data, size_t n) {
    if (!in_head_ || n == 0) return false;
    std::string joined = tail_;  // A blank line may be split between two reads.
    joined.append(data, n);
    std::size_t end = joined.find("\r\n\r\n");
    if (end != std::string::npos) {
      // The head ends in this read: its bytes up to the blank line count (a whole head read
      // at once must be refused too); body bytes and what follows do not.
      in_head_ = false;
      head_bytes_ += end + 4 - tail_.size();
      return head_bytes_ > kRequestHeadBytesMax;
    }
    head_bytes_ += n;
    tail_ = joined.substr(joined.size() - std::min<size_t>(3, joined.size()));
    return head_bytes_ > kRequestHeadBytesMax;
  }

  // Writes the refusal, then discards what the client still sends, within bounds.
  kj::Promise<void> Refuse() {
    text_ = RefusalText();
    return inner_->write(text_.data(), text_.size())
        .then([this] {
          inner_->shutdownWrite();
          return Drain().exclusiveJoin(timer_.afterDelay(kRefusedDrainTime));
        })
        .catch_([](kj::Exception&&) {});  // The client went away: nothing left to tell.
  }

  kj::Promise<void> Drain() {
    if (drained_ >= kRefusedDrainBytesMax) return kj::READY_NOW;
    return inner_->tryRead(scratch_, 1, sizeof(scratch_))
        .then([this](size_t n) -> kj::Promise<void> {
          if (n == 0) return kj::READY_NOW;
          drained_ += n;
          return Drain();
        });
  }

  kj::Own<kj::AsyncIoStream> inner_;
  kj::Timer& timer_;
  bool in_head_ = true;
  bool refused_ = false;
  size_t head_bytes_ = 0;
  std::string tail_;  // The last bytes of the head so far (at most 3), for a split blank line.
  std::string text_;
  size_t drained_ = 0;
  char scratch_[16384];
};

}  // namespace

kj::Own<kj::AsyncIoStream> GuardRequestHeads(kj::Own<kj::AsyncIoStream> inner, kj::Timer& timer) {
  return kj::heap<HeadGuard>(kj::mv(inner), timer);
}

}  // namespace ledger::api
