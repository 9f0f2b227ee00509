-- Forgets every connection a dead instance held for one user.
-- KEYS: the user's presence hash
-- ARGV: the dead instance's field prefix ('<instanceId>:')
-- Returns 1 when this left the user with no connection (they went offline), else 0.
local removed, left = 0, 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if field ~= 'status' then
    if string.sub(field, 1, #ARGV[1]) == ARGV[1] then
      redis.call('HDEL', KEYS[1], field)
      removed = removed + 1
    else
      left = left + 1
    end
  end
end
if removed > 0 and left == 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
