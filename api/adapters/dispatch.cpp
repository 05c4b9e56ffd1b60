#include "api/adapters/dispatch.h"

#include <openssl/rand.h>

#include <array>

#include "ledger/format/hash.h"

namespace ledger::api {

std::string Dispatcher::NewRequestId() {
  std::array<std::uint8_t, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    static std::atomic<std::uint64_t> fallback{0};
    std::uint64_t n = fallback.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < bytes.size(); ++i)
      bytes[i] = static_cast<std::uint8_t>(n >> (8 * i));
  }
  return "r-" + BytesToHex(bytes);
}

std::optional<ApiError> Dispatcher::Refusal(Availability needs) const {
  if (readiness == nullptr) return std::nullopt;
  return readiness->Refusal(needs);
}

void Dispatcher::Observe(std::string_view transport, std::string_view method, std::string_view code,
                         double seconds) const {
  Count(transport, method, code);
  if (latency != nullptr) {
    latency->Labels(std::string(transport), std::string(method)).Observe(seconds);
  }
}

void Dispatcher::Count(std::string_view transport, std::string_view method,
                       std::string_view code) const {
  if (requests != nullptr) {
    requests->Labels(std::string(transport), std::string(method), std::string(code)).Add();
  }
}

Dispatcher Dispatcher::Uncounted() const {
  Dispatcher copy = *this;
  copy.requests = nullptr;
  copy.latency = nullptr;
  return copy;
}

}  // namespace ledger::api
