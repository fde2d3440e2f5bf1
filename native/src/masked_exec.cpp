// A command run as clasp's child with its stdout and stderr masked
// (masked_exec.h): pipes, a signalfd for forwarding, and one MaskStream per
// pipe.
#include "clasp/native/masked_exec.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace clasp::native {
namespace {

constexpr std::array<int, 4> kForwarded = {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
constexpr std::array<int, 2> kIgnored = {SIGINT, SIGQUIT};
constexpr std::size_t kReadSize = 64 * 1024;

struct Pipe {
  int read = -1;
  int write = -1;
};

void Close(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool OpenPipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p.read = fds[0];
  p.write = fds[1];
  return true;
}

// Whether fd is open and not a terminal: what is masked.
bool Maskable(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && ::isatty(fd) != 1;
}

bool SameFile(int a, int b) {
  struct stat sa {}, sb {};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Writes everything (a short write or EINTR is retried); a closed reader
// raises SIGPIPE in clasp as it would have in the child.
void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

struct Relay {
  int from;
  int to;
  MaskStream stream;
};

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kForwarded) sigaddset(&set, s);
  for (int s : kIgnored) sigaddset(&set, s);
  sigaddset(&set, SIGCHLD);
  return set;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void StartChild(const sigset_t& old_mask, const Pipe& out, const Pipe& err, bool shared, int report,
                             char* const* argv, char* const* envp) {
  ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  if (out.write >= 0) ::dup2(out.write, STDOUT_FILENO);
  if (shared) ::dup2(out.write, STDERR_FILENO);
  if (err.write >= 0) ::dup2(err.write, STDERR_FILENO);
  ::execvpe(argv[0], argv, envp);
  const int error = errno;
  [[maybe_unused]] ssize_t ignored = ::write(report, &error, sizeof error);
  ::_exit(127);
}

// The exec's outcome: 0 once the report pipe closes on exec, else errno.
int ExecErrno(int report) {
  int error = 0;
  ssize_t n;
  do {
    n = ::read(report, &error, sizeof error);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof error) ? error : 0;
}

void HandleSignal(int signal_fd, pid_t child) {
  signalfd_siginfo info{};
  if (::read(signal_fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return;
  for (int s : kForwarded) {
    if (static_cast<int>(info.ssi_signo) == s) ::kill(child, s);
  }
}

void Pump(std::vector<Relay>& relays, int signal_fd, pid_t child) {
  std::string in(kReadSize, '\0');
  std::string out;
  std::size_t open = relays.size();
  while (open > 0) {
    std::vector<pollfd> fds{{signal_fd, POLLIN, 0}};
    for (Relay& r : relays) fds.push_back({r.from, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents & POLLIN) HandleSignal(signal_fd, child);
    for (std::size_t i = 0; i < relays.size(); ++i) {
      Relay& r = relays[i];
      if (r.from < 0 || !(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(r.from, in.data(), in.size());
      if (n < 0 && errno == EINTR) continue;
      out.clear();
      if (n > 0) {
        r.stream.Feed(std::string_view(in.data(), static_cast<std::size_t>(n)), out);
      } else {
        r.stream.Finish(out);
        Close(r.from);
        --open;
      }
      WriteAll(r.to, out);
    }
  }
}

int WaitFor(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

Result<MaskedExecResult> RunMasked(const Masker& masker, const std::vector<std::string>& argv,
                                   std::vector<std::string>& envp) {
  MaskedExecResult result;
  result.masked_stdout = Maskable(STDOUT_FILENO);
  result.masked_stderr = Maskable(STDERR_FILENO);
  const bool shared = result.masked_stdout && result.masked_stderr && SameFile(STDOUT_FILENO, STDERR_FILENO);
  Pipe out, err, report;
  const auto fail = [&](const char* what) {
    const int error = errno;
    for (int* fd : {&out.read, &out.write, &err.read, &err.write, &report.read, &report.write}) Close(*fd);
    return FailResult<MaskedExecResult>(Code::kFileIoError, std::string(what) + ": " + std::strerror(error));
  };
  if ((result.masked_stdout && !OpenPipe(out)) || (result.masked_stderr && !shared && !OpenPipe(err)) ||
      !OpenPipe(report)) {
    return fail("cannot make a pipe for the command's output");
  }
  std::vector<std::string> args = argv;
  std::vector<char*> arg_pointers = Pointers(args);
  std::vector<char*> env_pointers = Pointers(envp);
  const sigset_t handled = HandledSignals();
  sigset_t old_mask;
  ::sigprocmask(SIG_BLOCK, &handled, &old_mask);
  const int signal_fd = ::signalfd(-1, &handled, SFD_CLOEXEC);
  if (signal_fd < 0) {
    ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    return fail("cannot watch signals");
  }
  const pid_t child = ::fork();
  if (child == 0) StartChild(old_mask, out, err, shared, report.write, arg_pointers.data(), env_pointers.data());
  for (int* fd : {&out.write, &err.write, &report.write}) Close(*fd);
  if (child < 0) {
    int fd = signal_fd;
    Close(fd);
    ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    return fail("cannot start the command");
  }
  result.exec_errno = ExecErrno(report.read);
  Close(report.read);
  result.started = result.exec_errno == 0;
  std::vector<Relay> relays;
  if (out.read >= 0) relays.push_back(Relay{out.read, STDOUT_FILENO, MaskStream(masker)});
  if (err.read >= 0) relays.push_back(Relay{err.read, STDERR_FILENO, MaskStream(masker)});
  Pump(relays, signal_fd, child);
  const int status = WaitFor(child);
  int fd = signal_fd;
  Close(fd);
  ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return Result<MaskedExecResult>::Ok(result);
}

void ExitLikeChild(const MaskedExecResult& result) {
  if (result.signal != 0) {
    ::signal(result.signal, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, result.signal);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(result.signal);
    ::_exit(128 + result.signal);
  }
  std::exit(result.exit_status);
}

}  // namespace clasp::native
