// Agent environment editor: rows of key / source (plain or secret) / value
// or secret / version (latest or pinned). Each keystroke runs the core's
// validateEnv over the whole env with the server's strict mode, and each
// diagnostic lands on the field of the row it names.
import { api, errorsOf, record, timed } from "./core.js";
import { call, serverIssues } from "./http.js";
import { el, focusFirstInvalid, pointerTokens, showIssues } from "./fields.js";
import { state, onChange, reload } from "./state.js";
import { refreshUsage } from "./secrets.js";

const $ = (id) => document.getElementById(id);
// What the server sends instead of a stored plain value, and accepts back
// to mean "keep the stored value" (RED-1).
const REDACTED = "***REDACTED***";
// Validation only: an untouched redacted row stands for a stored value the
// page never sees, which is not the placeholder a new key may not carry.
const STORED_STAND_IN = "stored-value";

let rows = [];
let nextRow = 0;
let agentId = null;

const agent = () => state.agents.find((a) => a.id === agentId);
const ids = (n) => ({ key: `env-${n}-key`, source: `env-${n}-source`, value: `env-${n}-value`, secret: `env-${n}-secret`, version: `env-${n}-version`, pinned: `env-${n}-pinned` });

function secretOptions(selected) {
  const opts = [new Option("Choose a secret…", "")];
  for (const s of state.secrets) opts.push(new Option(`${s.name} (${s.key})`, s.id, false, s.id === selected));
  return opts;
}

function control(tag, id, label, attrs = {}) {
  const c = el(tag, undefined, { id, "aria-label": label, autocomplete: "off", ...attrs });
  return c;
}

function rowElement(row) {
  const n = row.n;
  const i = ids(n);
  const tr = el("tr", undefined, { "data-row": String(n) });
  const key = control("input", i.key, `Key, row ${n + 1}`, { spellcheck: "false" });
  key.value = row.key;
  const source = control("select", i.source, `Source of row ${n + 1}`);
  source.append(new Option("Plain", "plain"), new Option("Secret", "secret"));
  if (row.kept) source.append(new Option(`Kept as is (${row.kept?.type ?? "other"})`, "kept"));
  source.value = row.source;
  const value = control("input", i.value, `Plain value, row ${n + 1}`);
  value.value = row.value;
  if (row.redacted) value.placeholder = "stored value (kept unless you type a new one)";
  const secret = control("select", i.secret, `Secret, row ${n + 1}`);
  secret.append(...secretOptions(row.secretId));
  const version = control("select", i.version, `Version, row ${n + 1}`);
  version.append(new Option("Latest", "latest"), new Option("Pinned", "pinned"));
  version.value = row.pinned === "" ? "latest" : "pinned";
  const pinned = control("input", i.pinned, `Pinned version, row ${n + 1}`, { inputmode: "numeric", size: "4" });
  pinned.value = row.pinned;
  const remove = el("button", "Remove", { type: "button", "aria-label": `Remove row ${n + 1}` });
  remove.addEventListener("click", () => {
    rows = rows.filter((r) => r.n !== n);
    tr.remove();
    validate();
  });
  const valueCell = el("td");
  valueCell.append(value, secret);
  const versionCell = el("td");
  versionCell.append(version, pinned);
  const keyCell = el("td");
  keyCell.append(key);
  const sourceCell = el("td");
  sourceCell.append(source);
  const removeCell = el("td");
  removeCell.append(remove);
  tr.append(keyCell, sourceCell, valueCell, versionCell, removeCell);
  tr.addEventListener("change", () => syncVisibility(n));
  return tr;
}

function syncVisibility(n) {
  const i = ids(n);
  const secret = $(i.source).value === "secret";
  $(i.value).hidden = secret || $(i.source).value === "kept";
  $(i.secret).hidden = !secret;
  $(i.version).hidden = !secret;
  $(i.pinned).hidden = !secret || $(i.version).value !== "pinned";
}

function addRow(row) {
  const full = { n: nextRow++, key: "", source: "plain", value: "", redacted: false, secretId: "", pinned: "", extra: {}, kept: null, ...row };
  rows.push(full);
  $("env-table").tBodies[0].append(rowElement(full));
  syncVisibility(full.n);
  return full;
}

function loadRows() {
  rows = [];
  $("env-table").tBodies[0].replaceChildren();
  const env = agent()?.adapterConfig?.env ?? {};
  for (const [key, binding] of Object.entries(env)) {
    if (binding?.type === "secret_ref") {
      const { type, secretId, version, ...extra } = binding;
      addRow({ key, source: "secret", secretId, pinned: version === "latest" || version === undefined ? "" : String(version), extra });
    } else if (binding?.type === "plain") {
      addRow({ key, value: binding.value === REDACTED ? "" : binding.value, redacted: binding.value === REDACTED });
    } else if (typeof binding === "string") {
      addRow({ key, value: binding });
    } else {
      // A kind this editor does not edit (user_secret_ref): kept verbatim.
      addRow({ key, source: "kept", kept: binding });
    }
  }
}

// The env as the server should store it; `forCore` swaps untouched redacted
// values for a stand-in (see STORED_STAND_IN).
function readEnv(forCore) {
  // No prototype: a row keyed "__proto__" must reach the core (which
  // refuses it) instead of silently setting this object's prototype.
  const env = Object.create(null);
  for (const row of rows) {
    const i = ids(row.n);
    const key = $(i.key).value;
    if ($(i.source).value === "kept") {
      env[key] = row.kept;
    } else if ($(i.source).value === "secret") {
      const ref = { ...row.extra, type: "secret_ref", secretId: $(i.secret).value };
      const pinned = $(i.pinned).value.trim();
      if ($(i.version).value === "pinned") ref.version = /^\d+$/.test(pinned) ? Number(pinned) : pinned;
      else ref.version = "latest";
      env[key] = ref;
    } else {
      const typed = $(i.value).value;
      const keep = row.redacted && typed === "";
      env[key] = { type: "plain", value: keep ? (forCore ? STORED_STAND_IN : REDACTED) : typed };
    }
  }
  return env;
}

