// Server::SweepRetentionUntilStopped: ledgerd --retention-days N runs the retention sweep
// (ledger/domain/retention.h) on a thread of its own: retention_first_after after the start,
// then every retention_every, until the server stops (a sweep under way finishes first; each
// erasure in it is atomic). A failed sweep is logged and tried again at the next turn. Logs
// carry subject ids (pseudonymous) and counts, never personal values.
#include <spdlog/spdlog.h>

#include "api/server/server.h"
#include "ledger/domain/retention.h"

namespace ledger::api {

void Server::SweepRetentionUntilStopped() {
  const ActorRef actor{schema::Role::SYSTEM, "ledgerd", "retention"};
  std::chrono::seconds wait = options_.retention_first_after;
  for (;;) {
    if (StopsWithin(wait)) return;
    wait = options_.retention_every;
    auto started = std::chrono::steady_clock::now();
    Result<domain::RetentionSweep> sweep =
        domain::SweepRetention(*store_, options_.retention_days, clock_.NowUs(), actor);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!sweep.ok()) {
      spdlog::error("retention sweep ({} days) failed after {:.1f} s: {}", options_.retention_days,
                    seconds, sweep.status().ToString());
      continue;
    }
    spdlog::info(
        "retention sweep ({} days): {} people past the period, {} erased now "
        "({} payloads) in {:.1f} s",
        options_.retention_days, sweep->candidates, sweep->erased.size(), sweep->payloads_erased,
        seconds);
    for (const std::string& subject : sweep->erased) {
      spdlog::info("retention: erased subject '{}'", subject);
    }
    for (const std::string& refused : sweep->refused) {
      spdlog::error("retention: could not erase {}", refused);
    }
  }
}

}  // namespace ledger::api
