#include "http_session.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <chrono>
#include <limits>
#include <memory>
#include <ostream>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/wipe_json.h"

namespace clasp::native::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// The read buffer holds the raw bytes of every request, a create or rotate
// body with its value included: its storage is wiped whenever it is given
// back (growth and the session's end), not only the parsed copies.
template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>&) {}
  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) {
    Wipe(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }
  template <typename U>
  bool operator==(const WipingAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const WipingAllocator<U>&) const { return false; }
};
using Clock = std::chrono::steady_clock;
using Response = bhttp::response<bhttp::string_body>;

constexpr const char* kPageCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'";
// After a refusal whose request was not read whole: how long the rest is
// read and discarded before the socket closes, so the answer reaches the
// client instead of being lost to a reset.
constexpr std::chrono::milliseconds kLingerTime{1000};

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

bool IsHttpError(const beast::error_code& ec) { return &ec.category() == &bhttp::make_error_code(bhttp::error::need_more).category(); }

std::optional<std::string_view> Header(const bhttp::request_header<>& header, std::string_view name) {
  auto it = header.find(name);
  if (it == header.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

Response JsonResponse(int status, const OrderedJson& body) {
  Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.body() = DumpJsonForWipe(body);
  return res;
}

Response ErrorResponse(int status, const std::string& message) { return JsonResponse(status, OrderedJson{{"error", message}}); }

ApiResponse HandleSafely(Api& api, const ApiRequest& request) {
  try {
    return api.Handle(request);
  } catch (...) {
    ApiResponse failed;
    failed.status = 500;
    failed.body = OrderedJson{{"error", "Internal error"}};
    return failed;
  }
}

// How a connection goes on after an answer: kLinger when the request was not
// read whole (or could not be parsed), so nothing after it is parsed as a request.
enum Ending { kKeepAlive, kLinger };

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerContext& context, asio::ip::tcp::socket socket, std::shared_ptr<void> slot)
      : ctx_(context), stream_(std::move(socket)), buffer_(context.options.max_header_bytes), slot_(std::move(slot)) {}

  void ReadHeader() {
    header_.emplace();
    header_->header_limit(static_cast<std::uint32_t>(ctx_.options.max_header_bytes));
    // Content-Length is judged in OnHeader, before any body byte is read.
    // (Not boost::none: Beast 1.74 compares a length against an empty
    // optional as "over the limit".)
    header_->body_limit(std::numeric_limits<std::uint64_t>::max());
    request_start_ = Clock::now();
    method_.clear();  // a refusal before the request line is read logs no method and no path
    path_.clear();
    stream_.expires_after(ctx_.options.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *header_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

 private:
  // Keep-alive: the next request's first byte within idle_timeout, then its
  // header within header_timeout.
  void WaitForNext() {
    if (buffer_.size() > 0) return ReadHeader();
    stream_.expires_after(ctx_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(buffer_.max_size()),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return Send(ErrorResponse(431, "Request header fields too large"), "", kLinger);
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || (ec && !IsHttpError(ec))) return Close();
    const auto& req = header_->get();
    if (ec || req.target().empty() || req.target()[0] != '/' || req.count(bhttp::field::host) > 1) {
      return Send(ErrorResponse(400, "Bad request"), "", kLinger);
    }
    method_ = std::string(req.method_string());
    path_ = DecodePath(std::string_view(req.target().data(), req.target().size()));
    keep_alive_ = req.keep_alive();
    const bool has_body = header_->chunked() || header_->content_length().value_or(0) > 0;
    const Ending unread = has_body ? kLinger : kKeepAlive;
    GuardRequest guard{method_, Header(req, "Host"), Header(req, "X-Forwarded-Host"),
                       Header(req, "Origin")};
    if (auto refusal = ctx_.guard.Check(guard)) return Send(ErrorResponse(refusal->status, refusal->message), "", unread);
    if (method_ == "HEAD") return SendHead(unread);
    if (!IsApiPath(path_)) return SendStatic(unread);
    if (header_->content_length().value_or(0) > ctx_.api.config().max_body_bytes) {
      return Send(ErrorResponse(413, "Request body too large"), "", kLinger);
    }
    ApiRequest request{method_, path_, {}, {}, {}, {}};
    const std::string_view target(req.target().data(), req.target().size());
    if (const auto q = target.find('?'); q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
    if (auto auth = Header(req, "Authorization")) request.authorization = std::string(*auth);
    if (auto type = Header(req, "Content-Type")) request.content_type = std::string(*type);
    // A multipart body is never read: the API answers its type with 415.
    if (request.content_type && request.content_type->rfind("multipart/", 0) == 0) return Dispatch(std::move(request), unread);
    if (beast::iequals(Header(req, "Expect").value_or(""), "100-continue")) return Continue(std::move(request));
    ReadBody(std::move(request));
  }

  // curl asks before sending a body over 1 KiB and waits a second for the
  // interim answer otherwise.
  void Continue(ApiRequest request) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(ctx_.options.request_timeout);
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this(), request = std::move(request)](beast::error_code ec, std::size_t) mutable {
                        if (ec) return self->Close();
                        self->ReadBody(std::move(request));
                      });
  }

  void ReadBody(ApiRequest request) {
    body_.emplace(std::move(*header_));
    body_->body_limit(ctx_.api.config().max_body_bytes);
    stream_.expires_at(request_start_ + ctx_.options.request_timeout);
    bhttp::async_read(stream_, buffer_, *body_,
                      [self = shared_from_this(), request = std::move(request)](beast::error_code ec, std::size_t) mutable {
                        self->OnBody(ec, std::move(request));
                      });
  }

  void OnBody(beast::error_code ec, ApiRequest request) {
    if (ec == bhttp::error::body_limit) return Send(ErrorResponse(413, "Request body too large"), "", kLinger);
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || (ec && !IsHttpError(ec))) return Close();
    if (ec) return Send(ErrorResponse(400, "Bad request"), "", kLinger);
    request.body = std::move(body_->get().body());
    body_.reset();
    Dispatch(std::move(request), kKeepAlive);
  }

  // Api::Handle on this I/O thread, or on the store threads when there are
  // any (http_server.h); their answer comes back on this connection's strand.
  // The request body (a created or rotated value) and the answer's JSON (a
  // read value) are wiped once used (wipe_json.h).
  void Dispatch(ApiRequest request, Ending ending) {
    if (!ctx_.store_pool) {
      ApiResponse response = HandleSafely(ctx_.api, request);
      WipeString(&request.body);
      return Answer(std::move(response), ending);
    }
    asio::post(*ctx_.store_pool, [self = shared_from_this(), request = std::move(request), ending]() mutable {
      ApiResponse response = HandleSafely(self->ctx_.api, request);
      WipeString(&request.body);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response), ending]() mutable {
        self->Answer(std::move(response), ending);
      });
    });
  }

  void Answer(ApiResponse response, Ending ending) {
    Response res = JsonResponse(response.status, response.body);
    WipeJson(&response.body);
    for (const auto& [name, value] : response.headers) res.set(name, value);
    Send(std::move(res), response.route, ending);
  }

  void SendStatic(Ending ending) {
    auto file = method_ == "GET" && ctx_.web_root ? ctx_.web_root->Find(path_) : std::nullopt;
    if (!file) return Send(ErrorResponse(404, "Not found"), "", ending);
    Response res{bhttp::status::ok, 11};
    res.set(bhttp::field::content_type, file->content_type);
    res.body() = std::move(file->body);
    Send(std::move(res), "", ending);
  }

  // HEAD is not served: no route answers it, and a HEAD answer must not
  // carry the body its headers describe.
  void SendHead(Ending ending) {
    Response res{bhttp::status::method_not_allowed, 11};
    res.content_length(0);
    Send(std::move(res), "", ending);
  }

  void Send(Response res, std::string_view route, Ending ending) {
    const bool api = IsApiPath(path_);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    if (api && res.find(bhttp::field::cache_control) == res.end()) res.set(bhttp::field::cache_control, "no-store");
    if (!api) res.set("Content-Security-Policy", kPageCsp);
    linger_ = ending == kLinger;
    res.keep_alive(keep_alive_ && !linger_);
    if (res.find(bhttp::field::content_length) == res.end()) res.prepare_payload();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - request_start_).count();
    ctx_.Log(method_, route, res.result_int(), ms);
    response_.emplace(std::move(res));
    stream_.expires_after(ctx_.options.request_timeout);
    bhttp::async_write(stream_, *response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      WipeString(&self->response_->body());
      if (ec) return self->Close();
      const bool keep = self->response_->keep_alive();
      self->response_.reset();
      if (self->linger_) return self->Linger();
      if (!keep) return self->Close();
      self->WaitForNext();
    });
  }

  // Half-closes, then reads and drops what the client still sends for up
  // to kLingerTime (into a fixed scratch buffer: nothing accumulates).
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  ServerContext& ctx_;
  beast::tcp_stream stream_;
  beast::basic_flat_buffer<WipingAllocator<char>> buffer_;  // capped at max_header_bytes: a header never grows it further
  std::shared_ptr<void> slot_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_;
  std::optional<bhttp::request_parser<bhttp::string_body>> body_;
  std::optional<Response> response_;
  Clock::time_point request_start_;
  std::string method_;
  std::string path_;
  bool keep_alive_ = false;
  bool linger_ = false;
  std::array<char, 4096> scratch_{};
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string DecodePath(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::string out;
  out.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    const int high = i + 2 < target.size() && target[i] == '%' ? HexValue(target[i + 1]) : -1;
    const int low = high >= 0 ? HexValue(target[i + 2]) : -1;
    if (low < 0) {
      out += target[i];
      continue;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

void ServerContext::Log(std::string_view method, std::string_view route, int status, double ms) {
  if (!options.access_log) return;
  OrderedJson line = {{"time", SystemClock().NowIso8601()},
                      {"method", method},
                      {"route", route.empty() ? "(static or unknown)" : route},
                      {"status", status},
                      {"ms", static_cast<double>(static_cast<long>(ms * 100)) / 100}};
  std::lock_guard<std::mutex> lock(log_mutex);
  *options.access_log << DumpJson(line) << std::endl;
}

std::shared_ptr<void> ConnectionLimits::Acquire(const boost::asio::ip::address& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  int& mine = per_address_[address];
  if (total_ >= max_total_ || mine >= max_per_address_) {
    if (mine == 0) per_address_.erase(address);
    return nullptr;
  }
  ++total_;
  ++mine;
  return std::shared_ptr<void>(this, [address](ConnectionLimits* self) { self->Release(address); });
}

void ConnectionLimits::Release(const boost::asio::ip::address& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  --total_;
  if (--per_address_[address] == 0) per_address_.erase(address);
}

void StartSession(ServerContext& context, boost::asio::ip::tcp::socket socket, std::shared_ptr<void> slot) {
  std::make_shared<Session>(context, std::move(socket), std::move(slot))->ReadHeader();
}

}  // namespace clasp::native::http
