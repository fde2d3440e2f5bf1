// Memory hygiene (process_hardening.h, wipe_json.h): after a value was
// created and read 100 times over HTTP, no byte string equal to it is left
// anywhere in the server's memory; HardenProcessMemory makes a process
// undumpable with a core limit of 0.
//
// The server runs in this process and its memory is read through
// /proc/self/mem (a process may always read its own). The client is a
// forked child, so its copies of the value live in another address space;
// it makes up the value and hands it back hex-encoded, and this side keeps
// it only XOR-masked, so the needle is never itself a copy.
#define BOOST_TEST_MODULE native_memory_hygiene
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "clasp/native/clock.h"
#include "clasp/native/http_server.h"
#include "clasp/native/process_hardening.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/serve_resources.h"
#include "clasp/sha256.h"
#include "native_test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

constexpr int kReads = 100;
constexpr unsigned char kMask = 0xA5;

struct Reply {
  int status = 0;
  std::string body;
};

// One request on its own connection (the child's side only).
Reply Call(int port, const std::string& method, const std::string& path, const std::string& body,
           const std::string& token = "") {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Reply reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return ::close(fd), reply;
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "\r\n" + body;
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, 0);
    if (n <= 0) return ::close(fd), reply;
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  const std::size_t split = answer.find("\r\n\r\n");
  if (answer.size() < 12 || split == std::string::npos) return reply;
  reply.status = std::atoi(answer.c_str() + 9);
  reply.body = answer.substr(split + 4);
  return reply;
}

std::string Field(const Reply& reply, const char* name) {
  auto json = ParseJson(reply.body);
  if (!json.ok() || !json.value->is_object() || !json.value->contains(name) || !(*json.value)[name].is_string()) return "";
  return (*json.value)[name].get<std::string>();
}

// The child: a company, a secret with a fresh random value, an agent bound
// to it, a key, then kReads value reads. Writes "<hex of the value> <good reads>".
int Client(int port, int out) {
  unsigned char raw[48];
  if (!SystemRandom().Fill(raw, sizeof raw).ok()) return 3;
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string value;
  for (unsigned char c : raw) value += kAlphabet[c % 62];
  const std::string company = Field(Call(port, "POST", "/api/companies", R"({"name":"Acme"})"), "id");
  const std::string secret =
      Field(Call(port, "POST", "/api/companies/" + company + "/secrets", R"({"name":"openai","value":")" + value + "\"}"),
            "id");
  const std::string env = R"({"OPENAI_API_KEY":{"type":"secret_ref","secretId":")" + secret + R"(","version":"latest"}})";
  const std::string agent = Field(
      Call(port, "POST", "/api/companies/" + company + "/agents", R"({"name":"Coder","adapterConfig":{"env":)" + env + "}}"),
      "id");
  const std::string token = Field(Call(port, "POST", "/api/agents/" + agent + "/keys", "{}"), "token");
  int good = 0;
  for (int i = 0; i < kReads; ++i) {
    const Reply read = Call(port, "POST", "/api/agents/me/secrets/openai/value", "{}", token);
    good += read.status == 200 && Field(read, "value") == value;
  }
  const std::string line = HexLower(value) + " " + std::to_string(good) + "\n";
  return ::write(out, line.data(), line.size()) == static_cast<ssize_t>(line.size()) ? 0 : 4;
}

// The value, XOR-masked.
struct Needle {
  std::vector<unsigned char> masked;
  bool At(const unsigned char* p) const {
    for (std::size_t k = 0; k < masked.size(); ++k) {
      if ((p[k] ^ kMask) != masked[k]) return false;
    }
    return true;
  }
};

Needle FromHex(const std::string& hex) {
  Needle needle;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    needle.masked.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)) ^ kMask);
  }
  return needle;
}

struct Range {
  std::uintptr_t begin, end;
};

#if defined(__SANITIZE_ADDRESS__)
// ASan's shadow (x86_64: [0x7fff8000, 0x10007fff8000)) holds shadow bytes,
// never data, and spans terabytes: reading it through /proc/self/mem took CI
// past its limit.
constexpr std::uintptr_t kShadowBegin = 0x7fff8000ULL, kShadowEnd = 0x10007fff8000ULL;
#else
constexpr std::uintptr_t kShadowBegin = 0, kShadowEnd = 0;
#endif

// Every readable mapping of this process that holds pages (resident or
// swapped), less ASan's shadow and [skip, skip + skip_size).
std::vector<Range> ReadableRanges(std::uintptr_t skip, std::size_t skip_size) {
  std::vector<Range> mapped;
  bool readable = false;
  unsigned long long kb = 0;
  Range span{};
  const auto flush = [&] {
    if (readable && kb > 0) mapped.push_back(span);
  };
  std::ifstream smaps("/proc/self/smaps");
  for (std::string line; std::getline(smaps, line);) {
    std::istringstream fields(line);
    std::string first, second;
    fields >> first >> second;
    if (first == "Rss:" || first == "Swap:") {
      kb += std::stoull(second);
      continue;
    }
    const std::size_t dash = first.find('-');
    if (dash == std::string::npos || first.back() == ':') continue;
    flush();
    span = {std::stoull(first.substr(0, dash), nullptr, 16), std::stoull(first.substr(dash + 1), nullptr, 16)};
    readable = !second.empty() && second[0] == 'r' && (span.end <= kShadowBegin || kShadowEnd <= span.begin);
    kb = 0;
  }
  flush();
  std::vector<Range> out;
  for (const Range& r : mapped) {
    if (skip + skip_size <= r.begin || r.end <= skip) {
      out.push_back(r);
      continue;
    }
    if (r.begin < skip) out.push_back({r.begin, skip});
    if (skip + skip_size < r.end) out.push_back({skip + skip_size, r.end});
  }
  return out;
}

