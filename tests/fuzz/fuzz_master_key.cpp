// Master-key strings (KEY-2/3): any bytes as PAPERCLIP_SECRETS_MASTER_KEY or
// as a key file's content. The env and file decoders accept exactly what
// DecodeMasterKey decodes, to the same bytes, and refuse with fixed messages.
#include <string>

#include "clasp/master_key.h"
#include "fuzz_support.h"

using namespace clasp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view text = fuzz::Bytes(data, size);
  const auto key = DecodeMasterKey(text);
  const auto env = DecodeEnvMasterKey(text);
  const auto file = DecodeMasterKeyFile(text, "/k/master.key");

  fuzz::Require(file.ok() == key.has_value(), "the key file decodes what DecodeMasterKey decodes");
  if (file.ok()) fuzz::Require(file.value->bytes == key->bytes, "the key file decodes to the same bytes");
  if (env) {
    fuzz::Require(env->ok() == key.has_value(), "the env variable decodes what DecodeMasterKey decodes");
    if (env->ok()) fuzz::Require(env->value->bytes == key->bytes, "the env variable decodes to the same bytes");
  } else {
    fuzz::Require(!key.has_value(), "an unset (blank) env variable holds no key");
  }
  // The messages are fixed texts: nothing of the input can leak into them.
  if (env && !env->ok()) {
    fuzz::CheckDiagnostics(env->diagnostics);
    fuzz::Require(env->diagnostics.size() == 1 && env->diagnostics[0].message ==
                      "Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex, or raw 32-char string)",
                  "the env refusal is the fixed message");
  }
  if (!file.ok()) {
    fuzz::CheckDiagnostics(file.diagnostics);
    fuzz::Require(file.diagnostics.size() == 1 && file.diagnostics[0].message == "Invalid secrets master key at /k/master.key",
                  "the key file refusal names the path only");
  }
  return 0;
}
