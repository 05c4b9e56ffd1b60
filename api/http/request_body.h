// Reads an HTTP request body into memory, never more than a limit: the adapter's guard against
// bodies too large to decode (HttpLimits::body_bytes_max, http_api.h).
// Thread safety: runs on the event loop thread of `body`.
#pragma once

#include <kj/async-io.h>

#include <cstddef>
#include <string>

namespace ledger::api {

// A body read, or the news that it was too long.
struct BodyRead {
  std::string text;
  bool too_large = false;  // Longer than bytes_max; text is then incomplete.
};

// Reads the whole body into `out` (which must outlive the promise), or sets out.too_large when
// it is longer than `bytes_max`. A body of known length (Content-Length) over the limit is
// refused without reading a byte; one of unknown length (chunked) is read up to bytes_max + 1
// bytes. (The result is not the promise's value: GCC 12 warns, wrongly, about strings moved
// through KJ's immediate promise nodes; see api/runtime/worker_pool.h.)
kj::Promise<void> ReadBody(kj::AsyncInputStream& body, std::size_t bytes_max, BodyRead& out);

}  // namespace ledger::api
