// The shared config/credentials files, credential_process and the web
// identity token file (credentials.h, sources 2 and 3).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"
#include "credential_sources.h"

namespace clasp::native::aws::detail {
namespace {

using Profile = std::map<std::string, std::string>;
using Profiles = std::map<std::string, Profile>;

std::string Trim(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return "";
  std::size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(start, end - start + 1));
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// INI as the SDKs read it: [section], key = value, # and ; comments,
// indented lines under a key with no value (nested settings) ignored. In the
// config file a profile is "[profile NAME]" (or "[default]").
void ParseIni(const std::string& text, bool config_file, Profiles& into) {
  std::istringstream lines(text);
  std::string line;
  Profile* section = nullptr;
  bool nested = false;
  while (std::getline(lines, line)) {
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#' || trimmed[0] == ';') continue;
    if (trimmed.front() == '[' && trimmed.back() == ']') {
      std::string name = Trim(std::string_view(trimmed).substr(1, trimmed.size() - 2));
      if (config_file && name.rfind("profile ", 0) == 0) {
        name = Trim(std::string_view(name).substr(8));
      } else if (config_file && name != "default") {
        section = nullptr;  // [sso-session x], [services x]: not profiles
        continue;
      }
      section = &into[name];
      nested = false;
      continue;
    }
    if (section == nullptr) continue;
    if (nested && (line[0] == ' ' || line[0] == '\t')) continue;
    std::size_t equals = trimmed.find('=');
    if (equals == std::string::npos) continue;
    std::string key = Trim(std::string_view(trimmed).substr(0, equals));
    std::string value = Trim(std::string_view(trimmed).substr(equals + 1));
    nested = value.empty();
    if (!nested) (*section)[key] = value;
  }
}

std::string Home(const ChainContext& context) { return Var(context, "HOME").value_or(""); }

struct SharedFiles {
  Profiles profiles;
  std::string described;  // "~/.aws/config and ~/.aws/credentials" for messages
  bool any = false;
};

SharedFiles LoadSharedFiles(const ChainContext& context) {
  SharedFiles files;
  std::string config = Var(context, "AWS_CONFIG_FILE").value_or(Home(context) + "/.aws/config");
  std::string credentials = Var(context, "AWS_SHARED_CREDENTIALS_FILE").value_or(Home(context) + "/.aws/credentials");
  files.described = config + " and " + credentials;
  if (auto text = ReadFile(config)) {
    ParseIni(*text, true, files.profiles);
    WipeString(&*text);
    files.any = true;
  }
  // The credentials file is read second so its keys win.
  if (auto text = ReadFile(credentials)) {
    ParseIni(*text, false, files.profiles);
    WipeString(&*text);
    files.any = true;
  }
  return files;
}

std::optional<std::string> Get(const Profile& profile, const std::string& key) {
  auto it = profile.find(key);
  if (it == profile.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// Runs `command` through /bin/sh and returns its stdout (at most 1 MiB,
// within 60 s), or why it failed.
Result<std::string> RunProcess(const std::string& command, const std::string& source) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return SourceFailure<std::string>(Code::kProviderNotConfigured, source, "pipe failed");
  pid_t pid = ::fork();
  if (pid < 0) return SourceFailure<std::string>(Code::kProviderNotConfigured, source, "fork failed");
  if (pid == 0) {
    ::dup2(pipe_fds[1], 1);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    ::execv("/bin/sh", const_cast<char**>(argv));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char buffer[4096];
  bool timed_out = false;
  while (out.size() <= (1u << 20)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd poll_fd{pipe_fds[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&poll_fd, 1, static_cast<int>(left.count())) == 0) {
      timed_out = true;
      break;
    }
    ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (got <= 0) break;
    out.append(buffer, static_cast<std::size_t>(got));
  }
  Wipe(buffer, sizeof buffer);
  ::close(pipe_fds[0]);
  if (timed_out || out.size() > (1u << 20)) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (timed_out) {
    WipeString(&out);
    return SourceFailure<std::string>(Code::kProviderNotConfigured, source, "credential_process ran past 60 s");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    WipeString(&out);
    return SourceFailure<std::string>(Code::kProviderNotConfigured, source,
                                      "credential_process failed (exit status " +
                                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
  return Result<std::string>::Ok(std::move(out));
}

Result<ResolvedCredentials> FromProcess(const std::string& command, const std::string& source) {
  Result<std::string> output = RunProcess(command, source);
  if (!output.ok()) return Forward<ResolvedCredentials>(std::move(output));
  Result<ResolvedCredentials> parsed = CredentialsFromJson(*output.value, source);
  WipeString(&*output.value);
  return parsed;
}

std::string SessionName(const ChainContext& context, const Profile& profile) {
  if (auto name = Get(profile, "role_session_name")) return *name;
  return "clasp-" + std::to_string(context.clock_seconds());
}

Result<ResolvedCredentials> ResolveProfile(const ChainContext& context, const SharedFiles& files,
                                           const std::string& name, std::set<std::string>& visiting) {
  std::string source = "profile " + name;
  auto found = files.profiles.find(name);
  if (found == files.profiles.end()) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source, "the profile is not in " + files.described);
  }
  const Profile& profile = found->second;
  if (!visiting.insert(name).second) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source, "source_profile loops back to itself");
  }
  auto key = Get(profile, "aws_access_key_id");
  auto secret = Get(profile, "aws_secret_access_key");
  if (auto role = Get(profile, "role_arn")) {
    auto source_profile = Get(profile, "source_profile");
    if (!source_profile) {
      return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source,
                                                "role_arn needs source_profile (credential_source is not supported)");
    }
    // A source profile's own static keys sign the AssumeRole, even when it
    // names a role of its own (the SDKs' rule for the first hop).
    Result<ResolvedCredentials> base = [&]() -> Result<ResolvedCredentials> {
      if (*source_profile == name && key && secret) {
        return Result<ResolvedCredentials>::Ok({{*key, *secret, Get(profile, "aws_session_token").value_or("")}, std::nullopt, source});
      }
      return ResolveProfile(context, files, *source_profile, visiting);
    }();
    if (!base.ok()) return base;
    return StsAssumeRole(context, base.value->credentials, *role, SessionName(context, profile), source + " (assume role)");
  }
  if (key && secret) {
    return Result<ResolvedCredentials>::Ok(
        {{*key, *secret, Get(profile, "aws_session_token").value_or("")}, std::nullopt, source + " (static keys)"});
  }
  if (auto command = Get(profile, "credential_process")) return FromProcess(*command, source + " (credential_process)");
  return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source,
                                            "the profile has no static keys, role_arn or credential_process");
}

}  // namespace

