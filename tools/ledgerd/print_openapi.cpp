// print_openapi: prints the OpenAPI 3.0.3 description of ledgerd's HTTP routes, generated from
// the route table and the wire schema (api/openapi/openapi.h). docs/openapi.json is its output:
//
//   ./build/tools/print_openapi > docs/openapi.json
//
// Exit codes: 0 ok; 2 the write failed (bad usage: CLI11's own code).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "api/openapi/openapi.h"

int main(int argc, char** argv) {
  CLI::App app{"Prints the OpenAPI description of ledgerd's HTTP routes (docs/openapi.json)."};
  CLI11_PARSE(app, argc, argv);
  std::string document = ledger::api::OpenApiJson();
  bool written = std::fwrite(document.data(), 1, document.size(), stdout) == document.size();
  if (std::fflush(stdout) != 0 || !written) {
    std::fprintf(stderr, "print_openapi: could not write the document to stdout\n");
    return 2;
  }
  return 0;
}
