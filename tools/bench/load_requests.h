// The requests bench_service sends, valid under the domain rules so that every reply should be
// a success: trajectory "lt-<i>" opened by a counsellor (contract signed 2026-01-05, 40
// required hours) with one eligible activity "act-<i>"; then hoursLogged events, one per
// command, spread round-robin over the trajectories so that no stream grows long (the command
// handler folds the whole stream on every command). Sequence number k gives trajectory
// k mod N, hours entry "h<k>" and command id "<prefix>-<k>", all unique within a run.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "api/schema/ledger.capnp.h"

namespace ledger::tools {

std::string LoadTrajectoryId(std::uint64_t index);

// One command opening trajectory `index` and registering its eligible activity.
void FillSetupCommand(std::uint64_t index, api::wire::CommandRequest::Builder request);

// The hoursLogged command of sequence number `k` over `trajectories` trajectories.
void FillHoursCommand(std::uint64_t k, std::uint64_t trajectories, const std::string& prefix,
                      api::wire::CommandRequest::Builder request);

// The same command as the JSON body of POST /v1/trajectories/{id}/commands (without the
// trajectory id, which is in the path returned by HoursCommandPath).
std::string HoursCommandJson(std::uint64_t k, std::uint64_t trajectories,
                             const std::string& prefix);
std::string HoursCommandPath(std::uint64_t k, std::uint64_t trajectories);

}  // namespace ledger::tools
