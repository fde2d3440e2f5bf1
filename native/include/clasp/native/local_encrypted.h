// clasp/native/local_encrypted.h — the `local_encrypted` provider's cipher (KEY-5).
//
// A managed secret value is sealed with AES-256-GCM under the 32-byte master
// key: a fresh random 12-byte IV per value, the full 16-byte tag, no AAD,
// UTF-8 plaintext. The stored material is Paperclip's exactly, so databases
// move between Paperclip and clasp in both directions:
//
//   {"scheme":"local_encrypted_v1","iv":"HKF0/4W4FnRiPkM+",
//    "tag":"8bWi6+ITrhfupSMycVsrDw==","ciphertext":"cNCV...PCg="}
//
// Decryption is all-or-nothing: a wrong key or any altered bit of iv, tag or
// ciphertext yields kDecryptFailed and no plaintext bytes at all (OpenSSL's
// GCM writes plaintext before it checks the tag; that buffer is wiped).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "clasp/json_input.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"

namespace clasp::native {

inline constexpr std::string_view kLocalEncryptedScheme = "local_encrypted_v1";
inline constexpr std::size_t kMasterKeyBytes = 32;
inline constexpr std::size_t kGcmIvBytes = 12;
inline constexpr std::size_t kGcmTagBytes = 16;

// The three base64 fields of a local_encrypted_v1 material object.
struct Material {
  std::string iv;
  std::string tag;
  std::string ciphertext;
};

// KEY-5: the scheme must be "local_encrypted_v1" and iv, tag and ciphertext
// strings; anything else is 400 "Invalid local_encrypted secret material".
//   {"scheme":"local_encrypted_v1","iv":"…","tag":"…","ciphertext":"…"} -> Material
//   {"scheme":"local_encrypted_v2",…} or {"iv":1,…} or "text"            -> kMaterialInvalid
// Extra members are ignored, as Paperclip ignores them.
Result<Material> MaterialFromJson(const OrderedJson& json);

// The stored object, members in Paperclip's order (scheme, iv, tag, ciphertext).
OrderedJson MaterialToJson(const Material& material);

// What a managed write stores besides the material. fingerprint_sha256 equals
// value_sha256 for managed values (KEY-5).
struct SealedValue {
  Material material;
  std::string value_sha256;
  std::string fingerprint_sha256;
};

// One master key, one reusable cipher context. Not thread-safe: a context is
// per-thread state, so give each thread its own cipher (they are cheap).
class LocalEncryptedCipher {
 public:
  // Copies the key (wiped on destruction). Anything but exactly 32 bytes is
  // kMasterKeyInvalid: KEY-2 decoding guarantees 32, so this is a caller bug.
  static Result<std::unique_ptr<LocalEncryptedCipher>> Create(const SecretBytes& master_key);
  ~LocalEncryptedCipher();
  LocalEncryptedCipher(const LocalEncryptedCipher&) = delete;
  LocalEncryptedCipher& operator=(const LocalEncryptedCipher&) = delete;

  // Seals `utf8_value` under a fresh IV from `random`.
  //   Seal("sk-test", rng) -> {material, value_sha256 = ValueSha256("sk-test"), …}
  // Fails only when the random source or OpenSSL fails.
  Result<SealedValue> Seal(std::string_view utf8_value, Random& random);

  // Opens material written by Seal or by Paperclip. The IV must decode to 12
  // bytes and the tag to 16 (what Paperclip writes); shorter tags would weaken
  // authentication and are refused as kMaterialInvalid, as is any base64 that
  // Base64DecodeStrict rejects.
  //   Open(Seal("x").material)              -> "x"
  //   Open(material with one tag bit flipped) -> kDecryptFailed, no output
  Result<SecretBytes> Open(const Material& material);

  // While a master-key rotation is under way (keyring.h) the store holds
  // values under two keys: Open then tries this cipher's key and, when that
  // fails authentication, `fallback`'s; Seal only ever uses this one's.
  //   SetFallback(old); Open(material sealed under old) -> its value
  void SetFallback(std::unique_ptr<LocalEncryptedCipher> fallback);

  // Open with this cipher's key alone, ignoring any fallback: what a
  // rotation asks to learn which key a value is under.
  Result<SecretBytes> OpenWithOwnKey(const Material& material);

  // First 12 hex digits of SHA-256(master key): names the key in error
  // messages, as Paperclip does, without revealing it.
  const std::string& key_fingerprint() const { return key_fingerprint_; }

 private:
  struct Context;
  LocalEncryptedCipher(SecretBytes key, std::unique_ptr<Context> ctx, std::string fingerprint);

  SecretBytes key_;
  std::unique_ptr<Context> ctx_;
  std::string key_fingerprint_;
  std::unique_ptr<LocalEncryptedCipher> fallback_;
};

}  // namespace clasp::native
