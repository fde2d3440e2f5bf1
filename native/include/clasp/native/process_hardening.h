// clasp/native/process_hardening.h — keeping a process's memory to itself.
//
// `clasp serve` and `clasp run-env` hold decrypted values in memory. At
// start, before any key is read, both call HardenProcessMemory:
// * prctl(PR_SET_DUMPABLE, 0): no core file is written, and another process
//   of the same user can neither ptrace this one nor read /proc/PID/mem
//   (its /proc/PID entries then belong to root);
// * RLIMIT_CORE's soft limit 0: no core file even where dumpable comes back
//   (execve resets it: run-env's COMMAND inherits the limit, and may raise
//   it again up to the unchanged hard limit if it wants cores).
//   HardenProcessMemory() -> ok; then prctl(PR_GET_DUMPABLE) == 0 and
//   /proc/self/limits reads "Max core file size 0 …"
#pragma once

#include "clasp/native/status.h"

namespace clasp::native {

// kFileIoError naming the call that failed (neither fails on Linux for an
// unprivileged process; the commands refuse to run without it).
Status HardenProcessMemory();

}  // namespace clasp::native
