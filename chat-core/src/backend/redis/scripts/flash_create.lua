-- Creates a flash group: its metadata and members, both expiring at the same absolute instant.
-- The message list is created by the first append, with the same expiry.
-- KEYS: meta, members, messages
-- ARGV: expiry (unix ms), conversation JSON (members left out), then role field/value pairs
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'conv', ARGV[2], 'last_seq', 0)
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
if #ARGV >= 3 then
  redis.call('PEXPIREAT', KEYS[2], ARGV[1])
end
return 1
