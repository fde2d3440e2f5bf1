// The batches of a master-key rotation (key_rotation.h), apart from the
// orchestration around them. Internal to key_rotation*.cpp.
#pragma once

#include <functional>
#include <string>

#include "clasp/native/local_encrypted.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"

namespace clasp::native::rotation {

struct Progress {
  std::string cursor;  // last version id of the last committed batch
  long long done = 0;  // versions re-encrypted by committed batches (this run and before)
};

struct BatchCounts {
  long long versions = 0;
  long long proposals = 0;
};

// Runs the batches from `progress.cursor` until the last one has committed
// with the key check switched to `new_check`. `committed` is called after
// each earlier batch's commit with the progress so far (the keyring's
// update); its failure stops the run (the next one resumes).
Result<BatchCounts> RunBatches(SecretStore& store, LocalEncryptedCipher& old_cipher, LocalEncryptedCipher& new_cipher,
                               Random& random, const std::string& new_check, int batch_size, Progress progress,
                               const std::function<Status(const Progress&)>& committed);

}  // namespace clasp::native::rotation
