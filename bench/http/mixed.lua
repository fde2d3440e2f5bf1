-- wrk script for the soak (tests/soak/soak.mjs): a mixed board and agent load.
-- Env: TOKENS and AGENTS (comma lists, same order), COMPANY, ALPHA and BETA
-- (secret ids), MIX "resolve,patch,list" weights in percent.
-- Per request: resolve ALPHA's key (always bound) or BETA's (bound or not,
-- as the PATCHes flip it: 403 is the intended answer then, 409 when a PATCH
-- re-created the row during the read), PATCH an agent's
-- env with or without the BETA ref, or list the company's secrets.
-- done() prints one JSON line: totals, latency percentiles and every status seen.
local function split(s)
  local out = {}
  for item in string.gmatch(s or "", "[^,]+") do out[#out + 1] = item end
  return out
end

local tokens, agents = split(os.getenv("TOKENS")), split(os.getenv("AGENTS"))
local company, alpha, beta = os.getenv("COMPANY"), os.getenv("ALPHA"), os.getenv("BETA")
local mix = split(os.getenv("MIX") or "60,25,15")
local resolve_share, patch_share = tonumber(mix[1]), tonumber(mix[2])
local threads = {}
counts = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + id * 7919)
end

local function env_body(with_beta)
  local env = '"ALPHA_API_KEY":{"type":"secret_ref","secretId":"' .. alpha .. '"},"LOG_LEVEL":"info"'
  if with_beta then env = env .. ',"BETA_TOKEN":{"type":"secret_ref","secretId":"' .. beta .. '"}' end
  return '{"adapterConfig":{"env":{' .. env .. '}}}'
end

function request()
  local roll = math.random(100)
  local i = math.random(#agents)
  if roll <= resolve_share then
    local key = (math.random(4) == 1) and "beta" or "alpha"
    return wrk.format("POST", "/api/agents/me/secrets/" .. key .. "/value",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[i]}, "{}")
  elseif roll <= resolve_share + patch_share then
    return wrk.format("PATCH", "/api/agents/" .. agents[i], {["Content-Type"] = "application/json"},
      env_body(math.random(2) == 1))
  end
  return wrk.format("GET", "/api/companies/" .. company .. "/secrets")
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  io.write(string.format('{"requests":%d,"seconds":%.3f,"socket_errors":%d,"p50_ms":%.3f,"p99_ms":%.3f,"statuses":{%s}}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ",")))
end
