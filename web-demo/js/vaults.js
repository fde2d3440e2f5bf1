// Provider vaults tab: list with status badges and default flags, the
// create/edit form per provider family, set default and health. Every
// keystroke runs the core's planVaultChange over the page's rows, so a
// credential field, a non-origin address or a coming-soon default is refused
// here with the server's own message, before any request leaves.
import { api, errorsOf, timed } from "./core.js";
import { call, serverIssues } from "./http.js";
import { button, el, focusFirstInvalid, setFieldError, showIssues } from "./fields.js";
import { state, onChange, reload } from "./state.js";

const $ = (id) => document.getElementById(id);
const PROVIDER_LABELS = {
  local_encrypted: "Local encrypted",
  aws_secrets_manager: "AWS Secrets Manager",
  gcp_secret_manager: "GCP Secret Manager",
  vault: "HashiCorp Vault",
};
const EXTRA_NOT_OBJECT = "More config fields must be a JSON object, e.g. {\"namespace\": \"team-a\"}";
let editingId = null;
const health = new Map();

const form = () => $("vault-form");
const provider = () => $("vault-provider").value;
const familyInputs = (p) => [...form().querySelectorAll(`fieldset[data-family="${p}"] [data-config]`)];
const allInputs = () => [$("vault-provider"), $("vault-displayName"), ...form().querySelectorAll("[data-config]"), $("vault-extra"), $("vault-isDefault")];

function coreRows() {
  return state.vaults.map(({ id, companyId, provider: p, displayName, status, isDefault, config, disabledAt }) =>
    ({ id, companyId, provider: p, displayName, status, isDefault, config, disabledAt }));
}

// The form as the request body, plus the problems only the form can have
// (the pasted JSON is not an object).
function readForm() {
  const issues = [];
  let config = {};
  const extra = $("vault-extra").value.trim();
  if (extra) {
    let parsed;
    try { parsed = JSON.parse(extra); } catch { parsed = undefined; }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) config = parsed;
    else issues.push({ path: "/extra", message: EXTRA_NOT_OBJECT });
  }
  config = { ...config };
  for (const input of familyInputs(provider())) {
    if (input.type === "checkbox") {
      if (input.checked) config[input.dataset.config] = true;
    } else if (input.value !== "") {
      config[input.dataset.config] = input.value;
    }
  }
  const body = { displayName: $("vault-displayName").value, config, isDefault: $("vault-isDefault").checked };
  return { body: editingId ? body : { provider: provider(), ...body }, issues };
}

function resolve(issue) {
  if (issue.path === "/extra") return $("vault-extra");
  if (issue.path === "/displayName" || issue.path === "/isDefault" || issue.path === "/provider") {
    return $(`vault-${issue.path.slice(1)}`);
  }
  const m = /^\/config\/([^/]+)/.exec(issue.path);
  if (m) return familyInputs(provider()).find((i) => i.dataset.config === m[1]) ?? $("vault-extra");
  return null;
}

function validate() {
  const { body, issues } = readForm();
  const op = editingId
    ? { kind: "update", id: editingId, patch: body }
    : { kind: "create", companyId: state.companyId, request: body };
  const verdict = timed("vault", () => api.planVaultChange(coreRows(), op));
  const all = [...issues, ...errorsOf(verdict)];
  showIssues({ inputs: allInputs(), issues: all, resolve, formError: $("vault-form-error") });
  previewAddress();
  return { body, ok: all.length === 0 };
}

// What the server will store for the typed address (its origin).
function previewAddress() {
  const input = $("vault-vault-address");
  const out = $("vault-address-origin");
  if (!input.value) { out.textContent = "—"; return; }
  const r = api.normalizeVaultAddress(input.value);
  out.textContent = r.ok && r.value.origin ? r.value.origin : "—";
}

function showFamily() {
  for (const fs of form().querySelectorAll("fieldset[data-family]")) fs.hidden = fs.dataset.family !== provider();
}

function resetForm() {
  editingId = null;
  form().reset();
  $("vault-provider").disabled = false;
  $("vault-form-title").textContent = "Add a provider vault";
  $("vault-cancel").hidden = true;
  showFamily();
  showIssues({ inputs: allInputs(), issues: [], resolve, formError: $("vault-form-error") });
  previewAddress();
}

function edit(vault) {
  resetForm();
  editingId = vault.id;
  $("vault-form-title").textContent = `Edit ${vault.displayName}`;
  $("vault-provider").value = vault.provider;
  $("vault-provider").disabled = true;
  $("vault-cancel").hidden = false;
  showFamily();
  $("vault-displayName").value = vault.displayName;
  $("vault-isDefault").checked = vault.isDefault;
  const rest = { ...vault.config };
  for (const input of familyInputs(vault.provider)) {
    const v = rest[input.dataset.config];
    delete rest[input.dataset.config];
    if (input.type === "checkbox") input.checked = v === true;
    else input.value = v ?? "";
  }
  $("vault-extra").value = Object.keys(rest).length ? JSON.stringify(rest) : "";
  previewAddress();
  $("vault-displayName").focus();
}

