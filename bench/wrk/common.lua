-- Shared by akka-raft.lua and etcd.lua (loaded with dofile): the key space, the value, the choice of a
-- random prebuilt request, the count of non-2xx answers and the RESULT line that compare-etcd.sh reads.
-- Keys are "key-00000" .. "key-09999" (NKEYS of them); values are VALUE_BYTES bytes of 'v'.

NKEYS = tonumber(os.getenv("NKEYS") or "10000")
VALUE_BYTES = tonumber(os.getenv("VALUE_BYTES") or "100")
VALUE = string.rep("v", VALUE_BYTES)

function key_name(i) return string.format("key-%05d", i) end

-- Every request is formatted once in init(), so request() only picks one: the load generator then costs
-- the same per request for both systems, whatever their encoding.
local prebuilt = {}
function prebuild(build) -- build(i) -> raw HTTP request for key i
  for i = 0, NKEYS - 1 do prebuilt[i + 1] = build(i) end
end

function request() return prebuilt[math.random(NKEYS)] end

function operation(args, allowed) -- the one argument after `--`, checked against the allowed ones
  local op = args[1]
  if not allowed[op or ""] then
    io.stderr:write("usage: wrk ... -s <script> <url> -- <operation>; operations: " ..
      table.concat(allowed_names(allowed), ", ") .. "\n")
    os.exit(2)
  end
  return op
end

function allowed_names(allowed)
  local names = {}
  for name in pairs(allowed) do names[#names + 1] = name end
  table.sort(names)
  return names
end

-- Per thread: answers outside 2xx. The first few are echoed so a broken run says why.
non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then io.stderr:write("HTTP " .. status .. ": " .. (body or "") .. "\n") end
  end
end

local threads = {}
function setup(thread)
  thread:set("thread_no", #threads + 1)
  threads[#threads + 1] = thread
end

function seed_random()
  math.randomseed(os.time() * 7919 + (thread_no or 0))
end

-- RESULT req/s p50_ms p99_ms p99.9_ms requests socket_errors non2xx
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local e = summary.errors
  print(string.format("RESULT %.1f %.3f %.3f %.3f %d %d %d",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout, bad))
end
