// ledger_demo: appends a realistic trajectory to a ledger and prints the head and tree root.
//
// Running it twice on the same directory appends nothing the second time: every command id
// was seen before, and the ledger answers "already appended" with the original positions.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "ledger/store/event_store.h"
#include "tools/generator/demo_trajectory.h"

namespace {

int RunDemo(const std::string& data_dir, const std::string& trajectory_id) {
  auto store = ledger::EventStore::Open({.path = data_dir});
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open ledger: %s\n", store.status().ToString().c_str());
    return 1;
  }
  for (const ledger::AppendRequest& command : ledger::tools::DemoTrajectory(trajectory_id)) {
    auto receipt = (*store)->Append(command);
    if (!receipt.ok()) {
      std::fprintf(stderr, "%s: %s\n", command.command_id.c_str(),
                   receipt.status().ToString().c_str());
      return 1;
    }
    bool appended = receipt->outcome == ledger::AppendOutcome::kAppended;
    std::printf("%-22s position %-6llu %s\n", command.command_id.c_str(),
                static_cast<unsigned long long>(receipt->first_position.value),
                appended ? "appended" : "already appended");
  }
  ledger::TreeHead head = (*store)->head();
  std::printf("\nledger %s\n  head (tree size): %llu\n  root: %s\n", data_dir.c_str(),
              static_cast<unsigned long long>(head.size), ledger::ToHex(head.root).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Appends a realistic trajectory to a ledger and prints its head and root."};
  std::string data_dir = "./data";
  std::string trajectory_id = "T-2026-0001";
  app.add_option("--data", data_dir, "Ledger directory (created if missing)");
  app.add_option("--trajectory", trajectory_id, "Trajectory id to append");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  return RunDemo(data_dir, trajectory_id);
}
