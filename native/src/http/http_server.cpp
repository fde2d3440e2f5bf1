#include "clasp/native/http_server.h"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <optional>
#include <thread>

#include "http_session.h"

namespace clasp::native {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

int Cores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

// max_connections sockets need as many descriptors, beside the store's and
// the web files': the soft limit (often 1,024) is raised to the hard one.
void RaiseDescriptorLimit(int connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(connections) + 256;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  http::ConnectionLimits limits;
  asio::io_context ioc;
  // After ioc: its queued work holds connections, so it goes first.
  std::optional<asio::thread_pool> store_pool;
  http::ServerContext context;
  tcp::acceptor acceptor{ioc};
  asio::steady_timer retry{ioc};
  int port = 0;

  Impl(Api& api, HttpServerOptions o, std::optional<http::StaticRoot> root)
      : options(std::move(o)),
        limits(options.max_connections, options.max_connections_per_address),
        ioc(options.threads),
        context{api, options, HostGuard({options.host, options.allowed_hostnames, options.trust_proxy}), std::move(root),
                nullptr, {}} {
    if (options.store_threads > 0) {
      store_pool.emplace(static_cast<std::size_t>(options.store_threads));
      context.store_pool = &*store_pool;
    }
  }

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        // Out of descriptors or a connection reset before accept: try again shortly.
        retry.expires_after(std::chrono::milliseconds(100));
        return retry.async_wait([this](boost::system::error_code wait) {
          if (!wait) Accept();
        });
      }
      Admit(std::move(socket));
      Accept();
    });
  }

  // Over a connection limit, the socket closes at once: no thread, no buffer.
  void Admit(tcp::socket socket) {
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;
    auto slot = limits.Acquire(peer.address());
    if (!slot) {
      socket.close(ec);
      return;
    }
    // Small JSON answers must not wait out the peer's delayed ACK (~40 ms).
    socket.set_option(tcp::no_delay(true), ec);
    http::StartSession(context, std::move(socket), std::move(slot));
  }

  bool Listen() {
    boost::system::error_code ec;
    tcp::resolver resolver(ioc);
    const auto found = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
    if (ec || found.empty()) return false;
    const tcp::endpoint endpoint = found.begin()->endpoint();
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return false;
    port = acceptor.local_endpoint(ec).port();
    return !ec;
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Bind(Api& api, const HttpServerOptions& options) {
  std::optional<http::StaticRoot> root;
  if (options.web_root) {
    auto opened = http::StaticRoot::Open(*options.web_root);
    if (!opened.ok()) return Forward<std::unique_ptr<HttpServer>>(std::move(opened));
    root = std::move(*opened.value);
  } else if (!options.embedded_page.empty()) {
    root = http::StaticRoot::InMemory(options.embedded_page);
  }
  HttpServerOptions resolved = options;
  if (resolved.threads <= 0) resolved.threads = Cores();
  RaiseDescriptorLimit(resolved.max_connections);
  auto impl = std::make_unique<Impl>(api, std::move(resolved), std::move(root));
  if (!impl->Listen()) {
    return FailResult<std::unique_ptr<HttpServer>>(
        Code::kFileIoError, "Cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  impl->Accept();
  return Result<std::unique_ptr<HttpServer>>::Ok(std::unique_ptr<HttpServer>(new HttpServer(std::move(impl))));
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  // A handler that throws ends its own connection only (the connection's
  // state is released as the exception unwinds); the thread serves on.
  auto serve = [this] {
    for (;;) {
      try {
        impl_->ioc.run();
        return;
      } catch (...) {
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back(serve);
  serve();
  for (auto& thread : threads) thread.join();
  if (impl_->store_pool) {
    impl_->store_pool->stop();
    impl_->store_pool->join();
  }
}

void HttpServer::Stop() { impl_->ioc.stop(); }

}  // namespace clasp::native