async function submit(e) {
  e.preventDefault();
  $("vault-form-status").textContent = "";
  const { body, ok } = validate();
  if (!ok) {
    focusFirstInvalid(form());
    return;
  }
  const res = editingId
    ? await call("PATCH", `/secret-provider-configs/${editingId}`, body)
    : await call("POST", `/companies/${state.companyId}/secret-provider-configs`, body);
  if (!res.ok) {
    showIssues({ inputs: allInputs(), issues: serverIssues(res), resolve, formError: $("vault-form-error") });
    focusFirstInvalid(form());
    return;
  }
  resetForm();
  $("vault-form-status").textContent = `Saved ${res.body.displayName}.`;
  await reload("vaults");
}

async function makeDefault(vault, trigger) {
  const verdict = timed("vault-default", () => api.planVaultChange(coreRows(), { kind: "setDefault", id: vault.id }));
  const messages = errorsOf(verdict).map((i) => i.message);
  if (messages.length === 0) {
    const res = await call("POST", `/secret-provider-configs/${vault.id}/default`, {});
    if (!res.ok) messages.push(...serverIssues(res).map((i) => i.message));
    else return reload("vaults");
  }
  setFieldError(trigger, messages);
  return undefined;
}

async function checkHealth(vault) {
  const res = await call("POST", `/secret-provider-configs/${vault.id}/health`, {});
  health.set(vault.id, res.ok ? res.body : { status: "error", message: serverIssues(res)[0].message });
  await reload("vaults");
}

async function remove(vault, trigger) {
  if (trigger.dataset.confirm !== "true") {
    trigger.dataset.confirm = "true";
    trigger.textContent = `Confirm delete of ${vault.displayName}`;
    return;
  }
  const res = await call("DELETE", `/secret-provider-configs/${vault.id}`);
  if (!res.ok) setFieldError(trigger, serverIssues(res).map((i) => i.message));
  else await reload("vaults");
}

function healthCell(vault) {
  const h = health.get(vault.id);
  const cell = el("td", undefined, { colspan: "6", className: "health-result" });
  const status = h.status ?? h.healthStatus ?? "unknown";
  cell.append(el("span", status, { className: `badge badge-${status}` }), " ", el("span", h.message ?? h.healthMessage ?? ""));
  const guidance = [...(h.warnings ?? []), ...(h.guidance ?? []), ...(h.backupGuidance ?? [])];
  if (guidance.length) {
    const ul = el("ul");
    ul.append(...guidance.map((g) => el("li", g)));
    cell.append(ul);
  }
  return cell;
}

function render() {
  const rows = [];
  for (const v of state.vaults) {
    const tr = el("tr", undefined, { "data-vault-id": v.id });
    const config = Object.entries(v.config ?? {}).map(([k, x]) => `${k}: ${x}`).join(", ");
    const actions = el("div", undefined, { className: "actions" });
    actions.append(button("Edit", () => edit(v), { "aria-label": `Edit ${v.displayName}`, id: `vault-${v.id}-edit` }));
    if (!v.isDefault) {
      actions.append(button("Make default", (e) => makeDefault(v, e.currentTarget), { "aria-label": `Make ${v.displayName} the default`, id: `vault-${v.id}-default` }));
    }
    actions.append(
      button("Check health", () => checkHealth(v), { "aria-label": `Check health of ${v.displayName}` }),
      button("Delete", (e) => remove(v, e.currentTarget), { "aria-label": `Delete ${v.displayName}`, className: "danger", id: `vault-${v.id}-delete` }),
    );
    const actionCell = el("td");
    actionCell.append(actions);
    tr.append(el("th", v.displayName, { scope: "row" }), el("td", PROVIDER_LABELS[v.provider] ?? v.provider));
    const badge = el("td");
    badge.append(el("span", v.status.replace("_", " "), { className: `badge badge-${v.status}` }));
    tr.append(badge, el("td", v.isDefault ? "Default" : "—"), el("td", config || "—", { className: "config" }), actionCell);
    rows.push(tr);
    if (health.has(v.id)) {
      const hr = el("tr", undefined, { "data-health-for": v.id });
      hr.append(healthCell(v));
      rows.push(hr);
    }
  }
  $("vaults-table").tBodies[0].replaceChildren(...rows);
  $("vaults-empty").hidden = rows.length > 0;
}

export function initVaults() {
  const f = form();
  f.addEventListener("input", validate);
  $("vault-provider").addEventListener("change", () => { showFamily(); validate(); });
  $("vault-cancel").addEventListener("click", resetForm);
  f.addEventListener("submit", submit);
  showFamily();
  onChange((changed) => { if (changed.has("vaults")) render(); });
  return {};
}
