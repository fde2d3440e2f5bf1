// `clasp bindings repair --apply`: plan and write in one transaction (see
// binding_doctor.h).
#include "clasp/native/binding_doctor.h"

namespace clasp::native {
namespace {

constexpr const char* kRepairActor = "clasp-bindings-repair";

Status WriteStep(StoreTxn& txn, Random& random, const std::string& now, RepairStep& step) {
  BindingRow& b = step.binding;
  switch (step.action) {
    case RepairAction::kInsert: {
      auto id = NewUuid(random);
      if (!id.ok()) return Forward<Done>(std::move(id));
      b.id = *id.value;
      return txn.InsertBinding(b, now);
    }
    case RepairAction::kUpdate: return txn.UpdateBinding(b, now);
    case RepairAction::kDelete: return txn.DeleteBinding(b.id);
  }
  return OkStatus();
}

Status Audit(StoreTxn& txn, Random& random, const std::string& now, const RepairStep& step) {
  const BindingRow& b = step.binding;
  auto id = NewUuid(random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value;
  row.company_id = b.company_id;
  row.actor_type = "system";
  row.actor_id = kRepairActor;
  row.action = kRepairActivityAction;
  row.entity_type = "secret_binding";
  row.entity_id = b.id;
  row.details = DumpJson(OrderedJson{{"repair", RepairActionName(step.action)},
                                     {"reason", RepairReasonName(step.reason)},
                                     {"bindingId", b.id},
                                     {"targetType", b.target_type},
                                     {"targetId", b.target_id},
                                     {"configPath", b.config_path},
                                     {"secretId", b.secret_id},
                                     {"versionSelector", b.version_selector}});
  row.created_at = now;
  return txn.InsertActivity(row);
}

}  // namespace

Result<RepairOutcome> ApplyBindingRepair(SecretStore& store, const CompanyFilter& company, Random& random,
                                         Clock& clock) {
  RepairOutcome outcome;
  const Status status = store.Transact([&](StoreTxn& txn) -> Status {
    // PostgreSQL may run the body again after a conflict: start afresh.
    outcome = RepairOutcome{};
    auto view = LoadDoctorView(txn, company);
    if (!view.ok()) return Forward<Done>(std::move(view));
    outcome.view = std::move(*view.value);
    outcome.report = CheckBindings(outcome.view, true);
    const std::string now = clock.NowIso8601();
    for (RepairStep& step : outcome.report.repair->steps) {
      if (Status s = WriteStep(txn, random, now, step); !s.ok()) return s;
      if (Status s = Audit(txn, random, now, step); !s.ok()) return s;
      ++outcome.activity_rows;
    }
    return OkStatus();
  });
  if (!status.ok()) return Forward<RepairOutcome>(Status(status));
  return Result<RepairOutcome>::Ok(std::move(outcome));
}

}  // namespace clasp::native
