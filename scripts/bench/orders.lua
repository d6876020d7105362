-- POST /v1/orders with three line items: one SKU from each third of the bench catalog
-- (BENCH-100 .. BENCH-<99+BENCH_PRODUCTS>), so concurrent orders rarely lock the same
-- product rows (pgbench's ceiling transaction picks them the same way). Each created
-- order's "id client_token" goes to $BENCH_WORK/orders-<thread>.txt for the payment runs.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local out, pending, third, seq

function init(args)
  local n = tonumber(os.getenv("BENCH_PRODUCTS") or "99")
  third = math.floor(n / 3)
  math.randomseed(tid * 7919 + os.time())
  seq = 0
  pending = 0
  local dir = os.getenv("BENCH_WORK")
  if dir then
    out = assert(io.open(dir .. "/orders-" .. tid .. "-" .. os.time() .. ".txt", "a"))
    out:setvbuf("full")
  end
end

function request()
  seq = seq + 1
  local a = 100 + math.random(0, third - 1)
  local b = 100 + third + math.random(0, third - 1)
  local c = 100 + 2 * third + math.random(0, third - 1)
  local body = string.format(
    '{"currency":"USD","items":[{"sku":"BENCH-%d","quantity":1},{"sku":"BENCH-%d","quantity":2},{"sku":"BENCH-%d","quantity":1}],' ..
    '"customer":{"email":"bench-%d-%d@example.com","name":"Bench Customer"}}', a, b, c, tid, seq)
  return wrk.format("POST", "/v1/orders", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  common.count(status)
  if status == 201 and out then
    local id = body:match('"id":"(ord_[^"]+)"')
    local token = body:match('"client_token":"([^"]+)"')
    if id and token then
      out:write(id, " ", token, "\n")
      pending = pending + 1
      if pending >= 32 then out:flush(); pending = 0 end
    end
  end
end
