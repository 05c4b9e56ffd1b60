// Goal: the metrics registry renders what a Prometheus scraper reads back, stays bounded under
// random labels, and counts exactly under concurrency. Method: render, parse the text back with
// a strict reader (tests/support/exposition_parser.h), and compare sample by sample.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "api/runtime/metrics.h"
#include "tests/support/exposition_parser.h"
#include "tests/support/require_ok.h"

namespace ledger::api {
namespace {

using testing::Exposition;
using testing::ExpositionSample;

Exposition Scrape(const Registry& registry) {
  Result<Exposition> parsed = testing::ParseExposition(registry.Render());
  INFO(registry.Render());
  REQUIRE_OK(parsed);
  return *parsed;
}

// The one sample named `name` with exactly these labels.
ExpositionSample One(const Exposition& exposition, std::string_view name,
                     const std::map<std::string, std::string>& labels = {}) {
  std::vector<ExpositionSample> found = exposition.Find(name, labels);
  INFO(name);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].labels == labels);
  return found[0];
}

TEST_CASE("A labelled counter renders one sample per label value list", "[api]") {
  Registry registry;
  Counter* requests =
      registry.AddCounter("http_requests_total", "Requests served.", {"route", "code"}).value();
  Counter* restarts = registry.AddCounter("restarts_total", "Restarts.").value();
  requests->Labels("/streams", "200").Add(3);
  requests->Labels("/streams", "200").Add();
  requests->Labels(std::string("/proofs"), "503").Add(2);
  restarts->Add(7);

  const Exposition scraped = Scrape(registry);
  CHECK(scraped.type.at("http_requests_total") == "counter");
  CHECK(scraped.help.at("http_requests_total") == "Requests served.");
  CHECK(scraped.Find("http_requests_total").size() == 2);
  CHECK(One(scraped, "http_requests_total", {{"route", "/streams"}, {"code", "200"}}).value_text ==
        "4");
  CHECK(One(scraped, "http_requests_total", {{"route", "/proofs"}, {"code", "503"}}).value_text ==
        "2");
  CHECK(One(scraped, "restarts_total").value_text == "7");
}

TEST_CASE("A gauge is set and moved both ways, with or without labels", "[api]") {
  Registry registry;
  Gauge* open = registry.AddGauge("connections_open", "Open connections.").value();
  Gauge* lag = registry.AddGauge("projection_lag_seconds", "Lag.", {"projection"}).value();
  open->Set(5);
  open->Add(-2.5);
  lag->Labels("reporting").Set(-1e-3);
  lag->Labels("status").Add(42);

  const Exposition scraped = Scrape(registry);
  CHECK(scraped.type.at("connections_open") == "gauge");
  CHECK(One(scraped, "connections_open").value_text == "2.5");
  CHECK(One(scraped, "projection_lag_seconds", {{"projection", "reporting"}}).value == -0.001);
  CHECK(One(scraped, "projection_lag_seconds", {{"projection", "status"}}).value_text == "42");
}

TEST_CASE("A callback gauge is read at each scrape, not at registration", "[api]") {
  Registry registry;
  double queued = 1;
  REQUIRE(registry.AddCallbackGauge("worker_queue_items", "Queued items.", [&] { return queued; })
              .ok());
  CHECK(One(Scrape(registry), "worker_queue_items").value_text == "1");
  queued = 17;
  CHECK(One(Scrape(registry), "worker_queue_items").value_text == "17");
  queued = 1.0 / 0.0;
  CHECK(One(Scrape(registry), "worker_queue_items").value_text == "+Inf");
}

