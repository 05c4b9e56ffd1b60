// ledgerctl's main: the whole tool is RunLedgerctl (ledgerctl_tool.h, which lists the commands).
#include "tools/ledgerctl/ledgerctl_tool.h"

int main(int argc, char** argv) { return ledger::tools::RunLedgerctl(argc, argv); }
