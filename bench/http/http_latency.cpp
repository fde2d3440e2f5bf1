// clasp-http-latency URL — sequential keep-alive latency of `clasp serve`:
// sets up a company, a secret, an agent bound to it and an agent token,
// then times N PATCHes of the agent's env (validation + binding sync) and
// N agent secret resolves (binding check + decrypt + access event).
// Prints one JSON object, plus "TOKEN=<token>" on stderr for wrk.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "clasp/json_input.h"

namespace {

using clasp::OrderedJson;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// One keep-alive connection, reopened if the server closes it.
class Client {
 public:
  explicit Client(const std::string& url) {
    const std::string rest = url.substr(url.find("://") + 3);
    const std::size_t colon = rest.rfind(':');
    host_ = rest.substr(0, colon);
    port_ = colon == std::string::npos ? "80" : rest.substr(colon + 1, rest.find('/', colon) - colon - 1);
  }

  bhttp::response<bhttp::string_body> Send(bhttp::request<bhttp::string_body>& req) {
    if (!stream_.socket().is_open()) Connect();
    req.set(bhttp::field::host, host_ + ":" + port_);
    req.prepare_payload();
    beast::error_code ec;
    bhttp::write(stream_, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(stream_, buffer_, res, ec);
    if (ec) {
      std::cerr << req.method_string() << " " << req.target() << " failed: " << ec.message() << "\n";
      std::exit(2);
    }
    if (!res.keep_alive()) stream_.close();
    return res;
  }

 private:
  void Connect() {
    beast::error_code ec;
    asio::ip::tcp::resolver resolver(ioc_);
    const auto endpoints = resolver.resolve(host_, port_, ec);
    if (!ec) stream_.connect(endpoints, ec);
    if (!ec) stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    if (ec) {
      std::cerr << "cannot connect to " << host_ << ":" << port_ << ": " << ec.message() << "\n";
      std::exit(2);
    }
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  std::string host_;
  std::string port_;
};

OrderedJson Call(Client& client, const std::string& method, const std::string& path, const OrderedJson& body,
                 const std::string& token, int expect) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), path, 11};
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  if (!body.is_null()) {
    req.set(bhttp::field::content_type, "application/json");
    req.body() = clasp::DumpJson(body);
  }
  auto res = client.Send(req);
  if (res.result_int() != static_cast<unsigned>(expect)) {
    std::cerr << method << " " << path << " failed: " << res.result_int() << " " << res.body() << "\n";
    std::exit(2);
  }
  auto parsed = clasp::ParseJson(res.body());
  return parsed.ok() ? *parsed.value : OrderedJson();
}

OrderedJson Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  return {{"n", ms.size()}, {"p50_ms", at(0.50)}, {"p99_ms", at(0.99)}, {"max_ms", ms.back()}};
}

template <typename F>
std::vector<double> Time(int n, F&& f) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f(i);
    out.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: clasp-http-latency URL [N]\n";
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 1000;
  Client client(argv[1]);
  const std::string company = Call(client, "POST", "/api/companies", {{"name", "Bench"}}, "", 201)["id"];
  const std::string secret =
      Call(client, "POST", "/api/companies/" + company + "/secrets", {{"name", "OpenAI"}, {"value", "sk-bench-value"}}, "", 201)["id"];
  const OrderedJson ref = {{"type", "secret_ref"}, {"secretId", secret}};
  const std::string agent = Call(client, "POST", "/api/companies/" + company + "/agents",
                                 {{"name", "Bench agent"}, {"adapterConfig", {{"env", {{"OPENAI_API_KEY", ref}}}}}}, "", 201)["id"];
  const std::string token = Call(client, "POST", "/api/agents/" + agent + "/keys", OrderedJson::object(), "", 201)["token"];
  const auto patch = Time(n, [&](int i) {
    OrderedJson env = {{"OPENAI_API_KEY", ref}, {"LOG_LEVEL", i % 2 ? "debug" : "info"}};
    Call(client, "PATCH", "/api/agents/" + agent, {{"adapterConfig", {{"env", env}}}}, "", 200);
  });
  const auto resolve = Time(n, [&](int) {
    Call(client, "POST", "/api/agents/me/secrets/openai/value", OrderedJson::object(), token, 200);
  });
  std::cout << clasp::DumpJson({{"patch_agent_env", Percentiles(patch)}, {"agent_resolve", Percentiles(resolve)}}) << "\n";
  std::cerr << "TOKEN=" << token << "\n";
  return 0;
}