TEST_CASE("A histogram renders cumulative buckets, +Inf equal to the count, and the sum", "[api]") {
  Registry registry;
  Histogram* latency =
      registry.AddHistogram("append_latency_seconds", "Append latency.", {0.1, 1, 10}).value();
  // 0.1 lies on a bound and counts in le="0.1"; NaN is not observed here (it poisons the sum).
  for (const double seconds : {0.05, 0.1, 0.5, 5.0, 50.0, 100.0}) latency->Observe(seconds);

  const Exposition scraped = Scrape(registry);
  CHECK(scraped.type.at("append_latency_seconds") == "histogram");
  const std::vector<ExpositionSample> buckets = scraped.Find("append_latency_seconds_bucket");
  REQUIRE(buckets.size() == 4);
  const std::vector<std::pair<std::string, double>> expected = {
      {"0.1", 2}, {"1", 3}, {"10", 4}, {"+Inf", 6}};
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    CHECK(buckets[i].labels.at("le") == expected[i].first);
    CHECK(buckets[i].value == expected[i].second);
    if (i > 0) CHECK(buckets[i].value >= buckets[i - 1].value);
  }
  const ExpositionSample count = One(scraped, "append_latency_seconds_count");
  CHECK(count.value == buckets.back().value);
  CHECK(One(scraped, "append_latency_seconds_sum").value == Approx(155.65));
}

TEST_CASE("A labelled histogram puts le after its own labels in every bucket", "[api]") {
  Registry registry;
  Histogram* sizes =
      registry.AddHistogram("request_bytes", "Request sizes.", {100, 1000}, {"route"}).value();
  sizes->Labels("/a").Observe(50);
  sizes->Labels("/b").Observe(5000);

  const std::string text = registry.Render();
  CHECK(text.find("request_bytes_bucket{route=\"/a\",le=\"100\"} 1\n") != std::string::npos);
  CHECK(text.find("request_bytes_bucket{route=\"/b\",le=\"+Inf\"} 1\n") != std::string::npos);
  const Exposition scraped = Scrape(registry);
  CHECK(One(scraped, "request_bytes_bucket", {{"route", "/b"}, {"le", "1000"}}).value == 0);
  CHECK(One(scraped, "request_bytes_count", {{"route", "/a"}}).value == 1);
  CHECK(One(scraped, "request_bytes_sum", {{"route", "/b"}}).value == 5000);
}

TEST_CASE("Label values and help texts are escaped and read back unchanged", "[api]") {
  Registry registry;
  Counter* odd =
      registry.AddCounter("odd_total", "Help with \\ backslash\nand \"quotes\".", {"v"}).value();
  const std::string value = "a\\b\"c\nd";
  odd->Labels(value).Add();

  const std::string text = registry.Render();
  CHECK(text.find("# HELP odd_total Help with \\\\ backslash\\nand \"quotes\".\n") !=
        std::string::npos);
  CHECK(text.find("odd_total{v=\"a\\\\b\\\"c\\nd\"} 1\n") != std::string::npos);
  const Exposition scraped = Scrape(registry);
  CHECK(scraped.help.at("odd_total") == "Help with \\ backslash\nand \"quotes\".");
  CHECK(One(scraped, "odd_total", {{"v", value}}).value == 1);
}

TEST_CASE("Past the children bound, new label values count in one child labelled other", "[api]") {
  Registry registry(/*label_children_max=*/3);
  Counter* hits = registry.AddCounter("hits_total", "Hits.", {"route", "method"}).value();
  for (int i = 0; i < 10; ++i) hits->Labels("/r" + std::to_string(i), "GET").Add();
  hits->Labels("/r0", "GET").Add(5);  // An existing child keeps its own count.

  const Exposition scraped = Scrape(registry);
  CHECK(scraped.Find("hits_total").size() == 4);
  CHECK(One(scraped, "hits_total", {{"route", "/r0"}, {"method", "GET"}}).value == 6);
  CHECK(One(scraped, "hits_total", {{"route", "/r2"}, {"method", "GET"}}).value == 1);
  CHECK(One(scraped, "hits_total", {{"route", "other"}, {"method", "other"}}).value == 7);
  CHECK(scraped.Find("hits_total", {{"route", "/r3"}}).empty());
}

