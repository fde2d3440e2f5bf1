// Shared by the suites that talk to moto_server (scripts/moto_server.sh;
// scripts/test.sh exports CLASP_TEST_AWS_ENDPOINT). Without an endpoint the
// suite says so and exits 77, which CTest reports as skipped.
#pragma once

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

#include "clasp/native/aws/credentials.h"
#include "clasp/native/aws/http_transport.h"
#include "clasp/native/aws/secrets_manager.h"

namespace clasp::native::test {

inline std::optional<std::string> TestAwsEndpoint() {
  const char* url = std::getenv("CLASP_TEST_AWS_ENDPOINT");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

inline long long NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A name no earlier run left in the same moto: suites share one server.
inline std::string UniqueName(const std::string& stem) {
  static std::mt19937_64 rng(std::random_device{}());
  return stem + "-" + std::to_string(rng() % 1'000'000'000'000ULL);
}

// moto accepts any key; these are the moto docs' test keys.
inline aws::Credentials MotoCredentials() { return {"testing", "testing", ""}; }

// A loopback port nothing listens on right now.
inline int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

}  // namespace clasp::native::test

#define CLASP_AWS_TEST_MAIN()                                                                            \
  int main(int argc, char* argv[]) {                                                                     \
    if (!clasp::native::test::TestAwsEndpoint()) {                                                       \
      std::fprintf(stderr,                                                                               \
                   "SKIPPED: moto_server is absent (CLASP_TEST_AWS_ENDPOINT is not set), so the AWS tests " \
                   "did not run (scripts/test.sh starts one; or: export CLASP_TEST_AWS_ENDPOINT=$("       \
                   "scripts/moto_server.sh start))\n");                                                  \
      return 77;                                                                                         \
    }                                                                                                    \
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);                               \
  }
