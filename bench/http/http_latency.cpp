// clasp-http-latency URL — sequential keep-alive latency of `clasp serve`:
// sets up a company, a secret, an agent bound to it and an agent token,
// then times N PATCHes of the agent's env (validation + binding sync) and
// N agent secret resolves (binding check + decrypt + access event).
// Prints one JSON object, plus "TOKEN=<token>" on stderr for wrk.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "clasp/json_input.h"

namespace {

using clasp::OrderedJson;

OrderedJson Call(httplib::Client& client, const std::string& method, const std::string& path, const OrderedJson& body,
                 const std::string& token, int expect) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  const std::string text = body.is_null() ? "" : clasp::DumpJson(body);
  httplib::Result r = method == "POST"    ? client.Post(path.c_str(), headers, text, "application/json")
                      : method == "PATCH" ? client.Patch(path.c_str(), headers, text, "application/json")
                                          : client.Get(path.c_str(), headers);
  if (!r || r->status != expect) {
    std::cerr << method << " " << path << " failed: " << (r ? std::to_string(r->status) + " " + r->body : "no response")
              << "\n";
    std::exit(2);
  }
  auto parsed = clasp::ParseJson(r->body);
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
  httplib::Client client(argv[1]);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
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
