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
  local id, token = common.next_line(lines, "orders for payment start"):match("^(%S+) (%S+)$")
  return wrk.format("POST", "/v1/orders/" .. id .. "/payments",
    {["Content-Type"] = "application/json", ["X-Order-Token"] = token}, '{"mode":"checkout"}')
end

response = common.response
