// clasp serve: Paperclip's secrets API (api.h) on 127.0.0.1.
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "cli.h"
#include "clasp/native/http_guard.h"
#include "clasp/native/http_server.h"
#include "clasp/native/process_hardening.h"
#include "clasp/native/serve_resources.h"
#include "clasp/utf8.h"
#include "command_table.h"
#include "commands.h"
#include "embedded_page.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "serve";

constexpr const char* kUsage =
    "usage: clasp serve [--port N] [--host ADDR] [--home DIR] [--database-url URL]\n"
    "                   [--deployment-mode local_trusted|authenticated] [--board-token-file FILE]\n"
    "                   [--web-root DIR] [--threads N] [--store-threads N]\n"
    "                   [--allowed-hostname HOST]... [--trust-proxy]\n"
    "                   [--header-timeout-ms MS] [--request-timeout-ms MS] [--idle-timeout-ms MS]\n"
    "Serves Paperclip's secrets API under /api and the web demo at /: the page compiled\n"
    "into this binary, or the files under --web-root DIR (for working on the page). Binds\n"
    "127.0.0.1:3100 by default; another address needs\n"
    "--deployment-mode authenticated. Storage: SQLite under the home dir (CLASP_HOME,\n"
    "default ~/.clasp), or PostgreSQL with --database-url / DATABASE_URL. Authenticated\n"
    "mode requires a board token (CLASP_BOARD_TOKEN or --board-token-file) on every board\n"
    "route; strict secret mode follows PAPERCLIP_SECRETS_STRICT_MODE and is on by default\n"
    "when authenticated. Requests whose Host is not localhost, 127.0.0.1, ::1, the --host\n"
    "address or an --allowed-hostname are refused (403); --trust-proxy reads X-Forwarded-Host\n"
    "instead. --threads: I/O threads, which also run the store calls (default: one per core);\n"
    "--store-threads N: N threads of their own for store calls (for a far-away PostgreSQL).\n"
    "Limits: headers 16 KiB (431), body 1 MiB\n"
    "(413), 1,024 connections and 64 per client address; timeouts: header 10 s, request\n"
    "30 s, keep-alive idle 5 s. Stops cleanly on SIGINT/SIGTERM.\n";

