// Pseudonyms: how a report names a newcomer without naming them.
//
// Pseudonym(key, subject_id) is "p-" followed by the lower-case hex of the first 16 bytes of
// HMAC-SHA256(key, subject_id). The same key gives the same pseudonym for a subject in every
// report, so reports can be linked over time; another key gives unrelated pseudonyms. Without
// the key a pseudonym cannot be computed from a subject id (so a guessed national number or
// subject id cannot be checked against it), which is why the key is a secret of the reporting
// job, 32 random bytes, and never part of a report. Docs: docs/reporting.md.
// Thread safety: pure functions (OpenSSL's HMAC is thread-safe).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace projections::reporting {

using PseudonymKey = std::array<std::uint8_t, 32>;

// "p-" + 32 lower-case hex digits. Aborts only if OpenSSL cannot compute HMAC-SHA256.
std::string Pseudonym(const PseudonymKey& key, std::string_view subject_id);

// The pseudonym key of one reporting job: HMAC-SHA256(master, "trajectory-ledger job key v1"
// || 0x00 || job_id), with master the ledger's report.key and job_id the id its tokens name.
// Each job gets pseudonyms of its own: two jobs cannot link each other's rows (that would take
// the master key), while one job's pseudonyms stay the same across its reports and tokens.
PseudonymKey JobPseudonymKey(const PseudonymKey& master, std::string_view job_id);

}  // namespace projections::reporting
