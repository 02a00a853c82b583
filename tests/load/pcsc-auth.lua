-- wrk script: sim-auth POSTs to slot 0 only, a pcsc slot in scripts/bench-pcsc. The AUTN carries a
-- valid MAC for TS 35.208 test set 1 (SQN 000000000020, AMF 8000); the card behind the reader runs
-- with sqn-check = false, so every request is a full successful AUTHENTICATE.
local body = '{"rand":"00112233445566778899aabbccddeeff","autn":"3cbc31a43007800010f4e2e95de26b00"}'
local headers = { ["Content-Type"] = "application/json" }

request = function()
  return wrk.format("POST", "/sim-auth-api/v1/slot/0", headers, body)
end
