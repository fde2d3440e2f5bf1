// Naming findings, the check's JSON document and the repair as SQL (see
// binding_doctor.h).
#include <cctype>
#include <charconv>
#include <set>
#include <unordered_map>

#include "clasp/native/binding_doctor.h"

namespace clasp::native {
namespace {

// "~1" -> "/", "~0" -> "~" (RFC 6901).
std::string UnescapePointerToken(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[++i] == '0' ? '~' : '/');
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

// The number after `prefix` and where it ends, or nullopt.
std::optional<std::size_t> IndexAfter(std::string_view path, std::string_view prefix, std::size_t& end) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::size_t n = 0;
  const char* first = path.data() + prefix.size();
  const auto [ptr, ec] = std::from_chars(first, path.data() + path.size(), n);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  end = static_cast<std::size_t>(ptr - path.data());
  return n;
}

class TargetNames {
 public:
  explicit TargetNames(const DoctorView& view) {
    for (std::size_t i = 0; i < view.targets.size(); ++i) {
      const auto& t = view.targets[i];
      index_.emplace(t.company_id + '\0' + t.target.target_type + '\0' + t.target.target_id, i);
      index_.emplace(std::string(1, '\0') + t.target.target_type + '\0' + t.target.target_id, i);
    }
  }
  // The row's target: of its own company, else any with that type and id.
  std::optional<std::size_t> Of(const BindingRow& r) const {
    auto it = index_.find(r.company_id + '\0' + r.target_type + '\0' + r.target_id);
    if (it == index_.end()) it = index_.find(std::string(1, '\0') + r.target_type + '\0' + r.target_id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
};

OrderedJson FindingJson(const DoctorFinding& f) {
  OrderedJson j = {{"code", CodeName(f.diagnostic.code)}, {"message", f.diagnostic.message},
                   {"companyId", f.company_id},          {"targetType", f.target_type},
                   {"targetId", f.target_id},            {"targetName", f.target_name},
                   {"envKey", f.env_key},                {"configPath", f.config_path},
                   {"secretId", f.secret_id}};
  if (f.secret_name) j["secretName"] = *f.secret_name;
  if (f.binding_id) j["bindingId"] = *f.binding_id;
  return j;
}

OrderedJson StepJson(const DoctorView& view, const RepairStep& s) {
  const BindingRow& b = s.binding;
  const std::string name = s.target < view.target_names.size() ? view.target_names[s.target] : "";
  return {{"action", RepairActionName(s.action)},
          {"reason", RepairReasonName(s.reason)},
          {"bindingId", b.id.empty() ? OrderedJson() : OrderedJson(b.id)},
          {"companyId", b.company_id},
          {"targetType", b.target_type},
          {"targetId", b.target_id},
          {"targetName", name},
          {"configPath", b.config_path},
          {"secretId", b.secret_id},
          {"versionSelector", b.version_selector}};
}

// E'…' with ' and \ doubled; nullopt for a NUL byte.
std::optional<std::string> Literal(const std::string& s) {
  std::string out = "E'";
  for (char c : s) {
    if (c == '\0') return std::nullopt;
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  return out + "'";
}

std::optional<std::string> Literal(const std::optional<std::string>& s) {
  return s ? Literal(*s) : std::optional<std::string>("NULL");
}

}  // namespace

std::vector<DoctorFinding> DescribeFindings(const DoctorView& view, const std::vector<Diagnostic>& diagnostics) {
  const TargetNames names(view);
  std::vector<DoctorFinding> out;
  out.reserve(diagnostics.size());
  for (const Diagnostic& d : diagnostics) {
    DoctorFinding f;
    f.diagnostic = d;
    std::size_t end = 0;
    if (const auto j = IndexAfter(d.path, "/rows/", end); j && *j < view.rows.size()) {
      const BindingRow& r = view.rows[*j];
      f.company_id = r.company_id, f.target_type = r.target_type, f.target_id = r.target_id;
      f.config_path = r.config_path, f.secret_id = r.secret_id;
      if (!r.id.empty()) f.binding_id = r.id;
      if (const auto t = names.Of(r)) {
        f.target_name = view.target_names[*t];
        const std::string& prefix = view.targets[*t].target.path_prefix;
        if (r.config_path.size() > prefix.size() + 1 && r.config_path.compare(0, prefix.size(), prefix) == 0 &&
            r.config_path[prefix.size()] == '.') {
          f.env_key = r.config_path.substr(prefix.size() + 1);
        }
      }
    } else if (const auto i = IndexAfter(d.path, "/targets/", end); i && *i < view.targets.size()) {
      const TargetEnv& t = view.targets[*i];
      f.company_id = t.company_id, f.target_type = t.target.target_type, f.target_id = t.target.target_id;
      f.target_name = view.target_names[*i];
      const std::string_view rest = std::string_view(d.path).substr(end);
      if (rest.substr(0, 5) == "/env/") {
        f.env_key = UnescapePointerToken(rest.substr(5));
        f.config_path = t.target.path_prefix + "." + f.env_key;
        if (t.env.is_object()) {
          const auto entry = t.env.find(f.env_key);
          if (entry != t.env.end() && entry->is_object()) {
            const auto id = entry->find("secretId");
            if (id != entry->end() && id->is_string()) f.secret_id = id->get<std::string>();
          }
        }
      }
    }
    std::string id = f.secret_id;
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto name = view.secret_names.find(id); name != view.secret_names.end()) f.secret_name = name->second;
    out.push_back(std::move(f));
  }
  return out;
}

DoctorReport CheckBindings(const DoctorView& view, bool with_plan) {
  DoctorReport report;
  report.findings = DescribeFindings(view, DesyncFindings(view.targets, view.rows, view.secrets, view.scope));
  if (view.run_state) {
    const RunState& run = *view.run_state;
    report.warnings = DescribeFindings(
        view, RunReadinessReport(view.targets, view.secrets, run.versions, run.definitions, run.declarations));
  }
  if (with_plan) {
    report.repair = PlanDesyncRepair(view.targets, view.rows, view.secrets, view.scope);
    std::vector<Diagnostic> manual;
    for (const ManualRepair& m : report.repair->manual) manual.push_back(m.diagnostic);
    report.manual = DescribeFindings(view, manual);
  }
  std::set<std::string_view> companies;
  for (const TargetEnv& t : view.targets) companies.insert(t.company_id);
  for (const BindingRow& r : view.rows) companies.insert(r.company_id);
  report.companies = companies.size();
  return report;
}

OrderedJson DoctorReportJson(const DoctorView& view, const DoctorReport& report) {
  OrderedJson findings = OrderedJson::array();
  for (const DoctorFinding& f : report.findings) findings.push_back(FindingJson(f));
  OrderedJson out = {{"ok", report.clean()},
                     {"source", view.source},
                     {"location", view.location},
                     {"companies", report.companies},
                     {"targets", view.targets.size()},
                     {"rows", view.rows.size()},
                     {"findings", std::move(findings)}};
  if (view.run_state) {
    OrderedJson warnings = OrderedJson::array();
    for (const DoctorFinding& f : report.warnings) warnings.push_back(FindingJson(f));
    out["warnings"] = std::move(warnings);
  }
  if (!view.unchecked.empty()) {
    OrderedJson unchecked = OrderedJson::array();
    for (const UncheckedRef& u : view.unchecked) {
      const TargetEnv& t = view.targets[u.target];
      unchecked.push_back({{"targetType", t.target.target_type},
                           {"targetId", t.target.target_id},
                           {"targetName", view.target_names[u.target]},
                           {"envKey", u.env_key},
                           {"secretId", u.secret_id}});
    }
    out["unchecked"] = std::move(unchecked);
  }
  if (report.repair) {
    OrderedJson steps = OrderedJson::array();
    for (const RepairStep& s : report.repair->steps) steps.push_back(StepJson(view, s));
    OrderedJson manual = OrderedJson::array();
    for (const DoctorFinding& f : report.manual) manual.push_back(FindingJson(f));
    out["repair"] = {{"inserts", report.repair->inserts},
                     {"updates", report.repair->updates},
                     {"deletes", report.repair->deletes},
                     {"steps", std::move(steps)},
                     {"manual", std::move(manual)}};
  }
  return out;
}

Result<std::string> RepairSql(const DesyncRepair& repair) {
  std::string sql = "BEGIN;\n";
  const auto nul = [] {
    return FailResult<std::string>(Code::kInputWrongType, "A binding field holds a NUL byte, which SQL text cannot carry");
  };
  for (const RepairStep& s : repair.steps) {
    const BindingRow& b = s.binding;
    const auto company = Literal(b.company_id), secret = Literal(b.secret_id), type = Literal(b.target_type);
    const auto target = Literal(b.target_id), path = Literal(b.config_path), version = Literal(b.version_selector);
    const auto projection = Literal(b.projection_class), allowlist = Literal(b.projection_allowlist_key);
    const auto label = Literal(b.label), id = Literal(b.id);
    if (!company || !secret || !type || !target || !path || !version || !projection || !allowlist || !label || !id) {
      return nul();
    }
    const std::string where = b.id.empty() ? " WHERE company_id = " + *company + " AND target_type = " + *type +
                                                 " AND target_id = " + *target + " AND config_path = " + *path +
                                                 " AND secret_id = " + *secret
                                           : " WHERE id = " + *id;
    sql += "-- " + std::string(RepairActionName(s.action)) + " (" + std::string(RepairReasonName(s.reason)) + ")\n";
    switch (s.action) {
      case RepairAction::kDelete:
        sql += "DELETE FROM company_secret_bindings" + where + ";\n";
        break;
      case RepairAction::kUpdate:
        sql += "UPDATE company_secret_bindings SET version_selector = " + *version + ", projection_class = " +
               *projection + ", projection_allowlist_key = " + *allowlist + ", updated_at = now()" + where + ";\n";
        break;
      case RepairAction::kInsert:
        sql += "INSERT INTO company_secret_bindings (company_id, secret_id, target_type, target_id, config_path, "
               "version_selector, required, label, projection_class, projection_allowlist_key) VALUES (" +
               *company + ", " + *secret + ", " + *type + ", " + *target + ", " + *path + ", " + *version + ", " +
               (b.required ? "true" : "false") + ", " + *label + ", " + *projection + ", " + *allowlist + ");\n";
        break;
    }
  }
  return Result<std::string>::Ok(sql + "COMMIT;\n");
}

}  // namespace clasp::native
