// The bindings doctor on clasp's SQLite store and on JSON exports: desyncs
// induced by writing rows and adapter configs directly, found by name,
// repaired in one transaction with an activity row per change.
#define BOOST_TEST_MODULE native_binding_doctor
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <tuple>

#include "clasp/native/binding_doctor.h"
#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kC1 = "c1c1c1c1-0000-4000-8000-000000000001";
const std::string kC2 = "c2c2c2c2-0000-4000-8000-000000000002";
const std::string kA = "aaaaaaaa-0000-4000-8000-00000000000a";
const std::string kB = "bbbbbbbb-0000-4000-8000-00000000000b";
const std::string kC = "cccccccc-0000-4000-8000-00000000000c";  // company c2
const std::string kD = "dddddddd-0000-4000-8000-00000000000d";  // deleted
const std::string kAlpha = "a1a1a1a1-0000-4000-8000-0000000000a1";
const std::string kBeta = "b2b2b2b2-0000-4000-8000-0000000000b2";
const std::string kGamma = "c3c3c3c3-0000-4000-8000-0000000000c3";
const std::string kGhost = "99999999-0000-4000-8000-000000000099";
const std::string kProject = "e5e5e5e5-0000-4000-8000-0000000000e5";

std::string Ref(const std::string& id, const std::string& version = "\"latest\"") {
  return R"({"type":"secret_ref","secretId":")" + id + R"(","version":)" + version + "}";
}

BindingRow Row(const std::string& id, const std::string& type, const std::string& target, const std::string& path,
               const std::string& secret, const std::string& version = "latest", const std::string& company = kC1) {
  BindingRow r;
  r.id = id, r.company_id = company, r.secret_id = secret, r.target_type = type, r.target_id = target;
  r.config_path = path, r.version_selector = version;
  return r;
}

// A store whose env maps and rows agree: alpha {K: A, J: B v2, LOG plain},
// beta {OPENAI_API_KEY: A}, gamma {}, project {P: B}.
struct Store {
  nt::TempDir dir;
  std::unique_ptr<SqliteStore> store = Open();
  nt::CountingRandom random;
  nt::FixedClock clock;

  std::unique_ptr<SqliteStore> Open() {
    auto s = SqliteStore::Open(dir.path() + "/clasp.sqlite3");
    BOOST_TEST_REQUIRE(s.ok());
    return std::move(*s.value);
  }

