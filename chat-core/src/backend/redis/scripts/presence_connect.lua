-- Records a connection of a user. The hash exists exactly while the user has a connection.
-- KEYS: the user's presence hash
-- ARGV: the connection field ('<instanceId>:<connectionId>')
-- Returns 1 when this is the user's first connection (they came online), else 0.
local first = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], ARGV[1], '1')
if first then
  -- A user comes online with the default status: the chosen one died with the last connection.
  redis.call('HSET', KEYS[1], 'status', 'online')
  return 1
end
return 0
