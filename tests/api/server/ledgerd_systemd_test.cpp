// ledgerd under systemd's notification protocol (api/server/service_notifier.h), end to end: a
// real ledgerd started with NOTIFY_SOCKET naming a datagram socket the test listens on, as
// systemd would for Type=notify, and WATCHDOG_USEC set. It must report its status while
// starting, READY=1 once /readyz answers 200, WATCHDOG=1 at half the interval, and STOPPING=1
// on SIGTERM before it exits 0.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tests/support/ledgerd_process.h"

namespace ledger::testing {
namespace {

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof(address.sun_path));
    std::strcpy(address.sun_path, path.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  }
  ~NotifySocket() { ::close(fd_); }

  // The next datagram, or "" when none came within `wait`.
  std::string Next(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) != 1) return "";
    char buffer[4096];
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }

 private:
  std::string path_;
  int fd_ = -1;
};

bool Has(const std::string& message, const std::string& line) {
  return ("\n" + message + "\n").find("\n" + line + "\n") != std::string::npos;
}

TEST_CASE(
    "under systemd ledgerd reports its start, READY=1 when ready, watchdog pings and "
    "STOPPING=1",
    "[api][slow]") {
  TempDir dir;
  NotifySocket notify(dir.Sub("notify.sock"));
  ::setenv("NOTIFY_SOCKET", dir.Sub("notify.sock").c_str(), 1);
  ::setenv("WATCHDOG_USEC", "400000", 1);  // Pings every 200 ms.
  LedgerdProcess ledgerd;
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");

  std::vector<std::string> before_ready;
  std::string ready;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ready.empty() && std::chrono::steady_clock::now() < give_up) {
    std::string message = notify.Next(std::chrono::milliseconds(500));
    if (Has(message, "READY=1")) {
      ready = message;
    } else if (!message.empty()) {
      before_ready.push_back(message);
    }
  }
  INFO(ready);
  REQUIRE_FALSE(ready.empty());
  CHECK(ready.find("STATUS=ready: read models hold") != std::string::npos);
  // READY=1 comes after the read models are served, never before.
  CHECK(HttpCall(ledgerd.http_port(), "GET", "/readyz").status == 200);
  bool listening_reported = false;
  for (const std::string& message : before_ready) {
    if (message.find("STATUS=listening on http 127.0.0.1:") != std::string::npos) {
      listening_reported = true;
    }
  }
  CHECK(listening_reported);

  int pings = 0;
  auto window_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  while (std::chrono::steady_clock::now() < window_end) {
    if (Has(notify.Next(std::chrono::milliseconds(100)), "WATCHDOG=1")) ++pings;
  }
  CHECK(pings >= 4);  // About 7 in 1.5 s at 200 ms; a loaded machine may be late.
  CHECK(pings <= 12);

  CHECK(ledgerd.Stop() == 0);
  bool stopping = false;
  for (std::string message; !(message = notify.Next(std::chrono::milliseconds(200))).empty();) {
    if (Has(message, "STOPPING=1")) stopping = true;
  }
  CHECK(stopping);
}

}  // namespace
}  // namespace ledger::testing
