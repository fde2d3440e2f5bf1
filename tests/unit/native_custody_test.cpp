// File custody (system.h): the key file and the SQLite files are never
// opened through a symbolic link and must be the running user's; clasp's
// directories are created or tightened to 0700, its database files 0600;
// the doctor reports what it cannot fix.
#define BOOST_TEST_MODULE native_custody
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "clasp/native/doctor.h"
#include "clasp/native/instance_paths.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "native_test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

constexpr const char* kKeyText = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";  // base64 of 32 bytes

// A umask that would leave new files 0644 and directories 0755, for the
// length of one test.
struct OpenUmask {
  mode_t saved = ::umask(022);
  ~OpenUmask() { ::umask(saved); }
};

std::string KeyPath(const nt::TempDir& home) { return home.path() + "/instances/default/secrets/master.key"; }
std::string DbPath(const nt::TempDir& home) { return home.path() + "/instances/default/db/clasp.sqlite3"; }
MapEnvVars HomeVars(const nt::TempDir& home) { return MapEnvVars({{"CLASP_HOME", home.path()}}); }

void WriteKey(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  nt::WriteAll(path, kKeyText);
  ::chmod(path.c_str(), 0600);
}

std::string FirstMessage(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("(none)") : diagnostics.front().message;
}

const DoctorCheck& CustodyOf(const std::vector<DoctorCheck>& checks) {
  for (const DoctorCheck& c : checks) {
    if (c.name == "file_custody") return c;
  }
  BOOST_FAIL("no file_custody check");
  return checks.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_symlinked_key_file_is_refused_and_its_target_untouched) {
  nt::TempDir home;
  nt::TempDir elsewhere;
  const std::string target = elsewhere.path() + "/master.key";
  WriteKey(target);
  ::chmod(target.c_str(), 0644);
  std::filesystem::create_directories(std::filesystem::path(KeyPath(home)).parent_path());
  std::filesystem::create_symlink(target, KeyPath(home));
  nt::CountingRandom rng;
  auto loaded = LoadOrCreateMasterKey(HomeVars(home), PosixFileSystem(), rng);
  BOOST_TEST_REQUIRE(!loaded.ok());
  BOOST_TEST(FirstMessage(loaded.diagnostics) ==
             "Refusing " + KeyPath(home) +
                 ": it is a symbolic link (clasp does not follow links to its key and store files)");
  BOOST_TEST(nt::ModeOf(target) == 0644u, "no chmod through the link");
  const KeyHealth health = InspectMasterKey(HomeVars(home), PosixFileSystem());
  BOOST_TEST(health.status == "error");
  BOOST_TEST(health.message.find("symbolic link") != std::string::npos);

  // PAPERCLIP_SECRETS_MASTER_KEY_FILE naming a link, and a dangling link
  // (which must not make clasp create a key at its target).
  MapEnvVars via_env = HomeVars(home);
  via_env.Set("PAPERCLIP_SECRETS_MASTER_KEY_FILE", KeyPath(home));
  BOOST_TEST(!LoadOrCreateMasterKey(via_env, PosixFileSystem(), rng).ok());
  std::filesystem::remove(target);
  auto dangling = LoadOrCreateMasterKey(HomeVars(home), PosixFileSystem(), rng);
  BOOST_TEST(!dangling.ok());
  BOOST_TEST(!std::filesystem::exists(target));
}

BOOST_AUTO_TEST_CASE(a_key_file_of_another_user_is_refused_naming_path_and_owner) {
  nt::TempDir home;
  WriteKey(KeyPath(home));
  nt::CountingRandom rng;
  // The same file seen by a FileSystem that runs as someone else.
  const std::uint32_t me = ::geteuid();
  const std::uint32_t other = me + 1;
  auto as_other = PosixFileSystemFor(other);
  auto loaded = LoadOrCreateMasterKey(HomeVars(home), *as_other, rng);
  BOOST_TEST_REQUIRE(!loaded.ok());
  const std::string expected = "Refusing " + KeyPath(home) + ": it belongs to uid " + std::to_string(me) +
                               ", not to the running user (uid " + std::to_string(other) + ")";
  BOOST_TEST(FirstMessage(loaded.diagnostics) == expected);
  BOOST_TEST(FirstMessage(loaded.diagnostics).find(kKeyText) == std::string::npos);
  BOOST_TEST(InspectMasterKey(HomeVars(home), *as_other).status == "error");
  // The running user's own view loads it.
  BOOST_TEST(LoadOrCreateMasterKey(HomeVars(home), PosixFileSystem(), rng).ok());
}

