// clasp/native/secret_key.h — CRUD-1's stored secret key, now a core rule
// (clasp/secret_key.h); the native name stays for existing callers.
#pragma once

#include "clasp/secret_key.h"

namespace clasp::native {

using ::clasp::NormalizeSecretKey;

}  // namespace clasp::native
