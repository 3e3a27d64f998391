-- wrk script for bench/wrk.sh: POST /decisions with the same mix of requests as bench/LoadGenerator.java
-- (2-5 candidates of 5 offerings, 4 regions, varied cpu, memory and latency budgets), 1,000 distinct bodies.
local offerings = { { "akash", "A8" }, { "vast", "V4" }, { "ionet", "H100" }, { "render", "R1" }, { "lambda", "L1" } }
local regions = { "us-west", "us-east", "eu-west", "ap-south" }
local bodies = {}
for k = 0, 999 do
  local candidates = {}
  for c = 0, 1 + k % 4 do
    local o = offerings[(k + c) % #offerings + 1]
    candidates[#candidates + 1] = string.format('{"provider":"%s","sku":"%s"}', o[1], o[2])
  end
  bodies[k + 1] = string.format(
    '{"task_id":"wrk-%d","context":{"cpu":%d,"memory_gb":%d,"latency_ms":%d,"region":"%s"},"candidates":[%s]}',
    k, 2 * 2 ^ (k % 5), 8 * 2 ^ (k % 4), 40 + k % 200, regions[k % #regions + 1], table.concat(candidates, ","))
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/decisions", { ["Content-Type"] = "application/json" }, bodies[i % #bodies + 1])
end
