-- Appends a message to a live flash group with the next seq, idempotent by the given field.
-- KEYS: meta, messages
-- ARGV: idempotency field ('' for none), message JSON before the seq value, JSON after it, keep,
-- message id (remembered as field m:<id> = seq, so that reactions find the message)
-- Returns nil when the group does not exist (or expired), {0, stored JSON} for a replay whose
-- message is still kept, {2} for a replay whose message the cap dropped, {1, seq} for a new message.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local last = tonumber(redis.call('HGET', KEYS[1], 'last_seq') or '0') or 0
if ARGV[1] ~= '' then
  local seq = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '')
  if seq then
    -- Seqs in the list are contiguous and end at last_seq, so the position follows from the seq.
    local index = redis.call('LLEN', KEYS[2]) - 1 - (last - seq)
    if index >= 0 then
      return {0, redis.call('LINDEX', KEYS[2], index)}
    end
    -- Trimmed away: storing it again would duplicate it.
    return {2}
  end
end
local seq = redis.call('HINCRBY', KEYS[1], 'last_seq', 1)
if ARGV[1] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1], seq)
end
redis.call('HSET', KEYS[1], 'm:' .. ARGV[5], seq)
redis.call('RPUSH', KEYS[2], ARGV[2] .. seq .. ARGV[3])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[4]), -1)
-- The list dies with the group: an append never extends the group's life.
local expiry = redis.call('PEXPIRETIME', KEYS[1])
if expiry > 0 then
  redis.call('PEXPIREAT', KEYS[2], expiry)
end
return {1, seq}