function rowByKey(key) {
  return [...rows].reverse().find((r) => $(ids(r.n).key).value === key);
}

// Which field of its row a diagnostic belongs to.
function resolve(issue) {
  const tokens = pointerTokens(issue.path);
  const at = tokens.indexOf("env");
  let row = at >= 0 && tokens.length > at + 1 ? rowByKey(tokens[at + 1]) : null;
  if (!row && issue.path === "") {
    // A 422 names its key at the end ("…sensitive key: OPENAI_API_KEY").
    const m = /: (\S+)$/.exec(issue.message);
    row = m ? rowByKey(m[1]) : null;
  }
  if (!row) return issue.row !== undefined ? $(ids(issue.row).key) : null;
  const i = ids(row.n);
  const secret = $(i.source).value === "secret";
  if (issue.code === "env_key_invalid" || issue.code === "env_reserved_key" || issue.code === undefined) return $(i.key);
  if (!secret) return $(i.value);
  return $(i.version).value === "pinned" && $(i.secret).value ? $(i.pinned) : $(i.secret);
}

function allInputs() {
  return rows.flatMap((r) => Object.values(ids(r.n)).map((id) => $(id)));
}

// Two rows with one key would collapse into one map entry: say so on the
// later row rather than drop either silently.
function duplicateIssues() {
  const seen = new Set();
  const issues = [];
  for (const r of rows) {
    const key = $(ids(r.n).key).value;
    if (seen.has(key)) issues.push({ row: r.n, path: "/dup", message: `Duplicate key: ${key}` });
    seen.add(key);
  }
  return issues;
}

// Each rule validateEnv applies (ENV-1..5, STRICT-1, RED-1) looks at one
// key and its binding, so entries are validated one by one and their
// verdicts remembered: a keystroke runs the core on the edited entry only.
const verdicts = new Map();
const MAX_REMEMBERED = 5000;

function validateEntries(env) {
  const issues = [];
  for (const key of Object.keys(env)) {
    const memo = JSON.stringify([state.strictMode, key, env[key]]);
    let found = verdicts.get(memo);
    if (!found) {
      const one = Object.create(null);
      one[key] = env[key];
      found = errorsOf(api.validateEnv(one, { strictMode: state.strictMode }));
      if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
      verdicts.set(memo, found);
    }
    issues.push(...found);
  }
  return issues;
}

function validate() {
  const start = performance.now();
  const env = readEnv(true);
  const issues = [...duplicateIssues(), ...timed("env", () => validateEntries(env))];
  showIssues({ inputs: allInputs(), issues, resolve, formError: $("env-form-error") });
  // The whole keystroke: reading 4 fields per row, the core, the DOM update.
  record("env-keystroke", performance.now() - start);
  return issues.length === 0;
}

async function save(e) {
  e.preventDefault();
  $("env-form-status").textContent = "";
  if (!agent()) {
    showIssues({ inputs: allInputs(), issues: [{ path: "", message: "Add or choose an agent first." }], resolve, formError: $("env-form-error") });
    return;
  }
  if (!validate()) {
    focusFirstInvalid($("env-form"));
    return;
  }
  const res = await call("PATCH", `/agents/${agentId}`, { adapterConfig: { ...agent().adapterConfig, env: readEnv(false) } });
  if (!res.ok) {
    showIssues({ inputs: allInputs(), issues: serverIssues(res), resolve, formError: $("env-form-error") });
    focusFirstInvalid($("env-form"));
    return;
  }
  await reload("agents", "secrets");
  loadRows();
  // Said once the table shows what the server stored (plain values redacted).
  $("env-form-status").textContent = `Saved the environment of ${res.body.name}.`;
  await refreshUsage();
}

function renderAgents() {
  const select = $("env-agent");
  if (!state.agents.some((a) => a.id === agentId)) agentId = state.agents[0]?.id ?? null;
  select.replaceChildren(...state.agents.map((a) => new Option(a.name, a.id, false, a.id === agentId)));
}

function initAgentForm() {
  $("env-agent").addEventListener("change", (e) => { agentId = e.target.value; loadRows(); validate(); });
  $("agent-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("agent-name");
    const res = await call("POST", `/companies/${state.companyId}/agents`, { name: name.value, adapterConfig: { env: {} } });
    const resolveName = (i) => (i.path === "/name" || i.path === "" ? name : null);
    showIssues({ inputs: [name], issues: res.ok ? [] : serverIssues(res), resolve: resolveName, formError: $("agent-form-error") });
    if (!res.ok) return;
    name.value = "";
    agentId = res.body.id;
    await reload("agents");
    loadRows();
  });
}

export function initEnv() {
  initAgentForm();
  $("env-form").addEventListener("input", validate);
  $("env-form").addEventListener("change", validate);
  $("env-add").addEventListener("click", () => { const r = addRow({}); $(ids(r.n).key).focus(); validate(); });
  $("env-form").addEventListener("submit", save);
  onChange((changed) => {
    if (changed.has("agents")) {
      const before = agentId;
      renderAgents();
      if (before !== agentId) loadRows();
    }
    if (changed.has("secrets")) {
      for (const r of rows) {
        const s = $(ids(r.n).secret);
        const v = s.value || r.secretId;
        s.replaceChildren(...secretOptions(v));
      }
    }
  });
  return { onShow: validate };
}
