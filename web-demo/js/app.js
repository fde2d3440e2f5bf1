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

// html[data-company] names the company whose lists are shown (tests wait on it).
async function useCompany(id) {
  state.companyId = id;
  localStorage.setItem("clasp-company", id);
  const failed = await reload();
  setFormMessage($("load-error"), failed ? serverIssues(failed).map((i) => i.message) : []);
  const current = document.querySelector('[role="tab"][aria-selected="true"]');
  if (current) panels.get(current.id)?.onShow?.();
  document.documentElement.dataset.company = id;
}

// The panels and the company picker with a company; the "create a company"
// form without one.
function showWorkspace(haveCompany) {
  $("first-company").hidden = haveCompany;
  $("company-form").hidden = !haveCompany;
  $("company-workspace").hidden = !haveCompany;
}

// The page needs a company: the one used last, else the first. An empty
// store shows the "create a company" form: loading the page never writes.
async function loadCompanies() {
  const res = await call("GET", "/companies");
  if (!res.ok) {
    setFormMessage($("load-error"), serverIssues(res).map((i) => i.message));
    return false;
  }
  const companies = res.body;
  showWorkspace(companies.length > 0);
  if (companies.length === 0) {
    $("first-company-name").focus();
    return false;
  }
  const remembered = localStorage.getItem("clasp-company");
  state.companyId = companies.some((c) => c.id === remembered) ? remembered : companies[0].id;
  renderCompanies(companies);
  return true;
}

// POST /companies with the name typed in `name`; the server's message shows
// inline on failure, and the new company becomes the current one.
async function createCompany(name, formError) {
  const res = await call("POST", "/companies", { name: name.value });
  showIssues({ inputs: [name], issues: res.ok ? [] : serverIssues(res), resolve: () => name, formError });
  if (!res.ok) return;
  name.value = "";
  const list = await call("GET", "/companies");
  state.companyId = res.body.id;
  renderCompanies(list.ok ? list.body : [res.body]);
  showWorkspace(true);
  await useCompany(res.body.id);
}

function initCompanyForms() {
  $("company-select").addEventListener("change", (e) => useCompany(e.target.value));
  for (const [form, name, error] of [["company-form", "company-name", "company-form-error"],
    ["first-company", "first-company-name", "first-company-error"]]) {
    $(form).addEventListener("submit", (e) => {
      e.preventDefault();
      createCompany($(name), $(error));
    });
  }
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
  initCompanyForms();
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
