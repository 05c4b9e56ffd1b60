// The read-model commands of ledgerctl (ledgerctl_tool.h): bring the read models up to
// date or rebuild them, and read a trajectory, its offer-shortfall evidence, a complaint file or a
// list of complaints, as plain text for operators and auditors.
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "project", "trajectory", "shortfall", "complaint", "complaints" (also --year) and
// "report" to `app`;
// each sets `exit_code` (0 ok, 2 error) when it runs.
void AddModelCommands(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
