// Secrets tab: the list, create (the value travels once and is never read
// back: no answer of the API holds it), rotate, delete (refused while the
// secret is in use, with the uses shown and a way to force) and the usage panel.
import { call, serverIssues } from "./http.js";
import { button, el, focusFirstInvalid, setFormMessage, showIssues } from "./fields.js";
import { state, onChange, reload } from "./state.js";

const $ = (id) => document.getElementById(id);
let usageSecretId = null;
let rotateSecretId = null;

async function showUsage(secret) {
  usageSecretId = secret.id;
  const res = await call("GET", `/secrets/${secret.id}/usage`);
  $("usage-panel").hidden = false;
  $("usage-title").textContent = `Usage of ${secret.name}`;
  const list = $("usage-list");
  if (!res.ok) {
    list.replaceChildren(el("li", serverIssues(res)[0].message, { className: "form-error" }));
    return;
  }
  const items = res.body.bindings.map((b) =>
    el("li", `${b.target?.label ?? b.targetId} (${b.targetType}) · ${b.configPath} · version ${b.versionSelector}`),
  );
  // An env reference whose binding row is missing still uses the secret.
  items.push(...(res.body.uses ?? []).filter((u) => u.desync).map(useItem));
  list.replaceChildren(...(items.length ? items : [el("li", "Not bound to any agent or project.", { className: "muted" })]));
}

const SOURCES = {
  row: "binding row",
  both: "env reference and binding row",
  env_ref: "env reference without a binding row (desync)",
};

// One use as the server lists it (GET /secrets/:id/usage "uses", the 409 of a delete).
function useItem(u) {
  const item = el("li", `${u.targetName ?? u.targetId} (${u.targetType}) · ${u.configPath} · ${SOURCES[u.source] ?? u.source}`);
  if (u.desync) item.classList.add("desync");
  return item;
}

export function refreshUsage() {
  const secret = state.secrets.find((s) => s.id === usageSecretId);
  if (secret) return showUsage(secret);
  usageSecretId = null;
  $("usage-panel").hidden = true;
  return undefined;
}

function openRotate(secret) {
  rotateSecretId = secret.id;
  $("rotate-title").textContent = `Rotate ${secret.name}`;
  $("rotate-form").hidden = false;
  $("rotate-value").value = "";
  $("rotate-value").focus();
}

let conflictSecretId = null;

function hideConflict() {
  conflictSecretId = null;
  $("delete-conflict").hidden = true;
}

// A 409 from the delete: the secret is in use. Show who uses it; deleting
// anyway is a second, explicit request with ?force=true.
function showConflict(secret, res) {
  conflictSecretId = secret.id;
  $("delete-conflict-title").textContent = `${secret.name} is in use`;
  $("delete-conflict-message").textContent = res.body.error;
  $("delete-conflict-list").replaceChildren(...res.body.details.uses.map(useItem));
  $("delete-conflict").hidden = false;
  $("delete-keep").focus();
}

async function deleted() {
  hideConflict();
  await reload("secrets", "agents");
  refreshUsage();
}

async function remove(secret, trigger) {
  if (trigger.dataset.confirm !== "true") {
    trigger.dataset.confirm = "true";
    trigger.textContent = `Confirm delete of ${secret.name}`;
    return;
  }
  const res = await call("DELETE", `/secrets/${secret.id}`);
  if (res.status === 409 && Array.isArray(res.body?.details?.uses)) {
    trigger.dataset.confirm = "false";
    trigger.textContent = "Delete";
    showConflict(secret, res);
    return;
  }
  if (!res.ok) {
    trigger.textContent = serverIssues(res)[0].message;
    return;
  }
  await deleted();
}

function initConflict() {
  $("delete-keep").addEventListener("click", hideConflict);
  $("delete-force").addEventListener("click", async () => {
    const res = await call("DELETE", `/secrets/${conflictSecretId}?force=true`);
    if (!res.ok) {
      $("delete-conflict-message").textContent = serverIssues(res)[0].message;
      return;
    }
    await deleted();
  });
}

function render() {
  const rows = state.secrets.map((s) => {
    const tr = el("tr", undefined, { "data-secret-id": s.id });
    tr.append(el("th", s.name, { scope: "row" }), el("td", s.key), el("td", s.provider), el("td", s.latestVersion),
      el("td", s.referenceCount ?? 0), el("td", s.status));
    const actions = el("td");
    const box = el("div", undefined, { className: "actions" });
    box.append(
      button("Usage", () => showUsage(s), { "aria-label": `Usage of ${s.name}` }),
      button("Rotate", () => openRotate(s), { "aria-label": `Rotate ${s.name}` }),
      button("Delete", (e) => remove(s, e.currentTarget), { "aria-label": `Delete ${s.name}`, className: "danger" }),
    );
    actions.append(box);
    tr.append(actions);
    return tr;
  });
  $("secrets-table").tBodies[0].replaceChildren(...rows);
  $("secrets-empty").hidden = rows.length > 0;
}

function initCreate() {
  const form = $("secret-form");
  const inputs = [$("secret-name"), $("secret-value"), $("secret-description")];
  const byPath = { "/name": inputs[0], "/value": inputs[1], "/description": inputs[2] };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    $("secret-form-status").textContent = "";
    const body = { name: inputs[0].value, value: inputs[1].value };
    if (inputs[2].value.trim()) body.description = inputs[2].value;
    const res = await call("POST", `/companies/${state.companyId}/secrets`, body);
    // A duplicate name (409) and the zod messages belong to the name field.
    const resolve = (i) => byPath[i.path] ?? (res.status === 409 ? inputs[0] : null);
    if (!res.ok) {
      showIssues({ inputs, issues: serverIssues(res), resolve, formError: $("secret-form-error") });
      focusFirstInvalid(form);
      return;
    }
    showIssues({ inputs, issues: [], resolve, formError: $("secret-form-error") });
    form.reset();
    $("secret-form-status").textContent = `Created ${res.body.name} (key ${res.body.key}). The value is stored and will not be shown again.`;
    await reload("secrets");
  });
}

function initRotate() {
  const form = $("rotate-form");
  const input = $("rotate-value");
  $("rotate-cancel").addEventListener("click", () => { form.hidden = true; });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await call("POST", `/secrets/${rotateSecretId}/rotate`, { value: input.value });
    if (!res.ok) {
      showIssues({ inputs: [input], issues: serverIssues(res), resolve: (i) => (i.path === "/value" ? input : null), formError: $("rotate-form-error") });
      return;
    }
    showIssues({ inputs: [input], issues: [], resolve: () => null, formError: $("rotate-form-error") });
    input.value = "";
    form.hidden = true;
    setFormMessage($("secret-form-status"), [`Rotated ${res.body.name} to version ${res.body.latestVersion}.`]);
    await reload("secrets");
  });
}

export function initSecrets() {
  initCreate();
  initRotate();
  initConflict();
  onChange((changed) => { if (changed.has("secrets")) render(); });
  return { onShow: refreshUsage };
}
