// KJ's own log messages (KJ_LOG in kj-http, kj-tls, capnp-rpc: a failed TLS handshake, a
// connection reset) routed into ledgerd's log as structured lines (log_event.h), so that in
// JSON mode every line on stderr is one JSON object. Without it KJ writes its multi-line text
// straight to stderr.
//
// A line reads {"msg":"kj","source":"tls.c++:123","kjLevel":"error","text":"..."}: `text` is
// KJ's message without its "file:line: severity:" prefix, newlines escaped (stack addresses
// included; no personal data is in them). KJ's ERROR and FATAL map to spdlog's error, WARNING
// to warn, INFO and DBG to debug.
// Thread safety: KJ's exception callbacks are a per-thread stack. Construct one KjLogRoute on
// each thread that runs KJ code (the event loop, the workers), on the stack, and keep it there
// while the thread runs (kj::ExceptionCallback's rule).
#pragma once

#include <kj/exception.h>

namespace ledger::api {

class KjLogRoute final : public kj::ExceptionCallback {
 public:
  void logMessage(kj::LogSeverity severity, const char* file, int line, int context_depth,
                  kj::String&& text) override;
};

}  // namespace ledger::api
