// passphrase.h — how `clasp backup` gets the passphrase that seals an archive
// (clasp/native/backup_envelope.h), and `clasp secrets create|rotate` a value.
//
// From --passphrase-file FILE (its bytes, one trailing "\n" or "\r\n"
// dropped, so `echo` and editors work), or typed on the terminal with echo
// off when stdin is one (create asks twice and compares). Never from a
// command-line argument or an environment variable: both are readable by
// other users (ps, /proc/PID/environ of children). Stdin that is not a
// terminal is never read, so a script without a passphrase file fails at
// once instead of waiting:
//   --passphrase-file pass.txt ("hunter2 horse\n") -> "hunter2 horse"
//   no file, stdin /dev/null                      -> kBackupCredentialRequired
//   empty file                                    -> kBackupCredentialRequired
#pragma once

#include <optional>
#include <string>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"

namespace clasp::cli {

Result<native::SecretBytes> ReadPassphrase(const std::optional<std::string>& file, bool confirm);

// A secret's value for `clasp secrets create|rotate`, by the same rules but
// never from an argument (Paperclip's #6443 is a value left in shell history
// and `ps`): --value-file FILE (one trailing newline dropped), "-" for stdin
// (the same), or typed once with echo off when stdin is a terminal.
//   --value-file - with "sk-live\n" on stdin -> "sk-live"
//   no file, stdin not a terminal            -> kSecretManagedValueRequired
Result<native::SecretBytes> ReadSecretValue(const std::optional<std::string>& file, std::string_view secret_name);

}  // namespace clasp::cli
