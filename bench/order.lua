counter = 0
request = function()
  counter = counter + 1
  local id = math.random(1, 1000000000)
  local body = '{"orderId":"w-' .. id .. '-' .. counter .. '","customerId":"c-' .. (id % 500) .. '","storeId":"s-1","amount":120000,"currency":"VND","occurredAt":"2026-11-24T10:15:00+07:00"}'
  return wrk.format("POST", "/api/v1/orders", {["Content-Type"]="application/json", ["Authorization"]="Bearer dev-pos-key"}, body)
end
