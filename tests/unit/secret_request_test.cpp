#define BOOST_TEST_MODULE secret_request
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "clasp/secret_request.h"
#include "clasp/zod_issues.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

// zod's parsed data, keys in schema order (what safeParse returns as `data`).
void Put(OrderedJson& out, const char* name, const NullableField<std::string>& field) {
  if (field.is_null()) out[name] = nullptr;
  if (field.is_set()) out[name] = field.value;
}
void Put(OrderedJson& out, const char* name, const NullableField<OrderedJson>& field) {
  if (field.is_null()) out[name] = nullptr;
  if (field.is_set()) out[name] = field.value;
}
void Put(OrderedJson& out, const char* name, const std::optional<std::string>& field) {
  if (field) out[name] = *field;
}

OrderedJson Data(const CreateSecretRequest& r) {
  OrderedJson out = OrderedJson::object();
  out["name"] = r.name;
  Put(out, "key", r.key);
  if (r.provider) out["provider"] = std::string(ProviderName(*r.provider));
  Put(out, "providerConfigId", r.provider_config_id);
  if (r.managed_mode) out["managedMode"] = std::string(ManagedModeName(*r.managed_mode));
  Put(out, "value", r.value);
  Put(out, "description", r.description);
  Put(out, "externalRef", r.external_ref);
  Put(out, "providerMetadata", r.provider_metadata);
  Put(out, "providerVersionRef", r.provider_version_ref);
  return out;
}

OrderedJson Data(const RotateSecretRequest& r) {
  OrderedJson out = OrderedJson::object();
  Put(out, "value", r.value);
  Put(out, "externalRef", r.external_ref);
  Put(out, "providerVersionRef", r.provider_version_ref);
  Put(out, "providerConfigId", r.provider_config_id);
  return out;
}

OrderedJson Data(const UpdateSecretRequest& r) {
  OrderedJson out = OrderedJson::object();
  Put(out, "name", r.name);
  Put(out, "key", r.key);
  if (r.status) out["status"] = std::string(SecretStatusName(*r.status));
  Put(out, "providerConfigId", r.provider_config_id);
  Put(out, "description", r.description);
  Put(out, "externalRef", r.external_ref);
  Put(out, "providerMetadata", r.provider_metadata);
  return out;
}

// What zod's safeParse gives, as text: {"ok":data} or the issues array.
template <typename T>
std::string Render(const Result<T>& result) {
  if (result.ok()) return DumpJson(OrderedJson{{"ok", Data(*result.value)}});
  BOOST_TEST(!result.value.has_value());
  for (const Diagnostic& d : result.diagnostics) BOOST_TEST(d.http_status == 400);
  return DumpJson(zod::IssuesJson(result.diagnostics));
}

std::string Parse(const std::string& kind, const OrderedJson& body) {
  if (kind == "create") return Render(ParseCreateSecretRequest(body));
  if (kind == "rotate") return Render(ParseRotateSecretRequest(body));
  return Render(ParseUpdateSecretRequest(body));
}

struct Case {
  const char* schema;
  const char* input;
  const char* expected;
};

