#include "api/server/service_notifier.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstring>
#include <string>

namespace ledger::api {
namespace {

// Status text goes on one line of the notification; a newline would start another assignment.
std::string OneLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

kj::Promise<void> PingEvery(kj::Timer& timer, kj::Duration interval) {
  return timer.afterDelay(interval).then([&timer, interval] {
    sd_notify(0, "WATCHDOG=1");
    return PingEvery(timer, interval);
  });
}

}  // namespace

ServiceNotifier::ServiceNotifier() {
  uint64_t usec = 0;
  // > 0: a watchdog is set for this process (WATCHDOG_USEC, and WATCHDOG_PID if present, is ours).
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_usec_ = usec;
}

void ServiceNotifier::Send(std::string_view state) const {
  int sent = sd_notify(0, std::string(state).c_str());
  if (sent < 0) {
    spdlog::warn("systemd notification failed: {}", std::strerror(-sent));
  }
}

void ServiceNotifier::Status(std::string_view status) const { Send("STATUS=" + OneLine(status)); }

void ServiceNotifier::StartProgress(std::string_view status) const {
  auto usec = std::chrono::duration_cast<std::chrono::microseconds>(kStartExtension).count();
  Send("STATUS=" + OneLine(status) + "\nEXTEND_TIMEOUT_USEC=" + std::to_string(usec));
}

void ServiceNotifier::Ready(std::string_view status) const {
  Send("READY=1\nSTATUS=" + OneLine(status));
}

void ServiceNotifier::Stopping() const { Send("STOPPING=1\nSTATUS=shutting down"); }

kj::Promise<void> ServiceNotifier::KeepAlive(kj::Timer& timer) const {
  if (watchdog_usec_ == 0) return kj::NEVER_DONE;
  sd_notify(0, "WATCHDOG=1");
  return PingEvery(timer, (watchdog_usec_ / 2) * kj::MICROSECONDS);
}

}  // namespace ledger::api
