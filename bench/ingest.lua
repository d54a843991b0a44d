-- wrk script: each request posts one response with a unique idempotency key (run id, thread, counter), so
-- that after the run every acknowledged response can be counted in the database.
local thread_counter = 0
function setup(thread)
  thread:set("thread_id", thread_counter)
  thread_counter = thread_counter + 1
end

function init(args)
  run_id = os.getenv("OTKLIK_RUN") or "run"
  token = os.getenv("OTKLIK_TOKEN") or ""
  counter = 0
  math.randomseed(thread_id + 1)
end

local comments = {"Быстро и вежливо", "Долго ждал выдачи", "Всё отлично, спасибо!", "Дороговато", "Fast and friendly"}

function request()
  counter = counter + 1
  local nps = math.random(0, 10)
  local body = string.format(
    '{"answers":{"nps":%d,"csat":%d},"comment":"%s","touchpoint_id":%d,"idempotency_key":"%s-%d-%d"}',
    nps, math.random(1, 5), comments[math.random(1, #comments)], math.random(1, 5), run_id, thread_id, counter)
  return wrk.format("POST", "/api/v1/surveys/1/responses",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, latency:percentile(50), latency:percentile(99),
    summary.duration))
end
