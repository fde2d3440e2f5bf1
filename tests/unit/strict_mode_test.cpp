#define BOOST_TEST_MODULE strict_mode
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "clasp/strict_mode.h"
#include "test_support.h"

using namespace clasp;

namespace {

using Opt = std::optional<std::string>;

StrictModeResolution Resolve(Opt env_strict, Opt env_mode, std::optional<StrictModeConfigFile> file = std::nullopt) {
  const auto r = ResolveStrictMode(StrictModeInputs{std::move(env_strict), std::move(env_mode), std::move(file)});
  BOOST_REQUIRE(r.ok());
  return *r.value;
}

StrictModeConfigFile File(Opt mode, std::optional<bool> strict) { return StrictModeConfigFile{std::move(mode), strict}; }

}  // namespace

BOOST_AUTO_TEST_CASE(strict2_deployment_mode) {
  BOOST_TEST((Resolve({}, {}).deployment_mode == DeploymentMode::kLocalTrusted));
  BOOST_TEST((Resolve({}, "authenticated").deployment_mode == DeploymentMode::kAuthenticated));
  // Not exactly a mode: fall back to the file, then local_trusted.
  for (const char* bad : {"AUTHENTICATED", "Authenticated", "public", "", " authenticated"}) {
    BOOST_TEST((Resolve({}, std::string(bad)).deployment_mode == DeploymentMode::kLocalTrusted), bad);
    BOOST_TEST((Resolve({}, std::string(bad), File("authenticated", {})).deployment_mode ==
                DeploymentMode::kAuthenticated), bad);
  }
  BOOST_TEST((Resolve({}, "local_trusted", File("authenticated", {})).deployment_mode ==
              DeploymentMode::kLocalTrusted));  // a valid env value wins
  BOOST_TEST((Resolve({}, {}, File({}, true)).deployment_mode == DeploymentMode::kLocalTrusted));
  BOOST_TEST(DeploymentModeName(DeploymentMode::kAuthenticated) == "authenticated");
  BOOST_TEST(!ParseDeploymentMode("Authenticated").has_value());
}

BOOST_AUTO_TEST_CASE(strict3_env_value_wins_when_defined) {
  BOOST_TEST(Resolve("true", {}).strict_mode);
  BOOST_TEST(Resolve("true", {}, File({}, false)).strict_mode);
  for (const char* falsy : {"TRUE", "True", "1", "yes", " true", "true ", "", "false"}) {
    BOOST_TEST(!Resolve(std::string(falsy), "authenticated").strict_mode, falsy);
    BOOST_TEST(!Resolve(std::string(falsy), {}, File({}, true)).strict_mode, falsy);
    BOOST_TEST(!StrictEnvValueIsTrue(falsy), falsy);
  }
  BOOST_TEST(StrictEnvValueIsTrue("true"));
}

BOOST_AUTO_TEST_CASE(strict3_file_default_beats_authenticated) {
  BOOST_TEST(Resolve({}, "authenticated").strict_mode);                      // no file: authenticated -> on
  BOOST_TEST(!Resolve({}, {}, File("authenticated", {})).strict_mode);      // schema default false
  BOOST_TEST(!Resolve({}, "authenticated", File({}, {})).strict_mode);      // an empty file counts
  BOOST_TEST(Resolve({}, {}, File({}, true)).strict_mode);
  BOOST_TEST(!Resolve({}, "authenticated", File("authenticated", false)).strict_mode);
  BOOST_TEST(!Resolve({}, {}).strict_mode);
}

BOOST_AUTO_TEST_CASE(strict4_write_back_only_when_undefined) {
  BOOST_TEST(*Resolve({}, "authenticated").env_write_back == "true");
  BOOST_TEST(*Resolve({}, {}).env_write_back == "false");
  BOOST_TEST(!Resolve("true", {}).env_write_back.has_value());
  BOOST_TEST(!Resolve("", {}).env_write_back.has_value());
  // After the write-back, the routes' env test gives the resolved value.
  const auto r = Resolve({}, {}, File({}, true));
  BOOST_TEST(StrictEnvValueIsTrue(*r.env_write_back) == r.strict_mode);
}

BOOST_AUTO_TEST_CASE(strict6_warning) {
  const auto r = ResolveStrictMode(StrictModeInputs{{}, std::string("authenticated"), File({}, {})});
  BOOST_TEST(r.ok());  // a warning does not fail
  BOOST_REQUIRE(r.diagnostics.size() == 1u);
  BOOST_TEST(r.diagnostics[0].code == Code::kStrictOffInAuthenticated);
  BOOST_TEST((r.diagnostics[0].severity == Severity::kWarning));
  BOOST_TEST(r.diagnostics[0].message == "Strict secret mode should be enabled for authenticated deployments");
  BOOST_TEST(ResolveStrictMode(StrictModeInputs{{}, std::string("authenticated"), {}}).diagnostics.empty());
  BOOST_TEST(ResolveStrictMode(StrictModeInputs{}).diagnostics.empty());
  BOOST_TEST(StrictModeWarning(DeploymentMode::kAuthenticated, false).has_value());
  BOOST_TEST(!StrictModeWarning(DeploymentMode::kAuthenticated, true).has_value());
  BOOST_TEST(!StrictModeWarning(DeploymentMode::kLocalTrusted, false).has_value());
}

BOOST_AUTO_TEST_CASE(invalid_config_file_is_an_error) {
  for (const char* bad : {"public", "", "AUTHENTICATED"}) {
    const auto r = ResolveStrictMode(StrictModeInputs{std::string("true"), std::string("authenticated"), File(std::string(bad), {})});
    BOOST_TEST(!r.ok(), bad);
    BOOST_REQUIRE(r.diagnostics.size() == 1u);
    BOOST_TEST(r.diagnostics[0].code == Code::kStrictConfigInvalid);
    BOOST_TEST(r.diagnostics[0].path == "/server/deploymentMode");
  }
}

BOOST_AUTO_TEST_CASE(hostile_env_values) {
  const std::string huge(10 * 1024 * 1024, 't');
  BOOST_TEST(!Resolve(huge, huge).strict_mode);
  BOOST_TEST(!Resolve(std::string("true\0", 5), {}).strict_mode);
  BOOST_TEST(!Resolve(std::string("\xff"), std::string("\xfe")).strict_mode);
}