// --port, the thread counts and the timeouts; an error message if one is off.
std::optional<std::string> ReadNumbers(const Args& args, HttpServerOptions& options) {
  const auto number = [&](const char* flag, long low, long high, long fallback) -> std::optional<long> {
    const auto text = args.Value(flag);
    if (!text) return fallback;
    std::size_t used = 0;
    long value = 0;
    try {
      value = std::stol(*text, &used);
    } catch (...) {
      return std::nullopt;
    }
    if (used != text->size() || value < low || value > high) return std::nullopt;
    return value;
  };
  const auto port = number("port", 0, 65535, 3100);
  const auto threads = number("threads", 1, 256, 0);
  const auto store_threads = number("store-threads", 1, 256, 0);
  const auto header = number("header-timeout-ms", 1, 600'000, options.header_timeout.count());
  const auto request = number("request-timeout-ms", 1, 600'000, options.request_timeout.count());
  const auto idle = number("idle-timeout-ms", 1, 600'000, options.idle_timeout.count());
  if (!port || !threads || !store_threads || !header || !request || !idle) {
    return "--port takes 0..65535, --threads and --store-threads 1..256, the timeouts 1..600000 ms";
  }
  options.port = static_cast<int>(*port);
  options.threads = static_cast<int>(*threads);
  options.store_threads = static_cast<int>(*store_threads);
  options.header_timeout = std::chrono::milliseconds(*header);
  options.request_timeout = std::chrono::milliseconds(*request);
  options.idle_timeout = std::chrono::milliseconds(*idle);
  return std::nullopt;
}

// Where "/" comes from, for the startup line.
std::string PageSource(const HttpServerOptions& options) {
  if (options.web_root) return "page: " + *options.web_root;
  if (options.embedded_page.empty()) return "page: none (built without the web page; --web-root DIR serves one)";
  return "page: embedded (" + std::to_string(options.embedded_page.size()) + " files)";
}

std::optional<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::string(EcmaTrim(text));
}

}  // namespace

const char* ServeHelp() { return kUsage; }

int RunServe(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (!args.positionals.empty()) return UsageError(kCommand, "serve takes no positional arguments");
  // Before anything holds a key or a value (process_hardening.h).
  if (auto hardened = HardenProcessMemory(); !hardened.ok()) return RuntimeFailure(kCommand, hardened.diagnostics);

  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  if (auto mode = args.Value("deployment-mode")) overrides["PAPERCLIP_DEPLOYMENT_MODE"] = *mode;
  static MapEnvVars vars = ProcessEnvWith(overrides);

  StrictModeInputs inputs;
  inputs.env_strict_mode = vars.Get("PAPERCLIP_SECRETS_STRICT_MODE");
  inputs.env_deployment_mode = vars.Get("PAPERCLIP_DEPLOYMENT_MODE");
  if (inputs.env_deployment_mode && !ParseDeploymentMode(*inputs.env_deployment_mode)) {
    return UsageError(kCommand, "unknown deployment mode '" + *inputs.env_deployment_mode + "'");
  }
  auto strict = ResolveStrictMode(inputs);
  if (!strict.ok()) return UsageError(kCommand, strict.diagnostics.empty() ? "invalid strict mode" : strict.diagnostics[0].message);

  ApiConfig config;
  config.mode = strict.value->deployment_mode;
  config.strict_mode = strict.value->strict_mode;
  if (auto file = args.Value("board-token-file")) {
    config.board_token = ReadTokenFile(*file);
    if (!config.board_token) return UsageError(kCommand, "cannot read --board-token-file " + *file);
  } else if (auto token = vars.Get("CLASP_BOARD_TOKEN")) {
    config.board_token = std::string(EcmaTrim(*token));
  }
  if (config.board_token && config.board_token->size() < 16) {
    return UsageError(kCommand, "the board token must be at least 16 characters");
  }
  if (config.mode == DeploymentMode::kAuthenticated && !config.board_token) {
    return UsageError(kCommand, "authenticated mode needs a board token (CLASP_BOARD_TOKEN or --board-token-file)");
  }

  HttpServerOptions options;
  options.host = args.Value("host").value_or("127.0.0.1");
  if (!IsLoopbackBindHost(options.host) && config.mode != DeploymentMode::kAuthenticated) {
    return UsageError(kCommand, "refusing to listen on " + options.host +
                                  " without authentication: use --deployment-mode authenticated");
  }
  if (auto bad = ReadNumbers(args, options)) return UsageError(kCommand, *bad);
  options.allowed_hostnames = args.All("allowed-hostname");
  options.trust_proxy = args.Has("trust-proxy");
  options.web_root = args.Value("web-root");
  options.embedded_page = EmbeddedPage();
  options.access_log = &std::cerr;

  // Signals go to one waiting thread, which stops the server: Stop() is not
  // async-signal-safe. Blocked here, before the server's threads start, so
  // every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto resources = ServeResources::Open(vars, PosixFileSystem(), args.Value("database-url"));
  if (!resources.ok()) {
    std::cerr << "clasp serve: cannot open storage\n";
    return RuntimeFailure(kCommand, resources.diagnostics);
  }
  Api api(config, **resources.value, SystemRandom(), SystemClock());
  auto server = HttpServer::Bind(api, options);
  if (!server.ok()) return RuntimeFailure(kCommand, server.diagnostics);
  HttpServer& http = **server.value;
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "clasp serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
    http.Stop();
  });
  const bool ipv6 = options.host.find(':') != std::string::npos;
  std::cout << "clasp serve: listening on http://" << (ipv6 ? "[" + options.host + "]" : options.host) << ":" << http.port() << " ("
            << (*resources.value)->store_kind() << " " << (*resources.value)->store_description() << ", "
            << DeploymentModeName(config.mode) << ", strict mode " << (config.strict_mode ? "on" : "off") << "; "
            << PageSource(options) << ")" << std::endl;
  http.Run();
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return kExitOk;
}

}  // namespace clasp::cli
