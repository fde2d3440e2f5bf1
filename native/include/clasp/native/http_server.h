// clasp/native/http_server.h — Api (api.h) on a socket, through Boost.Beast.
//
// The adapter only moves bytes: it turns each HTTP request into an
// ApiRequest, writes the ApiResponse back as JSON, serves the web demo's
// static files (http_static.h), refuses what HostGuard (http_guard.h)
// refuses, and writes one access-log line per request:
//   {"time":"…","method":"POST","route":"/api/secrets/:id/rotate","status":200,"ms":0.41}
// Routes are logged as templates, never with bodies, query strings or
// headers, so no value or token reaches the log.
//
// Threads: `threads` I/O threads run every connection (an idle keep-alive
// connection holds none) and, by default, Api::Handle too, on the thread
// that read the request: a request is handed to the API only once it has
// been read whole, so no client, slow or not, holds a thread. Handing each
// request to another thread and back cost more than the request itself on
// two cores (PostgreSQL, 2 connections: a fifth of the throughput; 16: half).
// What can hold an I/O thread is the store (a lock wait, a far-away
// PostgreSQL): `store_threads` > 0 runs Api::Handle on that many threads of
// their own instead, so I/O goes on beside them. Each connection has at
// most one request in flight, so their queue is bounded by max_connections.
//
// Every answer carries X-Content-Type-Options: nosniff and Referrer-Policy:
// no-referrer; /api answers Cache-Control: no-store, the others the page CSP.
// A request whose body the server does not read (refused, multipart, or not
// for /api) is answered with Connection: close, so its body is never parsed
// as the next request.
#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clasp/native/api.h"
#include "clasp/native/http_guard.h"
#include "clasp/native/http_static.h"

namespace clasp::native {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (port() tells which)
  std::optional<std::string> web_root;  // static files served at "/"
  // Served at "/" from memory when web_root is unset (the page compiled
  // into `clasp`); neither: every non-/api path is 404.
  std::span<const http::EmbeddedFile> embedded_page;
  int threads = 0;        // I/O threads; 0: one per core
  int store_threads = 0;  // Api::Handle threads of their own; 0: none, it runs on the I/O threads
  std::vector<std::string> allowed_hostnames;  // HostGuard, besides loopback and `host`
  bool trust_proxy = false;                    // HostGuard reads X-Forwarded-Host
  // Request line and headers; more is 431 and the connection closes, after
  // at most this many bytes were read.
  std::size_t max_header_bytes = 16 * 1024;
  // A client that has not sent its whole header block by then is dropped
  // (one byte every few seconds no longer keeps a connection).
  std::chrono::milliseconds header_timeout{10'000};
  // From the first byte to the last of the body, and again for writing the answer.
  std::chrono::milliseconds request_timeout{30'000};
  // A keep-alive connection with no next request is closed after this.
  std::chrono::milliseconds idle_timeout{5'000};
  int max_connections = 1024;            // more are closed at accept
  int max_connections_per_address = 64;  // per client IP
  std::ostream* access_log = nullptr;    // nullptr: no access log
};

class HttpServer {
 public:
  // Binds the socket; fails with kFileIoError "Cannot listen on host:port" or
  // "Cannot serve web files from DIR". Request bodies are capped at
  // api.config().max_body_bytes (413; a larger Content-Length is refused
  // before its body is read, a chunked body is cut at the limit).
  static Result<std::unique_ptr<HttpServer>> Bind(Api& api, const HttpServerOptions& options);
  ~HttpServer();

  int port() const;
  // Serves until Stop() on `threads` threads (this one included).
  void Run();
  // From any thread (not from a signal handler): stops accepting, drops
  // connections, lets running Api::Handle calls finish.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace clasp::native
