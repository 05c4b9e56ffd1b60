#include "projections/reporting/pseudonym.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <span>

#include "ledger/base/check.h"
#include "ledger/format/hash.h"

namespace projections::reporting {

std::string Pseudonym(const PseudonymKey& key, std::string_view subject_id) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const std::uint8_t* result = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                    reinterpret_cast<const unsigned char*>(subject_id.data()),
                                    subject_id.size(), mac.data(), &length);
  LEDGER_CHECK(result != nullptr && length == 32, "HMAC-SHA256 failed");
  return "p-" + ledger::BytesToHex(std::span<const std::uint8_t>(mac.data(), 16));
}

PseudonymKey JobPseudonymKey(const PseudonymKey& master, std::string_view job_id) {
  std::string input("trajectory-ledger job key v1");
  input.push_back('\0');
  input.append(job_id);
  PseudonymKey key{};
  unsigned int length = 0;
  const std::uint8_t* result =
      HMAC(EVP_sha256(), master.data(), static_cast<int>(master.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), key.data(), &length);
  LEDGER_CHECK(result != nullptr && length == key.size(), "HMAC-SHA256 failed");
  return key;
}

}  // namespace projections::reporting
