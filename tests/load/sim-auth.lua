-- wrk script: sim-auth POSTs alternating between slot 0 and slot 1 of tests/load/bench.conf.
-- The AUTNs carry valid MACs for TS 35.208 test sets 1 and 2 (SQN 000000000020, AMF 8000); the
-- bench slots run with sqn-check = false, so every request is a full successful AUTHENTICATE.
local paths = { "/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1" }
local bodies = {
  '{"rand":"00112233445566778899aabbccddeeff","autn":"3cbc31a43007800010f4e2e95de26b00"}',
  '{"rand":"00112233445566778899aabbccddeeff","autn":"30327b67c3848000b4200fead1f1cd59"}',
}
local headers = { ["Content-Type"] = "application/json" }
local n = 0

request = function()
  n = n + 1
  local i = (n % 2) + 1
  return wrk.format("POST", paths[i], headers, bodies[i])
end