// Each expected text is JSON.stringify of @paperclipai/shared@2026.916.1's
// createSecretSchema / rotateSecretSchema / updateSecretSchema .safeParse(JSON.parse(input))
// on zod 4.6.7: {"ok":data} or error.issues.
const std::vector<Case> kCases = {
    {"create", R"J([])J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received array"}])J"},
    {"create", R"J(null)J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received null"}])J"},
    {"create", R"J("x")J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received string"}])J"},
    {"create", R"J(5)J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received number"}])J"},
    {"create", R"J({})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received undefined"}])J"},
    {"create", R"J({"name":"","value":"v"})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected string to have >=1 characters"}])J"},
    {"create", R"J({"name":""})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected string to have >=1 characters"},{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a"})J",
     R"J([{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a","value":"v"})J",
     R"J({"ok":{"name":"a","value":"v"}})J"},
    {"create", R"J({"name":"a","key":"","value":"v"})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["key"],"message":"Too small: expected string to have >=1 characters"},{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"create", R"J({"name":"a","key":"   ","value":"v"})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["key"],"message":"Too small: expected string to have >=1 characters"},{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"create", R"J({"name":"a","key":"a b","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"create", R"J({"name":"a","key":" openai-api_key.v2 ","value":"v"})J",
     R"J({"ok":{"name":"a","key":"openai-api_key.v2","value":"v"}})J"},
    {"create", R"J({"name":"a","key":"\u00a0k\ufeff\u2028","value":"v"})J",
     R"J({"ok":{"name":"a","key":"k","value":"v"}})J"},
    {"create", R"J({"name":"a","key":"k\n","value":"v"})J",
     R"J({"ok":{"name":"a","key":"k","value":"v"}})J"},
    {"create", R"J({"name":"a","key":"k\u200b","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"create", R"J({"name":"a","key":"ключ","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"create", R"J({"name":"a","providerConfigId":"not-a-guid","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])J"},
    {"create", R"J({"name":"a","providerConfigId":"AAAAAAAA-0000-0000-0000-00000000000f","value":"v"})J",
     R"J({"ok":{"name":"a","providerConfigId":"AAAAAAAA-0000-0000-0000-00000000000f","value":"v"}})J"},
    {"create", R"J({"name":"a","providerConfigId":" 00000000-0000-0000-0000-000000000000","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])J"},
    {"create", R"J({"name":"a","providerConfigId":"00000000-0000-0000-0000-000000000000\n","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])J"},
    {"create", R"J({"name":"a","providerConfigId":"00000000000000000000000000000000","value":"v"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])J"},
    {"create", R"J({"name":"a","value":""})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected string to have >=1 characters"},{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a","value":" \t\n"})J",
     R"J([{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a","value":"","externalRef":"x"})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected string to have >=1 characters"},{"code":"custom","path":["externalRef"],"message":"Managed secrets cannot set externalRef"},{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a","value":"v","externalRef":"arn:x"})J",
     R"J([{"code":"custom","path":["externalRef"],"message":"Managed secrets cannot set externalRef"}])J"},
    {"create", R"J({"name":"a","value":"v","externalRef":"  "})J",
     R"J({"ok":{"name":"a","value":"v","externalRef":"  "}})J"},
    {"create", R"J({"name":"a","managedMode":"external_reference"})J",
     R"J([{"code":"custom","path":["externalRef"],"message":"External reference secrets require externalRef"}])J"},
    {"create", R"J({"name":"a","managedMode":"external_reference","externalRef":" "})J",
     R"J([{"code":"custom","path":["externalRef"],"message":"External reference secrets require externalRef"}])J"},
    {"create", R"J({"name":"a","managedMode":"external_reference","externalRef":"arn:x","value":"y"})J",
     R"J({"ok":{"name":"a","managedMode":"external_reference","value":"y","externalRef":"arn:x"}})J"},
    {"create", R"J({"name":"a","managedMode":"paperclip_managed","value":"v"})J",
     R"J({"ok":{"name":"a","managedMode":"paperclip_managed","value":"v"}})J"},
    {"create", R"J({"name":"a","managedMode":"External_Reference","value":"v"})J",
     R"J([{"code":"invalid_value","values":["paperclip_managed","external_reference"],"path":["managedMode"],"message":"Invalid option: expected one of \"paperclip_managed\"|\"external_reference\""}])J"},
    {"create", R"J({"name":"a","managedMode":null,"value":"v"})J",
     R"J([{"code":"invalid_value","values":["paperclip_managed","external_reference"],"path":["managedMode"],"message":"Invalid option: expected one of \"paperclip_managed\"|\"external_reference\""}])J"},
    {"create", R"J({"name":"a","provider":"vault","value":"v"})J",
     R"J({"ok":{"name":"a","provider":"vault","value":"v"}})J"},
    {"create", R"J({"name":"a","provider":"Vault","value":"v"})J",
     R"J([{"code":"invalid_value","values":["local_encrypted","aws_secrets_manager","gcp_secret_manager","vault"],"path":["provider"],"message":"Invalid option: expected one of \"local_encrypted\"|\"aws_secrets_manager\"|\"gcp_secret_manager\"|\"vault\""}])J"},
    {"create", R"J({"name":"a","provider":null,"value":"v"})J",
     R"J([{"code":"invalid_value","values":["local_encrypted","aws_secrets_manager","gcp_secret_manager","vault"],"path":["provider"],"message":"Invalid option: expected one of \"local_encrypted\"|\"aws_secrets_manager\"|\"gcp_secret_manager\"|\"vault\""}])J"},
    {"create", R"J({"name":"a","key":null,"value":"v"})J",
     R"J([{"expected":"string","code":"invalid_type","path":["key"],"message":"Invalid input: expected string, received null"}])J"},
    {"create", R"J({"name":null,"value":"v"})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received null"}])J"},
    {"create", R"J({"name":"a","value":"v","providerConfigId":null,"description":null,"externalRef":null,"providerMetadata":null,"providerVersionRef":null})J",
     R"J({"ok":{"name":"a","providerConfigId":null,"value":"v","description":null,"externalRef":null,"providerMetadata":null,"providerVersionRef":null}})J"},
    {"create", R"J({"name":"a","value":null,"description":null,"externalRef":null})J",
     R"J([{"code":"custom","path":["value"],"message":"Managed secrets require value"}])J"},
    {"create", R"J({"name":"a","value":"v","description":"","providerVersionRef":""})J",
     R"J({"ok":{"name":"a","value":"v","description":"","providerVersionRef":""}})J"},
    {"create", R"J({"name":"a","value":"v","providerMetadata":[]})J",
     R"J([{"expected":"record","code":"invalid_type","path":["providerMetadata"],"message":"Invalid input: expected record, received array"}])J"},
    {"create", R"J({"name":"a","value":"v","providerMetadata":"x"})J",
     R"J([{"expected":"record","code":"invalid_type","path":["providerMetadata"],"message":"Invalid input: expected record, received string"}])J"},
    {"create", R"J({"name":"a","value":"v","providerMetadata":{"b":1,"2":2,"__proto__":{"x":1},"a":[1,{"c":null}]}})J",
     R"J({"ok":{"name":"a","value":"v","providerMetadata":{"2":2,"b":1,"a":[1,{"c":null}]}}})J"},
    {"create", R"J({"name":"a","value":"v","extra":1,"__proto__":{"y":1},"NAME":"x"})J",
     R"J({"ok":{"name":"a","value":"v"}})J"},
    {"create", R"J({"name":[],"key":[]})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received array"},{"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected array to have >=1 items"},{"expected":"string","code":"invalid_type","path":["key"],"message":"Invalid input: expected string, received array"},{"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["key"],"message":"Too small: expected array to have >=1 items"}])J"},
    {"create", R"J({"name":{"length":"x"},"key":{"length":500}})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received object"},{"origin":"unknown","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected unknown to be >=1"},{"expected":"string","code":"invalid_type","path":["key"],"message":"Invalid input: expected string, received object"},{"origin":"unknown","code":"too_big","maximum":120,"inclusive":true,"path":["key"],"message":"Too big: expected unknown to be <=120"}])J"},
    {"create", R"J({"name":{"length":0},"value":[]})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received object"},{"origin":"unknown","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected unknown to be >=1"},{"expected":"string","code":"invalid_type","path":["value"],"message":"Invalid input: expected string, received array"},{"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected array to have >=1 items"}])J"},
    {"create", R"J({"name":{"length":1},"value":{"length":"1"}})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received object"},{"expected":"string","code":"invalid_type","path":["value"],"message":"Invalid input: expected string, received object"}])J"},
    {"create", R"J({"name":"a","value":2.5,"description":true,"externalRef":{},"providerVersionRef":[]})J",
     R"J([{"expected":"string","code":"invalid_type","path":["value"],"message":"Invalid input: expected string, received number"},{"expected":"string","code":"invalid_type","path":["description"],"message":"Invalid input: expected string, received boolean"},{"expected":"string","code":"invalid_type","path":["externalRef"],"message":"Invalid input: expected string, received object"},{"expected":"string","code":"invalid_type","path":["providerVersionRef"],"message":"Invalid input: expected string, received array"}])J"},
    {"create", R"J({"name":"😀","value":"😀"})J",
     R"J({"ok":{"name":"😀","value":"😀"}})J"},
    {"rotate", R"J({})J",
     R"J([{"code":"custom","path":["value"],"message":"Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId"}])J"},
    {"rotate", R"J([])J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received array"}])J"},
    {"rotate", R"J("v")J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received string"}])J"},
    {"rotate", R"J({"value":"v"})J",
     R"J({"ok":{"value":"v"}})J"},
    {"rotate", R"J({"value":""})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected string to have >=1 characters"},{"code":"custom","path":["value"],"message":"Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId"}])J"},
    {"rotate", R"J({"value":"  "})J",
     R"J([{"code":"custom","path":["value"],"message":"Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId"}])J"},
    {"rotate", R"J({"value":null,"externalRef":null,"providerVersionRef":null,"providerConfigId":null})J",
     R"J([{"code":"custom","path":["value"],"message":"Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId"}])J"},
    {"rotate", R"J({"providerVersionRef":""})J",
     R"J({"ok":{"providerVersionRef":""}})J"},
    {"rotate", R"J({"providerConfigId":"x"})J",
     R"J([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])J"},
    {"rotate", R"J({"providerConfigId":"00000000-0000-0000-0000-000000000000"})J",
     R"J({"ok":{"providerConfigId":"00000000-0000-0000-0000-000000000000"}})J"},
    {"rotate", R"J({"externalRef":" \t"})J",
     R"J([{"code":"custom","path":["value"],"message":"Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId"}])J"},
    {"rotate", R"J({"externalRef":"arn:x"})J",
     R"J({"ok":{"externalRef":"arn:x"}})J"},
    {"rotate", R"J({"value":5})J",
     R"J([{"expected":"string","code":"invalid_type","path":["value"],"message":"Invalid input: expected string, received number"}])J"},
    {"rotate", R"J({"value":"","providerVersionRef":5})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected string to have >=1 characters"},{"expected":"string","code":"invalid_type","path":["providerVersionRef"],"message":"Invalid input: expected string, received number"}])J"},
    {"rotate", R"J({"value":[],"externalRef":[]})J",
     R"J([{"expected":"string","code":"invalid_type","path":["value"],"message":"Invalid input: expected string, received array"},{"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["value"],"message":"Too small: expected array to have >=1 items"},{"expected":"string","code":"invalid_type","path":["externalRef"],"message":"Invalid input: expected string, received array"}])J"},
    {"rotate", R"J({"value":"v","other":1})J",
     R"J({"ok":{"value":"v"}})J"},
    {"update", R"J({})J",
     R"J({"ok":{}})J"},
    {"update", R"J([])J",
     R"J([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received array"}])J"},
    {"update", R"J({"name":""})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["name"],"message":"Too small: expected string to have >=1 characters"}])J"},
    {"update", R"J({"name":" ","key":" K ","status":"deleted"})J",
     R"J({"ok":{"name":" ","key":"K","status":"deleted"}})J"},
    {"update", R"J({"status":"x"})J",
     R"J([{"code":"invalid_value","values":["active","disabled","archived","deleted"],"path":["status"],"message":"Invalid option: expected one of \"active\"|\"disabled\"|\"archived\"|\"deleted\""}])J"},
    {"update", R"J({"status":null})J",
     R"J([{"code":"invalid_value","values":["active","disabled","archived","deleted"],"path":["status"],"message":"Invalid option: expected one of \"active\"|\"disabled\"|\"archived\"|\"deleted\""}])J"},
    {"update", R"J({"name":null})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received null"}])J"},
    {"update", R"J({"key":null})J",
     R"J([{"expected":"string","code":"invalid_type","path":["key"],"message":"Invalid input: expected string, received null"}])J"},
    {"update", R"J({"key":""})J",
     R"J([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["key"],"message":"Too small: expected string to have >=1 characters"},{"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"}])J"},
    {"update", R"J({"providerMetadata":null,"description":null,"externalRef":null,"providerConfigId":null})J",
     R"J({"ok":{"providerConfigId":null,"description":null,"externalRef":null,"providerMetadata":null}})J"},
    {"update", R"J({"providerMetadata":{"k":"v"},"description":"d","externalRef":"","providerConfigId":"00000000-0000-0000-0000-000000000000"})J",
     R"J({"ok":{"providerConfigId":"00000000-0000-0000-0000-000000000000","description":"d","externalRef":"","providerMetadata":{"k":"v"}}})J"},
    {"update", R"J({"foo":1,"value":"v","managedMode":"x"})J",
     R"J({"ok":{}})J"},
    {"update", R"J({"providerConfigId":"nope","providerMetadata":5,"name":5})J",
     R"J([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received number"},{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"},{"expected":"record","code":"invalid_type","path":["providerMetadata"],"message":"Invalid input: expected record, received number"}])J"},
    {"update", R"J({"status":"active"})J",
     R"J({"ok":{"status":"active"}})J"},
    {"update", R"J({"status":"disabled"})J",
     R"J({"ok":{"status":"disabled"}})J"},
    {"update", R"J({"status":"archived"})J",
     R"J({"ok":{"status":"archived"}})J"},
    {"update", R"J({"status":"Active"})J",
     R"J([{"code":"invalid_value","values":["active","disabled","archived","deleted"],"path":["status"],"message":"Invalid option: expected one of \"active\"|\"disabled\"|\"archived\"|\"deleted\""}])J"},
};

