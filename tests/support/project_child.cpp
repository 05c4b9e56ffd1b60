// The child process of the projector crash test: brings the read models of a ledger up to date
// one entry per batch (each with its checkpoint), until killed or done.
// It prints "open" once both databases are open. Usage: project_child <ledger dir>
// <projection dir>. Exit 0 when caught up, 1 on an error.
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>

#include "ledger/store/event_store.h"
#include "projections/projector.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: project_child <ledger dir> <projection dir>\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);  // stdout carries only "open".
  std::signal(SIGPIPE, SIG_IGN);
  auto store = ledger::EventStore::Open({.path = argv[1], .create_if_missing = false});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto db = ledger::projections::ProjectionDb::Open(argv[2]);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  std::printf("open\n");  // The parent starts its kill timer here.
  std::fflush(stdout);
  ledger::projections::ProjectorOptions options;
  options.batch_entries_max = 1;
  ledger::projections::Projector projector(ledger::projections::LedgerSource::Of(**store), **db,
                                           options);
  ledger::Status status = projector.Prepare();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  return 0;  // Nothing more on stdout: the parent closed the pipe after "open".
}
