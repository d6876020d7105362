-- Shared by the wrk scripts of make bench: thread numbering, status counting, a JSON
-- summary line (prefixed BENCHJSON) that scripts/bench.sh keeps, and one-use input lines.
local common = {}
local threads = {}

-- setup() runs once per thread in the main state: number the threads 1..n.
function common.setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Each thread's input: the lines of BENCH_INPUT whose index is tid modulo BENCH_THREADS,
-- so no two threads (and no two requests) use the same line.
function common.lines(tid)
  local path = os.getenv("BENCH_INPUT")
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  local out, i = {}, 0
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if i % n == tid - 1 then out[#out + 1] = line end
    i = i + 1
  end
  f:close()
  return out
end

-- Per-thread counters (globals of the thread's state, read back in done()).
statuses = {}
used = 0
wrapped = 0
function common.count(status)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
end

-- wrk's response(): count the status.
function common.response(status, headers, body)
  common.count(status)
end

-- The thread's next input line, each used once; running out wraps around (counted as
-- "wrapped", which the summary reports). `what` names the input in the error.
function common.next_line(lines, what)
  if #lines == 0 then error("no " .. what) end
  used = used + 1
  local i = used
  if i > #lines then wrapped = wrapped + 1; i = ((i - 1) % #lines) + 1 end
  return lines[i]
end

-- The summary every run prints: throughput and latency as wrk measured them, the status
-- counts, and how many input lines were used (and whether any was used twice).
function common.done(summary, latency, requests)
  local st, u, w = {}, 0, 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses") or {}
    for k, v in pairs(s) do st[k] = (st[k] or 0) + v end
    u = u + (t:get("used") or 0)
    w = w + (t:get("wrapped") or 0)
  end
  local parts = {}
  for k, v in pairs(st) do parts[#parts + 1] = string.format('"%s":%d', k, v) end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"status":{%s},"used":%d,"wrapped":%d}\n',
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ","), u, w))
  -- Which lines were used: per thread, the first `used` of its share (in file order).
  local rest = os.getenv("BENCH_REST")
  if rest then
    local n = #threads
    local take = {}
    for i, t in ipairs(threads) do take[i] = t:get("used") or 0 end
    local inp = assert(io.open(os.getenv("BENCH_INPUT"), "r"))
    local out = assert(io.open(rest, "w"))
    local i, seen = 0, {}
    for line in inp:lines() do
      local th = (i % n) + 1
      seen[th] = (seen[th] or 0) + 1
      if seen[th] > take[th] then out:write(line, "\n") end
      i = i + 1
    end
    inp:close(); out:close()
  end
end

return common
