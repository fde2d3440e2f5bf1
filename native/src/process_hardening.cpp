#include "clasp/native/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace clasp::native {

Status HardenProcessMemory() {
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return FailStatus(Code::kFileIoError, std::string("prctl(PR_SET_DUMPABLE, 0) failed: ") + std::strerror(errno));
  }
  struct rlimit core {};
  if (::getrlimit(RLIMIT_CORE, &core) != 0) {
    return FailStatus(Code::kFileIoError, std::string("getrlimit(RLIMIT_CORE) failed: ") + std::strerror(errno));
  }
  core.rlim_cur = 0;
  if (::setrlimit(RLIMIT_CORE, &core) != 0) {
    return FailStatus(Code::kFileIoError, std::string("setrlimit(RLIMIT_CORE, 0) failed: ") + std::strerror(errno));
  }
  return OkStatus();
}

}  // namespace clasp::native
