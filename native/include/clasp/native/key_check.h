// clasp/native/key_check.h — one master key per store.
//
// Paperclip encrypts with whatever key it finds: start it with another valid
// PAPERCLIP_SECRETS_MASTER_KEY and it serves, answers 201 to new secrets and
// the store silently holds values under two keys, one of them lost with the
// next restart. clasp records a key check value in the store at its first
// encrypted write and refuses every other key before it encrypts or
// decrypts anything (a deliberate difference from Paperclip, README).
//
// The check value is HMAC-SHA256 of the label "clasp-store-key-check-v1"
// under a key derived from the master key with HKDF-SHA256 (info
// "clasp key check v1", no salt): it names the key without revealing it or
// its plain hash. Its fingerprint — the first 16 hex digits of SHA-256 of the
// check value's hex — is what operators and messages see.
//
// Storage: one row in clasp_key_check (SQLite schema version 4; on
// PostgreSQL a clasp-owned table created on a read-write open). A store
// without a row — a fresh one, or a Paperclip database — gets one at the
// first cipher use in a writing transaction, provided the key decrypts the
// store's newest local_encrypted version (when there is one).
//   store check = key's check          -> kMatches
//   no row, no managed version         -> kNothingStored (the write records it)
//   no row, newest version decrypts    -> kDecryptsNewest (recorded now)
//   no row, newest does not decrypt    -> kMasterKeyMismatch
//   store check != key's check         -> kMasterKeyMismatch, both fingerprints named
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

class CipherSource;

// 64 lowercase hex digits; fails only when OpenSSL does.
Result<std::string> KeyCheckValue(const SecretBytes& master_key);

// 16 hex digits of SHA-256(check value): short, and no way back to the key.
std::string KeyCheckFingerprint(std::string_view check_value);

// What the store says about its key.
struct StoreKeyState {
  std::optional<std::string> check_value;  // the recorded check
  std::optional<VersionRow> newest;        // newest local_encrypted managed version
  bool holds_secrets() const { return check_value || newest; }
};
Result<StoreKeyState> ReadStoreKeyState(StoreTxn& txn);

enum class KeyVerdict { kNothingStored, kMatches, kDecryptsNewest };

// Judges a key (its check value and cipher) against the store; `source`
// (DescribeKeyLocation) goes into the refusal so the operator knows which
// setting to fix. Refusal: kMasterKeyMismatch
//   "Master key mismatch: the store's key has fingerprint 3f…, the configured key
//    (PAPERCLIP_SECRETS_MASTER_KEY) has fingerprint 9a…; refusing to encrypt or decrypt with it …"
Result<KeyVerdict> MatchStoreKey(const StoreKeyState& state, const std::string& check_value, std::string_view source,
                                 LocalEncryptedCipher& cipher);

// The cipher a key and its keyring (keyring.h) give. Without a keyring, or
// one that does not hold `configured`: that key alone. With one: the new key
// seals, the old one opens what is still under it, and the store checks
// accepted are both keys' while the rotation runs, the new key's once it is
// retired.
struct KeyringCiphers {
  std::unique_ptr<LocalEncryptedCipher> cipher;
  std::string check;                  // of the sealing key
  std::vector<std::string> accepted;  // store check values this cipher serves
  std::string keyring_path;           // where the keyring is looked for (keyring.h)
  bool keyring_found = false;
};
Result<KeyringCiphers> CiphersWithKeyring(const SecretBytes& configured, const KeyLocation& location,
                                          const EnvVars& vars, FileSystem& fs);

// `clasp serve`'s start: a store that holds secrets must accept the
// configured key (loading it, never creating it); an empty store passes and
// its key is created on the first write, as Paperclip does.
Status VerifyStoreKey(SecretStore& store, CipherSource& ciphers);

// What a dry run prints and the doctor judges, changing nothing (no key
// file created, no mode fixed, no row recorded).
struct StoreKeyReport {
  KeyLocation location;
  std::optional<std::string> key_fingerprint;    // nullopt: no key exists yet
  std::optional<std::string> store_fingerprint;  // nullopt: no check recorded yet
  Status verdict = OkStatus();                   // the refusal a write would get
  std::string summary;                           // one line, no key material
};
StoreKeyReport InspectStoreKey(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home);

// {"source", "keyFile"?, "fingerprint", "storeFingerprint", "ok", "message"}.
OrderedJson StoreKeyReportJson(const StoreKeyReport& report);

}  // namespace clasp::native
