// The bindings doctor on a real Paperclip 2026.916.1 database: the fixture's
// schema and rows, with the community report's desync induced (binding rows
// deleted while the agent's env keeps its refs) and the inverse (#11901: a ref
// removed from adapter_config, its row left). Checked read-only, repaired
// read-write, checked clean. Skipped (exit 77) without CLASP_TEST_DATABASE_URL.
#define BOOST_TEST_MODULE native_binding_doctor_pg
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "clasp/native/binding_doctor.h"
#include "clasp/native/pg_store.h"
#include "native_pg_support.h"
#include "native_test_support.h"
#include "shared_material.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kFixtures = std::string(CLASP_SHARED_DIR) + "/fixtures/paperclip-2026.916.1-";
const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAlpha = "d31df0f7-af23-43cd-ab39-d60101586083";
const std::string kBeta = "b35685ad-7a23-46e6-810c-65fce1147f67";
const std::string kOpenAi = "b6122b9e-df6e-48ad-905a-da77f59ed9b9";
const std::string kGitHub = "5940ee56-ab42-4cfe-aeda-2c8c58de8cbe";
const std::string kAnthropic = "37724db1-d4f0-43bc-b4bd-8dd67f7a4056";
const std::string kAnthropicRow = "fe11d771-3856-4a99-96cb-cc6dcaa81c0e";
const auto kNeedsFixtures = nt::NeedsShared({kFixtures + "schema.sql", kFixtures + "seed-data.sql"});

struct PaperclipDb {
  nt::TempDatabase db{*nt::TestDatabaseUrl()};
  nt::PgAdmin admin{db.Url()};

  PaperclipDb() {
    BOOST_TEST_REQUIRE(db.error().empty(), db.error());
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "schema.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "seed-data.sql")) == "");
    BOOST_TEST_REQUIRE(admin.Exec("RESET search_path") == "");
    // The dump holds the secrets tables, agents and projects, not the
    // companies and activity_log tables the store also reads and writes;
    // supply their columns as a Paperclip database has them.
    BOOST_TEST_REQUIRE(admin.Exec(
        "CREATE TABLE IF NOT EXISTS companies (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, "
        "issue_prefix text NOT NULL DEFAULT 'PAP', created_at timestamptz NOT NULL DEFAULT now(), "
        "updated_at timestamptz NOT NULL DEFAULT now());"
        "CREATE TABLE IF NOT EXISTS activity_log (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "
        "company_id uuid NOT NULL, actor_type text NOT NULL DEFAULT 'system', actor_id text NOT NULL, "
        "action text NOT NULL, entity_type text NOT NULL, entity_id text NOT NULL, agent_id uuid, run_id uuid, "
        "details jsonb, created_at timestamptz NOT NULL DEFAULT now());"
        "INSERT INTO companies (id, name) VALUES ('" + kCompany + "', 'Fixture') ON CONFLICT DO NOTHING") == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipAgentApiKeys) == "");
    BOOST_TEST_REQUIRE(admin.Exec(nt::kPaperclipUserSecrets) == "");
  }

  std::unique_ptr<PgStore> Open(PgOpenMode mode) {
    auto s = PgStore::Open(db.Url(), mode);
    BOOST_TEST_REQUIRE(s.ok(), (s.diagnostics.empty() ? "" : s.diagnostics[0].message));
    return std::move(*s.value);
  }

  DoctorReport Check(PgStore& store, DoctorView* view_out = nullptr) {
    auto view = nt::InTxn<DoctorView>(store, [](StoreTxn& t) { return LoadDoctorView(t, std::nullopt); });
    DoctorReport report = CheckBindings(view, true);
    if (view_out != nullptr) *view_out = std::move(view);
    return report;
  }

  // The seed report: Alpha's rows gone, its env untouched. The inverse:
  // ANTHROPIC_API_KEY dropped from Beta's env by a writer outside the sync,
  // its row left behind.
  void InduceDesyncs() {
    BOOST_TEST_REQUIRE(admin.Exec("DELETE FROM company_secret_bindings WHERE target_id = '" + kAlpha + "'") == "");
    BOOST_TEST_REQUIRE(admin.Exec("UPDATE agents SET adapter_config = adapter_config #- '{env,ANTHROPIC_API_KEY}' "
                                  "WHERE id = '" + kBeta + "'") == "");
  }
};

