// `clasp doctor`'s store_key check (doctor_checks.h): does the store take
// the configured master key (key_check.h)?
#include "clasp/native/key_check.h"
#include "doctor_checks.h"

namespace clasp::native::doctor {

DoctorCheck StoreKeyCheck(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home) {
  const StoreKeyReport report = InspectStoreKey(store, vars, fs, home);
  DoctorCheck check = MakeCheck("store_key", report.verdict.ok() ? "ok" : "error", report.summary);
  check.details = StoreKeyReportJson(report);
  check.details.erase("message");
  check.details.erase("ok");
  return check;
}

}  // namespace clasp::native::doctor
