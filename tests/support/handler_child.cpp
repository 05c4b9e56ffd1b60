// The child of the command handler's crash test: logs hours on one trajectory through the
// command handler, one command after another, until killed. After each acknowledged command it
// prints "state <version> <hex>" (flushed): the stream's version and the handler's cached
// state, encoded as the read models encode it, so that the parent can compare it, after the
// kill, with a fold of the same stream from the store up to that version.
// Usage: handler_child <ledger dir>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "ledger/domain/command_handler.h"
#include "ledger/format/hash.h"
#include "tests/support/domain_events.h"
#include "tests/support/state_bytes.h"
#include "tests/support/test_executor.h"

int main(int argc, char** argv) {
  using namespace ledger;
  if (argc != 2) {
    std::fprintf(stderr, "usage: handler_child <ledger dir>\n");
    return 2;
  }
  spdlog::set_default_logger(spdlog::stderr_color_mt("handler_child"));
  spdlog::set_level(spdlog::level::err);
  SystemClock clock;
  auto store = EventStore::Open({.path = argv[1], .clock = &clock});
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  testing::TestExecutor executor(2);
  domain::CommandHandlerOptions options;
  options.executor = executor.AsExecutor();
  domain::CommandHandler handler(**store, domain::Parameters{}, clock, options);
  auto command = [](const std::string& id, const ActorRef& actor, auto fill) {
    domain::DomainCommand c;
    c.command_id = id;
    c.actor = actor;
    c.stream = domain::StreamKey::Trajectory("T1");
    EventDraft& draft = c.events.emplace_back();
    draft.occurred_at_us = domain::NoonUs(testing::On(2026, 3, 10));
    fill(draft.event());
    return c;
  };
  handler
      .Execute(command(
          "open", testing::Counsellor(),
          [](schema::Event::Builder e) { testing::Fill(e, testing::TrajectoryOpenedArgs{}); }))
      .status()
      .IgnoreError();  // Already there after a restart.
  handler
      .Execute(command(
          "activity", testing::Counsellor(),
          [](schema::Event::Builder e) { testing::Fill(e, testing::ActivityRegisteredArgs{}); }))
      .status()
      .IgnoreError();
  std::string run = std::to_string(clock.NowUs());
  for (long i = 0;; ++i) {
    std::string id = run + "-" + std::to_string(i);
    auto logged = handler.Execute(command(id, testing::Newcomer(), [&](schema::Event::Builder e) {
      testing::Fill(e, testing::HoursLoggedArgs{.hours_entry_id = "h-" + id, .minutes = 30});
    }));
    if (!logged.ok()) {
      std::fprintf(stderr, "%s: %s\n", id.c_str(), logged.status().ToString().c_str());
      return 1;
    }
    std::optional<domain::TrajectoryState> cached = handler.CachedTrajectory("trajectory-T1");
    if (!cached) return 1;
    std::string row = testing::TrajectoryBytes(*cached);
    std::printf(
        "state %llu %s\n", static_cast<unsigned long long>(cached->version),
        BytesToHex({reinterpret_cast<const std::uint8_t*>(row.data()), row.size()}).c_str());
    std::fflush(stdout);
  }
}
