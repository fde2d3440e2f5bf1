// clasp/native/masked_exec.h — running a command with its output masked.
//
// `clasp run-env --exec` hands a command the secrets of a run; what the
// command prints goes through the core's masker (masker.h) so no value
// reaches a transcript or a log. The command is a child of clasp:
// - stdout and stderr that are not terminals become pipes that clasp reads
//   and writes out masked, each as it comes (a line whose end begins no
//   form is written at once). When both are the same file (`>log 2>&1`, one
//   pipe to a supervisor) the child gets one pipe for both, so their
//   interleaving is exactly the child's; otherwise it is what two pipes
//   can tell, as for any process that captures both.
// - A stream that is a terminal is left to the child as it is, unmasked:
//   masking it faithfully needs a pseudo-terminal between them, which clasp
//   does not have yet (a program that asks isatty() would otherwise change
//   its behaviour). clasp says so on stderr once.
// - stdin is the child's own.
// - SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 sent to clasp are forwarded to the
//   child; SIGINT and SIGQUIT are ignored by clasp while the child runs, as
//   system(3) does (a terminal sends them to both already).
// - clasp exits with the child's status; a child killed by a signal makes
//   clasp die of the same signal (core files stay off: process_hardening.h).
// A command that cannot be run at all is reported as execvp's errno, with
// nothing of the command's started.
#pragma once

#include <string>
#include <vector>

#include "clasp/masker.h"
#include "clasp/native/status.h"

namespace clasp::native {

struct MaskedExecResult {
  bool started = false;   // false: exec_errno says why the command did not run
  int exec_errno = 0;
  int exit_status = 0;    // the child's exit status when it exited
  int signal = 0;         // the signal that killed it, or 0
  bool masked_stdout = false;
  bool masked_stderr = false;
};

// Runs argv (argv[0] looked up in PATH) with exactly `envp`, masking its
// output with `masker` as above, and waits for it. Fails only when clasp
// cannot set the plumbing up (pipe, fork, signalfd).
//   RunMasked(m, {"sh","-c","echo sk-live-1234"}, env) -> prints "***K\n", exit_status 0
Result<MaskedExecResult> RunMasked(const Masker& masker, const std::vector<std::string>& argv,
                                   std::vector<std::string>& envp);

// Ends clasp the way the child ended: exit(status), or the same signal.
[[noreturn]] void ExitLikeChild(const MaskedExecResult& result);

}  // namespace clasp::native
