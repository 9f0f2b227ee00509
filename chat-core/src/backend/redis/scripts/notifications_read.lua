-- Moves a user's read marker forward (never back) and renews its lifetime.
-- KEYS[1] the marker; ARGV[1] the id read up to (lowercase hyphenated UUID v7); ARGV[2] lifetime (ms).
local current = redis.call('GET', KEYS[1])
if (not current) or ARGV[1] > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