std::vector<std::string> Lines(const std::vector<DoctorFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(std::string(CodeName(f.diagnostic.code)) + " " + f.target_name + " " + f.config_path + " " +
                  f.secret_id + " " + f.binding_id.value_or("-"));
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_fixture_as_paperclip_left_it_is_clean, PaperclipDb, *kNeedsFixtures) {
  auto store = Open(PgOpenMode::kReadOnly);
  DoctorView view;
  const DoctorReport report = Check(*store, &view);
  BOOST_TEST(view.targets.size() == 2u);
  BOOST_TEST(view.target_names == (V{"Alpha pg15", "Beta pg15"}), boost::test_tools::per_element());
  BOOST_TEST(view.rows.size() == 4u);
  BOOST_TEST(Lines(report.findings) == V{}, boost::test_tools::per_element());
  BOOST_TEST(report.repair->empty());
}

BOOST_FIXTURE_TEST_CASE(induced_desyncs_are_found_read_only_and_repaired, PaperclipDb, *kNeedsFixtures) {
  InduceDesyncs();
  {
    auto reader = Open(PgOpenMode::kReadOnly);
    const DoctorReport report = Check(*reader);
    // jsonb keeps object keys ordered by length, then bytes.
    BOOST_TEST(Lines(report.findings) ==
                   (V{"desync_ref_without_row Alpha pg15 env.GITHUB_TOKEN " + kGitHub + " -",
                      "desync_ref_without_row Alpha pg15 env.OPENAI_API_KEY " + kOpenAi + " -",
                      "desync_row_without_ref Beta pg15 env.ANTHROPIC_API_KEY " + kAnthropic + " " + kAnthropicRow}),
               boost::test_tools::per_element());
    BOOST_TEST(report.repair->steps.size() == 3u);
    BOOST_TEST(report.repair->manual.empty());
    // The read-only store refuses the repair's writes; nothing changes.
    nt::CountingRandom random;
    nt::FixedClock clock;
    BOOST_TEST(!ApplyBindingRepair(*reader, std::nullopt, random, clock).ok());
    BOOST_TEST(admin.Rows("SELECT count(*) FROM company_secret_bindings") == V{"2"}, boost::test_tools::per_element());
  }

  auto writer = Open(PgOpenMode::kReadWrite);
  auto applied = ApplyBindingRepair(*writer, std::nullopt, SystemRandom(), SystemClock());
  BOOST_TEST_REQUIRE(applied.ok(), (applied.diagnostics.empty() ? "" : applied.diagnostics[0].message));
  BOOST_TEST(applied.value->activity_rows == 3u);
  BOOST_TEST(applied.value->report.repair->manual.empty());

  BOOST_TEST(admin.Rows("SELECT target_id || ' ' || config_path || ' ' || secret_id || ' ' || version_selector || ' ' "
                        "|| required FROM company_secret_bindings ORDER BY target_id, config_path") ==
                 (V{kBeta + " env.OPENAI_API_KEY " + kOpenAi + " 1 true", kAlpha + " env.GITHUB_TOKEN " + kGitHub + " latest true",
                    kAlpha + " env.OPENAI_API_KEY " + kOpenAi + " latest true"}),
             boost::test_tools::per_element());
  BOOST_TEST(admin.Rows("SELECT action || ' ' || entity_type || ' ' || (details->>'repair') || ' ' || "
                        "(details->>'reason') || ' ' || (details->>'configPath') FROM activity_log ORDER BY "
                        "details->>'repair', details->>'configPath'") ==
                 (V{"secret_binding.repaired secret_binding delete ref_removed env.ANTHROPIC_API_KEY",
                    "secret_binding.repaired secret_binding insert ref_without_row env.GITHUB_TOKEN",
                    "secret_binding.repaired secret_binding insert ref_without_row env.OPENAI_API_KEY"}),
             boost::test_tools::per_element());
  BOOST_TEST(admin.Rows("SELECT count(*) FROM activity_log WHERE entity_id = '" + kAnthropicRow + "'") == V{"1"},
             boost::test_tools::per_element());

  auto reader = Open(PgOpenMode::kReadOnly);
  const DoctorReport after = Check(*reader);
  BOOST_TEST(after.clean());
  BOOST_TEST(after.repair->empty());
}

