// What the doctor and dry runs say about a store's key (key_check.h
// InspectStoreKey): the same verdict a write would get, reached without
// creating, fixing or recording anything.
#include "clasp/native/key_check.h"

namespace clasp::native {
namespace {

std::string FirstMessage(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("unknown failure") : diagnostics.front().message;
}

// The verdict for a key that exists; fills the fingerprints.
Status Judge(StoreKeyReport& report, const StoreKeyState& state, const SecretBytes& key) {
  auto check = KeyCheckValue(key);
  if (!check.ok()) return Forward<Done>(std::move(check));
  report.key_fingerprint = KeyCheckFingerprint(*check.value);
  auto cipher = LocalEncryptedCipher::Create(key);
  if (!cipher.ok()) return Forward<Done>(std::move(cipher));
  auto verdict = MatchStoreKey(state, *check.value, DescribeKeyLocation(report.location), **cipher.value);
  if (!verdict.ok()) return Forward<Done>(std::move(verdict));
  const std::string head = "master key " + DescribeKeyLocation(report.location) + ", fingerprint " +
                           *report.key_fingerprint + ": ";
  switch (*verdict.value) {
    case KeyVerdict::kMatches:
      report.summary = head + "the store's key";
      break;
    case KeyVerdict::kDecryptsNewest:
      report.summary = head + "decrypts the store's newest secret version; recorded as the store's key on the next write";
      break;
    case KeyVerdict::kNothingStored:
      report.summary = head + "the store holds no secret yet; recorded as its key on the first write";
      break;
  }
  return OkStatus();
}

}  // namespace

StoreKeyReport InspectStoreKey(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home) {
  StoreKeyReport report;
  auto state = InTransaction<StoreKeyState>(store, [](StoreTxn& txn) { return ReadStoreKeyState(txn); },
                                            SecretStore::Durability::kReadOnly);
  auto found = FindMasterKey(vars, fs, home, KeyLoad::kLookOnly);
  if (found.ok()) report.location = found.value->location;
  if (!state.ok() || !found.ok()) {
    report.verdict = state.ok() ? Forward<Done>(std::move(found)) : Forward<Done>(std::move(state));
    report.summary = FirstMessage(report.verdict.diagnostics);
    return report;
  }
  if (state.value->check_value) report.store_fingerprint = KeyCheckFingerprint(*state.value->check_value);
  if (found.value->key) {
    report.verdict = Judge(report, *state.value, found.value->key->key);
    if (!report.verdict.ok()) report.summary = FirstMessage(report.verdict.diagnostics);
    return report;
  }
  const std::string where = DescribeKeyLocation(report.location);
  if (state.value->holds_secrets()) {
    report.verdict = FailStatus(Code::kMasterKeyMissing, "This store holds secrets but there is no master key at " +
                                                             where + "; a write would be refused, never given a new key");
    report.summary = FirstMessage(report.verdict.diagnostics);
  } else {
    report.summary = "master key: none yet; the first write creates " + where;
  }
  return report;
}

OrderedJson StoreKeyReportJson(const StoreKeyReport& report) {
  OrderedJson out = OrderedJson::object();
  out["source"] = std::string(KeySourceName(report.location.source));
  if (!report.location.path.empty()) out["keyFile"] = report.location.path;
  out["fingerprint"] = report.key_fingerprint ? OrderedJson(*report.key_fingerprint) : OrderedJson(nullptr);
  out["storeFingerprint"] = report.store_fingerprint ? OrderedJson(*report.store_fingerprint) : OrderedJson(nullptr);
  out["ok"] = report.verdict.ok();
  out["message"] = report.summary;
  return out;
}

}  // namespace clasp::native
