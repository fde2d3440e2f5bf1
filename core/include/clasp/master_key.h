// clasp/master_key.h — KEY-1..4: decoding the local_encrypted master key.
//
// Paperclip's local_encrypted provider takes its AES-256 key from
// PAPERCLIP_SECRETS_MASTER_KEY, else from a key file. Both go through one
// decoder whose quirks decide which key a deployment really runs with, so a
// port that decodes differently cannot read the secrets Paperclip wrote. This
// module reproduces that decoder exactly; reading the variable or the file,
// resolving paths and chmod stay with the caller (core does no I/O).
//
// Key bytes are secret. MasterKey is a plain value so it can live in the
// caller's locked or wiped storage; core copies it as little as it can and
// wipes its own scratch buffers, but it cannot wipe the caller's copies:
// callers must overwrite `bytes` (e.g. OPENSSL_cleanse) once done, and never
// log or serialise it. Diagnostics from this module never contain key text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/diagnostic.h"
#include "clasp/result.h"

namespace clasp {

enum class MasterKeyEncoding { kHex, kBase64, kRaw };

// "hex", "base64" or "raw".
std::string_view MasterKeyEncodingName(MasterKeyEncoding encoding);

struct MasterKey {
  std::array<std::uint8_t, 32> bytes{};  // secret: the caller wipes it
  MasterKeyEncoding encoding = MasterKeyEncoding::kRaw;
};

// KEY-2. The text is decoded as Node decodes env values and utf8 files
// (invalid UTF-8 becomes U+FFFD), JS-trimmed, then tried in this order:
//   1. exactly 64 ASCII hex digits -> hex (so 64 hex chars are never base64);
//   2. Node's lenient base64 (Buffer.from(s, "base64")) when it yields exactly
//      32 bytes. The decoder accepts "-" and "_", needs no padding, skips any
//      character outside the alphabet, stops at the first "=", truncates each
//      UTF-16 unit to its low byte (so U+0141 reads as "A"), and never yields
//      more than (len - trailing "=" up to 2) * 3 / 4 bytes, len counted in
//      UTF-16 units (the buffer JS allocates before decoding);
//   3. the UTF-8 text itself when it is exactly 32 bytes -> raw;
//   4. otherwise nullopt. Blank text is nullopt too (see DecodeEnvMasterKey).
//   DecodeMasterKey("aaaa…a" (64))                 -> hex, 32 x 0xaa
//   DecodeMasterKey("AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o") -> base64
//   DecodeMasterKey("abcdefghijklmnopqrstuvwxyz012345") -> raw (as base64
//       it is only 24 bytes)
//   DecodeMasterKey("short")                       -> nullopt
//   DecodeMasterKey("=CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYY=") -> nullopt
//       (decoding stops at the leading "=", and 45 chars are not 32 bytes)
std::optional<MasterKey> DecodeMasterKey(std::string_view text);

// KEY-1 step 1 and KEY-3 for PAPERCLIP_SECRETS_MASTER_KEY. nullopt means the
// variable is unset or blank, so the key file is used instead (not an error).
// Otherwise the decoded key, or kMasterKeyInvalid (400) with
// "Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex,
// or raw 32-char string)".
//   DecodeEnvMasterKey(" \n")  -> nullopt
//   DecodeEnvMasterKey("short") -> kMasterKeyInvalid
std::optional<Result<MasterKey>> DecodeEnvMasterKey(std::string_view env_value);

// KEY-3 for the key file's content; `path` is the resolved path Paperclip
// names in the message. Blank content is invalid here: a file that exists
// must hold a key. Failure: kMasterKeyFileInvalid (400)
// "Invalid secrets master key at <path>".
//   DecodeMasterKeyFile("CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYY=\n", p) -> base64
//   DecodeMasterKeyFile("", "/k/master.key") -> "Invalid secrets master key at /k/master.key"
Result<MasterKey> DecodeMasterKeyFile(std::string_view content, std::string_view path);

// A key with fewer than 16 distinct byte values was not drawn at random
// (all zeros, one repeated character, a short pattern): 32 random bytes
// have about 30 distinct values, and fewer than 16 happens with a
// probability far below 2^-100. The doctor reports such a key as a problem.
//   MasterKeyTooUniform(32 x 0x00)                          -> true (1 distinct)
//   MasterKeyTooUniform("abababab…" (32))                   -> true (2 distinct)
//   MasterKeyTooUniform("abcdefghijklmnopqrstuvwxyz012345") -> false (32 distinct)
inline constexpr std::size_t kMinDistinctKeyBytes = 16;
bool MasterKeyTooUniform(std::string_view key_bytes);

struct KeyFileModeCheck {
  // Paperclip chmods an existing key file to 0600 when it loads it.
  bool chmod_on_load = false;
  // The health check's warning (kMasterKeyFilePermissions, severity warning):
  // "Secrets key file permissions are <mode & 0777 in octal, no leading
  // zeros>; run chmod 600 <path>".
  std::optional<Diagnostic> warning;
};

// KEY-4: any group or other permission bit (mode & 0077) is too open. Only
// the low nine bits count; file-type bits in st_mode are ignored.
//   KeyFileModeVerdict(0600, p), 0400, 0700, 0 -> no warning, no chmod
//   KeyFileModeVerdict(0640, "/k/master.key")  -> chmod, warning
//       "Secrets key file permissions are 640; run chmod 600 /k/master.key"
//   KeyFileModeVerdict(0604, p)                -> chmod, "… are 604; …"
KeyFileModeCheck KeyFileModeVerdict(std::uint32_t mode, std::string_view path);

}  // namespace clasp
