// Answers a request head that is too large with 431 rather than a reset.
//
// kj's HttpServer holds a request's head (request line and headers) in a buffer of 128 KiB and,
// past it, closes the connection: the client still sending gets a TCP reset, not an answer
// (tried with a 10 MB header). GuardRequestHeads wraps each connection's stream and counts the
// bytes kj reads while it waits for a head: once they pass kRequestHeadBytesMax with no blank
// line ending the head, it writes "431 Request Header Fields Too Large" itself (the JSON error
// body of every other refusal, with Connection: close), reads and discards what the client
// still sends (at most kRefusedDrainBytesMax, for at most kRefusedDrainTime) so that the answer
// reaches it, and then ends the stream for kj as a closed connection.
// A head is counted from the first byte read after a response was written (or the connection
// opened) to the blank line; body bytes and pipelined requests already read do not count, so
// the guard can only be more lenient than the bound, never refuse a smaller head.
// Thread safety: the event loop thread of the connection.
#pragma once

#include <kj/async-io.h>
#include <kj/timer.h>

#include <cstddef>

namespace ledger::api {

inline constexpr std::size_t kRequestHeadBytesMax = 64 * 1024;
inline constexpr std::size_t kRefusedDrainBytesMax = 16 * 1024 * 1024;
inline constexpr kj::Duration kRefusedDrainTime = 2 * kj::SECONDS;

kj::Own<kj::AsyncIoStream> GuardRequestHeads(kj::Own<kj::AsyncIoStream> inner, kj::Timer& timer);

}  // namespace ledger::api
