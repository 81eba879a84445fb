-- wrk load for akka-raft's HTTP API: `-- put` sends PUT /kv/{key} with the raw value as body,
-- `-- get` sends GET /kv/{key} (linearizable: the API's default). Keys are random out of NKEYS.
local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
dofile(here .. "common.lua")

function init(args)
  local op = operation(args, { put = true, get = true })
  seed_random()
  prebuild(function(i)
    if op == "put" then
      return wrk.format("PUT", "/kv/" .. key_name(i), { ["Content-Type"] = "application/octet-stream" }, VALUE)
    end
    return wrk.format("GET", "/kv/" .. key_name(i))
  end)
end
