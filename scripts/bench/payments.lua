-- POST /v1/orders/{id}/payments {"mode":"checkout"} with the order's X-Order-Token, one
-- fresh order per request from BENCH_INPUT ("id token" lines). Running out wraps around
-- (a repeat start answers 200 "reused"), which the summary reports as "wrapped".
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local lines

function init(args)
  lines = common.lines(tid)
end

function request()
  if #lines == 0 then error("no orders for payment start") end
  used = used + 1
  local i = used
  if i > #lines then wrapped = wrapped + 1; i = ((i - 1) % #lines) + 1 end
  local id, token = lines[i]:match("^(%S+) (%S+)$")
  return wrk.format("POST", "/v1/orders/" .. id .. "/payments",
    {["Content-Type"] = "application/json", ["X-Order-Token"] = token}, '{"mode":"checkout"}')
end

function response(status, headers, body)
  common.count(status)
end
