-- Sets the status shown while the user is connected.
-- KEYS: the user's presence hash
-- ARGV: the status
-- Returns 1 when the user is connected (the status was stored), else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
return 1
