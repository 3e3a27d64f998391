-- wrk script for bench/wrk.sh: the decisions of bench/decisions.lua, each wrk thread appending the trace
-- ids of the answers to <prefix>-<thread>.txt, for bench/feedback.lua.
-- Usage: wrk -t2 -c16 -d8s -s bench/record.lua http://127.0.0.1:18090 -- <prefix>
dofile("bench/decisions.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local out
function init(args)
  out = assert(io.open(args[1] .. "-" .. thread_id .. ".txt", "a"))
end

-- The file is flushed when wrk exits normally (C stdio flushes open files at exit).
function response(status, headers, body)
  local trace = body:match('"trace_id":"([^"]+)"')
  if trace then
    out:write(trace, "\n")
  end
end
