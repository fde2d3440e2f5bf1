// One master key per store (key_check.h): the check value, the verdict, and
// the cipher source that applies it before every encryption or decryption.
#include "clasp/native/key_check.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>

#include "clasp/master_key.h"
#include "clasp/native/keyring.h"
#include "clasp/native/secret_service.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

constexpr std::string_view kDeriveInfo = "clasp key check v1";
constexpr std::string_view kCheckLabel = "clasp-store-key-check-v1";

Result<std::string> OpenSslFailed(std::string_view what) {
  return FailResult<std::string>(Code::kDecryptFailed, "OpenSSL failed to " + std::string(what));
}

// HKDF-SHA256(master key, no salt, info) -> 32 bytes.
bool DeriveCheckKey(const SecretBytes& master_key, std::array<unsigned char, 32>& out) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  if (!ctx) return false;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(master_key.data()),
                                        master_key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(kDeriveInfo.data()),
                                        kDeriveInfo.size()),
      OSSL_PARAM_construct_end()};
  const bool ok = EVP_KDF_derive(ctx, out.data(), out.size(), params) == 1;
  EVP_KDF_CTX_free(ctx);
  return ok;
}

std::string Fingerprint(const std::optional<std::string>& check) {
  return check ? KeyCheckFingerprint(*check) : std::string("(none recorded)");
}

Result<KeyVerdict> Mismatch(std::string message) {
  return FailResult<KeyVerdict>(Code::kMasterKeyMismatch, std::move(message));
}

}  // namespace

Result<std::string> KeyCheckValue(const SecretBytes& master_key) {
  std::array<unsigned char, 32> derived{};
  if (!DeriveCheckKey(master_key, derived)) return OpenSslFailed("derive the key check key");
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t size = 0;
  const unsigned char* made = EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, derived.data(), derived.size(),
                                        reinterpret_cast<const unsigned char*>(kCheckLabel.data()), kCheckLabel.size(),
                                        mac.data(), mac.size(), &size);
  Wipe(derived.data(), derived.size());
  if (!made || size != 32) return OpenSslFailed("compute the key check");
  return Result<std::string>::Ok(HexLower(std::string_view(reinterpret_cast<const char*>(mac.data()), size)));
}

std::string KeyCheckFingerprint(std::string_view check_value) {
  return HexLower(Sha256Of(check_value)).substr(0, 16);
}

Result<StoreKeyState> ReadStoreKeyState(StoreTxn& txn) {
  StoreKeyState state;
  auto check = txn.GetKeyCheck();
  if (!check.ok()) return Forward<StoreKeyState>(std::move(check));
  state.check_value = std::move(*check.value);
  if (state.check_value) return Result<StoreKeyState>::Ok(std::move(state));
  auto newest = txn.NewestManagedVersion();
  if (!newest.ok()) return Forward<StoreKeyState>(std::move(newest));
  state.newest = std::move(*newest.value);
  return Result<StoreKeyState>::Ok(std::move(state));
}

Result<KeyVerdict> MatchStoreKey(const StoreKeyState& state, const std::string& check_value, std::string_view source,
                                 LocalEncryptedCipher& cipher) {
  const std::string ours = KeyCheckFingerprint(check_value);
  const std::string configured = "the configured key (" + std::string(source) + ") has fingerprint " + ours;
  if (state.check_value) {
    if (*state.check_value == check_value) return Result<KeyVerdict>::Ok(KeyVerdict::kMatches);
    return Mismatch("Master key mismatch: this store's key has fingerprint " + Fingerprint(state.check_value) + ", " +
                    configured + "; refusing to encrypt or decrypt with it. Configure the store's own key.");
  }
  if (!state.newest) return Result<KeyVerdict>::Ok(KeyVerdict::kNothingStored);
  const VersionRow& v = *state.newest;
  auto json = ParseJson(v.material);
  auto material = json.ok() ? MaterialFromJson(*json.value) : Result<Material>::Fail(json.diagnostics);
  if (material.ok() && cipher.Open(*material.value).ok()) return Result<KeyVerdict>::Ok(KeyVerdict::kDecryptsNewest);
  return Mismatch("Master key mismatch: " + configured + " and does not decrypt this store's newest secret version (" +
                  v.secret_id + " version " + std::to_string(v.version) +
                  "); refusing to encrypt or decrypt with it. Configure the key this store was written with.");
}

