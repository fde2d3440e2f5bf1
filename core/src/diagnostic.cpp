#include "clasp/diagnostic.h"

namespace clasp {

std::string_view CodeName(Code code) {
  switch (code) {
#define CLASP_X(name, str, status) \
  case Code::name:                 \
    return str;
    CLASP_DIAGNOSTIC_CODES(CLASP_X)
#undef CLASP_X
  }
  return "unknown";
}

int DefaultHttpStatus(Code code) {
  switch (code) {
#define CLASP_X(name, str, status) \
  case Code::name:                 \
    return status;
    CLASP_DIAGNOSTIC_CODES(CLASP_X)
#undef CLASP_X
  }
  return 500;
}

const std::vector<Code>& AllCodes() {
  static const std::vector<Code> kAll = {
#define CLASP_X(name, str, status) Code::name,
      CLASP_DIAGNOSTIC_CODES(CLASP_X)
#undef CLASP_X
  };
  return kAll;
}

Diagnostic MakeDiagnostic(Code code, std::string path, std::string message, Severity severity) {
  return Diagnostic{code, std::move(path), std::move(message), DefaultHttpStatus(code), severity};
}

std::string JsonPointerAppend(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace clasp
