// passphrase.h — how `clasp backup` gets the passphrase that seals an archive
// (clasp/native/backup_envelope.h).
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

}  // namespace clasp::cli