  Store() {
    Write([&](StoreTxn& t) {
      Status s = t.InsertCompany(CompanyRow{kC1, "Acme", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
      if (s.ok()) s = t.InsertCompany(CompanyRow{kC2, "Other", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
      for (const auto& [id, company, status] : {std::tuple{kA, kC1, "active"}, std::tuple{kB, kC1, "active"},
                                               std::tuple{kC, kC2, "active"}, std::tuple{kD, kC1, "deleted"}}) {
        SecretRow r;
        r.id = id, r.company_id = company, r.name = "secret " + id.substr(0, 1), r.key = "key-" + id.substr(0, 1);
        r.status = status, r.created_at = r.updated_at = "2026-01-01T00:00:0" + id.substr(0, 1) + ".000Z";
        if (s.ok()) s = t.InsertSecret(r);
      }
      int n = 0;
      for (const auto& [id, name, env] :
           {std::tuple{kAlpha, "Alpha", R"({"K":)" + Ref(kA) + R"(,"J":)" + Ref(kB, "2") + R"(,"LOG":"debug"})"},
            std::tuple{kBeta, "Beta", R"({"OPENAI_API_KEY":)" + Ref(kA) + "}"},
            std::tuple{kGamma, "Gamma", std::string("{}")}}) {
        AgentRow a;
        a.id = id, a.company_id = kC1, a.name = name, a.adapter_config = R"({"command":"/bin/true","env":)" + env + "}";
        a.created_at = a.updated_at = "2026-01-02T00:00:0" + std::to_string(n++) + ".000Z";
        if (s.ok()) s = t.InsertAgent(a);
      }
      ProjectRow p;
      p.id = kProject, p.company_id = kC1, p.name = "Roadmap", p.env = R"({"P":)" + Ref(kB) + "}";
      p.created_at = p.updated_at = "2026-01-03T00:00:00.000Z";
      if (s.ok()) s = t.InsertProject(p);
      for (const BindingRow& r : {Row("10000000-0000-4000-8000-000000000001", "agent", kAlpha, "env.K", kA),
                                  Row("10000000-0000-4000-8000-000000000002", "agent", kAlpha, "env.J", kB, "2"),
                                  Row("10000000-0000-4000-8000-000000000003", "agent", kBeta, "env.OPENAI_API_KEY", kA),
                                  Row("10000000-0000-4000-8000-000000000004", "project", kProject, "env.P", kB)}) {
        if (s.ok()) s = t.InsertBinding(r, "2026-01-04T00:00:00.000Z");
      }
      return s;
    });
  }

  void Write(const std::function<Status(StoreTxn&)>& body) {
    const Status s = store->Transact(body);
    BOOST_TEST_REQUIRE(s.ok(), (s.diagnostics.empty() ? "" : s.diagnostics[0].message));
  }

  DoctorView View() {
    return nt::InTxn<DoctorView>(*store, [](StoreTxn& t) { return LoadDoctorView(t, std::nullopt); });
  }
  std::vector<BindingRow> Rows() {
    return nt::InTxn<std::vector<BindingRow>>(*store, [](StoreTxn& t) { return t.ListBindings(std::nullopt); });
  }
  std::vector<ActivityRow> Activity() {
    return nt::InTxn<std::vector<ActivityRow>>(*store, [](StoreTxn& t) { return t.ListActivity(kC1); });
  }
  void SetAgentEnv(const std::string& id, const std::string& env) {
    Write([&](StoreTxn& t) {
      auto a = t.GetAgent(id);
      if (!a.ok()) return Forward<Done>(std::move(a));
      AgentRow row = **a.value;
      row.adapter_config = R"({"command":"/bin/true","env":)" + env + "}";
      return t.UpdateAgent(row);
    });
  }

  // The report's desyncs: alpha's rows deleted while its env keeps the refs
  // (the seed report), a row left behind on gamma (#11901), beta's env moved
  // to version 3, a row of an agent that is gone, and a ref to a deleted
  // secret that no row can fix.
  void InduceDesyncs() {
    Write([&](StoreTxn& t) {
      Status s = t.DeleteBinding("10000000-0000-4000-8000-000000000001");
      if (s.ok()) s = t.DeleteBinding("10000000-0000-4000-8000-000000000002");
      if (s.ok()) s = t.InsertBinding(Row("20000000-0000-4000-8000-000000000001", "agent", kGamma, "env.OLD", kA), "2026-01-05T00:00:00.000Z");
      if (s.ok()) s = t.InsertBinding(Row("20000000-0000-4000-8000-000000000002", "agent", kGhost, "env.K", kB), "2026-01-05T00:00:01.000Z");
      return s;
    });
    SetAgentEnv(kBeta, R"({"OPENAI_API_KEY":)" + Ref(kA, "3") + R"(,"OLD_KEY":)" + Ref(kD) + "}");
  }
};

// "code target_name config_path secret binding" per finding.
std::vector<std::string> Lines(const std::vector<DoctorFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(std::string(CodeName(f.diagnostic.code)) + " " + f.target_type + ":" + f.target_name + " " +
                  f.env_key + " " + f.config_path + " " + f.secret_id.substr(0, 1) + " " +
                  f.binding_id.value_or("-").substr(0, 8));
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_consistent_store_is_clean, Store) {
  const DoctorView view = View();
  BOOST_TEST(view.targets.size() == 4u);  // three agents, one project
  BOOST_TEST(view.target_names == (V{"Alpha", "Beta", "Gamma", "Roadmap"}), boost::test_tools::per_element());
  BOOST_TEST(view.rows.size() == 4u);
  BOOST_TEST(view.secrets.size() == 4u);
  const DoctorReport report = CheckBindings(view, true);
  BOOST_TEST(report.clean());
  BOOST_TEST(report.repair->empty());
  BOOST_TEST(report.companies == 1u);
}

BOOST_FIXTURE_TEST_CASE(induced_desyncs_are_found_by_name_and_repaired, Store) {
  InduceDesyncs();
  const DoctorView view = View();
  const DoctorReport before = CheckBindings(view, true);
  BOOST_TEST(Lines(before.findings) ==
                 (V{"desync_ref_without_row agent:Alpha K env.K a -", "desync_ref_without_row agent:Alpha J env.J b -",
                    "desync_row_other_version agent:Beta OPENAI_API_KEY env.OPENAI_API_KEY a 10000000",
                    "desync_ref_without_row agent:Beta OLD_KEY env.OLD_KEY d -",
                    "desync_deleted_secret agent:Beta OLD_KEY env.OLD_KEY d -",
                    "desync_row_without_ref agent:Gamma OLD env.OLD a 20000000",
                    "desync_row_without_ref agent:  env.K b 20000000"}),
             boost::test_tools::per_element());
  BOOST_TEST(before.findings[0].target_id == kAlpha);
  BOOST_TEST(before.findings[0].company_id == kC1);

  // A dry run is a plan: nothing is written.
  const auto rows_before = Rows();
  BOOST_TEST(before.repair->steps.size() == 5u);
  BOOST_TEST(Rows().size() == rows_before.size());
  BOOST_TEST(Activity().empty());

  auto applied = ApplyBindingRepair(*store, std::nullopt, random, clock);
  BOOST_TEST_REQUIRE(applied.ok());
  const DesyncRepair& repair = *applied.value->report.repair;
  std::vector<std::string> steps;
  for (const auto& s : repair.steps) {
    steps.push_back(std::string(RepairActionName(s.action)) + " " + std::string(RepairReasonName(s.reason)) + " " +
                    s.binding.target_id.substr(0, 2) + " " + s.binding.config_path + " " + s.binding.version_selector);
  }
  BOOST_TEST(steps == (V{"insert ref_without_row a1 env.K latest", "insert ref_without_row a1 env.J 2",
                         "update version_changed b2 env.OPENAI_API_KEY 3", "delete ref_removed c3 env.OLD latest",
                         "delete target_missing 99 env.K latest"}),
             boost::test_tools::per_element());
  BOOST_TEST(Lines(applied.value->report.manual) == (V{"desync_ref_without_row agent:Beta OLD_KEY env.OLD_KEY d -",
                                                       "desync_deleted_secret agent:Beta OLD_KEY env.OLD_KEY d -"}),
             boost::test_tools::per_element());
  BOOST_TEST(applied.value->activity_rows == 5u);

  // Afterwards only the manual item is left, and the rows say what env says.
  const DoctorReport after = CheckBindings(View(), true);
  BOOST_TEST(Lines(after.findings) == (V{"desync_ref_without_row agent:Beta OLD_KEY env.OLD_KEY d -",
                                         "desync_deleted_secret agent:Beta OLD_KEY env.OLD_KEY d -"}),
             boost::test_tools::per_element());
  BOOST_TEST(after.repair->steps.empty());
  std::vector<std::string> rows;
  for (const auto& r : Rows()) rows.push_back(r.target_id.substr(0, 2) + " " + r.config_path + " " + r.version_selector);
  std::sort(rows.begin(), rows.end());
  BOOST_TEST(rows == (V{"a1 env.J 2", "a1 env.K latest", "b2 env.OPENAI_API_KEY 3", "e5 env.P latest"}),
             boost::test_tools::per_element());

  // One audit row per change, naming ids and paths only.
  const auto activity = Activity();
  BOOST_TEST_REQUIRE(activity.size() == 5u);
  for (const auto& a : activity) {
    BOOST_TEST(a.action == kRepairActivityAction);
    BOOST_TEST(a.entity_type == "secret_binding");
    BOOST_TEST(a.actor_type == "system");
    BOOST_TEST(!a.entity_id.empty());
    BOOST_TEST(a.details.find("\"value\"") == std::string::npos);
  }
  const auto details = clasp::test::J(activity[3].details);
  BOOST_TEST(details["repair"] == "delete");
  BOOST_TEST(details["reason"] == "ref_removed");
  BOOST_TEST(details["bindingId"] == "20000000-0000-4000-8000-000000000001");
  BOOST_TEST(details["configPath"] == "env.OLD");
  BOOST_TEST(details["secretId"] == kA);
  BOOST_TEST(activity[0].entity_id == repair.steps[0].binding.id);  // the new row's id
}

BOOST_FIXTURE_TEST_CASE(a_company_filter_sees_only_that_company, Store) {
  Write([&](StoreTxn& t) {
    return t.InsertBinding(Row("30000000-0000-4000-8000-000000000001", "agent", kBeta, "env.X", kC, "latest", kC2),
                           "2026-01-05T00:00:00.000Z");
  });
  const auto all = CheckBindings(View(), false);
  BOOST_TEST(Lines(all.findings) == V{"desync_cross_company agent:Beta X env.X c 30000000"}, boost::test_tools::per_element());
  const auto c1 = nt::InTxn<DoctorView>(*store, [](StoreTxn& t) { return LoadDoctorView(t, kC1); });
  BOOST_TEST(CheckBindings(c1, false).clean());
  const auto c2 = nt::InTxn<DoctorView>(*store, [](StoreTxn& t) { return LoadDoctorView(t, kC2); });
  BOOST_TEST(c2.targets.empty());
  BOOST_TEST(Lines(CheckBindings(c2, false).findings) == V{"desync_row_without_ref agent:  env.X c 30000000"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_exports_are_read_like_paperclip_serves_them) {
  nt::TempDir dir;
  const std::string agents = dir.path() + "/agents.json";
  nt::WriteAll(agents, R"([
    {"id":")" + kAlpha + R"(","companyId":")" + kC1 + R"(","name":"Alpha","adapterConfig":{"env":{
       "K":)" + Ref(kA) + R"(,"J":)" + Ref(kB) + R"(,"U":)" + Ref(kC) + R"(,"LOG":{"type":"plain","value":"***REDACTED***"}}}},
    {"id":")" + kGamma + R"(","companyId":")" + kC1 + R"(","name":"Gamma","adapterConfig":{}}])");
  const std::string usage_a = dir.path() + "/usage-a.json", usage_b = dir.path() + "/usage-b.json";
  nt::WriteAll(usage_a, R"({"secretId":")" + kA + R"(","bindings":[
    {"id":"r1","companyId":")" + kC1 + R"(","secretId":")" + kA + R"(","targetType":"agent","targetId":")" + kAlpha +
                            R"(","configPath":"env.K","versionSelector":"latest","required":true,"label":null,
     "projectionClass":"unclassified","projectionAllowlistKey":null,"target":{"type":"agent","id":")" + kAlpha + R"("}},
    {"id":"r2","companyId":")" + kC1 + R"(","secretId":")" + kA + R"(","targetType":"agent","targetId":")" + kGamma +
                            R"(","configPath":"env.STALE","versionSelector":"1"}]})");
  nt::WriteAll(usage_b, R"({"secretId":")" + kB + R"(","bindings":[]})");

  auto docs = ReadExportFiles(agents, {usage_a, usage_b}, std::nullopt);
  BOOST_TEST_REQUIRE(docs.ok());
  auto view = DoctorViewFromExports(*docs.value, std::nullopt);
  BOOST_TEST_REQUIRE(view.ok());
  BOOST_TEST(view.value->targets.size() == 2u);
  BOOST_TEST(view.value->rows.size() == 2u);
  BOOST_TEST_REQUIRE(view.value->unchecked.size() == 1u);  // U names a secret without a usage file
  BOOST_TEST(view.value->unchecked[0].env_key == "U");
  BOOST_TEST(view.value->secrets.at(kB).company_id == kC1);  // no bindings: the referring agent's company
  const DoctorReport report = CheckBindings(*view.value, true);
  BOOST_TEST(Lines(report.findings) == (V{"desync_ref_without_row agent:Alpha J env.J b -",
                                          "desync_row_without_ref agent:Gamma STALE env.STALE a r2"}),
             boost::test_tools::per_element());
  const OrderedJson doc = DoctorReportJson(*view.value, report);
  BOOST_TEST(doc["ok"] == false);
  BOOST_TEST(doc["source"] == "json");
  BOOST_TEST(doc["findings"][1]["bindingId"] == "r2");
  BOOST_TEST(doc["findings"][1]["targetName"] == "Gamma");
  BOOST_TEST(doc["unchecked"][0]["secretId"] == kC);
  BOOST_TEST(doc["repair"]["steps"].size() == 2u);
  BOOST_TEST(doc["repair"]["steps"][0]["bindingId"].is_null());

  auto sql = RepairSql(*report.repair);
  BOOST_TEST_REQUIRE(sql.ok());
  BOOST_TEST(*sql.value ==
             "BEGIN;\n-- insert (ref_without_row)\nINSERT INTO company_secret_bindings (company_id, secret_id, "
             "target_type, target_id, config_path, version_selector, required, label, projection_class, "
             "projection_allowlist_key) VALUES (E'" + kC1 + "', E'" + kB + "', E'agent', E'" + kAlpha +
                 "', E'env.J', E'latest', true, NULL, E'unclassified', NULL);\n"
                 "-- delete (ref_removed)\nDELETE FROM company_secret_bindings WHERE id = E'r2';\nCOMMIT;\n");

  // Wrong shapes are diagnostics with paths, never a crash.
  docs.value->usage.push_back(clasp::test::J(R"({"secretId":7,"bindings":[{"configPath":3}]})"));
  auto bad = DoctorViewFromExports(*docs.value, std::nullopt);
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.diagnostics[0].path == "/usage/2/secretId");
  BOOST_TEST(!ReadExportFiles(dir.path() + "/missing.json", {}, std::nullopt).ok());
}

BOOST_AUTO_TEST_CASE(sql_literals_are_escaped_and_nul_is_refused) {
  DesyncRepair repair;
  RepairStep step;
  step.action = RepairAction::kDelete;
  step.reason = RepairReason::kRefRemoved;
  step.binding.id = "x'); DROP TABLE agents; --\\";
  repair.steps.push_back(step);
  auto sql = RepairSql(repair);
  BOOST_TEST_REQUIRE(sql.ok());
  BOOST_TEST(sql.value->find("WHERE id = E'x''); DROP TABLE agents; --\\\\';") != std::string::npos);
  repair.steps[0].binding.id = std::string("a\0b", 3);
  BOOST_TEST(!RepairSql(repair).ok());
  BOOST_TEST(*RepairSql(DesyncRepair{}).value == "BEGIN;\nCOMMIT;\n");
}
