-- GET /health/live: the trivial route (no database), the HTTP ceiling of the same server.
-- No response() callback, so wrk does not hand bodies to Lua (non-2xx still count as errors).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done
