#include "clasp/native/instance_paths.h"

#include "clasp/utf8.h"

namespace clasp::native {
namespace {

std::optional<std::string> NonBlankTrimmed(const EnvVars& vars, const char* name) {
  std::optional<std::string> v = vars.Get(name);
  if (!v || EcmaTrim(*v).empty()) return std::nullopt;
  return std::string(EcmaTrim(*v));
}

bool IsPathSegment(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// <home>: `home_var`, else $HOME/<home_dir>.
Result<std::string> HomeFrom(const EnvVars& vars, FileSystem& fs, const char* home_var, const char* home_dir) {
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return cwd;
  const std::optional<std::string> home = vars.Get("HOME");
  if (std::optional<std::string> raw = NonBlankTrimmed(vars, home_var)) {
    if ((*raw == "~" || raw->rfind("~/", 0) == 0) && home) *raw = *home + raw->substr(1);
    return Result<std::string>::Ok(ResolvePath(*cwd.value, *raw));
  }
  if (home && !home->empty()) return Result<std::string>::Ok(ResolvePath(*cwd.value, *home + "/" + home_dir));
  return FailResult<std::string>(Code::kFileIoError,
                                 std::string("Cannot locate the home directory: set ") + home_var + " or HOME");
}

// <home>/instances/<id>, the id from `id_var`: clasp's and Paperclip's rules
// differ only in names.
Result<std::string> RootFrom(const EnvVars& vars, FileSystem& fs, const char* home_var, const char* home_dir,
                             const char* id_var) {
  Result<std::string> root = HomeFrom(vars, fs, home_var, home_dir);
  if (!root.ok()) return root;
  const std::string id = NonBlankTrimmed(vars, id_var).value_or("default");
  if (!IsPathSegment(id)) {
    return FailResult<std::string>(Code::kFileIoError, std::string("Invalid ") + id_var + " '" + id + "'.");
  }
  return Result<std::string>::Ok(*root.value + "/instances/" + id);
}

}  // namespace

Result<std::string> ClaspHome(const EnvVars& vars, FileSystem& fs) { return HomeFrom(vars, fs, "CLASP_HOME", ".clasp"); }

Result<std::string> InstanceRoot(const EnvVars& vars, FileSystem& fs) {
  return RootFrom(vars, fs, "CLASP_HOME", ".clasp", "CLASP_INSTANCE_ID");
}

Result<std::string> PaperclipInstanceRoot(const EnvVars& vars, FileSystem& fs) {
  return RootFrom(vars, fs, "PAPERCLIP_HOME", ".paperclip", "PAPERCLIP_INSTANCE_ID");
}

Result<std::vector<std::string>> InstanceDirectories(const EnvVars& vars, FileSystem& fs) {
  using R = Result<std::vector<std::string>>;
  Result<std::string> home = ClaspHome(vars, fs);
  if (!home.ok()) return Forward<std::vector<std::string>>(std::move(home));
  Result<std::string> root = InstanceRoot(vars, fs);
  if (!root.ok()) return Forward<std::vector<std::string>>(std::move(root));
  const std::string& r = *root.value;
  return R::Ok({*home.value, *home.value + "/instances", r, r + "/db", r + "/secrets"});
}

Result<std::string> PrepareInstanceDirectory(const EnvVars& vars, FileSystem& fs, std::string_view leaf) {
  Result<std::vector<std::string>> dirs = InstanceDirectories(vars, fs);
  if (!dirs.ok()) return Forward<std::string>(std::move(dirs));
  const std::string target = (*dirs.value)[2] + "/" + std::string(leaf);
  if (auto s = fs.CreateDirectories(ParentDirectory(dirs.value->front()), 0700); !s.ok()) {
    return Forward<std::string>(std::move(s));
  }
  std::vector<Diagnostic> warnings;
  for (const std::string& dir : {(*dirs.value)[0], (*dirs.value)[1], (*dirs.value)[2], target}) {
    Result<KeptPath> kept = fs.KeepDirectory(dir, 0700, Custody::kCreate);
    if (!kept.ok()) return Forward<std::string>(std::move(kept));
    if (kept.value->owned) continue;
    warnings.push_back(MakeDiagnostic(Code::kFileIoError, "",
                                      DirectoryNotOwnedMessage(dir, *kept.value), Severity::kWarning));
  }
  return Result<std::string>::Ok(target, std::move(warnings));
}

std::string PermissionText(std::uint32_t mode) {
  std::string out;
  for (int shift = 6; shift >= 0; shift -= 3) out += static_cast<char>('0' + ((mode >> shift) & 7));
  return out;
}

std::string DirectoryNotOwnedMessage(const std::string& dir, const KeptPath& found) {
  return dir + " belongs to uid " + std::to_string(found.owner) +
         ", not to the running user: clasp leaves its permissions (" + PermissionText(found.mode) + ") as they are";
}

}  // namespace clasp::native
