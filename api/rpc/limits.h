// Every bound of the RPC adapter (api/rpc), in one place, as ledger/base/limits.h does for the
// ledger core. Names carry their unit last.
// Thread safety: constants.
#pragma once

#include <kj/time.h>

#include <cstddef>
#include <cstdint>

namespace ledger::api::limits {

// One RPC message, in either direction: capnp checks an incoming message's size against the
// traversal limit (ReaderOptions::traversalLimitInWords) before reading it, and refuses to send
// one over that same limit, expecting the peer's to match. Requests are small (a command of a
// few events is a few KiB); the largest replies are pages: a push of kSubscriptionPageEntries
// entries of ledger::kEntryBytesMax each is just over 8 MiB. A Log.entries page of 1000 entries
// all near kEntryBytesMax could not be sent (the client then sees a failed call); generated
// entries average some 390 bytes. The capnp default of 64 MiB would let every connection make
// the server allocate 64 MiB.
inline constexpr std::uint64_t kRpcMessageBytesMax = 16 << 20;
// Pointer nesting of an incoming message (capnp's default).
inline constexpr int kRpcNestingLimit = 64;
// Connections served at once; the listener closes any more at once.
inline constexpr std::size_t kRpcConnectionsMax = 1024;
// The pause after a failed accept (a failed TLS handshake, no file descriptors left).
inline constexpr kj::Duration kRpcAcceptRetryDelay = 10 * kj::MILLISECONDS;

// Entries per EntrySink.push: 128 typical entries are some 50 KiB; 128 of the largest possible
// make 8 MiB, within kRpcMessageBytesMax.
inline constexpr std::uint32_t kSubscriptionPageEntries = 128;
// How long a subscription waits before it asks again for a page the server refused as
// unavailable (still starting, an overloaded worker pool). A caught-up subscription does not
// wait on a timer: the head signal wakes it.
inline constexpr kj::Duration kSubscriptionRetryDelay = 50 * kj::MILLISECONDS;

}  // namespace ledger::api::limits
