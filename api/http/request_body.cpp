#include "api/http/request_body.h"

#include <algorithm>

namespace ledger::api {
namespace {

constexpr std::size_t kReadBytes = 16 * 1024;

// Reads on into out.text until end of stream or more than `bytes_max` bytes.
kj::Promise<void> ReadMore(kj::AsyncInputStream& body, std::size_t bytes_max, BodyRead& out) {
  std::size_t used = out.text.size();
  std::size_t want = std::min(kReadBytes, bytes_max + 1 - used);
  out.text.resize(used + want);
  return body.tryRead(out.text.data() + used, 1, want)
      .then([&body, bytes_max, used, &out](std::size_t got) -> kj::Promise<void> {
        out.text.resize(used + got);
        if (out.text.size() > bytes_max) {
          out.too_large = true;
          return kj::READY_NOW;
        }
        if (got == 0) return kj::READY_NOW;
        return ReadMore(body, bytes_max, out);
      });
}

}  // namespace

kj::Promise<void> ReadBody(kj::AsyncInputStream& body, std::size_t bytes_max, BodyRead& out) {
  out = BodyRead{};
  KJ_IF_MAYBE (length, body.tryGetLength()) {
    if (*length > bytes_max) out.too_large = true;
    if (*length > bytes_max || *length == 0) return kj::READY_NOW;
  }
  return ReadMore(body, bytes_max, out);
}

}  // namespace ledger::api
