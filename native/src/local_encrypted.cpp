#include "clasp/native/local_encrypted.h"

#include <openssl/evp.h>

#include <array>
#include <climits>
#include <optional>

#include "clasp/native/base64.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

constexpr std::string_view kInvalidMaterial = "Invalid local_encrypted secret material";
constexpr int kChunk = 1 << 30;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

bool IsString(const OrderedJson& obj, const char* name) {
  const auto it = obj.find(name);
  return it != obj.end() && it->is_string();
}

// Runs EVP_{En,De}cryptUpdate over `in` in int-sized chunks into `out`.
template <typename UpdateFn>
bool UpdateAll(UpdateFn update, EVP_CIPHER_CTX* ctx, std::string_view in, unsigned char* out) {
  std::size_t done = 0;
  while (done < in.size()) {
    const int n = in.size() - done > static_cast<std::size_t>(kChunk) ? kChunk : static_cast<int>(in.size() - done);
    int written = 0;
    if (update(ctx, out + done, &written, reinterpret_cast<const unsigned char*>(in.data()) + done, n) != 1 ||
        written != n) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

Status OpenSslFailure(std::string_view what) {
  return FailStatus(Code::kDecryptFailed, "OpenSSL failed to " + std::string(what));
}

}  // namespace

struct LocalEncryptedCipher::Context {
  CtxPtr seal;
  CtxPtr open;
};

Result<Material> MaterialFromJson(const OrderedJson& json) {
  const bool ok = json.is_object() && json.contains("scheme") && json["scheme"].is_string() &&
                  json["scheme"].get_ref<const std::string&>() == kLocalEncryptedScheme && IsString(json, "iv") &&
                  IsString(json, "tag") && IsString(json, "ciphertext");
  if (!ok) return FailResult<Material>(Code::kMaterialInvalid, std::string(kInvalidMaterial));
  return Result<Material>::Ok(Material{json["iv"].get<std::string>(), json["tag"].get<std::string>(),
                                       json["ciphertext"].get<std::string>()});
}

OrderedJson MaterialToJson(const Material& material) {
  OrderedJson out = OrderedJson::object();
  out["scheme"] = kLocalEncryptedScheme;
  out["iv"] = material.iv;
  out["tag"] = material.tag;
  out["ciphertext"] = material.ciphertext;
  return out;
}

Result<std::unique_ptr<LocalEncryptedCipher>> LocalEncryptedCipher::Create(const SecretBytes& master_key) {
  using R = Result<std::unique_ptr<LocalEncryptedCipher>>;
  if (master_key.size() != kMasterKeyBytes) {
    return FailResult<std::unique_ptr<LocalEncryptedCipher>>(Code::kMasterKeyInvalid,
                                                             "The local_encrypted master key must be 32 bytes");
  }
  auto ctx = std::make_unique<Context>();
  ctx->seal.reset(EVP_CIPHER_CTX_new());
  ctx->open.reset(EVP_CIPHER_CTX_new());
  // The key schedule is set up once per context; each value only sets an IV.
  const bool ok = ctx->seal && ctx->open &&
                  EVP_EncryptInit_ex(ctx->seal.get(), EVP_aes_256_gcm(), nullptr, master_key.data(), nullptr) == 1 &&
                  EVP_DecryptInit_ex(ctx->open.get(), EVP_aes_256_gcm(), nullptr, master_key.data(), nullptr) == 1;
  if (!ok) return Forward<std::unique_ptr<LocalEncryptedCipher>>(OpenSslFailure("set up AES-256-GCM"));
  return R::Ok(std::unique_ptr<LocalEncryptedCipher>(new LocalEncryptedCipher(master_key.Clone(), std::move(ctx))));
}

LocalEncryptedCipher::LocalEncryptedCipher(SecretBytes key, std::unique_ptr<Context> ctx)
    : key_(std::move(key)), ctx_(std::move(ctx)), key_fingerprint_(HexLower(Sha256Of(key_.view())).substr(0, 12)) {}

LocalEncryptedCipher::~LocalEncryptedCipher() = default;

Result<SealedValue> LocalEncryptedCipher::Seal(std::string_view utf8_value, Random& random) {
  std::array<unsigned char, kGcmIvBytes> iv{};
  if (auto s = random.Fill(iv.data(), iv.size()); !s.ok()) return Forward<SealedValue>(std::move(s));
  EVP_CIPHER_CTX* c = ctx_->seal.get();
  std::string ciphertext(utf8_value.size(), '\0');
  std::array<unsigned char, kGcmTagBytes> tag{};
  int final_len = 0;
  const bool ok = EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, iv.data()) == 1 &&
                  UpdateAll(EVP_EncryptUpdate, c, utf8_value, reinterpret_cast<unsigned char*>(ciphertext.data())) &&
                  EVP_EncryptFinal_ex(c, reinterpret_cast<unsigned char*>(ciphertext.data()), &final_len) == 1 &&
                  final_len == 0 &&
                  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) == 1;
  if (!ok) return Forward<SealedValue>(OpenSslFailure("encrypt"));
  SealedValue out;
  out.material.iv = Base64Encode(std::string_view(reinterpret_cast<const char*>(iv.data()), iv.size()));
  out.material.tag = Base64Encode(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
  out.material.ciphertext = Base64Encode(ciphertext);
  out.value_sha256 = ValueSha256(utf8_value);
  out.fingerprint_sha256 = out.value_sha256;
  return Result<SealedValue>::Ok(std::move(out));
}

Result<SecretBytes> LocalEncryptedCipher::Open(const Material& material) {
  const std::optional<std::string> iv = Base64DecodeStrict(material.iv);
  std::optional<std::string> tag = Base64DecodeStrict(material.tag);
  const std::optional<std::string> ciphertext = Base64DecodeStrict(material.ciphertext);
  if (!iv || !tag || !ciphertext || iv->size() != kGcmIvBytes || tag->size() != kGcmTagBytes) {
    return FailResult<SecretBytes>(Code::kMaterialInvalid, std::string(kInvalidMaterial));
  }
  EVP_CIPHER_CTX* c = ctx_->open.get();
  std::string plain(ciphertext->size(), '\0');
  int final_len = 0;
  const bool ok =
      EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, reinterpret_cast<const unsigned char*>(iv->data())) == 1 &&
      UpdateAll(EVP_DecryptUpdate, c, *ciphertext, reinterpret_cast<unsigned char*>(plain.data())) &&
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag->size()), tag->data()) == 1 &&
      EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(plain.data()), &final_len) == 1 && final_len == 0;
  if (!ok) {
    WipeString(&plain);
    return FailResult<SecretBytes>(
        Code::kDecryptFailed,
        "Secret decryption failed (master key fingerprint: " + key_fingerprint_ +
            "). This usually means the master key does not match the key used to encrypt the secret. "
            "Original error: Unsupported state or unable to authenticate data");
  }
  return Result<SecretBytes>::Ok(SecretBytes::Adopt(std::move(plain)));
}

}  // namespace clasp::native
