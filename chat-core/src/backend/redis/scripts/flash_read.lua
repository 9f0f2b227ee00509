-- Reads a live flash group in one consistent snapshot.
-- KEYS: meta, members, messages
-- ARGV: a user id to also read what their summary needs, or ''
-- Returns nil when the group does not exist (or expired), else
-- {conversation JSON, last_seq, members hash as field/value pairs[, newest messages]}, where the
-- newest messages are every kept one after the user's read position, and at least the last one.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local conv = redis.call('HGET', KEYS[1], 'conv')
local last = redis.call('HGET', KEYS[1], 'last_seq') or '0'
local members = redis.call('HGETALL', KEYS[2])
if ARGV[1] == '' then
  return {conv, last, members}
end
local read = tonumber(redis.call('HGET', KEYS[2], 'read:' .. ARGV[1]) or '0') or 0
local count = math.max((tonumber(last) or 0) - read, 1)
return {conv, last, members, redis.call('LRANGE', KEYS[3], -count, -1)}