TEST_CASE("Four threads incrementing at once lose no count", "[api][concurrent]") {
  Registry registry;
  Counter* shared = registry.AddCounter("shared_total", "Shared.", {"thread"}).value();
  Histogram* observed = registry.AddHistogram("observed", "Observed.", {0.5}).value();
  constexpr int kThreads = 4;
  constexpr int kAddsPerThread = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Every thread creates its own child while the others hit the shared one.
      CounterChild& own = shared->Labels("t" + std::to_string(t));
      CounterChild& common = shared->Labels("all");
      for (int i = 0; i < kAddsPerThread; ++i) {
        common.Add();
        own.Add(2);
        observed->Observe(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const Exposition scraped = Scrape(registry);
  CHECK(One(scraped, "shared_total", {{"thread", "all"}}).value == kThreads * kAddsPerThread);
  for (int t = 0; t < kThreads; ++t) {
    CHECK(One(scraped, "shared_total", {{"thread", "t" + std::to_string(t)}}).value ==
          2 * kAddsPerThread);
  }
  CHECK(One(scraped, "observed_count").value == kThreads * kAddsPerThread);
  CHECK(One(scraped, "observed_sum").value == kThreads * kAddsPerThread);
}

TEST_CASE("Registration refuses bad and taken names and leaves the registry unchanged", "[api]") {
  Registry registry;
  REQUIRE_OK(registry.AddCounter("taken_total", "Taken."));
  REQUIRE_OK(registry.AddHistogram("latency_seconds", "Taken.", {1}));
  const std::string before = registry.Render();

  struct Case {
    std::string why;
    Status status;
  };
  const std::vector<Case> cases = {
      {"an empty name", registry.AddCounter("", "x").status()},
      {"a leading digit", registry.AddCounter("1x", "x").status()},
      {"a dash", registry.AddGauge("a-b", "x").status()},
      {"a label with a dash", registry.AddCounter("ok_total", "x", {"a-b"}).status()},
      {"a label starting with __", registry.AddCounter("ok_total", "x", {"__x"}).status()},
      {"a label with a colon", registry.AddCounter("ok_total", "x", {"a:b"}).status()},
      {"a repeated label", registry.AddCounter("ok_total", "x", {"a", "a"}).status()},
      {"le in a histogram", registry.AddHistogram("h", "x", {1}, {"le"}).status()},
      {"the same name", registry.AddCounter("taken_total", "x").status()},
      {"the same name, other type", registry.AddGauge("taken_total", "x").status()},
      {"a histogram's _count", registry.AddCounter("latency_seconds_count", "x").status()},
      {"a histogram's _bucket", registry.AddGauge("latency_seconds_bucket", "x").status()},
      {"a callback gauge on a taken name",
       registry.AddCallbackGauge("taken_total", "x", [] { return 0.0; }).status()},
      {"bounds out of order", registry.AddHistogram("h", "x", {1, 0.5}).status()},
      {"a repeated bound", registry.AddHistogram("h", "x", {1, 1}).status()},
      {"an infinite bound", registry.AddHistogram("h", "x", {1, 1.0 / 0.0}).status()},
      {"a NaN bound", registry.AddHistogram("h", "x", {0.0 / 0.0}).status()},
  };
  for (const Case& c : cases) {
    INFO(c.why << ": " << c.status.ToString());
    CHECK(c.status.code() == Status::Code::kInvalidArgument);
  }
  CHECK(registry.Render() == before);
  // The refused names were not taken either.
  CHECK_OK(registry.AddHistogram("h", "x", {1, 2}));
  CHECK_OK(registry.AddCounter("ok_total", "x", {"a", "b"}));
}

TEST_CASE("A histogram with a colon in its name and no bounds has only +Inf", "[api]") {
  Registry registry;
  Histogram* plain = registry.AddHistogram("ns:plain", "Plain.", {}).value();
  plain->Observe(-3);
  const Exposition scraped = Scrape(registry);
  CHECK(One(scraped, "ns:plain_bucket", {{"le", "+Inf"}}).value == 1);
  CHECK(One(scraped, "ns:plain_sum").value == -3);
}

}  // namespace
}  // namespace ledger::api
