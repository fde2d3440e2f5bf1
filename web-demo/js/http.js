// The /api client. Answers are {status, ok, body}; failures are never
// thrown, so each form can show the server's 400/422 messages inline.
const TOKEN_KEY = "clasp-board-token";

// Authenticated deployments need the board token; it lives in this tab's
// session storage only.
export function setBoardToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function call(method, path, body) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  const init = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  let res;
  try {
    res = await fetch(`/api${path}`, init);
  } catch (error) {
    return { status: 0, ok: false, body: { error: `The server cannot be reached (${error.message})` } };
  }
  let parsed = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = { error: `HTTP ${res.status}` };
  }
  if (res.status === 401) document.dispatchEvent(new CustomEvent("clasp:unauthorized"));
  return { status: res.status, ok: res.ok, body: parsed };
}

function escapeToken(token) {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

// A failed answer as the same {path, message} list the core produces:
// 400 zod details carry a path (["config","address"] -> "/config/address");
// 422/404/409 carry one message for the whole request ("").
export function serverIssues(res) {
  const details = res.body?.details;
  if (Array.isArray(details) && details.length) {
    return details.map((d) => ({
      path: Array.isArray(d.path) && d.path.length ? "/" + d.path.map(escapeToken).join("/") : "",
      message: String(d.message ?? res.body.error),
    }));
  }
  return [{ path: "", message: String(res.body?.error ?? `HTTP ${res.status}`) }];
}
