-- Adds or removes one member's reaction to a kept message of a live flash group. A message's
-- reactions are one JSON value, [[emoji, [user, ...]], ...] in order of first use, in the group's
-- reactions hash, which dies with the group.
-- KEYS: meta, messages, reactions, members
-- ARGV: message id, user id, emoji, '1' to add or '0' to remove, most distinct emoji per message
-- Returns nil when the group is gone, {4} when the user is not a member, {5} when a blocked
-- member adds one, {0} when the message is not one the group keeps, {3} when adding would pass
-- the most distinct emoji, else {1 if something changed or 2, the reactions JSON ('' for none)}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local role = redis.call('HGET', KEYS[4], 'role:' .. ARGV[2])
if not role then
  return {4}
end
if role == 'blocked' and ARGV[4] == '1' then
  return {5}
end
local seq = tonumber(redis.call('HGET', KEYS[1], 'm:' .. ARGV[1]) or '')
if not seq then
  return {0}
end
-- Seqs in the list are contiguous and end at last_seq, so the position follows from the seq.
local last = tonumber(redis.call('HGET', KEYS[1], 'last_seq') or '0') or 0
if redis.call('LLEN', KEYS[2]) - 1 - (last - seq) < 0 then
  return {0}
end
local raw = redis.call('HGET', KEYS[3], ARGV[1])
local set = {}
if raw then
  set = cjson.decode(raw)
end
local position
for i, entry in ipairs(set) do
  if entry[1] == ARGV[3] then
    position = i
    break
  end
end
local changed = false
if ARGV[4] == '1' then
  if position then
    local users = set[position][2]
    local found = false
    for _, user in ipairs(users) do
      if user == ARGV[2] then
        found = true
        break
      end
    end
    if not found then
      table.insert(users, ARGV[2])
      changed = true
    end
  else
    if #set >= tonumber(ARGV[5]) then
      return {3}
    end
    table.insert(set, {ARGV[3], {ARGV[2]}})
    changed = true
  end
elseif position then
  local users = set[position][2]
  for i, user in ipairs(users) do
    if user == ARGV[2] then
      table.remove(users, i)
      changed = true
      break
    end
  end
  if #users == 0 then
    table.remove(set, position)
  end
end
local json = ''
if #set > 0 then
  json = cjson.encode(set)
end
if changed then
  if json == '' then
    redis.call('HDEL', KEYS[3], ARGV[1])
  else
    redis.call('HSET', KEYS[3], ARGV[1], json)
    local expiry = redis.call('PEXPIRETIME', KEYS[1])
    if expiry > 0 then
      redis.call('PEXPIREAT', KEYS[3], expiry)
    end
  end
end
if changed then
  return {1, json}
end
return {2, json}