Result<KeyringCiphers> CiphersWithKeyring(const SecretBytes& configured, const KeyLocation& location,
                                          const EnvVars& vars, FileSystem& fs) {
  using R = Result<KeyringCiphers>;
  Result<std::string> path = KeyringPath(location, vars, fs);
  // A key from the environment with no default key file to sit beside (no
  // home to locate one in) has no keyring: `key rotate` could not have
  // written one either, as it needs that location. The key is used alone.
  if (!path.ok() && location.source == KeySource::kEnv) path = Result<std::string>::Ok(std::string());
  if (!path.ok()) return Forward<KeyringCiphers>(std::move(path));
  Result<std::optional<KeyringRecord>> record = Result<std::optional<KeyringRecord>>::Ok(std::nullopt);
  if (!path.value->empty()) record = ReadKeyring(fs, *path.value);
  if (!record.ok()) return Forward<KeyringCiphers>(std::move(record));
  const std::optional<KeyringRecord>& ring = *record.value;
  KeyringCiphers out;
  out.keyring_path = *path.value;
  out.keyring_found = ring.has_value();
  const bool in_ring = ring && (ring->old_key.view() == configured.view() || ring->new_key.view() == configured.view());
  auto primary = LocalEncryptedCipher::Create(in_ring ? ring->new_key : configured);
  if (!primary.ok()) return Forward<KeyringCiphers>(std::move(primary));
  auto check = KeyCheckValue(in_ring ? ring->new_key : configured);
  if (!check.ok()) return Forward<KeyringCiphers>(std::move(check));
  out.cipher = std::move(*primary.value);
  out.check = *check.value;
  out.accepted.push_back(std::move(*check.value));
  if (in_ring) {
    auto old = LocalEncryptedCipher::Create(ring->old_key);
    if (!old.ok()) return Forward<KeyringCiphers>(std::move(old));
    out.cipher->SetFallback(std::move(*old.value));
    if (ring->state == KeyringRecord::State::kRotating) {
      auto old_check = KeyCheckValue(ring->old_key);
      if (!old_check.ok()) return Forward<KeyringCiphers>(std::move(old_check));
      out.accepted.push_back(std::move(*old_check.value));
    }
  }
  return R::Ok(std::move(out));
}

namespace {

// Loads the key — creating it only for a store that holds nothing yet —
// with the keyring beside it when a rotation is under way or kept its old
// key (keyring.h), and checks it against the store's check value in every
// transaction: one small read, which is how a long-running server notices a
// rotation's last batch and reloads (the check changed), and how a check
// this source recorded in a transaction that then rolled back is recorded
// again.
class CustodyCipherSource final : public CipherSource {
 public:
  CustodyCipherSource(const EnvVars& vars, FileSystem& fs, Random& random, KeyHome home)
      : vars_(vars), fs_(fs), random_(random), home_(home) {}

  Result<LocalEncryptedCipher*> Cipher(StoreTxn& txn) override {
    auto state = ReadStoreKeyState(txn);
    if (!state.ok()) return Forward<LocalEncryptedCipher*>(std::move(state));
    if (cipher_ && Accepted(state.value->check_value) && !KeyringAppearedOrWent()) {
      return Result<LocalEncryptedCipher*>::Ok(cipher_.get());
    }
    Status loaded = Load(*state.value);
    if (!loaded.ok()) return Forward<LocalEncryptedCipher*>(std::move(loaded));
    std::vector<Diagnostic> warnings = std::move(loaded.diagnostics);
    if (Accepted(state.value->check_value)) return Result<LocalEncryptedCipher*>::Ok(cipher_.get(), std::move(warnings));
    auto verdict = MatchStoreKey(*state.value, check_, source_, *cipher_);
    if (!verdict.ok()) return Forward<LocalEncryptedCipher*>(std::move(verdict));
    if (*verdict.value != KeyVerdict::kMatches) {
      if (auto s = txn.InsertKeyCheck(check_); !s.ok()) return Forward<LocalEncryptedCipher*>(std::move(s));
    }
    return Result<LocalEncryptedCipher*>::Ok(cipher_.get(), std::move(warnings));
  }

