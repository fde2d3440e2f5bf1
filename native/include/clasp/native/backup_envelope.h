// clasp/native/backup_envelope.h — the passphrase envelope around a backup.
//
// A backup archive (backup.h) holds every secret's ciphertext, each version's
// unsalted value_sha256, agent key hashes and, unless made with
// --key-separately, the master key that opens them all. In the clear it would
// be every secret. So `clasp backup create` seals the whole archive as one
// AES-256-GCM blob under a key derived from the operator's passphrase with
// scrypt: without the passphrase no byte of it is readable, and a wrong
// passphrase, one flipped bit anywhere (header, ciphertext or tag), a
// truncation or an appended byte is refused before any plaintext is handed
// out.
//
// Format (envelope version 1); integers are unsigned big-endian:
//
//   offset size  field
//        0   16  magic "clasp-backup-enc"
//       16    1  envelope version: 1
//       17    1  KDF: 1 = scrypt (RFC 7914)
//       18    1  log2(N)        clasp writes 17
//       19    1  reserved: 0
//       20    4  r              clasp writes 8
//       24    4  p              clasp writes 1
//       28   16  salt           random per archive
//       44   12  GCM IV         random per archive
//       56    8  L, the plaintext length in bytes
//       64    L  ciphertext: AES-256-GCM under scrypt(passphrase, salt, N, r, p) (32 bytes)
//     64+L   16  GCM tag
//
// The 64 header bytes are GCM's additional authenticated data, so the tag
// covers every field: lowering N, swapping the salt or changing L makes
// authentication fail like a changed ciphertext does. One blob rather than
// chunks because an archive is held whole in memory anyway (restore writes
// the snapshot from memory) and its plaintext is released only after the
// tag checks; L makes a truncated or extended file a named error before the
// KDF runs.
//
// Cost: N = 2^17, r = 8, p = 1 (kBackupScryptCost): 128 MiB of memory and a
// fraction of a second per derivation, run once per create, verify or
// restore, which makes every passphrase guess as expensive. Opening accepts
// 2^14 <= N <= 2^20, 1 <= r <= 16, 1 <= p <= 4 and 128·r·N <= 1 GiB, so a
// crafted header cannot make clasp allocate gigabytes; costs below the
// default exist for tests and are refused below 2^14.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"

namespace clasp::native {

struct ScryptCost {
  int log2_n = 17;
  std::uint32_t r = 8;
  std::uint32_t p = 1;
};
inline constexpr ScryptCost kBackupScryptCost{17, 8, 1};

inline constexpr std::string_view kBackupEnvelopeMagic = "clasp-backup-enc";
inline constexpr std::size_t kBackupEnvelopeHeaderBytes = 64;

// Whether `bytes` begin with the envelope's magic (nothing else is checked).
//   IsBackupEnvelope(SealBackupEnvelope(...))  == true
//   IsBackupEnvelope("clasp-backup 1\n...")    == false (a plaintext archive)
bool IsBackupEnvelope(std::string_view bytes);

// `plaintext` sealed under `passphrase` with fresh salt and IV from `random`.
// The output is ciphertext only; the derived key is wiped before returning.
//   ("archive", "correct horse", cost 17/8/1) -> 64 + 7 + 16 bytes
//   empty passphrase                          -> kBackupCredentialRequired
//   cost outside the accepted range           -> kBackupInvalid
Result<std::string> SealBackupEnvelope(std::string_view plaintext, std::string_view passphrase, Random& random,
                                       ScryptCost cost = kBackupScryptCost);

// The plaintext of an envelope, in wiped memory.
//   the passphrase it was sealed with  -> the plaintext
//   another passphrase, or any bit of header / ciphertext / tag flipped
//                                      -> kBackupAuthFailed, no plaintext
//   shorter or longer than 64 + L + 16 -> kBackupInvalid "… truncated" / "… trailing bytes"
//   other magic, version, KDF or cost  -> kBackupInvalid naming the field
//   empty passphrase                   -> kBackupCredentialRequired
Result<SecretBytes> OpenBackupEnvelope(std::string_view envelope, std::string_view passphrase);

// The cost an envelope's header states (checked as OpenBackupEnvelope does,
// but not authenticated: only the tag proves it).
Result<ScryptCost> BackupEnvelopeCost(std::string_view envelope);

}  // namespace clasp::native
