// clasp/native/run_mask.h — the masker for what a target is bound to.
//
// `clasp redact` and POST /api/agents/:id/redact mask a transcript or a log
// with the values a run of the agent (and project) gets: AssembleRunEnv
// (run_env.h) resolves them — one access event each, actor "system" with
// the asker's id, so the audit trail shows that a redaction read them — the
// core's masker is built over the secret values (plain values are
// configuration, not masked), and the values are wiped. A run that would be
// refused (a missing binding) is refused here too, with the same errors.
//
// Reports name env keys, secret ids and counts, never a value:
//   {"occurrences":[{"envKey":"OPENAI_API_KEY","secretId":S,"count":2}],
//    "unmasked":[{"envKey":"PIN","secretId":T,"reason":"shorter than 6 bytes"}]}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/masker.h"
#include "clasp/native/run_env.h"

namespace clasp::native {

struct RunMask {
  Masker masker;
  std::vector<std::string> secret_ids;  // per masker secret
};

// `actor_id` names who asked ("cli" for clasp redact, "board" for the API).
Result<RunMask> BuildRunMask(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                             const RunEnvRequest& request);

// `counts` per masker secret (MaskStream::counts, summed over inputs);
// occurrences list only the secrets that occurred, in Build's order.
OrderedJson RunMaskReportJson(const RunMask& mask, const std::vector<std::uint64_t>& counts);

}  // namespace clasp::native
