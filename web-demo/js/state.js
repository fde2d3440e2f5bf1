// What the panels share: the company, the server's posture and the lists
// they all show. A panel that changes something calls `reload(...)`, and
// every panel listening re-renders from the fresh lists.
import { call } from "./http.js";

export const state = {
  companyId: null,
  strictMode: false,
  deploymentMode: "local_trusted",
  secrets: [],
  vaults: [],
  agents: [],
};

const listeners = new Set();

export function onChange(listener) {
  listeners.add(listener);
}

const LOADERS = {
  secrets: async () => call("GET", `/companies/${state.companyId}/secrets`),
  vaults: async () => call("GET", `/companies/${state.companyId}/secret-provider-configs`),
  agents: async () => call("GET", `/companies/${state.companyId}/agents`),
};

// Re-reads the named lists (all by default), then tells every listener
// which ones changed. Returns the first failed answer, or null.
export async function reload(...names) {
  const wanted = names.length ? names : Object.keys(LOADERS);
  if (!state.companyId) return null;
  const answers = await Promise.all(wanted.map((n) => LOADERS[n]()));
  let failed = null;
  answers.forEach((res, i) => {
    if (res.ok && Array.isArray(res.body)) state[wanted[i]] = res.body;
    else failed ??= res;
  });
  for (const listener of listeners) listener(new Set(wanted));
  return failed;
}