// How many times the needle's bytes occur in this process's memory.
std::size_t CountInOwnMemory(const Needle& needle) {
  constexpr std::size_t kChunk = 1 << 20;
  const std::size_t overlap = needle.masked.size() - 1;
  const std::size_t size = kChunk + overlap;
  auto* buf = static_cast<unsigned char*>(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  BOOST_TEST_REQUIRE(buf != MAP_FAILED);
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  BOOST_TEST_REQUIRE(mem >= 0);
  const unsigned char first = needle.masked[0] ^ kMask;
  std::size_t found = 0;
  for (const Range& r : ReadableRanges(reinterpret_cast<std::uintptr_t>(buf), size)) {
    for (std::uintptr_t at = r.begin; at < r.end; at += kChunk) {
      const std::size_t want = std::min<std::uintptr_t>(size, r.end - at);
      const ssize_t got = ::pread(mem, buf, want, static_cast<off_t>(at));
      if (got <= 0) break;  // [vvar] and the like cannot be read
      const std::size_t n = static_cast<std::size_t>(got);
      for (std::size_t i = 0; i + needle.masked.size() <= n && i < kChunk;) {
        const void* hit = std::memchr(buf + i, first, std::min(n, kChunk) - i);
        if (hit == nullptr) break;
        i = static_cast<std::size_t>(static_cast<const unsigned char*>(hit) - buf);
        if (i + needle.masked.size() <= n && needle.At(buf + i)) ++found;
        ++i;
      }
    }
  }
  ::close(mem);
  Wipe(buf, size);
  ::munmap(buf, size);
  return found;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hundred_value_reads_leave_no_copy_of_the_value_in_the_servers_memory) {
  // The child is forked before this process starts a thread (the store pool
  // starts at Bind): a fork beside running threads may copy a held malloc
  // lock, and the child then hangs. It learns the port through a pipe.
  int port_fds[2], result_fds[2];
  BOOST_TEST_REQUIRE(::pipe(port_fds) == 0);
  BOOST_TEST_REQUIRE(::pipe(result_fds) == 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(port_fds[1]);
    ::close(result_fds[0]);
    int port = 0;
    if (::read(port_fds[0], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) ::_exit(5);
    ::_exit(Client(port, result_fds[1]));
  }
  ::close(port_fds[0]);
  ::close(result_fds[1]);

  nt::TempDir home;
  const MapEnvVars vars({{"CLASP_HOME", home.path()}});
  auto resources = ServeResources::Open(vars, PosixFileSystem(), std::nullopt);
  BOOST_TEST_REQUIRE(resources.ok());
  Api api(ApiConfig{}, **resources.value, SystemRandom(), SystemClock());
  HttpServerOptions options;
  options.threads = 2;
  options.store_threads = 2;
  auto server = HttpServer::Bind(api, options);
  BOOST_TEST_REQUIRE(server.ok());
  HttpServer& http = **server.value;
  std::thread runner([&] { http.Run(); });
  const int port = http.port();
  BOOST_TEST_REQUIRE(::write(port_fds[1], &port, sizeof port) == static_cast<ssize_t>(sizeof port));
  ::close(port_fds[1]);

  std::string line;
  char buf[512];
  for (ssize_t n; (n = ::read(result_fds[0], buf, sizeof buf)) > 0;) line.append(buf, static_cast<std::size_t>(n));
  ::close(result_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  BOOST_TEST_REQUIRE(WIFEXITED(status));
  BOOST_TEST_REQUIRE(WEXITSTATUS(status) == 0);
  std::istringstream fields(line);
  std::string hex;
  int good = 0;
  fields >> hex >> good;
  BOOST_TEST(good == kReads, "every read answered the value");
  const Needle needle = FromHex(hex);
  BOOST_TEST_REQUIRE(needle.masked.size() == 48u);

  BOOST_TEST(CountInOwnMemory(needle) == 0u, "a copy of the value is left in the server's memory");

  // The scan finds a copy that is there.
  std::string copy(needle.masked.size(), '\0');
  for (std::size_t k = 0; k < copy.size(); ++k) copy[k] = static_cast<char>(needle.masked[k] ^ kMask);
  BOOST_TEST(CountInOwnMemory(needle) >= 1u);
  WipeString(&copy);

  http.Stop();
  runner.join();
}

BOOST_AUTO_TEST_CASE(hardening_leaves_the_process_undumpable_with_core_limit_zero) {
  // In a child: the test process itself must stay readable for the scan above.
  int pipe_fds[2];
  BOOST_TEST_REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    const bool ok = HardenProcessMemory().ok();
    struct rlimit core {};
    ::getrlimit(RLIMIT_CORE, &core);
    std::ifstream limits("/proc/self/limits");
    std::string row;
    for (std::string l; std::getline(limits, l);) {
      if (l.rfind("Max core file size", 0) == 0) row = l;
    }
    std::istringstream cols(row.substr(std::strlen("Max core file size")));
    std::string soft;
    cols >> soft;
    const std::string out = std::to_string(ok) + " " + std::to_string(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) + " " +
                            std::to_string(core.rlim_cur) + " " + soft;
    ::_exit(::write(pipe_fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size()) ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(out == "1 0 0 0", "ok, PR_GET_DUMPABLE, RLIMIT_CORE soft, /proc/self/limits soft");
}
