#include "tests/support/ledgerd_process.h"
#include "tests/support/files.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

namespace ledger::testing {

int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

// Decodes a chunked body.
std::string Dechunk(const std::string& raw) {
  std::string body;
  std::size_t at = 0;
  while (at < raw.size()) {
    std::size_t line_end = raw.find("\r\n", at);
    if (line_end == std::string::npos) break;
    std::size_t size = std::stoul(raw.substr(at, line_end - at), nullptr, 16);
    if (size == 0) break;
    body += raw.substr(line_end + 2, size);
    at = line_end + 2 + size + 2;
  }
  return body;
}

// One request and its reply; nullopt when nothing listens or no reply head came back, and, if
// `whole`, also when the reply ended before its announced length.
std::optional<HttpReply> Exchange(int port, const std::string& verb, const std::string& target,
                                  const std::string& body, const std::vector<std::string>& headers,
                                  bool whole) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return std::nullopt;
  std::string request =
      verb + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Connection: close\r\n";
  for (const std::string& header : headers) request += header + "\r\n";
  if (!body.empty() || verb == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // The server may answer (413) before reading everything.
    sent += static_cast<std::size_t>(n);
  }
  // Reads until the reply is complete (kj's server keeps the connection open a while even
  // after "Connection: close"), by Content-Length, the chunked terminator, or end of stream.
  std::string raw;
  char buffer[65536];
  auto complete = [&raw] {
    std::size_t head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) return false;
    std::string head = Lower(raw.substr(0, head_end));
    std::size_t length_at = head.find("content-length:");
    if (length_at != std::string::npos) {
      std::size_t length = std::stoul(head.substr(length_at + 15));
      return raw.size() >= head_end + 4 + length;
    }
    if (head.find("transfer-encoding: chunked") != std::string::npos) {
      return raw.find("\r\n0\r\n\r\n", head_end) != std::string::npos ||
             raw.compare(head_end + 4, 5, "0\r\n\r\n") == 0;
    }
    return false;
  };
  while (!complete()) {
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (whole && !complete()) return std::nullopt;
  HttpReply reply;
  std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.compare(0, 9, "HTTP/1.1 ") != 0) return std::nullopt;
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  reply.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::size_t value = line.find_first_not_of(' ', colon + 1);
    reply.headers[Lower(line.substr(0, colon))] =
        value == std::string::npos ? "" : line.substr(value);
  }
  std::string rest = raw.substr(head_end + 4);
  reply.body = Lower(reply.headers["transfer-encoding"]) == "chunked" ? Dechunk(rest) : rest;
  return reply;
}

}  // namespace

std::optional<HttpReply> TryHttpCall(int port, const std::string& verb, const std::string& target,
                                     const std::string& body,
                                     const std::vector<std::string>& headers) {
  return Exchange(port, verb, target, body, headers, true);
}

HttpReply HttpCall(int port, const std::string& verb, const std::string& target,
                   const std::string& body, const std::vector<std::string>& headers) {
  std::optional<HttpReply> reply = Exchange(port, verb, target, body, headers, false);
  // Only on failure: Catch2's message stack is not for the client threads some tests run.
  if (!reply) FAIL("no reply to " << verb << " " << target << " on port " << port);
  return std::move(*reply);
}

HttpReply HttpAs(int port, const std::string& token, const std::string& verb,
                 const std::string& target, const std::string& body) {
  return HttpCall(port, verb, target, body, {"Authorization: Bearer " + token});
}

LedgerdProcess::LedgerdProcess(std::vector<std::string> extra_args, std::string data_dir,
                               unsigned open_file_limit)
    : data_dir_(data_dir.empty() ? dir_.Sub("data") : std::move(data_dir)) {
  std::vector<std::string> args = {LEDGERD_BINARY, "--data", data_dir_,    "--http",
                                   "127.0.0.1:0",  "--rpc",  "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string out_path = dir_.Sub("ledgerd.stdout");
  std::string err_path = dir_.Sub("ledgerd.stderr");
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
      _exit(126);
    }
    if (open_file_limit > 0) {
      rlimit files{open_file_limit, open_file_limit};
      if (setrlimit(RLIMIT_NOFILE, &files) != 0) _exit(125);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  std::regex listening(R"(listening: https?://127\.0\.0\.1:(\d+) rpc\S*://127\.0\.0\.1:(\d+))");
  std::regex admin(R"(administrator token \(shown once; store it now\): (\S+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string out = Stdout();
    std::smatch match;
    if (std::regex_search(out, match, listening)) {
      http_port_ = std::stoi(match[1]);
      rpc_port_ = std::stoi(match[2]);
      if (std::regex_search(out, match, admin)) admin_token_ = match[1];
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL("ledgerd exited before listening\n" << Stdout() << Stderr());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("ledgerd did not report its listeners within 60 s\n" << Stdout() << Stderr());
}

LedgerdProcess::~LedgerdProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

void LedgerdProcess::WaitReady(int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (HttpCall(http_port_, "GET", "/readyz").status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("ledgerd not ready within " << timeout_s << " s\n" << Stderr());
}

int LedgerdProcess::Stop() {
  REQUIRE(pid_ > 0);
  ::kill(pid_, SIGTERM);
  int status = 0;
  REQUIRE(waitpid(pid_, &status, 0) == pid_);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void LedgerdProcess::Kill() {
  REQUIRE(pid_ > 0);
  ::kill(pid_, SIGKILL);
  int status = 0;
  REQUIRE(waitpid(pid_, &status, 0) == pid_);
  pid_ = -1;
}

std::string LedgerdProcess::Stdout() const { return ReadAll(dir_.Sub("ledgerd.stdout")); }
std::string LedgerdProcess::Stderr() const { return ReadAll(dir_.Sub("ledgerd.stderr")); }

}  // namespace ledger::testing
