// The Catch2 main for every test binary; spdlog stays quiet unless a test fails loudly.
// A run whose filter matches no test case fails (Catch's NoTests warning): ctest names each
// case by a filter, and one the filter cannot match (a name holding ';', which CMake splits)
// would otherwise pass having run nothing.
#define CATCH_CONFIG_RUNNER
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  Catch::Session session;
  if (int bad_usage = session.applyCommandLine(argc, argv); bad_usage != 0) return bad_usage;
  Catch::ConfigData& config = session.configData();
  config.warnings =
      static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
  return session.run();
}