 private:
  // A rotation writes its keyring before it seals the first value under
  // the new key: a source loaded before then must take both keys from it.
  // One lstat per transaction.
  bool KeyringAppearedOrWent() {
    if (keyring_path_.empty()) return false;
    Result<std::optional<std::uint32_t>> mode = fs_.PermissionBits(keyring_path_);
    return !mode.ok() || mode.value->has_value() != keyring_found_;
  }

  bool Accepted(const std::optional<std::string>& check) const {
    return check && std::find(accepted_.begin(), accepted_.end(), *check) != accepted_.end();
  }

  Status Load(const StoreKeyState& state) {
    Result<LoadedMasterKey> key = Result<LoadedMasterKey>::Fail(std::vector<Diagnostic>{});
    if (state.holds_secrets()) {
      Result<FoundMasterKey> found = FindMasterKey(vars_, fs_, home_);
      if (!found.ok()) return Forward<Done>(std::move(found));
      if (!found.value->key) {
        return FailStatus(Code::kMasterKeyMissing,
                          "This store holds secrets (key fingerprint " + Fingerprint(state.check_value) +
                              ") but there is no master key at " + DescribeKeyLocation(found.value->location) +
                              "; refusing to create a new one. Configure the store's own key.");
      }
      key = Result<LoadedMasterKey>::Ok(std::move(*found.value->key), std::move(found.diagnostics));
    } else {
      key = LoadOrCreateMasterKey(vars_, fs_, random_, home_);
    }
    if (!key.ok()) return Forward<Done>(std::move(key));
    Result<KeyringCiphers> ciphers = CiphersWithKeyring(key.value->key, key.value->location, vars_, fs_);
    if (!ciphers.ok()) return Forward<Done>(std::move(ciphers));
    cipher_ = std::move(ciphers.value->cipher);
    check_ = std::move(ciphers.value->check);
    accepted_ = std::move(ciphers.value->accepted);
    keyring_path_ = std::move(ciphers.value->keyring_path);
    keyring_found_ = ciphers.value->keyring_found;
    source_ = DescribeKeyLocation(key.value->location);
    return Status::Ok(Done{}, std::move(key.diagnostics));
  }

  const EnvVars& vars_;
  FileSystem& fs_;
  Random& random_;
  KeyHome home_;
  std::unique_ptr<LocalEncryptedCipher> cipher_;
  std::string check_;                  // the check of the key values are sealed with
  std::vector<std::string> accepted_;  // the store checks this source reads under
  std::string keyring_path_;
  bool keyring_found_ = false;
  std::string source_;
};

}  // namespace

std::unique_ptr<CipherSource> KeyCustodyCipherSource(const EnvVars& vars, FileSystem& fs, Random& random,
                                                     KeyHome home) {
  return std::make_unique<CustodyCipherSource>(vars, fs, random, home);
}

Status VerifyStoreKey(SecretStore& store, CipherSource& ciphers) {
  return store.Transact([&](StoreTxn& txn) -> Status {
    auto state = ReadStoreKeyState(txn);
    if (!state.ok()) return Forward<Done>(std::move(state));
    if (!state.value->holds_secrets()) return OkStatus();
    auto cipher = ciphers.Cipher(txn);
    if (!cipher.ok()) return Forward<Done>(std::move(cipher));
    return Status::Ok(Done{}, std::move(cipher.diagnostics));
  });
}

}  // namespace clasp::native
