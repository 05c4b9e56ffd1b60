// A closed-loop load on a KJ event loop: `in_flight` slots each send a request, wait for its
// reply, and send the next until the phase window ends; then the phase waits for the last
// replies. A reply counts when it arrives inside the measured window. Used by rpc_load.h and
// http_load.h with their own `send`.
// Thread safety: none; everything runs on the calling thread's event loop.
#pragma once

#include <kj/async.h>
#include <kj/vector.h>

#include <optional>
#include <string>

#include "tools/bench/load_tally.h"

namespace ledger::tools {

// `send(slot)` starts one request on slot `slot` (0 <= slot < in_flight) and returns a promise
// of std::nullopt for a success or the error's text. A thrown exception counts as an error.
template <typename Send>
kj::Promise<void> ClosedLoopSlot(const PhaseWindow& window, Tally& tally, Send& send,
                                 unsigned slot) {
  if (SteadyClock::now() >= window.end) return kj::READY_NOW;
  ++tally.sent;
  return kj::evalNow([&send, slot]() { return send(slot); })
      .then(
          [&window, &tally](std::optional<std::string> error) {
            if (error) {
              tally.Error(std::move(*error));
            } else if (window.Counts(SteadyClock::now())) {
              ++tally.ok;
            }
          },
          [&tally](kj::Exception&& exception) {
            tally.Error(std::string(exception.getDescription().cStr()));
          })
      .then([&window, &tally, &send, slot]() { return ClosedLoopSlot(window, tally, send, slot); });
}

// Runs the slots, and `beside` (a metrics sample, say) alongside them, until all are done.
template <typename Send>
void RunClosedLoop(const PhaseWindow& window, unsigned in_flight, Tally& tally, Send send,
                   kj::Promise<void> beside, kj::WaitScope& wait_scope) {
  kj::Vector<kj::Promise<void>> slots;
  slots.add(kj::mv(beside));
  for (unsigned slot = 0; slot < in_flight; ++slot) {
    slots.add(ClosedLoopSlot(window, tally, send, slot));
  }
  kj::joinPromises(slots.releaseAsArray()).wait(wait_scope);
}

}  // namespace ledger::tools
