// clasp/native/run_mask.h — the masker for what a target is bound to.
//
// `clasp redact` and POST /api/agents/:id/redact mask a transcript or a log
// that a run of the agent (and project) may have written. A transcript is
// read after the fact, so the values that matter are those the run could
// have had, not only those a run would get now: every env entry of the
// target that references a company secret (a secret_ref, granted or not by
// a binding row) contributes every version of that secret that still has
// its value, whatever the secret's status (SecretService::
// OpenVersionsForMasking: one access event per version, actor "system" with
// the asker's id, so the audit trail shows that a redaction read them). The
// core's masker is built over those values (plain values are configuration,
// not masked), and the values are wiped.
//   agent env {"K": ref S}, S rotated to v2, then disabled -> masks S v1 and v2 as ***K
//   binding row of K deleted behind the server's back     -> still masks S (a run would be refused)
// What cannot be masked is said, never dropped: a user_secret_ref (clasp
// keeps no user secrets), a secret another process holds (an external
// reference), one whose value cannot be opened (a wrong key). Only an
// unknown agent or project, or a target whose env is not JSON, is refused.
//
// Reports name env keys, secret ids, versions and counts, never a value:
//   {"occurrences":[{"envKey":"OPENAI_API_KEY","secretId":S,"version":2,"count":2}],
//    "unmasked":[{"envKey":"PIN","secretId":T,"version":1,"reason":"shorter than 6 bytes"},
//                {"envKey":"GH","secretId":null,"reason":"user secret \"gh\": clasp keeps no user secrets"}]}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/masker.h"
#include "clasp/native/run_env.h"

namespace clasp::native {

struct RunMask {
  struct Source {
    std::string secret_id;
    int version = 0;
  };
  struct Unmasked {
    std::string env_key;
    std::optional<std::string> secret_id;  // none for a user_secret_ref
    std::string reason;
  };
  Masker masker;
  std::vector<Source> sources;     // per masker secret
  std::vector<Unmasked> unmasked;  // refs with no value to mask (short values: masker.skipped())
};

// `actor_id` names who asked ("cli" for clasp redact, "board" for the API).
Result<RunMask> BuildRunMask(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                             const RunEnvRequest& request);

// `counts` per masker secret (MaskStream::counts, summed over inputs);
// occurrences list only the versions that occurred, in Build's order, then
// the short values, then the refs with nothing to mask.
OrderedJson RunMaskReportJson(const RunMask& mask, const std::vector<std::uint64_t>& counts);

}  // namespace clasp::native
