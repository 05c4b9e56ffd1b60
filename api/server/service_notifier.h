// Tells systemd how ledgerd is doing (a Type=notify service, tools/systemd/ledgerd.service)
// through sd_notify(3) of libsystemd:
//   STATUS=...          what ledgerd is doing, shown by `systemctl status`;
//   EXTEND_TIMEOUT_USEC while the read models are being prepared (a rebuild may take minutes):
//                       each progress report extends the start timeout by kStartExtension, so
//                       a rebuild that moves is never killed and one that hangs is;
//   READY=1             once the read models are served (/readyz 200), or once they failed
//                       (the log, checkpoints and proofs are still served; STATUS says why;
//                       a restart would not repair damage, so systemd should not loop on it);
//   STOPPING=1          on SIGTERM/SIGINT, before the drain;
//   WATCHDOG=1          every half of WatchdogSec, sent from the event loop by KeepAlive: a
//                       loop that stops turning stops the pings and systemd restarts ledgerd.
// Outside systemd (no NOTIFY_SOCKET in the environment) every call does nothing.
// Thread safety: every method may be called from any thread; KeepAlive's promise belongs to
// the event loop that waits on it.
#pragma once

#include <kj/async.h>
#include <kj/timer.h>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace ledger::api {

class ServiceNotifier {
 public:
  // How much each preparation progress report extends systemd's start timeout.
  static constexpr std::chrono::seconds kStartExtension{30};

  ServiceNotifier();

  void Status(std::string_view status) const;
  // A preparation progress report: STATUS plus EXTEND_TIMEOUT_USEC.
  void StartProgress(std::string_view status) const;
  void Ready(std::string_view status) const;
  void Stopping() const;
  // WATCHDOG=1 every half of the watchdog interval systemd set (WATCHDOG_USEC, for this pid);
  // never resolves. A promise that never resolves either when no watchdog is set.
  kj::Promise<void> KeepAlive(kj::Timer& timer) const;

  // The watchdog interval systemd asked for; 0 when none.
  std::uint64_t watchdog_usec() const { return watchdog_usec_; }

 private:
  void Send(std::string_view state) const;

  std::uint64_t watchdog_usec_ = 0;
};

}  // namespace ledger::api
