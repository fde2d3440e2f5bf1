// clasp doctor: the instance's health in one pass (native/doctor.h).
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "clasp/native/doctor.h"
#include "clasp/strict_mode.h"
#include "command_table.h"
#include "commands.h"

namespace clasp::cli {
namespace {

constexpr const char* kCommand = "doctor";

constexpr const char* kUsage =
    "usage: clasp doctor [--home DIR] [--database-url URL] [--deployment-mode local_trusted|authenticated] [--json]\n"
    "Checks the master key (presence, permissions, validity), strict secret mode for the deployment\n"
    "mode, the store (SQLite under CLASP_HOME / --home, or PostgreSQL with --database-url /\n"
    "DATABASE_URL: reachable and migrated), every company's provider vaults, and env refs against\n"
    "binding rows (details: clasp bindings check). Changes nothing: no key file, store or health\n"
    "row is created. One line per check, or one JSON document with --json.\n"
    "Exit: 0 healthy (warnings allowed), 1 an error or a binding desync, 2 usage error, 3 the store\n"
    "could not be read (unreachable database, unreadable or too new a file).\n";

void PrintHuman(const std::vector<native::DoctorCheck>& checks) {
  for (const native::DoctorCheck& check : checks) {
    const Colour colour = check.status == "ok" ? Colour::kGreen : check.status == "warn" ? Colour::kYellow : Colour::kRed;
    std::cout << Paint(STDOUT_FILENO, colour, check.status) << std::string(6 - check.status.size(), ' ') << check.name
              << std::string(check.name.size() < 16 ? 16 - check.name.size() : 1, ' ') << TerminalSafe(check.message)
              << "\n";
    // The master key's warnings, the vaults and companies that need a look.
    if (auto w = check.details.find("warnings"); w != check.details.end() && w->is_array()) {
      for (const auto& warning : *w) {
        if (warning.is_string()) std::cout << "      - " << TerminalSafe(warning.get<std::string>()) << "\n";
      }
    }
    if (check.name == "provider_vaults" && check.details.contains("companies")) {
      for (const auto& company : check.details["companies"]) {
        for (const auto& vault : company.value("vaults", OrderedJson::array())) {
          if (vault.value("doctorStatus", "ok") == "ok") continue;
          std::cout << "      - " << TerminalSafe(company.value("companyName", "")) << " / "
                    << TerminalSafe(vault.value("displayName", "")) << " (" << vault.value("provider", "")
                    << "): " << TerminalSafe(vault["health"].value("message", "")) << "\n";
        }
      }
    }
    if (check.name == "bindings" && check.details.contains("companies")) {
      for (const auto& company : check.details["companies"]) {
        std::cout << "      - company " << TerminalSafe(company.value("companyId", "")) << ":";
        for (const auto& [code, count] : company["counts"].items()) std::cout << " " << code << "=" << count;
        std::cout << "\n";
      }
    }
  }
}

}  // namespace

const char* DoctorHelp() { return kUsage; }

int RunDoctor(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (!args.positionals.empty()) return UsageError(kCommand, "doctor takes no positional arguments");

  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  if (auto mode = args.Value("deployment-mode")) {
    if (!ParseDeploymentMode(*mode)) return UsageError(kCommand, "unknown deployment mode '" + *mode + "'");
    overrides["PAPERCLIP_DEPLOYMENT_MODE"] = *mode;
  }
  const native::MapEnvVars vars = ProcessEnvWith(overrides);
  native::DoctorOptions options;
  options.database_url = args.Value("database-url");
  const std::vector<native::DoctorCheck> checks = native::RunDoctor(vars, native::PosixFileSystem(), options);
  if (args.Has("json")) {
    std::cout << DumpJson(native::DoctorJson(checks), 2) << "\n";
  } else {
    PrintHuman(checks);
  }
  if (native::DoctorIncomplete(checks)) return kExitRuntime;
  return native::DoctorHealthy(checks) ? kExitOk : kExitProblems;
}

}  // namespace clasp::cli
