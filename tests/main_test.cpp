// The Catch2 main for every test binary; spdlog stays quiet unless a test fails loudly.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  return Catch::Session().run(argc, argv);
}