BOOST_FIXTURE_TEST_CASE(the_sql_rendering_applies_to_paperclips_schema, PaperclipDb, *kNeedsFixtures) {
  InduceDesyncs();
  auto reader = Open(PgOpenMode::kReadOnly);
  const DoctorReport report = Check(*reader);
  auto sql = RepairSql(*report.repair);
  BOOST_TEST_REQUIRE(sql.ok());
  BOOST_TEST(admin.Exec(*sql.value) == "");
  BOOST_TEST(Check(*reader).clean());
}

CLASP_PG_TEST_MAIN()

// The full fixture, whose Gamma Ops and Fixture Platform bind DEPLOY_KEY to
// the disabled legacy-deploy-key (Gamma's real run failed on it): no
// desync, but two refs a run refuses; Beta's user ref, declared, passes.
// Then what else a run refuses: a revoked pinned version, a lost
// declaration, a disabled and a deleted definition.
BOOST_AUTO_TEST_CASE(the_full_fixture_warns_of_what_its_runs_refuse,
                     *nt::NeedsShared({kFixtures + "full-schema.sql", kFixtures + "full-data.sql"})) {
  nt::TempDatabase db{*nt::TestDatabaseUrl()};
  BOOST_TEST_REQUIRE(db.error().empty(), db.error());
  nt::PgAdmin admin{db.Url()};
  BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "full-schema.sql")) == "");
  BOOST_TEST_REQUIRE(admin.Exec(nt::ReadAll(kFixtures + "full-data.sql")) == "");
  BOOST_TEST_REQUIRE(admin.Exec("RESET search_path") == "");
  auto check = [&] {
    auto store = PgStore::Open(db.Url(), PgOpenMode::kReadOnly);
    BOOST_TEST_REQUIRE(store.ok());
    auto view = nt::InTxn<DoctorView>(**store.value, [](StoreTxn& t) { return LoadDoctorView(t, std::nullopt); });
    const DoctorReport report = CheckBindings(view, false);
    BOOST_TEST(Lines(report.findings) == V{}, boost::test_tools::per_element());
    std::vector<std::string> out;
    for (const auto& f : report.warnings) {
      out.push_back(std::string(CodeName(f.diagnostic.code)) + " " + f.target_name + " " + f.env_key + ": " +
                    f.diagnostic.message);
    }
    return out;
  };
  const V inactive = {"secret_inactive Gamma Ops DEPLOY_KEY: Secret is not active",
                      "secret_inactive Fixture Platform DEPLOY_KEY: Secret is not active"};
  BOOST_TEST(check() == inactive, boost::test_tools::per_element());

  const std::string beta = "f68b2691-743b-44ff-9dc9-2e0ff3c820a9";
  const std::string github = "98905c8c-a3f3-43b5-b0f0-6ddf793ef2bf";
  BOOST_TEST_REQUIRE(admin.Exec("UPDATE company_secret_versions SET revoked_at = now() WHERE secret_id = '" + github +
                                "' AND version = 1") == "");
  BOOST_TEST_REQUIRE(admin.Exec("DELETE FROM user_secret_declarations") == "");
  V expected = {"version_inactive Beta Researcher GITHUB_TOKEN: Secret version is not active",
                "binding_missing Beta Researcher USER_GH_TOKEN: configuration incomplete: user secret "
                "\"personal-github-token\" not available at agent env.USER_GH_TOKEN"};
  expected.insert(expected.end(), inactive.begin(), inactive.end());
  BOOST_TEST(check() == expected, boost::test_tools::per_element());

  BOOST_TEST_REQUIRE(admin.Exec("UPDATE user_secret_definitions SET status = 'disabled'") == "");
  expected[1] = "user_secret_definition_inactive Beta Researcher USER_GH_TOKEN: User secret definition is not active";
  BOOST_TEST(check() == expected, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(admin.Exec("UPDATE user_secret_definitions SET status = 'deleted', deleted_at = now()") == "");
  expected[1] = "user_secret_definition_missing Beta Researcher USER_GH_TOKEN: User secret definition not found for "
                "environment variable \"USER_GH_TOKEN\", agent " + beta + ", definition key \"personal-github-token\"";
  BOOST_TEST(check() == expected, boost::test_tools::per_element());
}
