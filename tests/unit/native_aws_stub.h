// A loopback HTTP/1.1 stub for the credential chain's container and IMDS
// sources: listens on 127.0.0.1 (never another address), answers each
// request with what the handler says and closes the connection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace clasp::native::test {

struct StubRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lowercase names
};

struct StubResponse {
  int status = 200;
  std::string body;
};

class LoopbackStub {
 public:
  explicit LoopbackStub(std::function<StubResponse(const StubRequest&)> handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }

  ~LoopbackStub() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<StubRequest> Requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string head;
      char buffer[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::read(client, buffer, sizeof buffer);
        if (got <= 0) break;
        head.append(buffer, static_cast<std::size_t>(got));
      }
      StubRequest request = Parse(head);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(request);
      }
      StubResponse response = handler_(request);
      std::string out = "HTTP/1.1 " + std::to_string(response.status) + " X\r\nContent-Length: " +
                        std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n" + response.body;
      ::write(client, out.data(), out.size());
      ::close(client);
    }
  }

  static StubRequest Parse(const std::string& head) {
    StubRequest request;
    std::size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    std::size_t space = first.find(' ');
    request.method = first.substr(0, space);
    request.path = first.substr(space + 1, first.rfind(' ') - space - 1);
    std::size_t at = line_end + 2;
    while (at < head.size()) {
      std::size_t end = head.find("\r\n", at);
      if (end == std::string::npos || end == at) break;
      std::string line = head.substr(at, end - at);
      std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t value = line.find_first_not_of(' ', colon + 1);
        request.headers[name] = value == std::string::npos ? "" : line.substr(value);
      }
      at = end + 2;
    }
    return request;
  }

  std::function<StubResponse(const StubRequest&)> handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<StubRequest> requests_;
};

}  // namespace clasp::native::test