SourceResult FromProfile(const ChainContext& context) {
  std::optional<std::string> named = Var(context, "AWS_PROFILE");
  SharedFiles files = LoadSharedFiles(context);
  std::string name = named.value_or("default");
  // Without AWS_PROFILE a missing or empty default profile is "not configured".
  if (!named && (!files.any || files.profiles.find(name) == files.profiles.end())) return std::nullopt;
  std::set<std::string> visiting;
  return ResolveProfile(context, files, name, visiting);
}

SourceResult FromWebIdentity(const ChainContext& context) {
  std::optional<std::string> token_file = Var(context, "AWS_WEB_IDENTITY_TOKEN_FILE");
  std::optional<std::string> role = Var(context, "AWS_ROLE_ARN");
  if (!token_file || !role) return std::nullopt;
  std::optional<std::string> token = ReadFile(*token_file);
  if (!token) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, "web identity",
                                              "cannot read AWS_WEB_IDENTITY_TOKEN_FILE " + *token_file);
  }
  std::string session = Var(context, "AWS_ROLE_SESSION_NAME").value_or("clasp-" + std::to_string(context.clock_seconds()));
  Result<ResolvedCredentials> out = StsAssumeRoleWithWebIdentity(context, *role, session, Trim(*token), "web identity");
  WipeString(&*token);
  return out;
}

}  // namespace clasp::native::aws::detail
