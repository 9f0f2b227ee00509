-- Takes one action from a shared allowance (GCRA on Redis's clock, so every instance agrees).
-- KEYS[1]: the bucket. ARGV[1]: milliseconds between two actions at the sustained rate.
-- ARGV[2]: how far the bucket may run ahead of now (burst × interval), in milliseconds.
-- Returns 0 when the action is allowed, else the milliseconds to wait.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local full_at = tonumber(redis.call('GET', KEYS[1]) or now)
if full_at < now then
  full_at = now
end
local next_full = full_at + interval
local ahead = next_full - now
if ahead <= tolerance then
  redis.call('SET', KEYS[1], next_full, 'PX', math.max(1, ahead))
  return 0
end
return ahead - tolerance
