// ledgerd: the trajectory ledger service (api/server/server.h). Parses flags and an optional
// TOML config file (every flag has a config key of the same name), sets up logging, opens the
// data directory, prints the first administrator token once, and serves until SIGTERM/SIGINT.
// Exit codes: 0 after a clean shutdown, 1 when the server fails, 2 for bad options.
#include <kj/async-io.h>
#include <kj/async-unix.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "api/runtime/kj_log.h"
#include "api/server/logging.h"
#include "api/server/server.h"
#include "tools/ledgerd/ledgerd_options.h"

namespace {

// Opens the server and serves until a signal; the exit code.
int Serve(const ledger::api::ServerOptions& options) {
  // Signals must be captured before the event loop exists, so that no thread sees them.
  kj::UnixEventPort::captureSignal(SIGTERM);
  kj::UnixEventPort::captureSignal(SIGINT);
  auto io = kj::setupAsyncIo();
  auto server = ledger::api::Server::Open(options);
  if (!server.ok()) {
    spdlog::critical("ledgerd cannot start: {}", server.status().ToString());
    return 1;
  }
  if ((*server)->first_admin_token()) {
    std::printf("administrator token (shown once; store it now): %s\n",
                (*server)->first_admin_token()->c_str());
  }
  ledger::Status ran = (*server)->Run(io, [](const ledger::api::Endpoints& endpoints) {
    std::printf("ledgerd listening: http%s://%s rpc%s://%s\n", endpoints.tls ? "s" : "",
                endpoints.http.c_str(), endpoints.tls ? "+tls" : "", endpoints.rpc.c_str());
    std::fflush(stdout);
  });
  if (!ran.ok()) {
    spdlog::critical("ledgerd stopped: {}", ran.ToString());
    return 1;
  }
  spdlog::info("ledgerd stopped cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ledgerd: the trajectory ledger service (HTTP/JSON and Cap'n Proto RPC)"};
  ledger::tools::LedgerdOptions declared(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ConfigError& e) {
    std::fprintf(stderr,
                 "ledgerd: the config file is refused (a key that is no option, or a "
                 "line that is no TOML): %s\n",
                 e.what());
    return 2;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help prints and exits 0; a bad option exits 2.
  }
  ledger::Result<ledger::api::ServerOptions> parsed = declared.Finish();
  if (!parsed.ok()) {
    std::fprintf(stderr, "ledgerd: %s\n", parsed.status().message().c_str());
    return 2;
  }
  ledger::api::ServerOptions options = std::move(parsed).value();
  ledger::Status logging = ledger::api::SetUpLogging(options.log_format, options.log_level);
  if (!logging.ok()) {
    std::fprintf(stderr, "ledgerd: %s\n", logging.message().c_str());
    return 2;
  }
  int exit_code = 1;
  // KJ's messages on this thread (the event loop) as log lines.
  ledger::api::WithKjLogRoute([&] { exit_code = Serve(options); });
  return exit_code;
}
