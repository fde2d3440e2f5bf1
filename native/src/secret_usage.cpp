#include "clasp/native/secret_usage.h"

#include <algorithm>

#include "clasp/native/binding_doctor.h"

namespace clasp::native {
namespace {

OrderedJson Nullable(const std::optional<std::string>& text) { return text ? OrderedJson(*text) : OrderedJson(nullptr); }

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

Result<std::vector<NamedSecretUse>> ReadSecretUses(StoreTxn& txn, const SecretRow& secret) {
  using Out = std::vector<NamedSecretUse>;
  auto targets = LoadStoredTargets(txn, secret.company_id);
  if (!targets.ok()) return Forward<Out>(std::move(targets));
  auto rows = txn.ListSecretBindings(secret.id);
  if (!rows.ok()) return Forward<Out>(std::move(rows));
  std::vector<BindingRow>& mine = *rows.value;
  mine.erase(std::remove_if(mine.begin(), mine.end(), [&](const BindingRow& r) { return r.company_id != secret.company_id; }),
             mine.end());
  Out out;
  for (SecretUse& use : SecretUses(secret.id, targets.value->targets, mine)) {
    NamedSecretUse named{std::move(use), std::nullopt, std::nullopt};
    if (named.use.target != kNoTarget) named.target_name = targets.value->names[named.use.target];
    if (named.use.row != kNoRow) named.binding_id = mine[named.use.row].id;
    out.push_back(std::move(named));
  }
  return Result<Out>::Ok(std::move(out));
}

OrderedJson SecretUsesJson(const std::vector<NamedSecretUse>& uses) {
  OrderedJson out = OrderedJson::array();
  for (const NamedSecretUse& u : uses) {
    out.push_back({{"targetType", u.use.target_type},
                   {"targetId", u.use.target_id},
                   {"targetName", Nullable(u.target_name)},
                   {"configPath", u.use.config_path},
                   {"source", std::string(UseSourceName(u.use.source))},
                   {"desync", u.use.desync()},
                   {"bindingId", Nullable(u.binding_id)}});
  }
  return out;
}

Diagnostic SecretInUseDiagnostic(const std::vector<NamedSecretUse>& uses) {
  const auto desync = static_cast<std::size_t>(
      std::count_if(uses.begin(), uses.end(), [](const NamedSecretUse& u) { return u.use.desync(); }));
  std::string message = "Secret is in use (" + Plural(uses.size(), "use");
  if (desync > 0) message += ", " + std::to_string(desync) + " of them an env reference without a binding row";
  return MakeDiagnostic(Code::kSecretInUse, "", message + ")");
}

}  // namespace clasp::native
