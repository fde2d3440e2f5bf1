// Inline messages tied to their fields: the text sits next to the field, the
// field points at it with aria-describedby and says aria-invalid, so a
// screen reader announces the problem where the user is typing.

function describedBy(el) {
  return (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
}

function errorElementFor(input) {
  const id = `${input.id}-error`;
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement("p");
    el.id = id;
    el.className = "field-error";
    el.hidden = true;
    const holder = input.closest(".field, td") ?? input.parentElement;
    holder.append(el);
  }
  return el;
}

export function setFieldError(input, messages) {
  // A field that never had an error needs no element (a 50-row env has 300).
  if (!messages.length && !document.getElementById(`${input.id}-error`)) return;
  const el = errorElementFor(input);
  const ids = describedBy(input).filter((x) => x !== el.id);
  if (messages.length) {
    el.textContent = messages.join(" ");
    el.hidden = false;
    input.setAttribute("aria-invalid", "true");
    ids.push(el.id);
  } else {
    el.textContent = "";
    el.hidden = true;
    input.removeAttribute("aria-invalid");
  }
  if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
  else input.removeAttribute("aria-describedby");
}

export function setFormMessage(el, messages) {
  el.textContent = messages.join(" ");
  el.hidden = messages.length === 0;
}

// "/env/a~1b" -> ["env", "a/b"] (RFC 6901).
export function pointerTokens(path) {
  if (!path) return [];
  return path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

// Shows `issues` ({path, message}) on the fields `resolve` picks among
// `inputs`; what no field owns goes to `formError`. Clears every other
// field. Returns true when there was nothing to show.
export function showIssues({ inputs, issues, resolve, formError }) {
  const byInput = new Map(inputs.map((input) => [input, []]));
  const general = [];
  for (const issue of issues) {
    const input = resolve(issue);
    const list = input ? byInput.get(input) : undefined;
    if (list) list.push(issue.message);
    else general.push(issue.message);
  }
  for (const [input, messages] of byInput) setFieldError(input, [...new Set(messages)]);
  if (formError) setFormMessage(formError, [...new Set(general)]);
  return issues.length === 0;
}

// Moves focus to the first field that says it is invalid (a blocked submit).
export function focusFirstInvalid(root) {
  root.querySelector('[aria-invalid="true"]')?.focus();
}

// A <td>/<li>… with text content (never innerHTML: names come from users).
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "className") node.className = v;
    else node.setAttribute(k, v);
  }
  return node;
}

export function button(text, onClick, attrs = {}) {
  const b = el("button", text, { type: "button", ...attrs });
  b.addEventListener("click", onClick);
  return b;
}
