// clasp/native/http_server.h — Api (api.h) on a socket, through cpp-httplib.
//
// The adapter only moves bytes: it turns each HTTP request into an
// ApiRequest, writes the ApiResponse back as JSON, serves the web demo's
// static files, and writes one access-log line per request:
//   {"time":"…","method":"POST","route":"/api/secrets/:id/rotate","status":200,"ms":0.41}
// Routes are logged as templates, never with bodies, query strings or
// headers, so no value or token reaches the log.
// Limits: bodies over ApiConfig::max_body_bytes are refused with 413 before
// they are read whole; a client that stalls more than 10 s is dropped.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "clasp/native/api.h"

namespace clasp::native {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (port() tells which)
  std::optional<std::string> web_root;  // static files served at "/"
  // httplib serves a keep-alive connection on one thread until it closes,
  // so connections beyond this many wait for a thread. Idle threads cost
  // only stack address space; store connections are per request, not per
  // thread (64 wrk connections: 0 timeouts at 128, 19 at 32).
  int threads = 128;
  std::ostream* access_log = nullptr;  // nullptr: no access log
};

class HttpServer {
 public:
  // Binds the socket; fails with kFileIoError "Cannot listen on host:port".
  static Result<std::unique_ptr<HttpServer>> Bind(Api& api, const HttpServerOptions& options);
  ~HttpServer();

  int port() const;
  // Serves until Stop(); returns false if the listener failed.
  bool Run();
  // From any thread (not from a signal handler).
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace clasp::native
