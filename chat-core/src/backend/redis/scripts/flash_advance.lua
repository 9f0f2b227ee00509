-- Moves a member's read or delivered position forward, never back and never past last_seq.
-- KEYS: meta, members
-- ARGV: user id, 'read' or 'delivered', seq
-- Returns the position, or nil when the group is gone or the user is not a member.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
if redis.call('HEXISTS', KEYS[2], 'role:' .. ARGV[1]) == 0 then
  return false
end
local last = tonumber(redis.call('HGET', KEYS[1], 'last_seq') or '0') or 0
local field = ARGV[2] .. ':' .. ARGV[1]
local current = tonumber(redis.call('HGET', KEYS[2], field) or '0') or 0
local target = math.min(tonumber(ARGV[3]) or 0, last)
if target > current then
  redis.call('HSET', KEYS[2], field, target)
  return target
end
return current