bool AnyMessageContains(const std::vector<Diagnostic>& diagnostics, const std::string& needle) {
  for (const Diagnostic& d : diagnostics) {
    if (d.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

const std::string kTooBigKey =
    R"({"origin":"string","code":"too_big","maximum":120,"inclusive":true,"path":["key"],"message":"Too big: expected string to have <=120 characters"})";
const std::string kKeyPattern =
    R"({"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"})";

}  // namespace

BOOST_AUTO_TEST_CASE(every_case_matches_zod_byte_for_byte) {
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT(c.schema << " " << c.input) { BOOST_TEST(Parse(c.schema, J(c.input)) == c.expected); }
  }
}

BOOST_AUTO_TEST_CASE(key_length_counts_code_points_after_trim) {
  const auto create = [](const std::string& key) {
    return Parse("create", OrderedJson{{"name", "a"}, {"key", key}, {"value", "v"}});
  };
  BOOST_TEST(create(std::string(121, 'x')) == "[" + kTooBigKey + "]");
  BOOST_TEST(create(std::string(120, 'x')) == R"({"ok":{"name":"a","key":")" + std::string(120, 'x') + R"(","value":"v"}})");
  // 119 letters and one emoji: 120 code points (121 UTF-16 units), so only the pattern fails.
  BOOST_TEST(create(std::string(119, 'x') + "\xF0\x9F\x98\x80") == "[" + kKeyPattern + "]");
  BOOST_TEST(create(" " + std::string(120, 'x') + "\xF0\x9F\x98\x80 ") == "[" + kTooBigKey + "," + kKeyPattern + "]");
}

BOOST_AUTO_TEST_CASE(non_string_key_with_many_items_is_too_big_as_an_array) {
  const OrderedJson body = {{"name", "a"}, {"key", OrderedJson(std::vector<int>(121, 1))}};
  BOOST_TEST(Parse("create", body) ==
             R"([{"expected":"string","code":"invalid_type","path":["key"],"message":"Invalid input: expected string, received array"},)"
             R"({"origin":"array","code":"too_big","maximum":120,"inclusive":true,"path":["key"],"message":"Too big: expected array to have <=120 items"}])");
}

BOOST_AUTO_TEST_CASE(codes_paths_and_status) {
  const auto first = [](const auto& result) { return result.diagnostics.at(0); };
  Diagnostic d = first(ParseCreateSecretRequest(J("[]")));
  BOOST_TEST(d.code == Code::kInputWrongType);
  BOOST_TEST(d.path == "");
  d = first(ParseCreateSecretRequest(J(R"({"name":5})")));
  BOOST_TEST(d.code == Code::kInputWrongType);
  BOOST_TEST(d.path == "/name");
  d = first(ParseCreateSecretRequest(J(R"({"name":"a","provider":"aws","value":"v"})")));
  BOOST_TEST(d.code == Code::kInputInvalidValue);
  BOOST_TEST(d.path == "/provider");
  d = first(ParseCreateSecretRequest(J(R"({"name":"a","managedMode":"external_reference"})")));
  BOOST_TEST(d.code == Code::kSecretExternalRefRequired);
  BOOST_TEST(d.path == "/externalRef");
  BOOST_TEST(d.http_status == 400);
  const auto both = ParseCreateSecretRequest(J(R"({"name":"a","externalRef":"arn:x"})"));
  BOOST_TEST(both.diagnostics.size() == 2U);
  BOOST_TEST(both.diagnostics.at(0).code == Code::kSecretManagedExternalRef);
  BOOST_TEST(both.diagnostics.at(1).code == Code::kSecretManagedValueRequired);
  BOOST_TEST(both.diagnostics.at(1).path == "/value");
  d = first(ParseRotateSecretRequest(J("{}")));
  BOOST_TEST(d.code == Code::kInputInvalidValue);
  BOOST_TEST(d.message == kRotationInputRequiredMessage);
  d = first(ParseUpdateSecretRequest(J(R"({"providerConfigId":"x"})")));
  BOOST_TEST(d.code == Code::kInputInvalidValue);
  BOOST_TEST(d.message == zod::kInvalidGuid);
}

BOOST_AUTO_TEST_CASE(absent_null_and_set_stay_apart) {
  const auto update = ParseUpdateSecretRequest(J(R"({"description":null,"externalRef":"","key":" K ","other":1})"));
  BOOST_TEST_REQUIRE(update.ok());
  BOOST_TEST(update.value->description.is_null());
  BOOST_TEST(update.value->external_ref.is_set());
  BOOST_TEST(update.value->external_ref.value == "");
  BOOST_TEST(update.value->provider_config_id.absent());
  BOOST_TEST(update.value->provider_metadata.absent());
  BOOST_TEST(!update.value->name.has_value());
  BOOST_TEST(*update.value->key == "K");
  const auto create = ParseCreateSecretRequest(
      J(R"({"name":" n ","value":" v ","provider":"aws_secrets_manager","managedMode":"paperclip_managed","providerConfigId":null})"));
  BOOST_TEST_REQUIRE(create.ok());
  BOOST_TEST(create.value->name == " n ");  // name has no trim
  BOOST_TEST(create.value->value.value == " v ");
  BOOST_TEST((*create.value->provider == Provider::kAwsSecretsManager));
  BOOST_TEST((*create.value->managed_mode == ManagedMode::kPaperclipManaged));
  BOOST_TEST(create.value->provider_config_id.is_null());
  BOOST_TEST(create.value->key.has_value() == false);
}

BOOST_AUTO_TEST_CASE(check_secret_key_examples) {
  const zod::TextCheck ok = CheckSecretKey(" openai-api-key ");
  BOOST_TEST(ok.trimmed == "openai-api-key");
  BOOST_TEST(ok.messages.empty());
  const zod::TextCheck blank = CheckSecretKey("   ");
  BOOST_TEST(blank.messages.size() == 2U);
  BOOST_TEST(blank.messages.at(1) == zod::PatternMismatch(kSecretKeyPattern));
  BOOST_TEST(CheckSecretKey("a b").messages.size() == 1U);
}

BOOST_AUTO_TEST_CASE(values_never_reach_messages) {
  const std::string secret = "sk-live-DO-NOT-ECHO";
  const auto create = ParseCreateSecretRequest(
      OrderedJson{{"name", 5}, {"key", secret}, {"value", secret}, {"externalRef", secret}, {"providerConfigId", secret}});
  BOOST_TEST(!create.ok());
  BOOST_TEST(!AnyMessageContains(create.diagnostics, "DO-NOT-ECHO"));
  const auto rotate = ParseRotateSecretRequest(OrderedJson{{"value", ""}, {"providerConfigId", secret}});
  BOOST_TEST(!AnyMessageContains(rotate.diagnostics, "DO-NOT-ECHO"));
}

BOOST_AUTO_TEST_CASE(hostile_bodies_give_diagnostics) {
  const std::string mega(1 << 20, 'x');
  // 1 MB strings: accepted where zod accepts them, one length issue for the key.
  const auto big = ParseCreateSecretRequest(OrderedJson{{"name", mega}, {"value", mega}, {"description", mega}});
  BOOST_TEST(big.ok());
  BOOST_TEST(Parse("create", OrderedJson{{"name", "a"}, {"key", mega}, {"value", "v"}}) == "[" + kTooBigKey + "]");
  BOOST_TEST(Parse("rotate", OrderedJson{{"value", mega}, {"providerConfigId", mega}}) ==
             R"([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"}])");

  // Deep nesting: the depth limit of ParseJson holds, and below it the
  // metadata is kept whole while a nested name is one type error.
  std::string deep = R"({"name":"a","value":"v","providerMetadata":)";
  for (int i = 0; i < 60; ++i) deep += R"({"a":)";
  deep += "1" + std::string(60, '}') + "}";
  const auto parsed = ParseJson(deep);
  BOOST_TEST_REQUIRE(parsed.ok());
  const auto nested = ParseCreateSecretRequest(*parsed.value);
  BOOST_TEST_REQUIRE(nested.ok());
  BOOST_TEST(DumpJson(nested.value->provider_metadata.value).size() == 60 * 6 + 1);
  BOOST_TEST(ParseJson(R"({"name":)" + std::string(1000, '[') + std::string(1000, ']') + "}").diagnostics.at(0).code ==
             Code::kInputTooDeep);
  BOOST_TEST(Parse("create", J(R"({"name":[[[[[[]]]]]],"value":"v"})")) ==
             R"([{"expected":"string","code":"invalid_type","path":["name"],"message":"Invalid input: expected string, received array"}])");

  // Invalid UTF-8 cannot come through ParseJson; a JSON value built in
  // process can hold it, and each bad byte is one U+FFFD as in a JS runtime.
  BOOST_TEST(ParseJson("{\"name\":\"\xff\"}").diagnostics.at(0).code == Code::kInputInvalidUtf8);
  BOOST_TEST(Parse("create", OrderedJson{{"name", "\xff"}, {"key", " \xff "}, {"value", "\xff\xfe"}}) == "[" + kKeyPattern + "]");
  BOOST_TEST(ParseCreateSecretRequest(OrderedJson{{"name", "\xff"}, {"value", "\xff"}}).ok());
  BOOST_TEST(Parse("create", OrderedJson{{"name", "a"}, {"key", std::string(121, '\xff')}, {"value", "v"}}) ==
             "[" + kTooBigKey + "," + kKeyPattern + "]");
}
