// Conformance family local_encrypted_material: thin glue from a vector case to
// the core's KEY-2 decoder and the native AES-256-GCM cipher.
#include <array>
#include <optional>
#include <string>

#include "clasp/master_key.h"
#include "clasp/native/base64.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/sha256.h"
#include "native_families.h"

namespace clasp::native {
namespace {

constexpr std::array<const char*, 3> kTamperedFields = {"iv", "tag", "ciphertext"};

std::string FirstCode(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? "unknown" : std::string(CodeName(diagnostics.front().code));
}

// Flips one bit at a time (first, middle and last byte; low and high bit) in
// the decoded field and reports "rejected" only if every variant fails to
// open with decrypt_failed.
std::string TamperVerdict(LocalEncryptedCipher& cipher, const Material& material, const char* field) {
  Material copy = material;
  std::string* text = field == std::string_view("iv") ? &copy.iv
                      : field == std::string_view("tag") ? &copy.tag
                                                         : &copy.ciphertext;
  const std::optional<std::string> bytes = Base64DecodeStrict(*text);
  if (!bytes) return "undecodable";
  if (bytes->empty()) return "empty";
  for (const std::size_t at : {std::size_t{0}, bytes->size() / 2, bytes->size() - 1}) {
    for (const unsigned bit : {0u, 7u}) {
      std::string flipped = *bytes;
      flipped[at] = static_cast<char>(flipped[at] ^ (1u << bit));
      *text = Base64Encode(flipped);
      Result<SecretBytes> opened = cipher.Open(copy);
      if (opened.value) return "accepted";
      if (FirstCode(opened.diagnostics) != CodeName(Code::kDecryptFailed)) return FirstCode(opened.diagnostics);
    }
  }
  return "rejected";
}

}  // namespace

OrderedJson EvaluateLocalEncryptedMaterial(const OrderedJson& input) {
  const auto key_env = input.find("key_env");
  const auto material_json = input.find("material");
  if (key_env == input.end() || !key_env->is_string() || material_json == input.end()) {
    return OrderedJson{{"error", "input needs key_env (string) and material"}};
  }
  std::optional<Result<MasterKey>> decoded = DecodeEnvMasterKey(key_env->get_ref<const std::string&>());
  if (!decoded || !decoded->ok()) {
    return OrderedJson{{"error", decoded ? FirstCode(decoded->diagnostics) : "master_key_blank"}};
  }
  SecretBytes key = SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(decoded->value->bytes.data()),
                                                       decoded->value->bytes.size()));
  Wipe(decoded->value->bytes.data(), decoded->value->bytes.size());
  auto cipher = LocalEncryptedCipher::Create(key);
  Result<Material> material = MaterialFromJson(*material_json);
  if (!cipher.ok() || !material.ok()) {
    return OrderedJson{{"error", FirstCode(cipher.ok() ? material.diagnostics : cipher.diagnostics)}};
  }
  Result<SecretBytes> opened = (*cipher.value)->Open(*material.value);
  if (!opened.ok()) return OrderedJson{{"error", FirstCode(opened.diagnostics)}};
  OrderedJson out = OrderedJson::object();
  out["value"] = std::string(opened.value->view());
  out["valueSha256"] = ValueSha256(opened.value->view());
  OrderedJson tamper = OrderedJson::object();
  for (const char* field : kTamperedFields) tamper[field] = TamperVerdict(**cipher.value, *material.value, field);
  out["tamper"] = std::move(tamper);
  return out;
}

bool SplitLocalEncryptedMaterialCase(const OrderedJson& flat_case, OrderedJson* input, OrderedJson* expect) {
  if (!flat_case.is_object()) return false;
  for (const char* field : {"key_env", "material", "value", "valueSha256"}) {
    if (!flat_case.contains(field)) return false;
  }
  *input = OrderedJson{{"key_env", flat_case["key_env"]}, {"material", flat_case["material"]}};
  // README: decrypting yields exactly `value`, its SHA-256 is `valueSha256`,
  // and flipping a bit of iv, tag or ciphertext makes decryption fail. A
  // Paperclip value is never empty (CRUD-2), so the ciphertext has bits.
  OrderedJson tamper = OrderedJson::object();
  for (const char* field : kTamperedFields) tamper[field] = "rejected";
  *expect = OrderedJson{{"value", flat_case["value"]}, {"valueSha256", flat_case["valueSha256"]}, {"tamper", tamper}};
  return true;
}

}  // namespace clasp::native
