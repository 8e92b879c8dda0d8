-- wrk script: POST /api/v1/orders, every request a new order id (threads numbered in setup, so two threads never
-- repeat each other's ids: wrk gives every thread the same unseeded random sequence), 500 customers.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
counter = 0
request = function()
  counter = counter + 1
  local id = tostring(tid) .. "-" .. tostring(os.time()) .. "-" .. counter
  local body = '{"orderId":"w-' .. id .. '","customerId":"c-' .. (counter % 500) .. '","storeId":"s-1","amount":120000,"currency":"VND","occurredAt":"2026-11-24T10:15:00+07:00"}'
  return wrk.format("POST", "/api/v1/orders", {["Content-Type"]="application/json", ["Authorization"]="Bearer dev-pos-key"}, body)
end
