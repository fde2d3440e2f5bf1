// clasp redact: a transcript or a log masked with the values an agent's
// run gets (run_mask.h), streamed from files or stdin to stdout.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli.h"
#include "clasp/native/process_hardening.h"
#include "clasp/native/run_mask.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "redact";

constexpr const char* kUsage =
    "usage: clasp redact --agent NAME|ID [--project NAME|ID] [--home DIR | --database-url URL] [--report] [--json]\n"
    "                    [FILE...]\n"
    "Prints FILE (each in turn; none or \"-\": stdin) with every value the agent's (and project's)\n"
    "runs may have had replaced by ***KEY: raw, URL-, JSON-, hex- or base64-encoded (values of 6 bytes\n"
    "or more). That is every version of each secret their env references, whatever its status now and\n"
    "whether or not a binding row grants it: a transcript may predate a rotation. The values are read\n"
    "with one access event per version (actor system \"cli\"), kept in memory only, and wiped when done.\n"
    "What cannot be masked (short values, user secrets, external references) is said on stderr.\n"
    "--report: also which secrets occurred (env key, secret id, version, count; never a value), so you\n"
    "know what to rotate; --json: that report as JSON.\n"
    "Exit: 0 no value occurred, 1 some value occurred, 2 usage error or an unknown agent or project,\n"
    "3 runtime error (the store, an unreadable FILE).\n";

constexpr std::size_t kReadSize = 64 * 1024;

void WriteAll(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Masks one input to stdout, adding its counts; false (said on stderr)
// when it cannot be read.
bool MaskFile(const Masker& masker, const std::string& path, std::vector<std::uint64_t>& counts) {
  const bool standard_input = path == "-";
  const int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "clasp redact: cannot open " << TerminalSafe(path) << ": " << std::strerror(errno) << "\n";
    return false;
  }
  MaskStream stream(masker);
  std::string in(kReadSize, '\0');
  std::string out;
  bool ok = true;
  for (;;) {
    const ssize_t n = ::read(fd, in.data(), in.size());
    if (n < 0 && errno == EINTR) continue;
    out.clear();
    if (n <= 0) {
      if (n < 0) {
        std::cerr << "clasp redact: cannot read " << TerminalSafe(path) << ": " << std::strerror(errno) << "\n";
        ok = false;
      }
      stream.Finish(out);
      WriteAll(out);
      break;
    }
    stream.Feed(std::string_view(in.data(), static_cast<std::size_t>(n)), out);
    WriteAll(out);
  }
  if (!standard_input) ::close(fd);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += stream.counts()[i];
  return ok;
}

// "KEY (secret S v2)"; a user_secret_ref has no secret id.
std::string Source(const OrderedJson& entry) {
  std::string out = TerminalSafe(entry["envKey"].get<std::string>());
  if (!entry["secretId"].is_string()) return out;
  out += " (secret " + entry["secretId"].get<std::string>();
  if (entry.contains("version")) out += " v" + std::to_string(entry["version"].get<int>());
  return out + ")";
}

// The occurrences only with --report; what could not be masked always, so
// a transcript is never taken for clean when it was not checked for a value.
void PrintReport(const OrderedJson& report, bool occurrences) {
  if (occurrences) {
    for (const auto& o : report["occurrences"]) {
      const auto count = o["count"].get<std::uint64_t>();
      std::cerr << "clasp redact: " << Source(o) << " occurred " << count << " time" << (count == 1 ? "" : "s")
                << ": rotate it\n";
    }
  }
  for (const auto& u : report["unmasked"]) {
    std::cerr << "clasp redact: " << Source(u) << " not masked: " << TerminalSafe(u["reason"].get<std::string>()) << "\n";
  }
  if (occurrences && report["occurrences"].empty()) std::cerr << "clasp redact: no secret value occurred\n";
}

}  // namespace

const char* RedactHelp() { return kUsage; }

int RunRedact(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  const auto agent = args.Value("agent");
  if (!agent || agent->empty()) return UsageError(kCommand, "redact needs --agent");
  if (args.Value("home") && args.Value("database-url")) return UsageError(kCommand, "give --home or --database-url, not both");
  if (args.Has("json") && !args.Has("report")) return UsageError(kCommand, "--json needs --report");
  if (auto hardened = HardenProcessMemory(); !hardened.ok()) return RuntimeFailure(kCommand, hardened.diagnostics);

  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  const MapEnvVars vars = ProcessEnvWith(overrides);
  auto store = OpenExistingStore(vars, args.Value("database-url"), true);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom(),
                                        StoreKeyHome(vars, args.Value("database-url")));
  auto ids = ResolveRunTarget(**store.value, *agent, args.Value("project"));
  if (!ids.ok()) return RuntimeFailure(kCommand, ids.diagnostics);
  RunEnvRequest request{ids.value->agent_id, ids.value->project_id};
  request.actor_type = "system";
  request.actor_id = "cli";
  auto mask = BuildRunMask(**store.value, *ciphers, SystemRandom(), SystemClock(), request);
  ciphers.reset();
  store.value->reset();
  if (!mask.ok()) return RuntimeFailure(kCommand, mask.diagnostics);
  std::vector<std::string> files = args.positionals;
  if (files.empty()) files.push_back("-");
  std::vector<std::uint64_t> counts(mask.value->masker.secret_count(), 0);
  bool readable = true;
  for (const std::string& f : files) readable = MaskFile(mask.value->masker, f, counts) && readable;
  const OrderedJson report = RunMaskReportJson(*mask.value, counts);
  if (args.Has("json")) {
    std::cerr << DumpJson(report, 2) << "\n";
  } else {
    PrintReport(report, args.Has("report"));
  }
  if (!readable) return kExitRuntime;
  return report["occurrences"].empty() ? kExitOk : kExitProblems;
}

}  // namespace clasp::cli
