#include "tests/support/ledgerd_calls.h"

#include <catch2/catch.hpp>

#include <regex>

namespace ledger::testing {

std::string Field(const std::string& json, const std::string& key) {
  std::smatch match;
  std::regex pattern("\"" + key + "\":(\"([^\"]*)\"|([-0-9.]+|true|false))");
  if (!std::regex_search(json, match, pattern)) return "";
  return match[2].matched ? match[2].str() : match[3].str();
}

std::string CreateToken(const LedgerdProcess& ledgerd, const std::string& principal_json) {
  return CreateToken(ledgerd.http_port(), ledgerd.admin_token(), principal_json);
}

std::string CreateToken(int http_port, const std::string& admin_token,
                        const std::string& principal_json) {
  HttpReply reply = HttpAs(http_port, admin_token, "POST", "/v1/admin/tokens", principal_json);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  std::string token = Field(reply.body, "token");
  REQUIRE(token.rfind("tlk_", 0) == 0);
  return token;
}

std::string Command(const std::string& command_id, const std::string& events) {
  return R"({"commandId":")" + command_id + R"(","events":[)" + events + "]}";
}

std::string Event(const std::string& kind, const std::string& body, const std::string& personal) {
  return R"({"event":{")" + kind + R"(":)" + body + "}" +
         (personal.empty() ? "" : R"(,"personal":)" + personal) + "}";
}

std::string OpeningCommand(const std::string& trajectory) {
  return Command("open-" + trajectory, Event("trajectoryOpened",
                                             R"({"subjectId":"subject-)" + trajectory +
                                                 R"(","municipalityCode":"44021",
            "contractSignedOn":"2026-01-05","obligation":"obligated","perspective":"social",
            "requiredHours":40})",
                                             R"({"fullName":"Test Person"})"));
}

}  // namespace ledger::testing
