-- wrk script: each request posts a batch of OTKLIK_BATCH responses (default 1,000), every one with a unique
-- idempotency key, so that the acknowledged responses can be counted in the database afterwards.
local thread_counter = 0
function setup(thread)
  thread:set("thread_id", thread_counter)
  thread_counter = thread_counter + 1
end

function init(args)
  run_id = os.getenv("OTKLIK_RUN") or "run"
  token = os.getenv("OTKLIK_TOKEN") or ""
  size = tonumber(os.getenv("OTKLIK_BATCH") or "1000")
  counter = 0
  math.randomseed(thread_id + 7)
end

function request()
  counter = counter + 1
  local items = {}
  for k = 1, size do
    items[k] = string.format('{"answers":{"nps":%d,"csat":%d},"touchpoint_id":%d,"idempotency_key":"%s-%d-%d-%d"}',
      math.random(0, 10), math.random(1, 5), math.random(1, 5), run_id, thread_id, counter, k)
  end
  return wrk.format("POST", "/api/v1/surveys/1/responses",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, "[" .. table.concat(items, ",") .. "]")
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, latency:percentile(50), latency:percentile(99),
    summary.duration))
end
