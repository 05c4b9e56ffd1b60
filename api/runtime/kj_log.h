// KJ's own log messages (KJ_LOG in kj-http, kj-tls, capnp-rpc: a failed TLS handshake, a
// connection reset) routed into ledgerd's log as structured lines (log_event.h), so that in
// JSON mode every line on stderr is one JSON object. Without it KJ writes its multi-line text
// straight to stderr.
//
// A line reads {"msg":"kj","source":"tls.c++:123","kjLevel":"error","text":"..."}: `text` is
// KJ's message without its "severity: " prefix, newlines escaped (stack addresses included; no
// personal data is in them). KJ's ERROR and FATAL map to spdlog's error, WARNING to warn, INFO
// and DBG to debug.
// Thread safety: KJ's exception callbacks are a per-thread stack. Call WithKjLogRoute on each
// thread that runs KJ code (the event loop, the workers), around what the thread does.
#pragma once

#include <functional>

namespace ledger::api {

// Runs `body` with KJ's log messages on this thread routed as above.
// The route is a kj::ExceptionCallback, which must live on the thread's real stack (KJ checks
// it against a local of its constructor). Under ASan with detect_stack_use_after_return, an
// instrumented frame keeps its locals on a fake stack elsewhere, so the frame that holds the
// route is one ASan leaves alone (kj_log.cpp).
void WithKjLogRoute(const std::function<void()>& body);

}  // namespace ledger::api
