-- wrk script: GET /api/v1/customers/{id} over the 500 customers order.lua writes, each connection pausing
-- `pause` ms after every answer, so that `connections` connections offer about connections * 1000 / pause
-- lookups per second while the service is quick (wrk -c20: ~1,000/s). Not a fixed-rate generator: a stall delays
-- the requests behind it instead of being charged to them, so read the p99 next to the rate wrk achieved.
-- PROBE=1: the liveness probe instead, paced the same way (the HTTP stack alone). Reads only, so the threads may
-- repeat each other's customers (order.lua numbers its threads because its ids must be new).
counter = 0
local pause = tonumber(os.getenv("PAUSE_MS") or "20")
delay = function()
  return pause
end
local probe = os.getenv("PROBE") == "1"
request = function()
  counter = counter + 1
  local path = probe and "/actuator/health/liveness" or ("/api/v1/customers/c-" .. ((counter * 7) % 500))
  return wrk.format("GET", path, {["Authorization"]="Bearer dev-pos-key"})
end
