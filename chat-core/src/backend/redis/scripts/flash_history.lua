-- A page of a flash group's kept messages, with the same slicing as HistoryPage::slice.
-- KEYS: meta, messages
-- ARGV: before seq ('' for none), after seq ('' for none), limit
-- Returns {has_more (0/1), messages in ascending seq...}; an empty page when the group is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
local last = tonumber(redis.call('HGET', KEYS[1], 'last_seq') or '0') or 0
local len = redis.call('LLEN', KEYS[2])
-- Seqs in the list are contiguous and end at last_seq.
local first = last - len + 1
local low, high = first, last
local before, after, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if before then high = math.min(high, before - 1) end
if after then low = math.max(low, after + 1) end
if len == 0 or low > high then
  return {0}
end
-- Read one more than the limit, to learn whether more exist in the paging direction.
local from, to
if after then
  from, to = low, math.min(high, low + limit)
else
  from, to = math.max(low, high - limit), high
end
local items = redis.call('LRANGE', KEYS[2], from - first, to - first)
local more = 0
if #items > limit then
  more = 1
  if after then
    table.remove(items)
  else
    table.remove(items, 1)
  end
end
table.insert(items, 1, more)
return items
