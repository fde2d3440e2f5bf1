#define BOOST_TEST_MODULE native_key_custody
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include "clasp/native/base64.h"
#include "clasp/native/instance_paths.h"
#include "clasp/native/key_custody.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

constexpr const char* kInvalidEnv =
    "Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex, or raw 32-char string)";
const std::string kHex64(64, 'a');

std::string DefaultKeyPath(const nt::TempDir& home) { return home.path() + "/instances/default/secrets/master.key"; }

MapEnvVars HomeVars(const nt::TempDir& home) { return MapEnvVars({{"CLASP_HOME", home.path()}}); }

}  // namespace

BOOST_AUTO_TEST_CASE(env_key_wins_and_is_decoded_with_key2) {
  nt::TempDir home;
  MapEnvVars vars = HomeVars(home);
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY", "  " + kHex64 + "\n");
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY_FILE", home.path() + "/never-read");
  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(loaded.ok());
  BOOST_TEST(loaded.value->key.view() == std::string(32, '\xaa'));
  BOOST_TEST((loaded.value->location.source == KeySource::kEnv));
  BOOST_TEST(!loaded.value->created);
  BOOST_TEST(!std::filesystem::exists(DefaultKeyPath(home)));
}

BOOST_AUTO_TEST_CASE(invalid_env_key_is_an_error_not_a_fallback) {
  nt::TempDir home;
  MapEnvVars vars = HomeVars(home);
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY", "short");
  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(!loaded.ok());
  BOOST_TEST(loaded.diagnostics[0].code == Code::kMasterKeyInvalid);
  BOOST_TEST(loaded.diagnostics[0].message == kInvalidEnv);
  BOOST_TEST(loaded.diagnostics[0].http_status == 400);
  BOOST_TEST(!std::filesystem::exists(DefaultKeyPath(home)));
  const KeyHealth health = InspectMasterKey(vars, PosixFileSystem());
  BOOST_TEST(health.status == "error");
  BOOST_TEST(health.message ==
             "PAPERCLIP_SECRETS_MASTER_KEY is invalid; expected 32-byte base64, 64-char hex, or raw 32-char string");
}

BOOST_AUTO_TEST_CASE(blank_env_key_falls_through_to_the_key_file_variable) {
  nt::TempDir home;
  const std::string file = home.path() + "/custom.key";
  nt::WriteAll(file, "clasp-raw-master-key-32-bytes!!!\n");
  ::chmod(file.c_str(), 0600);
  MapEnvVars vars = HomeVars(home);
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY", " \t\n");
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY_FILE", "  " + home.path() + "/./sub/../custom.key ");
  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(loaded.ok());
  BOOST_TEST((loaded.value->location.source == KeySource::kEnvFile));
  BOOST_TEST(loaded.value->location.path == file);
  BOOST_TEST(loaded.value->key.view() == "clasp-raw-master-key-32-bytes!!!");
  BOOST_TEST(loaded.diagnostics.empty());
}

BOOST_AUTO_TEST_CASE(invalid_key_file_names_its_path) {
  nt::TempDir home;
  const std::string file = home.path() + "/bad.key";
  nt::WriteAll(file, "not a key");
  MapEnvVars vars = HomeVars(home);
  vars.Set("PAPERCLIP_SECRETS_MASTER_KEY_FILE", file);
  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(!loaded.ok());
  BOOST_TEST(loaded.diagnostics[0].code == Code::kMasterKeyFileInvalid);
  BOOST_TEST(loaded.diagnostics[0].message == "Invalid secrets master key at " + file);
  BOOST_TEST(InspectMasterKey(vars, PosixFileSystem()).message == "Invalid key material in " + file);
}