BOOST_AUTO_TEST_CASE(a_real_file_of_another_user_is_refused) {
  nt::TempDir home;
  nt::CountingRandom rng;
  if (::geteuid() == 0) {
    // Root can hand the key file to nobody.
    WriteKey(KeyPath(home));
    BOOST_TEST_REQUIRE(::chown(KeyPath(home).c_str(), 65534, 65534) == 0);
    auto loaded = LoadOrCreateMasterKey(HomeVars(home), PosixFileSystem(), rng);
    BOOST_TEST_REQUIRE(!loaded.ok());
    BOOST_TEST(FirstMessage(loaded.diagnostics) ==
               "Refusing " + KeyPath(home) + ": it belongs to uid 65534, not to the running user (uid 0)");
  } else {
    // Anyone else meets a file of root's.
    MapEnvVars vars = HomeVars(home);
    vars.Set("PAPERCLIP_SECRETS_MASTER_KEY_FILE", "/etc/passwd");
    auto loaded = LoadOrCreateMasterKey(vars, PosixFileSystem(), rng);
    BOOST_TEST_REQUIRE(!loaded.ok());
    BOOST_TEST(FirstMessage(loaded.diagnostics) == "Refusing /etc/passwd: it belongs to uid 0, not to the running user (uid " +
                                                        std::to_string(::geteuid()) + ")");
  }
}

BOOST_AUTO_TEST_CASE(directories_are_created_or_tightened_to_0700_and_db_files_are_0600) {
  const OpenUmask umask;
  nt::TempDir parent;
  const std::string h = parent.path() + "/home";
  std::filesystem::create_directories(h + "/instances");
  ::chmod(h.c_str(), 0755);
  ::chmod((h + "/instances").c_str(), 0775);
  const MapEnvVars vars({{"CLASP_HOME", h}});
  {
    auto opened = OpenStore(vars, PosixFileSystem(), std::nullopt);
    BOOST_TEST_REQUIRE(opened.ok(), FirstMessage(opened.diagnostics));
    const std::string db = h + "/instances/default/db/clasp.sqlite3";
    for (const std::string& dir : {h, h + "/instances", h + "/instances/default", h + "/instances/default/db"}) {
      BOOST_TEST(nt::ModeOf(dir) == 0700u, dir);
    }
    // The migration wrote through the WAL: all three files exist now.
    for (const char* suffix : {"", "-wal", "-shm"}) BOOST_TEST(nt::ModeOf(db + suffix) == 0600u, db + suffix);
  }
  nt::CountingRandom rng;
  BOOST_TEST_REQUIRE(LoadOrCreateMasterKey(vars, PosixFileSystem(), rng).ok());
  BOOST_TEST(nt::ModeOf(h + "/instances/default/secrets") == 0700u);
  BOOST_TEST(nt::ModeOf(h + "/instances/default/secrets/master.key") == 0600u);
}

BOOST_AUTO_TEST_CASE(an_existing_0644_database_is_tightened_and_its_wal_born_0600) {
  const OpenUmask umask;
  nt::TempDir home;
  const MapEnvVars vars = HomeVars(home);
  BOOST_TEST_REQUIRE(OpenStore(vars, PosixFileSystem(), std::nullopt).ok());
  // Closed: SQLite removed -wal and -shm. An older clasp left the db 0644.
  ::chmod(DbPath(home).c_str(), 0644);
  auto reopened = OpenStore(vars, PosixFileSystem(), std::nullopt);
  BOOST_TEST_REQUIRE(reopened.ok());
  BOOST_TEST(nt::ModeOf(DbPath(home)) == 0600u);
  BOOST_TEST(nt::ModeOf(DbPath(home) + "-wal") == 0600u);
  BOOST_TEST(nt::ModeOf(DbPath(home) + "-shm") == 0600u);
}

