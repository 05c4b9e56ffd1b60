// Goal: /metrics carries the process metrics under Prometheus' standard names, with values a
// scraper can trust, and a build-info sample naming this binary. Method: register on a fresh
// Registry, render, parse back strictly (tests/support/exposition_parser.h), and compare with
// what the test itself measures of the process.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "api/runtime/process_metrics.h"
#include "tests/support/exposition_parser.h"
#include "tests/support/require_ok.h"

namespace ledger::api {
namespace {

double OneValue(const testing::Exposition& exposition, std::string_view name) {
  std::vector<testing::ExpositionSample> samples = exposition.Find(name);
  REQUIRE(samples.size() == 1);
  return samples[0].value;
}

testing::Exposition Scrape(const Registry& registry) {
  Result<testing::Exposition> parsed = testing::ParseExposition(registry.Render());
  INFO(registry.Render());
  REQUIRE_OK(parsed);
  return *parsed;
}

TEST_CASE("process metrics have Prometheus' names, types and plausible values", "[api]") {
  Registry registry;
  WatchProcess(registry);
  testing::Exposition before = Scrape(registry);
  CHECK(before.type.at("process_cpu_seconds_total") == "counter");
  for (const char* gauge :
       {"process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
        "process_max_fds", "process_threads", "process_start_time_seconds"}) {
    INFO(gauge);
    CHECK(before.type.at(gauge) == "gauge");
  }

  // CPU time grows with work done; memory and descriptors are what the process holds.
  auto spin_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(60);
  volatile double sink = 0;
  while (std::chrono::steady_clock::now() < spin_until) sink = sink + 1.0;
  int extra[8];
  for (int& fd : extra) fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::thread sleeper([] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); });
  testing::Exposition after = Scrape(registry);

  double cpu_before = OneValue(before, "process_cpu_seconds_total");
  double cpu_after = OneValue(after, "process_cpu_seconds_total");
  CHECK(cpu_after >= cpu_before + 0.04);
  CHECK(OneValue(after, "process_resident_memory_bytes") > 1024 * 1024);
  CHECK(OneValue(after, "process_virtual_memory_bytes") >=
        OneValue(after, "process_resident_memory_bytes"));
  CHECK(OneValue(after, "process_open_fds") == OneValue(before, "process_open_fds") + 8);
  rlimit limit{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &limit) == 0);
  CHECK(OneValue(after, "process_max_fds") == static_cast<double>(limit.rlim_cur));
  CHECK(OneValue(after, "process_threads") >= 2);  // This thread and the sleeper.
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  double start = OneValue(after, "process_start_time_seconds");
  CHECK(start <= now + 1);
  CHECK(start > now - 3600);  // A test process started within the hour.
  sleeper.join();
  for (int fd : extra) ::close(fd);
}

TEST_CASE("ledger_build_info names the version, the commit and the compiler", "[api]") {
  Registry registry;
  AddBuildInfo(registry);
  testing::Exposition exposition = Scrape(registry);
  std::vector<testing::ExpositionSample> samples = exposition.Find("ledger_build_info");
  REQUIRE(samples.size() == 1);
  CHECK(samples[0].value == 1);
  CHECK(samples[0].labels.at("version").find('.') != std::string::npos);
  CHECK_FALSE(samples[0].labels.at("commit").empty());
  CHECK_FALSE(samples[0].labels.at("compiler").empty());
}

}  // namespace
}  // namespace ledger::api