BOOST_AUTO_TEST_CASE(missing_default_file_is_created_0600_as_base64_text) {
  nt::TempDir home;
  MapEnvVars vars = HomeVars(home);
  const KeyHealth before = InspectMasterKey(vars, PosixFileSystem());
  BOOST_TEST(before.status == "warn");
  BOOST_TEST(before.message == "Secrets key file does not exist yet: " + DefaultKeyPath(home));
  BOOST_TEST(!std::filesystem::exists(DefaultKeyPath(home)));  // the doctor never creates

  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(loaded.ok());
  BOOST_TEST(loaded.value->created);
  BOOST_TEST((loaded.value->location.source == KeySource::kDefaultFile));
  BOOST_TEST(loaded.value->location.path == DefaultKeyPath(home));
  const std::string text = nt::ReadAll(DefaultKeyPath(home));
  BOOST_TEST(text.size() == 44u);  // 32 bytes of base64, no newline
  BOOST_TEST(*Base64DecodeStrict(text) == loaded.value->key.view());
  BOOST_TEST(nt::ModeOf(DefaultKeyPath(home)) == 0600u);
  BOOST_TEST(nt::ModeOf(home.path() + "/instances/default/secrets") == 0700u);
  // No temporary file is left beside it.
  BOOST_TEST(std::distance(std::filesystem::directory_iterator(home.path() + "/instances/default/secrets"),
                           std::filesystem::directory_iterator{}) == 1);

  // A second load reads the same key and creates nothing.
  auto again = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(!again.value->created);
  BOOST_TEST(again.value->key.view() == loaded.value->key.view());
  BOOST_TEST(InspectMasterKey(vars, PosixFileSystem()).status == "ok");
}

BOOST_AUTO_TEST_CASE(wide_modes_are_tightened_on_load_and_reported) {
  nt::TempDir home;
  MapEnvVars vars = HomeVars(home);
  nt::CountingRandom rng;
  BOOST_TEST_REQUIRE(LoadOrCreateMasterKey(vars, PosixFileSystem(), rng).ok());
  const std::string path = DefaultKeyPath(home);
  ::chmod(path.c_str(), 0644);
  const KeyHealth doctor = InspectMasterKey(vars, PosixFileSystem());
  BOOST_TEST(doctor.status == "warn");
  BOOST_TEST_REQUIRE(doctor.warnings.size() == 1u);
  BOOST_TEST(doctor.warnings[0] == "Secrets key file permissions are 644; run chmod 600 " + path);
  BOOST_TEST(nt::ModeOf(path) == 0644u);  // inspecting changes nothing

  auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(loaded.ok());
  BOOST_TEST(nt::ModeOf(path) == 0600u);
  BOOST_TEST_REQUIRE(loaded.diagnostics.size() == 1u);
  BOOST_TEST(loaded.diagnostics[0].code == Code::kMasterKeyFilePermissions);
  BOOST_TEST((loaded.diagnostics[0].severity == Severity::kWarning));
  BOOST_TEST(loaded.diagnostics[0].message == "Secrets key file permissions are 644; run chmod 600 " + path);
}

BOOST_AUTO_TEST_CASE(instance_paths_follow_clasp_home_and_instance_id) {
  auto cwd = PosixFileSystem().CurrentDirectory();
  BOOST_TEST(*InstanceRoot(MapEnvVars(std::map<std::string, std::string, std::less<>>{{"CLASP_HOME", "/h/"}}), PosixFileSystem()).value == "/h/instances/default");
  BOOST_TEST(*InstanceRoot(MapEnvVars({{"CLASP_HOME", "~/x"}, {"HOME", "/root"}}), PosixFileSystem()).value ==
             "/root/x/instances/default");
  BOOST_TEST(*InstanceRoot(MapEnvVars({{"HOME", "/root"}, {"CLASP_INSTANCE_ID", " b "}}), PosixFileSystem()).value ==
             "/root/.clasp/instances/b");
  BOOST_TEST(*InstanceRoot(MapEnvVars(std::map<std::string, std::string, std::less<>>{{"CLASP_HOME", "rel"}}), PosixFileSystem()).value ==
             *cwd.value + "/rel/instances/default");
  auto bad = InstanceRoot(MapEnvVars({{"CLASP_HOME", "/h"}, {"CLASP_INSTANCE_ID", "../x"}}), PosixFileSystem());
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.diagnostics[0].message == "Invalid CLASP_INSTANCE_ID '../x'.");
  BOOST_TEST(!InstanceRoot(MapEnvVars(), PosixFileSystem()).ok());
}

BOOST_AUTO_TEST_CASE(resolve_path_matches_node_path_resolve) {
  BOOST_TEST(ResolvePath("/srv", "keys/../k") == "/srv/k");
  BOOST_TEST(ResolvePath("/srv", "/a//b/./c/") == "/a/b/c");
  BOOST_TEST(ResolvePath("/", "../..") == "/");
  BOOST_TEST(ResolvePath("/srv", "") == "/srv");
  BOOST_TEST(ParentDirectory("/a/b/master.key") == "/a/b");
  BOOST_TEST(ParentDirectory("/k") == "/");
}
