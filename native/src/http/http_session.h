// http_session.h — one connection of `clasp serve` (http_server.h), and
// what all connections share.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "clasp/native/http_guard.h"
#include "clasp/native/http_server.h"
#include "clasp/native/http_static.h"

namespace clasp::native::http {

// Lives as long as the server; every connection reads it.
struct ServerContext {
  Api& api;
  const HttpServerOptions& options;
  HostGuard guard;
  std::optional<StaticRoot> web_root;
  boost::asio::thread_pool* store_pool;  // nullptr: Api::Handle runs on the I/O threads
  std::mutex log_mutex;

  // One access-log line; `route` "" reads "(static or unknown)".
  void Log(std::string_view method, std::string_view route, int status, double ms);
};

// HttpServerOptions::max_connections and max_connections_per_address.
class ConnectionLimits {
 public:
  ConnectionLimits(int max_total, int max_per_address) : max_total_(max_total), max_per_address_(max_per_address) {}
  // nullptr when a limit is reached; the slot is given back when the last
  // copy of the returned pointer is dropped.
  std::shared_ptr<void> Acquire(const boost::asio::ip::address& address);

 private:
  void Release(const boost::asio::ip::address& address);
  std::mutex mutex_;
  int total_ = 0;
  std::map<boost::asio::ip::address, int> per_address_;
  const int max_total_;
  const int max_per_address_;
};

// Serves requests on `socket` (whose executor is a strand) until the client
// leaves, a limit or deadline is hit, or the server stops; `slot` is held
// until then.
void StartSession(ServerContext& context, boost::asio::ip::tcp::socket socket, std::shared_ptr<void> slot);

// "/api/a%2Fb?x=1" -> "/api/a/b": the query string dropped, %XX decoded
// (an invalid escape stays as written, '+' stays '+').
std::string DecodePath(std::string_view target);

}  // namespace clasp::native::http
