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

}  // namespace

Result<std::string> InstanceRoot(const EnvVars& vars, FileSystem& fs) {
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return cwd;
  const std::optional<std::string> home = vars.Get("HOME");
  std::string root;
  if (std::optional<std::string> raw = NonBlankTrimmed(vars, "CLASP_HOME")) {
    if ((*raw == "~" || raw->rfind("~/", 0) == 0) && home) *raw = *home + raw->substr(1);
    root = ResolvePath(*cwd.value, *raw);
  } else if (home && !home->empty()) {
    root = ResolvePath(*cwd.value, *home + "/.clasp");
  } else {
    return FailResult<std::string>(Code::kFileIoError, "Cannot locate clasp's home: set CLASP_HOME or HOME");
  }
  const std::string id = NonBlankTrimmed(vars, "CLASP_INSTANCE_ID").value_or("default");
  if (!IsPathSegment(id)) return FailResult<std::string>(Code::kFileIoError, "Invalid CLASP_INSTANCE_ID '" + id + "'.");
  return Result<std::string>::Ok(root + "/instances/" + id);
}

}  // namespace clasp::native
