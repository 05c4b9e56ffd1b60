// TLS end to end: ledgerd started with a certificate speaks HTTPS (and TLS on RPC) and refuses
// plain HTTP on that port; in JSON log mode its handshake failures, dropped clients and
// requests are all lines of JSON. The certificate is made in the test with OpenSSL (self-signed,
// P-256, for IP 127.0.0.1); the client trusts exactly that certificate and checks the host.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "tests/support/ledgerd_process.h"
#include "tests/support/log_capture.h"

namespace ledger::testing {
namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

// Writes a self-signed certificate for 127.0.0.1 and its key as PEM files.
void MakeCertificate(const std::string& cert_path, const std::string& key_path) {
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  REQUIRE(key);
  Owned<X509, X509_free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  Owned<X509_EXTENSION, X509_EXTENSION_free> san(
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1"));
  REQUIRE(san);
  X509_add_ext(cert.get(), san.get(), -1);
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  FILE* out = std::fopen(cert_path.c_str(), "w");
  REQUIRE(out);
  PEM_write_X509(out, cert.get());
  std::fclose(out);
  out = std::fopen(key_path.c_str(), "w");
  REQUIRE(out);
  PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
}

// One HTTPS GET trusting only `cert_path`; the reply text, or "" when the handshake failed.
std::string HttpsGet(int port, const std::string& cert_path, const std::string& target) {
  Owned<SSL_CTX, SSL_CTX_free> ctx(SSL_CTX_new(TLS_client_method()));
  REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), cert_path.c_str(), nullptr) == 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  Owned<SSL, SSL_free> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1");
  std::string reply;
  if (SSL_connect(ssl.get()) == 1) {
    std::string request = "GET " + target +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n";
    SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
    char buffer[4096];
    for (int n; (n = SSL_read(ssl.get(), buffer, sizeof(buffer))) > 0;) {
      reply.append(buffer, static_cast<std::size_t>(n));
      if (reply.find("\r\n\r\n") != std::string::npos && reply.find("live") != std::string::npos) {
        break;
      }
    }
  }
  ::close(fd);
  return reply;
}

TEST_CASE("ledgerd with a certificate serves HTTPS and refuses plain HTTP on that port",
          "[api][slow]") {
  TempDir keys;
  MakeCertificate(keys.Sub("cert.pem"), keys.Sub("key.pem"));
  LedgerdProcess ledgerd({"--tls-cert", keys.Sub("cert.pem"), "--tls-key", keys.Sub("key.pem")});
  CHECK(ledgerd.Stdout().find("https://127.0.0.1:") != std::string::npos);
  CHECK(ledgerd.Stdout().find("rpc+tls://127.0.0.1:") != std::string::npos);
  std::string reply = HttpsGet(ledgerd.http_port(), keys.Sub("cert.pem"), "/healthz");
  INFO(reply);
  CHECK(reply.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(reply.find("{\"status\":\"live\"}") != std::string::npos);
  {  // Plain HTTP on the TLS port gets no HTTP answer (a TLS alert or a closed connection).
    int plain = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(ledgerd.http_port()));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(plain, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0);
    std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ::send(plain, request.data(), request.size(), MSG_NOSIGNAL);
    char buffer[512];
    ssize_t n = ::recv(plain, buffer, sizeof(buffer), 0);
    std::string answer = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
    CHECK(answer.find("HTTP/1.1") == std::string::npos);
    ::close(plain);
  }
  // A TLS client gets through on the RPC port too (the handshake completes).
  Owned<SSL_CTX, SSL_CTX_free> ctx(SSL_CTX_new(TLS_client_method()));
  REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), keys.Sub("cert.pem").c_str(), nullptr) == 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(ledgerd.rpc_port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  Owned<SSL, SSL_free> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1");
  CHECK(SSL_connect(ssl.get()) == 1);
  ::close(fd);
  CHECK(ledgerd.Stop() == 0);
}

// A plain TCP connection to `port` that sends `bytes` and closes at once.
void SendAndDrop(int port, const std::string& bytes) {
  int fd = ConnectLoopback(port);
  REQUIRE(fd >= 0);
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::close(fd);
}

TEST_CASE("in JSON log mode every line ledgerd writes is one JSON object, KJ's TLS errors too",
          "[api][slow]") {
  TempDir keys;
  MakeCertificate(keys.Sub("cert.pem"), keys.Sub("key.pem"));
  LedgerdProcess ledgerd({"--tls-cert", keys.Sub("cert.pem"), "--tls-key", keys.Sub("key.pem"),
                          "--log-format", "json"});
  // Handshake failures (plain HTTP on the TLS ports, junk), dropped clients, a request whose
  // path holds a quote and bytes that are not UTF-8, and a refused one.
  SendAndDrop(ledgerd.http_port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  SendAndDrop(ledgerd.rpc_port(), "junk junk junk junk junk");
  SendAndDrop(ledgerd.http_port(), "");
  std::string reply = HttpsGet(ledgerd.http_port(), keys.Sub("cert.pem"), "/healthz");
  CHECK(reply.rfind("HTTP/1.1 200", 0) == 0);
  HttpsGet(ledgerd.http_port(), keys.Sub("cert.pem"), "/v1/x%22%ff\"q");
  CHECK(ledgerd.Stop() == 0);

  std::string text = ledgerd.Stderr();
  std::size_t lines = 0, kj_lines = 0, request_lines = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++lines;
    INFO("line " << lines << ": " << line);
    REQUIRE(IsJsonObject(line));
    std::map<std::string, std::string> fields;
    for (auto& [key, value] : JsonMembers(line)) fields[key] = value;
    CHECK(fields.count("time") == 1);
    CHECK(fields.count("level") == 1);
    CHECK(fields["logger"] == "ledgerd");
    if (fields["msg"] == "kj") {
      ++kj_lines;
      CHECK(fields["source"].find("tls") != std::string::npos);
    }
    if (fields["msg"] == "http request") {
      ++request_lines;
      CHECK(line.find("\"status\":") != std::string::npos);
      CHECK(fields["requestId"].rfind("r-", 0) == 0);
    }
  }
  CHECK(lines > 5);
  CHECK(kj_lines >= 2);  // KJ's own TLS errors came through the log, not raw.
  CHECK(request_lines >= 2);
}

}  // namespace
}  // namespace ledger::testing
