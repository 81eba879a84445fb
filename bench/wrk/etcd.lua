-- wrk load for etcd's v3 JSON gateway: `-- put` sends POST /v3/kv/put with the value, `-- range` sends
-- POST /v3/kv/range for one key (linearizable: etcd's default, no "serializable" field). Keys are random
-- out of NKEYS; the gateway wants keys and values base64-encoded in the JSON body.
local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
dofile(here .. "common.lua")

local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(s)
  local out = {}
  for at = 1, #s, 3 do
    local a, b, c = s:byte(at, at + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local digits = { math.floor(n / 262144) % 64, math.floor(n / 4096) % 64, math.floor(n / 64) % 64, n % 64 }
    local keep = 2 + (b and 1 or 0) + (c and 1 or 0) -- 3 bytes -> 4 digits; 2 -> 3 and "="; 1 -> 2 and "=="
    for d = 1, 4 do
      out[#out + 1] = d <= keep and ALPHABET:sub(digits[d] + 1, digits[d] + 1) or "="
    end
  end
  return table.concat(out)
end

function init(args)
  local op = operation(args, { put = true, range = true })
  seed_random()
  local value = base64(VALUE)
  local headers = { ["Content-Type"] = "application/json" }
  prebuild(function(i)
    local key = base64(key_name(i))
    if op == "put" then
      return wrk.format("POST", "/v3/kv/put", headers, '{"key":"' .. key .. '","value":"' .. value .. '"}')
    end
    return wrk.format("POST", "/v3/kv/range", headers, '{"key":"' .. key .. '"}')
  end)
end
