-- wrk script for bench/wrk.sh: POST /feedback once per trace id of <file> (one per line, recorded by
-- bench/record.lua); wrk thread k of <threads> takes every <threads>-th id. Should the ids run out, they
-- are sent again and answered 409, which wrk counts as non-2xx.
-- Usage: wrk -t2 -c16 -d8s -s bench/feedback.lua http://127.0.0.1:18090 -- <file> 2
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local ids, i = {}, 0
function init(args)
  local n, k = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if k % n == thread_index then
      ids[#ids + 1] = line
    end
    k = k + 1
  end
  assert(#ids > 0, "no trace ids in " .. args[1])
end

request = function()
  i = i + 1
  return wrk.format("POST", "/feedback", { ["Content-Type"] = "application/json" }, string.format(
    '{"trace_id":"%s","outcome":{"latency_ms":%d,"cost":0.12,"failures":0,"slo_hit":true}}',
    ids[(i - 1) % #ids + 1], 20 + i % 200))
end
