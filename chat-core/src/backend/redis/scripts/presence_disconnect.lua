-- Forgets a connection; the last one takes the user's chosen status with it.
-- KEYS: the user's presence hash
-- ARGV: the connection field
-- Returns 1 when that was the user's last connection (they went offline), else 0.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local left = redis.call('HLEN', KEYS[1]) - redis.call('HEXISTS', KEYS[1], 'status')
if left <= 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
