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

// <home>/instances/<id>, the home from `home_var` (or $HOME/<home_dir>) and
// the id from `id_var`: clasp's and Paperclip's rules differ only in names.
Result<std::string> RootFrom(const EnvVars& vars, FileSystem& fs, const char* home_var, const char* home_dir,
                             const char* id_var) {
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return cwd;
  const std::optional<std::string> home = vars.Get("HOME");
  std::string root;
  if (std::optional<std::string> raw = NonBlankTrimmed(vars, home_var)) {
    if ((*raw == "~" || raw->rfind("~/", 0) == 0) && home) *raw = *home + raw->substr(1);
    root = ResolvePath(*cwd.value, *raw);
  } else if (home && !home->empty()) {
    root = ResolvePath(*cwd.value, *home + "/" + home_dir);
  } else {
    return FailResult<std::string>(Code::kFileIoError,
                                   std::string("Cannot locate the home directory: set ") + home_var + " or HOME");
  }
  const std::string id = NonBlankTrimmed(vars, id_var).value_or("default");
  if (!IsPathSegment(id)) {
    return FailResult<std::string>(Code::kFileIoError, std::string("Invalid ") + id_var + " '" + id + "'.");
  }
  return Result<std::string>::Ok(root + "/instances/" + id);
}

}  // namespace

Result<std::string> InstanceRoot(const EnvVars& vars, FileSystem& fs) {
  return RootFrom(vars, fs, "CLASP_HOME", ".clasp", "CLASP_INSTANCE_ID");
}

Result<std::string> PaperclipInstanceRoot(const EnvVars& vars, FileSystem& fs) {
  return RootFrom(vars, fs, "PAPERCLIP_HOME", ".paperclip", "PAPERCLIP_INSTANCE_ID");
}

}  // namespace clasp::native
