#include "clasp/native/http_server.h"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <ostream>

namespace clasp::native {

struct HttpServer::Impl {
  Api& api;
  HttpServerOptions options;
  httplib::Server server;
  int port = 0;
  std::mutex log_mutex;

  Impl(Api& a, HttpServerOptions o) : api(a), options(std::move(o)) {}

  void Log(const httplib::Request& req, int status, const std::string& route, double ms) {
    if (!options.access_log) return;
    OrderedJson line = {{"time", SystemClock().NowIso8601()},
                        {"method", req.method},
                        {"route", route.empty() ? "(static or unknown)" : route},
                        {"status", status},
                        {"ms", static_cast<double>(static_cast<long>(ms * 100)) / 100}};
    std::lock_guard<std::mutex> lock(log_mutex);
    *options.access_log << DumpJson(line) << std::endl;
  }

  void Handle(const httplib::Request& req, httplib::Response& res, std::string body = {}) {
    const auto start = std::chrono::steady_clock::now();
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    if (req.has_header("Authorization")) request.authorization = req.get_header_value("Authorization");
    if (req.has_header("Content-Type")) request.content_type = req.get_header_value("Content-Type");
    request.body = std::move(body);
    ApiResponse response = api.Handle(request);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(DumpJson(response.body), "application/json; charset=utf-8");
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    Log(req, response.status, response.route, ms);
  }

  // Reads the body ourselves, so no request can make the server hold more
  // than max_body_bytes: httplib bounds a Content-Length body but buffers a
  // chunked one whole. A multipart body is never read (httplib would parse
  // it); the API answers its content type with 415. A refused body leaves
  // res.status set and the body empty for the error handler to fill.
  void HandleWithBody(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    const std::size_t limit = api.config().max_body_bytes;
    if (req.is_multipart_form_data()) return Handle(req, res);
    if (req.get_header_value<std::uint64_t>("Content-Length") > limit) {
      res.status = 413;
      res.set_header("Connection", "close");
      return;
    }
    std::string body;
    bool too_large = false;
    const bool complete = reader([&](const char* data, std::size_t size) {
      if (body.size() + size > limit) {
        too_large = true;
        return false;
      }
      body.append(data, size);
      return true;
    });
    if (!complete) {
      res.status = too_large || res.status == 413 ? 413 : 400;
      res.set_header("Connection", "close");
      return;
    }
    Handle(req, res, std::move(body));
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Bind(Api& api, const HttpServerOptions& options) {
  auto impl = std::make_unique<Impl>(api, options);
  Impl* self = impl.get();
  httplib::Server& server = impl->server;
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(api.config().max_body_bytes);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  // An idle keep-alive connection holds a pool thread: keep them short so a
  // browser's spare connections cannot starve other clients.
  server.set_keep_alive_timeout(2);
  // httplib closes a keep-alive connection after 5 requests by default, so
  // an agent reading its secrets in a loop paid a reconnect every fifth one
  // (~25 % of the throughput at 2 connections). A connection holds its thread
  // for longer now: see HttpServerOptions::threads.
  server.set_keep_alive_max_count(1000);
  // Small JSON answers must not wait out the peer's delayed ACK (~40 ms).
  server.set_tcp_nodelay(true);
  auto handler = [self](const httplib::Request& req, httplib::Response& res) { self->Handle(req, res); };
  auto with_body = [self](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    self->HandleWithBody(req, res, reader);
  };
  for (const char* pattern : {"/api", "/api/.*"}) {
    server.Get(pattern, handler);
    server.Post(pattern, with_body);
    server.Patch(pattern, with_body);
    server.Put(pattern, with_body);
    server.Delete(pattern, with_body);
  }
  // httplib brotli-compresses "text/*" and bare "application/javascript" at
  // full strength on every request (≈ 0.2 s for the WASM glue); with a
  // charset parameter the type is left alone. JSON answers already carry one.
  server.set_file_extension_and_mimetype_mapping("js", "application/javascript; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("mjs", "application/javascript; charset=utf-8");
  if (options.web_root && !server.set_mount_point("/", *options.web_root)) {
    return FailResult<std::unique_ptr<HttpServer>>(Code::kFileIoError, "Cannot serve web files from " + *options.web_root);
  }
  // httplib's own refusals (413, 400 on a malformed request line, 404 for
  // files) get a JSON body like every API answer.
  server.set_error_handler([self](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* message = res.status == 413 ? "Request body too large" : res.status == 404 ? "Not found" : "Bad request";
    res.set_content(DumpJson(OrderedJson{{"error", message}}), "application/json; charset=utf-8");
    self->Log(req, res.status, "", 0);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(DumpJson(OrderedJson{{"error", "Internal error"}}), "application/json; charset=utf-8");
  });
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return FailResult<std::unique_ptr<HttpServer>>(
        Code::kFileIoError, "Cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  impl->port = port;
  return Result<std::unique_ptr<HttpServer>>::Ok(std::unique_ptr<HttpServer>(new HttpServer(std::move(impl))));
}

int HttpServer::port() const { return impl_->port; }
bool HttpServer::Run() { return impl_->server.listen_after_bind(); }
void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace clasp::native
