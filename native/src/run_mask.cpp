// The masker over the values a target's run gets (run_mask.h).
#include "clasp/native/run_mask.h"

namespace clasp::native {

Result<RunMask> BuildRunMask(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                             const RunEnvRequest& request) {
  auto run = AssembleRunEnv(store, ciphers, random, clock, request);
  if (!run.ok()) return Forward<RunMask>(std::move(run));
  RunMask mask;
  std::vector<MaskSecret> secrets;
  // AssembleRunEnv keeps the plan's order, one variable per entry.
  const std::vector<RunEnvEntry>& entries = run.value->check.plan.entries;
  for (std::size_t i = 0; i < run.value->env.size() && i < entries.size(); ++i) {
    const RunEnvVariable& v = run.value->env[i];
    if (!v.secret || !entries[i].secret) continue;
    secrets.push_back(MaskSecret{v.key, v.value.view()});
    mask.secret_ids.push_back(entries[i].secret->secret_id);
  }
  auto masker = Masker::Build(secrets);
  run.value->env.clear();  // SecretBytes: wiped
  if (!masker.ok()) return Forward<RunMask>(std::move(masker));
  mask.masker = std::move(*masker.value);
  return Result<RunMask>::Ok(std::move(mask));
}

OrderedJson RunMaskReportJson(const RunMask& mask, const std::vector<std::uint64_t>& counts) {
  OrderedJson occurrences = OrderedJson::array();
  for (std::size_t i = 0; i < counts.size() && i < mask.secret_ids.size(); ++i) {
    if (counts[i] == 0) continue;
    occurrences.push_back({{"envKey", mask.masker.env_key(i)}, {"secretId", mask.secret_ids[i]}, {"count", counts[i]}});
  }
  OrderedJson unmasked = OrderedJson::array();
  for (std::size_t i : mask.masker.skipped()) {
    unmasked.push_back({{"envKey", mask.masker.env_key(i)},
                        {"secretId", mask.secret_ids[i]},
                        {"reason", "shorter than " + std::to_string(kMinMaskedValueLength) + " bytes"}});
  }
  return {{"occurrences", std::move(occurrences)}, {"unmasked", std::move(unmasked)}};
}

}  // namespace clasp::native
