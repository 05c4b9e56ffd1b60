// The child of the durability test: appends single events from several threads as fast as it
// can until killed, printing "ack <command id> <position>" on stdout (flushed) only after the
// ledger acknowledged the append as durable. Commands are testing::HoursCommand with stream
// "trajectory-<thread>", so the parent can rebuild each acknowledged command exactly.
//
// RocksDB runs on a SyncJournalFileSystem (power_loss_fs.h) that journals how far each
// write-ahead log file was synced, so the parent can simulate a power cut after the kill.
//
// Usage: append_child <ledger dir> <round> <threads> <sync journal>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger/store/event_store.h"
#include "tests/support/power_loss_fs.h"
#include "tests/support/sample_events.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: append_child <ledger dir> <round> <threads> <sync journal>\n");
    return 2;
  }
  // Stdout carries the acks: the log goes to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("append_child"));
  spdlog::set_level(spdlog::level::err);
  auto fs = std::make_shared<ledger::testing::SyncJournalFileSystem>(rocksdb::FileSystem::Default(),
                                                                     argv[4]);
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto store = ledger::EventStore::Open({.path = argv[1], .env = env.get()});
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::string round = argv[2];
  int threads = std::stoi(argv[3]);
  std::mutex out;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (long i = 0;; ++i) {
        std::string id = "r" + round + "-t" + std::to_string(t) + "-" + std::to_string(i);
        auto receipt = (*store)->Append(ledger::testing::HoursCommand(
            id, "trajectory-" + std::to_string(t), ledger::ExpectedVersion::Any()));
        if (!receipt.ok()) {
          std::fprintf(stderr, "append %s: %s\n", id.c_str(), receipt.status().ToString().c_str());
          std::_Exit(1);
        }
        std::lock_guard<std::mutex> lock(out);
        std::printf("ack %s %llu\n", id.c_str(),
                    static_cast<unsigned long long>(receipt->first_position.value));
        std::fflush(stdout);
      }
    });
  }
  for (auto& worker : workers) worker.join();
}
