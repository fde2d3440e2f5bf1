// Bindings health: the server's desync report for the company (env maps vs
// binding rows, with names), and its repair, shown as a plan first and
// applied only when the operator confirms.
import { call, serverIssues } from "./http.js";
import { el, setFormMessage } from "./fields.js";
import { reload, state } from "./state.js";
import { refreshUsage } from "./secrets.js";

const $ = (id) => document.getElementById(id);
let report = null;

const ACTIONS = { insert: "Add binding", update: "Update binding", delete: "Remove binding" };

function target(x) {
  return x.targetName ? `${x.targetName} (${x.targetType})` : `${x.targetType} ${x.targetId}`;
}

function secretName(id) {
  return state.secrets.find((s) => s.id === id)?.name ?? id;
}

function render() {
  const summary = $("health-summary");
  const findings = report?.findings ?? [];
  if (!report) {
    summary.textContent = "";
  } else if (report.ok) {
    summary.replaceChildren(el("span", "In sync", { className: "badge badge-ready" }), " Every env reference has its binding row, and every binding row its reference.");
  } else {
    summary.replaceChildren(el("span", "Out of sync", { className: "badge badge-error" }), ` ${findings.length} finding${findings.length === 1 ? "" : "s"}.`);
  }
  const body = $("health-findings").tBodies[0];
  body.replaceChildren(...findings.map((f) => {
    const tr = el("tr");
    tr.append(el("td", f.message), el("td", target(f)), el("td", f.envKey || f.configPath), el("td", f.code));
    return tr;
  }));
  $("health-findings").hidden = findings.length === 0;
  const steps = report?.repair?.steps ?? [];
  const manual = report?.repair?.manual ?? [];
  $("repair-review").hidden = !report || report.ok || (steps.length === 0 && manual.length === 0);
}

function renderPlan() {
  const repair = report.repair ?? { inserts: 0, updates: 0, deletes: 0, steps: [], manual: [] };
  $("repair-counts").textContent =
    `${repair.inserts} to add, ${repair.updates} to update, ${repair.deletes} to remove. Nothing changes until you apply.`;
  $("repair-steps").tBodies[0].replaceChildren(...repair.steps.map((s) => {
    const tr = el("tr");
    tr.append(el("td", ACTIONS[s.action] ?? s.action), el("td", s.reason), el("td", target(s)),
      el("td", `${s.configPath} → ${secretName(s.secretId)}`), el("td", s.versionSelector));
    return tr;
  }));
  $("repair-manual").replaceChildren(...(repair.manual ?? []).map((m) =>
    el("li", `Needs a person: ${typeof m === "string" ? m : m.message ?? JSON.stringify(m)}`)));
  $("repair-apply").disabled = repair.steps.length === 0;
  setFormMessage($("repair-error"), []);
  $("repair-plan").hidden = false;
  $("repair-apply").focus();
}

export async function refreshHealth() {
  if (!state.companyId) return;
  const res = await call("GET", `/companies/${state.companyId}/bindings/health`);
  if (!res.ok) {
    report = null;
    render();
    $("health-summary").textContent = serverIssues(res)[0].message;
    return;
  }
  report = res.body;
  render();
}

async function apply() {
  const res = await call("POST", `/companies/${state.companyId}/bindings/repair`, {});
  if (!res.ok) {
    setFormMessage($("repair-error"), serverIssues(res).map((i) => i.message));
    return;
  }
  report = res.body;
  $("repair-plan").hidden = true;
  render();
  $("health-summary").append(` Applied ${res.body.applied ?? 0} step${res.body.applied === 1 ? "" : "s"}.`);
  await reload("secrets", "agents");
  await refreshUsage();
}

export function initBindings() {
  $("health-refresh").addEventListener("click", () => { $("repair-plan").hidden = true; refreshHealth(); });
  $("repair-review").addEventListener("click", renderPlan);
  $("repair-cancel").addEventListener("click", () => { $("repair-plan").hidden = true; $("repair-review").focus(); });
  $("repair-apply").addEventListener("click", apply);
  return { onShow: () => { $("repair-plan").hidden = true; return refreshHealth(); } };
}
