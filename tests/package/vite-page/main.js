// The page vite.test.mjs builds with a default `vite build`: the packed
// clasp-wasm imported by name, initialised without options, one validation
// of each kind; the answers land in #result as JSON.
import { classifyKey, init, normalizeVaultAddress, validateEnv } from "clasp-wasm";

const out = document.getElementById("result");
init()
  .then(() => {
    out.textContent = JSON.stringify({
      strict: validateEnv({ OPENAI_API_KEY: "sk-live", LOG_LEVEL: "debug" }, { strictMode: true }),
      relaxed: validateEnv({ LOG_LEVEL: "debug" }),
      sensitive: classifyKey("GITHUB_TOKEN").value.sensitive,
      origin: normalizeVaultAddress("https://Vault.Example.COM:443/").value.origin,
    });
  })
  .catch((error) => {
    out.textContent = JSON.stringify({ error: String(error) });
  })
  .finally(() => {
    out.dataset.done = "true";
  });
