-- Checks every rate limit and the quota of one request, and commits them only if all allow it:
-- a rejected request uses up nothing. One script, one round trip, atomic across gateways.
-- Rate limits are GCRA (burst = rate, then one every per/rate); time is Redis's, shared by all.
-- KEYS: n rate-limit keys, then the quota key when ARGV[2] == '1'
-- ARGV: n, hasQuota, then rate_i, perMs_i for each limit, then quotaMax, renewalMs
-- Returns: allowed, deniedKind (0 none, 1 rate, 2 quota), retryAfterMs,
--          then remaining_i, resetMs_i per limit, then quotaRemaining, quotaResetMs
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local hasQuota = ARGV[2] == '1'
local allowed, kind, retry = 1, 0, 0
local out = {}
local newTats = {}
local ttls = {}

for i = 1, n do
  local rate = tonumber(ARGV[1 + 2 * i])
  local per = tonumber(ARGV[2 + 2 * i])
  local interval = per / rate
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  local newTat = tat + interval
  local allowAt = newTat - per
  if allowAt > now then
    if allowed == 1 then kind = 1 end
    allowed = 0
    if allowAt - now > retry then retry = allowAt - now end
    out[#out + 1] = 0
    out[#out + 1] = math.ceil(tat - now)
  else
    out[#out + 1] = math.floor((per - (newTat - now)) / interval + 1e-9)
    out[#out + 1] = math.ceil(newTat - now)
  end
  newTats[i] = newTat
  ttls[i] = math.ceil(newTat - now) + 1000
end

local qKey, qUsed, qReset, qMax
if hasQuota then
  qKey = KEYS[n + 1]
  qMax = tonumber(ARGV[3 + 2 * n])
  local renewal = tonumber(ARGV[4 + 2 * n])
  local q = redis.call('HMGET', qKey, 'used', 'resetAt')
  qUsed, qReset = 0, now + renewal
  if q[2] and tonumber(q[2]) > now then
    qUsed = tonumber(q[1]) or 0
    qReset = tonumber(q[2])
  end
  if qUsed + 1 > qMax then
    if allowed == 1 then kind = 2 end
    allowed = 0
    if qReset - now > retry then retry = qReset - now end
  end
end

if allowed == 1 then
  for i = 1, n do
    redis.call('SET', KEYS[i], string.format('%.4f', newTats[i]), 'PX', ttls[i])
  end
  if hasQuota then
    qUsed = qUsed + 1
    redis.call('HSET', qKey, 'used', qUsed, 'resetAt', qReset)
    redis.call('PEXPIREAT', qKey, qReset + 1000)
  end
end

if hasQuota then
  out[#out + 1] = qMax - qUsed
  out[#out + 1] = qReset - now
end
return {allowed, kind, math.ceil(retry), unpack(out)}