BOOST_AUTO_TEST_CASE(a_symlinked_or_foreign_database_and_a_symlinked_directory_are_refused) {
  nt::TempDir home;
  nt::TempDir elsewhere;
  const MapEnvVars vars = HomeVars(home);
  BOOST_TEST_REQUIRE(OpenStore(vars, PosixFileSystem(), std::nullopt).ok());
  auto as_other = PosixFileSystemFor(::geteuid() + 1);
  auto foreign = SqliteStore::Open(DbPath(home), SqliteOpenMode::kReadOnly, *as_other);
  BOOST_TEST_REQUIRE(!foreign.ok());
  BOOST_TEST(FirstMessage(foreign.diagnostics).find("Refusing " + DbPath(home) + ": it belongs to uid") == 0u);

  const std::string moved = elsewhere.path() + "/clasp.sqlite3";
  std::filesystem::rename(DbPath(home), moved);
  std::filesystem::create_symlink(moved, DbPath(home));
  auto linked = OpenStore(vars, PosixFileSystem(), std::nullopt);
  BOOST_TEST_REQUIRE(!linked.ok());
  BOOST_TEST(FirstMessage(linked.diagnostics) ==
             "Refusing " + DbPath(home) + ": it is a symbolic link (clasp does not follow links to its key and store files)");

  // db/ itself a link to elsewhere.
  const std::string db_dir = home.path() + "/instances/default/db";
  std::filesystem::remove_all(db_dir);
  std::filesystem::create_directory_symlink(elsewhere.path(), db_dir);
  auto through_dir = OpenStore(vars, PosixFileSystem(), std::nullopt);
  BOOST_TEST_REQUIRE(!through_dir.ok());
  BOOST_TEST(FirstMessage(through_dir.diagnostics).find("Refusing " + db_dir + ": it is a symbolic link") == 0u,
             FirstMessage(through_dir.diagnostics));
}

BOOST_AUTO_TEST_CASE(doctor_reports_a_too_open_dir_a_foreign_dir_and_a_linked_db) {
  nt::TempDir home;
  const MapEnvVars vars = HomeVars(home);
  BOOST_TEST_REQUIRE(OpenStore(vars, PosixFileSystem(), std::nullopt).ok());
  BOOST_TEST(CustodyOf(RunDoctor(vars, PosixFileSystem())).status == "ok");

  ::chmod(home.path().c_str(), 0755);
  const DoctorCheck open_dir = CustodyOf(RunDoctor(vars, PosixFileSystem()));
  BOOST_TEST(open_dir.status == "warn");
  BOOST_TEST(open_dir.message == home.path() + " permissions are 755; clasp tightens them to 700 when it next opens "
                                               "the store or key (or run chmod 700 " + home.path() + ")");
  BOOST_TEST(nt::ModeOf(home.path()) == 0755u, "the doctor only looks");

  auto as_other = PosixFileSystemFor(::geteuid() + 1);
  const DoctorCheck foreign = CustodyOf(RunDoctor(vars, *as_other));
  BOOST_TEST(foreign.status == "error", "the database files are then another user's");
  BOOST_TEST(foreign.details["warnings"][0] == home.path() + " belongs to uid " + std::to_string(::geteuid()) +
                                                  ", not to the running user: clasp leaves its permissions (755) as "
                                                  "they are");
  // Opening as that user leaves the foreign directory as it is, with the same warning.
  auto prepared = PrepareInstanceDirectory(vars, *as_other, "db");
  BOOST_TEST_REQUIRE(prepared.ok());
  BOOST_TEST(prepared.diagnostics.size() == 4u, "home, instances/, the instance and db/ are all someone else's");
  BOOST_TEST(nt::ModeOf(home.path()) == 0755u);

  nt::TempDir elsewhere;
  const std::string moved = elsewhere.path() + "/clasp.sqlite3";
  std::filesystem::rename(DbPath(home), moved);
  std::filesystem::create_symlink(moved, DbPath(home));
  const DoctorCheck linked = CustodyOf(RunDoctor(vars, PosixFileSystem()));
  BOOST_TEST(linked.status == "error");
  BOOST_TEST(linked.message.find("Refusing " + DbPath(home) + ": it is a symbolic link") == 0u);
}
