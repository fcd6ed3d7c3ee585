/**
 * Lua run by Redis as one atomic step: no other client's command lands between a script's read
 * and its write, so two processes claiming one handle cannot both win (no WATCH retry loop).
 * Every value a script decodes may have been written by anything that reaches Redis: a value it
 * cannot decode counts as someone else's.
 */

/**
 * KEYS: claim:<key>, owned:<owner>, latest:<owner>, count.
 * ARGV: entry JSON, owner, ts, max entries, key, claim-key prefix.
 * Returns {'stored', created 0|1, released key or ''} | {'taken'} | {'full'} | {'replayed', lastTs}.
 */
export const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if not ok or type(decoded) ~= 'table' or decoded.owner ~= ARGV[2] then return {'taken'} end
end
local previous = redis.call('GET', KEYS[2])
local count = tonumber(redis.call('GET', KEYS[4]) or '0') or 0
if not current and not previous and count >= tonumber(ARGV[4]) then return {'full'} end
local lastTs = redis.call('GET', KEYS[3])
if lastTs and tonumber(ARGV[3]) <= (tonumber(lastTs) or math.huge) then return {'replayed', lastTs} end
local released = ''
if previous and previous ~= ARGV[5] then
  redis.call('DEL', ARGV[6] .. previous)
  released = previous
end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[5])
if not current and released == '' then redis.call('INCR', KEYS[4]) end
if current and released ~= '' then redis.call('DECR', KEYS[4]) end
return {'stored', current and 0 or 1, released}
`;

/**
 * KEYS: claim:<key>, owned:<owner>, latest:<owner>, count. ARGV: owner, ts, replay window ms.
 * Returns {'released'} | {'not-found'} | {'not-owner'} | {'replayed', lastTs}.
 */
export const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return {'not-found'} end
local ok, decoded = pcall(cjson.decode, current)
if not ok or type(decoded) ~= 'table' or decoded.owner ~= ARGV[1] then return {'not-owner'} end
local lastTs = redis.call('GET', KEYS[3])
if lastTs and tonumber(ARGV[2]) <= (tonumber(lastTs) or math.huge) then return {'replayed', lastTs} end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('DECR', KEYS[4])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
return {'released'}
`;

/** KEYS: peer:<id>. ARGV: process. Deletes the record only if `process` holds it. */
export const RELEASE_PRESENCE_SCRIPT = `
local value = redis.call('GET', KEYS[1])
if value then
  local ok, decoded = pcall(cjson.decode, value)
  if ok and type(decoded) == 'table' and decoded.process == ARGV[1] then redis.call('DEL', KEYS[1]) end
end
return 0
`;

/**
 * KEYS: peer:<id>… ARGV: process, ttl ms, then one holder JSON per key. Extends the records
 * `process` holds and writes back missing ones (lost with a Redis restart); others stay.
 */
export const REFRESH_SCRIPT = `
for index, key in ipairs(KEYS) do
  local value = redis.call('GET', key)
  if not value then
    redis.call('SET', key, ARGV[index + 2], 'PX', ARGV[2])
  else
    local ok, decoded = pcall(cjson.decode, value)
    if ok and type(decoded) == 'table' and decoded.process == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) end
  end
end
return 0
`;

/**
 * The same token bucket as RateLimiter, on the caller's clock. KEYS: bucket. ARGV: now, per minute.
 * Returns {1, 0} when a token was taken, {0, retry after ms} when not.
 */
export const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = per
local savedTokens, savedAt = tonumber(saved[1]), tonumber(saved[2])
if savedTokens and savedAt then
  tokens = math.min(per, savedTokens + math.max(0, now - savedAt) * per / 60000)
end
local taken = tokens >= 1
if taken then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', ARGV[1])
redis.call('PEXPIRE', KEYS[1], 60000)
if taken then return {1, 0} end
return {0, math.ceil((1 - tokens) * 60000 / per)}
`;

/**
 * Takes a presence record for a registration, atomically, so two processes admitting one id at
 * once cannot both win. KEYS: peer:<id>. ARGV: holder JSON, process, ts or '' (no proof), ttl ms.
 * Free, held by this process, or held elsewhere with an older proof (a record without a proof
 * yields to any proof): taken, returning {1, previous process or ''}. Otherwise {0, ''}.
 */
export const CLAIM_PRESENCE_SCRIPT = `
local value = redis.call('GET', KEYS[1])
local previous = ''
if value then
  local ok, decoded = pcall(cjson.decode, value)
  if ok and type(decoded) == 'table' and type(decoded.process) == 'string' then
    if decoded.process ~= ARGV[2] then
      local held = tonumber(decoded.ts)
      local ts = tonumber(ARGV[3])
      if ts == nil or (held ~= nil and ts <= held) then return {0, ''} end
      previous = decoded.process
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
return {1, previous}
`;
