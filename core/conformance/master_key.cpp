#include <cstdint>
#include <optional>
#include <string>

#include "clasp/conformance.h"
#include "clasp/master_key.h"
#include "clasp/sha256.h"

namespace clasp::conformance {
namespace {

OrderedJson BadInput(const char* reason) { return OrderedJson{{"ok", false}, {"bad_input", reason}}; }

std::string KeyHex(const MasterKey& key) {
  return HexLower(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
}

OrderedJson ErrorJson(const Diagnostic& d) {
  return OrderedJson{{"ok", false}, {"status", d.http_status}, {"error", d.message}, {"code", CodeName(d.code)}};
}

// {raw}: the KEY-2 decoder alone.
OrderedJson EvaluateDecode(const std::string& raw) {
  const std::optional<MasterKey> key = DecodeMasterKey(raw);
  if (!key) {
    OrderedJson out{{"ok", false}, {"encoding", nullptr}, {"key_hex", nullptr}};
    if (!DecodeEnvMasterKey(raw).has_value()) out["empty"] = true;
    return out;
  }
  return OrderedJson{{"ok", true}, {"encoding", MasterKeyEncodingName(key->encoding)}, {"key_hex", KeyHex(*key)}};
}

// {source, raw[, path]}: KEY-1/KEY-3 as the env variable or the key file.
OrderedJson EvaluateSource(const std::string& source, const std::string& raw, const OrderedJson& input) {
  Result<MasterKey> result;
  if (source == "env") {
    std::optional<Result<MasterKey>> env = DecodeEnvMasterKey(raw);
    if (!env) return OrderedJson{{"ok", false}, {"empty", true}, {"fall_through_to_key_file", true}};
    result = std::move(*env);
  } else if (source == "file") {
    const auto path = input.find("path");
    if (path == input.end() || !path->is_string()) return BadInput("path must be a string");
    result = DecodeMasterKeyFile(raw, path->get_ref<const std::string&>());
  } else {
    return BadInput("source must be \"env\" or \"file\"");
  }
  if (!result.ok()) return ErrorJson(result.diagnostics.front());
  return OrderedJson{{"ok", true}, {"encoding", MasterKeyEncodingName(result.value->encoding)}};
}

// {mode_octal, path}: KEY-4.
OrderedJson EvaluateMode(const std::string& octal, const std::string& path) {
  std::uint32_t mode = 0;
  if (octal.empty() || octal.size() > 7) return BadInput("mode_octal must be 1-7 octal digits");
  for (char c : octal) {
    if (c < '0' || c > '7') return BadInput("mode_octal must be 1-7 octal digits");
    mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
  }
  const KeyFileModeCheck check = KeyFileModeVerdict(mode, path);
  OrderedJson warning = nullptr;
  if (check.warning) warning = check.warning->message;
  return OrderedJson{{"warn", check.warning.has_value()}, {"chmod_on_load", check.chmod_on_load}, {"warning", warning}};
}

const std::string* StringField(const OrderedJson& input, const char* name) {
  const auto it = input.find(name);
  if (it == input.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

}  // namespace

OrderedJson EvaluateMasterKey(const OrderedJson& input) {
  if (!input.is_object()) return BadInput("input must be an object");
  if (input.contains("mode_octal")) {
    const std::string* octal = StringField(input, "mode_octal");
    const std::string* path = StringField(input, "path");
    if (!octal || !path) return BadInput("mode_octal and path must be strings");
    return EvaluateMode(*octal, *path);
  }
  if (input.contains("value")) {
    const std::string* value = StringField(input, "value");
    if (!value) return BadInput("value must be a string");
    // A managed local_encrypted value: the provider reports no fingerprint of its own.
    const std::string digest = ValueSha256(*value);
    const std::string fingerprint = FingerprintSha256(digest, std::nullopt);
    return OrderedJson{{"valueSha256", digest}, {"fingerprintSha256", fingerprint},
                       {"fingerprintSha256_equals_valueSha256", fingerprint == digest}};
  }
  const std::string* raw = StringField(input, "raw");
  if (!raw) return BadInput("raw must be a string");
  if (input.contains("source")) {
    const std::string* source = StringField(input, "source");
    if (!source) return BadInput("source must be a string");
    return EvaluateSource(*source, *raw, input);
  }
  return EvaluateDecode(*raw);
}

}  // namespace clasp::conformance
