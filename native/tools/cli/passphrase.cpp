// Passphrases for `clasp backup` (passphrase.h).
#include "passphrase.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>

#include "clasp/native/system.h"

namespace clasp::cli {
namespace {

using native::SecretBytes;
using R = Result<SecretBytes>;

constexpr std::size_t kMaxTyped = 1024;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// The terminal as it was before echo went off, for a signal that ends the
// process mid-prompt: the shell must not be left without echo.
termios g_saved{};

extern "C" void RestoreEchoAndReraise(int sig) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

R Missing(const std::string& why, Code code = Code::kBackupCredentialRequired) {
  return native::FailResult<SecretBytes>(code, why);
}

void Say(std::string_view text) {
  // Best effort: a prompt that cannot be shown does not change the answer.
  if (::write(STDERR_FILENO, text.data(), text.size()) < 0) return;
}

// One line typed with echo off, its newline dropped.
// `what` names the input in the refusals, which carry `code`.
R PromptOnce(std::string_view prompt, std::string_view what = "passphrase",
             Code code = Code::kBackupCredentialRequired) {
  const std::string noun(what);
  if (::tcgetattr(STDIN_FILENO, &g_saved) != 0) return Missing("Could not read the terminal's settings", code);
  termios quiet = g_saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  struct sigaction restore {};
  restore.sa_handler = RestoreEchoAndReraise;
  std::array<struct sigaction, std::size(kSignals)> before{};
  for (std::size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &restore, &before[i]);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  Say(prompt);
  std::array<char, kMaxTyped + 1> typed{};
  std::size_t size = 0;
  bool line_ended = false;
  char c = 0;
  while (size < typed.size() && ::read(STDIN_FILENO, &c, 1) == 1) {
    if (c == '\n') {
      line_ended = true;
      break;
    }
    typed[size++] = c;
  }
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
  for (std::size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &before[i], nullptr);
  Say("\n");
  SecretBytes out = SecretBytes::Copy(std::string_view(typed.data(), size));
  native::Wipe(typed.data(), typed.size());
  native::Wipe(&c, 1);
  if (!line_ended) return Missing("The " + noun + " was not ended by a newline, or is longer than 1024 bytes", code);
  if (out.empty()) return Missing("An empty " + noun + " is not a " + noun, code);
  return R::Ok(std::move(out));
}

// `text` less one trailing "\n" or "\r\n" (what `echo` and editors add).
R WithoutNewline(R text, const std::string& empty_message, Code code) {
  if (!text.ok()) return text;
  std::string_view view = text.value->view();
  if (view.ends_with('\n')) view.remove_suffix(view.ends_with("\r\n") ? 2 : 1);
  if (view.empty()) return Missing(empty_message, code);
  return R::Ok(SecretBytes::Copy(view));
}

R FromFile(const std::string& path) {
  return WithoutNewline(native::PosixFileSystem().ReadSecretFile(path), "The passphrase file " + path + " is empty",
                        Code::kBackupCredentialRequired);
}

// All of stdin, into one block reserved up front so no partial copy of the
// value is freed unwiped by a reallocation; at most kMaxStdinValue bytes.
constexpr std::size_t kMaxStdinValue = 1 << 20;
R FromStdin() {
  std::string text;
  text.reserve(kMaxStdinValue + 1);
  for (;;) {
    const std::size_t used = text.size();
    text.resize(kMaxStdinValue + 1);  // within the reserved block: never reallocates
    const ssize_t n = ::read(STDIN_FILENO, text.data() + used, text.size() - used);
    text.resize(used + static_cast<std::size_t>(n > 0 ? n : 0));
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || text.size() > kMaxStdinValue) {
      native::WipeString(&text);
      return Missing(n < 0 ? "Could not read the value from stdin" : "The value on stdin is larger than 1 MiB",
                     Code::kSecretManagedValueRequired);
    }
  }
  return WithoutNewline(R::Ok(SecretBytes::Adopt(std::move(text))), "The value on stdin is empty",
                        Code::kSecretManagedValueRequired);
}

}  // namespace

Result<SecretBytes> ReadPassphrase(const std::optional<std::string>& file, bool confirm) {
  if (file) return FromFile(*file);
  if (::isatty(STDIN_FILENO) != 1) {
    return Missing("No passphrase: pass --passphrase-file FILE, or run on a terminal to type it");
  }
  R first = PromptOnce(confirm ? "New backup passphrase: " : "Backup passphrase: ");
  if (!first.ok() || !confirm) return first;
  R again = PromptOnce("Repeat the passphrase: ");
  if (!again.ok()) return again;
  if (again.value->view() != first.value->view()) return Missing("The two passphrases differ");
  return first;
}

Result<SecretBytes> ReadSecretValue(const std::optional<std::string>& file, std::string_view secret_name) {
  if (file && *file == "-") return FromStdin();
  if (file) {
    return WithoutNewline(native::PosixFileSystem().ReadSecretFile(*file), "The value file " + *file + " is empty",
                          Code::kSecretManagedValueRequired);
  }
  if (::isatty(STDIN_FILENO) != 1) {
    return Missing("No value: pass --value-file FILE (or - for stdin), or run on a terminal to type it",
                   Code::kSecretManagedValueRequired);
  }
  return PromptOnce("Value for " + std::string(secret_name) + " (not echoed): ", "value",
                    Code::kSecretManagedValueRequired);
}

}  // namespace clasp::cli
