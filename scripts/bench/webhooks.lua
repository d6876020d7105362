-- POST /webhooks/wooshpay with pre-signed events from BENCH_INPUT, one per line:
-- "<Wooshpay-Signature value>\t<raw body>". Each line is sent once; running out wraps
-- around (duplicates, acknowledged without a write), reported as "wrapped".
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local lines

function init(args)
  lines = common.lines(tid)
end

function request()
  local sig, body = common.next_line(lines, "events"):match("^([^\t]+)\t(.*)$")
  return wrk.format("POST", "/webhooks/wooshpay",
    {["Content-Type"] = "application/json", ["Wooshpay-Signature"] = sig}, body)
end

response = common.response
