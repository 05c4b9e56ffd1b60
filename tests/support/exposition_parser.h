// Reads Prometheus text exposition format 0.0.4 back into samples, so metric tests check what a
// scraper would see rather than comparing whole strings. Strict: any line it cannot read, an
// unknown escape, or a sample before its # TYPE line is an error naming the line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace ledger::testing {

struct ExpositionSample {
  std::string name;                           // With any _bucket, _sum or _count suffix.
  std::map<std::string, std::string> labels;  // Unescaped values.
  std::string value_text;                     // As written.
  double value = 0.0;                         // As a scraper parses it ("+Inf" included).
};

struct Exposition {
  std::map<std::string, std::string> help;  // Metric name -> unescaped help text.
  std::map<std::string, std::string> type;  // Metric name -> counter, gauge, histogram...
  std::vector<ExpositionSample> samples;    // In order of appearance.

  // The samples named `name` whose labels include every pair of `labels`.
  std::vector<ExpositionSample> Find(std::string_view name,
                                     const std::map<std::string, std::string>& labels = {}) const;
};

Result<Exposition> ParseExposition(std::string_view text);

}  // namespace ledger::testing
