// Server::Run: the listeners, the readiness hand-off, the wait for a signal and the ordered
// shutdown (server.h). Kept apart from server.cpp, which opens the parts.
#include <kj/async-unix.h>
#include <kj/compat/tls.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "api/adapters/head_signal.h"
#include "api/http/http_api.h"
#include "api/http/http_listener.h"
#include "api/openapi/openapi.h"
#include "api/rpc/ledger_bootstrap.h"
#include "api/rpc/rpc_listener.h"
#include "api/server/file_limit.h"
#include "api/server/server.h"
#include "ledger/base/thread_name.h"

namespace ledger::api {
namespace {

// How long calls in flight may take to finish after a signal before the loop stops anyway.
constexpr kj::Duration kDrainMax = 10 * kj::SECONDS;

Result<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::InvalidArgument("cannot read TLS file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string HostOf(const std::string& address) { return address.substr(0, address.rfind(':')); }

}  // namespace

Status Server::Run(kj::AsyncIoContext& io,
                   const std::function<void(const Endpoints&)>& on_listening) {
  Status result;
  KJ_IF_MAYBE (exception, kj::runCatchingExceptions([&] {
                 kj::Network& network = io.provider->getNetwork();
                 kj::Timer& timer = io.provider->getTimer();

                 // TLS wraps both listening ports when a certificate is configured.
                 kj::Own<kj::TlsContext> tls;
                 kj::Own<kj::TlsKeypair> keypair;
                 if (!options_.tls_certificate.empty()) {
                   Result<std::string> certificate = ReadPem(options_.tls_certificate);
                   Result<std::string> key = ReadPem(options_.tls_private_key);
                   if (!certificate.ok() || !key.ok()) {
                     result = certificate.ok() ? key.status() : certificate.status();
                     return;
                   }
                   keypair = kj::heap<kj::TlsKeypair>(kj::TlsKeypair{
                       kj::TlsPrivateKey(key->c_str()), kj::TlsCertificate(certificate->c_str())});
                   kj::TlsContext::Options tls_options;
                   tls_options.defaultKeypair = *keypair;
                   tls = kj::heap<kj::TlsContext>(kj::mv(tls_options));
                 }
                 auto wrap = [&](kj::Own<kj::ConnectionReceiver> port) {
                   return tls ? tls->wrapPort(kj::mv(port)) : kj::mv(port);
                 };

                 kj::HttpHeaderTable::Builder builder;
                 HttpHeaderIds ids = HttpHeaderIds::Add(builder);
                 kj::Own<kj::HttpHeaderTable> table = builder.build();
                 HttpLimits limits;
                 limits.body_bytes_max = options_.body_bytes_max;
                 limits.request_timeout = options_.request_timeout.count() * kj::SECONDS;
                 limits.stream.heartbeat = options_.stream_heartbeat.count() * kj::SECONDS;
                 HeadSignal head(store_->head_watch());
                 HttpApi http_api(dispatcher_, json_, registry_, timer, head, *table, ids,
                                  OpenApiJson(), limits);
                 kj::Own<kj::ConnectionReceiver> http_port =
                     BindHttp(network, options_.http_listen).wait(io.waitScope);
                 unsigned http_bound = http_port->getPort();
                 ConnectionBudget budget =
                     PlanConnections(kHttpConnectionsMax, limits::kRpcConnectionsMax);
                 HttpListener http(timer, *table, http_api, wrap(kj::mv(http_port)),
                                   budget.http_max);

                 kj::Own<kj::ConnectionReceiver> rpc_port =
                     network.parseAddress(options_.rpc_listen).wait(io.waitScope)->listen();
                 unsigned rpc_bound = rpc_port->getPort();
                 kj::Own<kj::ConnectionReceiver> rpc_receiver = wrap(kj::mv(rpc_port));
                 RpcListener rpc(*rpc_receiver, kj::heap<LedgerBootstrap>(dispatcher_, timer, head),
                                 timer, budget.rpc_max);

                 Endpoints endpoints{
                     HostOf(options_.http_listen) + ":" + std::to_string(http_bound),
                     HostOf(options_.rpc_listen) + ":" + std::to_string(rpc_bound),
                     tls.get() != nullptr};
                 spdlog::info("listening: http {} rpc {}{}", endpoints.http, endpoints.rpc,
                              endpoints.tls ? " (TLS)" : "");
                 on_listening(endpoints);
                 notifier_.Status("listening on http " + endpoints.http + " and rpc " +
                                  endpoints.rpc + "; preparing the read models");
                 kj::Promise<void> watchdog =
                     notifier_.KeepAlive(timer).eagerlyEvaluate([](kj::Exception&& e) {
                       spdlog::error("the systemd watchdog pings stopped: {}",
                                     e.getDescription().cStr());
                     });

                 preparer_ = std::thread([this] {
                   NameThisThread("read-models");
                   PrepareReadModels();
                 });
                 if (options_.retention_days > 0) {
                   retention_ = std::thread([this] {
                     NameThisThread("retention");
                     SweepRetentionUntilStopped();
                   });
                 }

                 if (!options_.backup_dir.empty()) {
                   backup_ = std::thread([this] {
                     NameThisThread("backup");
                     BackUpUntilStopped();
                   });
                 }

                 auto signalled = io.unixEventPort.onSignal(SIGTERM)
                                      .exclusiveJoin(io.unixEventPort.onSignal(SIGINT))
                                      .wait(io.waitScope);
                 spdlog::info(
                     "signal {}: shutting down (no new connections; calls in flight finish)",
                     signalled.si_signo);
                 notifier_.Stopping();
                 rpc.StopAccepting();
                 http_api.Drain();
                 http.Drain()
                     .exclusiveJoin(timer.afterDelay(kDrainMax).then([] {
                       spdlog::warn("HTTP calls still running after the drain limit; closing them");
                     }))
                     .wait(io.waitScope);
                 // RPC connections are long-lived sessions: give calls in flight a moment, then
                 // close.
                 rpc.Drained().exclusiveJoin(timer.afterDelay(1 * kj::SECONDS)).wait(io.waitScope);
               })) {
    result = Status::IoError(std::string("the event loop failed: ") +
                             exception->getDescription().cStr());
  }
  ShutDown();
  return result;
}

}  // namespace ledger::api
