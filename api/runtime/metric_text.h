// The small pieces of the Prometheus text exposition format 0.0.4 that metrics.cpp assembles:
// name rules, escaping, and number formatting.
//
// The format is described at https://prometheus.io/docs/instrumenting/exposition_formats/.
// Every function is pure and appends to a caller-owned string; safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ledger::api {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(std::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*, and not starting with "__" (reserved for Prometheus itself).
bool IsValidLabelName(std::string_view name);

// A label value between double quotes: backslash, double quote and newline are escaped.
void AppendEscapedLabelValue(std::string& out, std::string_view value);
// A HELP text: backslash and newline are escaped (a double quote is not, per the format).
void AppendEscapedHelp(std::string& out, std::string_view help);

// A sample value as Go's ParseFloat reads it: the shortest text that reads back to the same
// double, and "+Inf", "-Inf", "NaN" for the special values.
void AppendSampleValue(std::string& out, double value);
void AppendSampleValue(std::string& out, std::uint64_t value);

// `{name="value",...}` for the pairs names[i], values[i], followed by `le="<le>"` when `le` is
// not empty; nothing at all when there are no pairs and no `le`. Precondition: the spans have
// equal sizes.
void AppendLabels(std::string& out, std::span<const std::string> names,
                  std::span<const std::string> values, std::string_view le = {});

}  // namespace ledger::api
