// Company Settings → Secrets: boots the page (server posture, company, the
// four panels) and runs the tabs with the ARIA tabs keyboard pattern.
import "./core.js";
import { call, serverIssues, setBoardToken } from "./http.js";
import { setFormMessage, showIssues } from "./fields.js";
import { state, reload } from "./state.js";
import { initSecrets } from "./secrets.js";
import { initVaults } from "./vaults.js";
import { initEnv } from "./env.js";
import { initBindings } from "./bindings.js";

const $ = (id) => document.getElementById(id);
const panels = new Map();

function selectTab(tab, { focus = false } = {}) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const selected = t === tab;
    t.setAttribute("aria-selected", String(selected));
    t.tabIndex = selected ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !selected;
  }
  if (focus) tab.focus();
  panels.get(tab.id)?.onShow?.();
}

function initTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step) selectTab(tabs[(i + step + tabs.length) % tabs.length], { focus: true });
      if (e.key === "Home") selectTab(tabs[0], { focus: true });
      if (e.key === "End") selectTab(tabs[tabs.length - 1], { focus: true });
    });
  });
}

async function loadPosture() {
  const res = await call("GET", "/health");
  if (res.ok) {
    state.strictMode = res.body.strictSecretMode === true;
    state.deploymentMode = res.body.deploymentMode ?? "local_trusted";
  }
  $("strict-banner").hidden = !state.strictMode;
}

function renderCompanies(companies) {
  const select = $("company-select");
  select.replaceChildren(...companies.map((c) => new Option(c.name, c.id, false, c.id === state.companyId)));
}

async function useCompany(id) {
  state.companyId = id;
  localStorage.setItem("clasp-company", id);
  const failed = await reload();
  setFormMessage($("load-error"), failed ? serverIssues(failed).map((i) => i.message) : []);
  const current = document.querySelector('[role="tab"][aria-selected="true"]');
  if (current) panels.get(current.id)?.onShow?.();
}

// The page needs a company: the one used last, else the first, else a new one.
async function loadCompanies() {
  const res = await call("GET", "/companies");
  if (!res.ok) {
    setFormMessage($("load-error"), serverIssues(res).map((i) => i.message));
    return false;
  }
  let companies = res.body;
  if (companies.length === 0) {
    const created = await call("POST", "/companies", { name: "My company" });
    if (!created.ok) {
      setFormMessage($("load-error"), serverIssues(created).map((i) => i.message));
      return false;
    }
    companies = [created.body];
  }
  const remembered = localStorage.getItem("clasp-company");
  state.companyId = companies.some((c) => c.id === remembered) ? remembered : companies[0].id;
  renderCompanies(companies);
  return true;
}

function initCompanyForm() {
  $("company-select").addEventListener("change", (e) => useCompany(e.target.value));
  $("company-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("company-name");
    const res = await call("POST", "/companies", { name: name.value });
    if (!res.ok) {
      showIssues({ inputs: [name], issues: serverIssues(res), resolve: () => name, formError: $("company-form-error") });
      return;
    }
    showIssues({ inputs: [name], issues: [], resolve: () => null, formError: $("company-form-error") });
    name.value = "";
    const list = await call("GET", "/companies");
    state.companyId = res.body.id;
    renderCompanies(list.ok ? list.body : [res.body]);
    await useCompany(res.body.id);
  });
}

function initTokenForm() {
  document.addEventListener("clasp:unauthorized", () => { $("token-form").hidden = false; });
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setBoardToken($("board-token").value);
    location.reload();
  });
}

async function boot() {
  initTabs();
  initTokenForm();
  initCompanyForm();
  panels.set("tab-secrets", initSecrets());
  panels.set("tab-vaults", initVaults());
  panels.set("tab-env", initEnv());
  panels.set("tab-bindings", initBindings());
  const [, haveCompany] = await Promise.all([loadPosture(), loadCompanies()]);
  if (haveCompany) await useCompany(state.companyId);
  performance.mark("clasp-ready");
  document.documentElement.dataset.ready = "true";
}

boot();
