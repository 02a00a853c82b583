-- wrk script: sim-auth POSTs to one slot, a pcsc slot in scripts/bench-pcsc (slot 0 unless given:
-- wrk ... -s pcsc-auth.lua URL -- SLOT). The AUTN carries a valid MAC for TS 35.208 test set 1
-- (SQN 000000000020, AMF 8000); the card behind the reader runs with sqn-check = false, so every
-- request is a full successful AUTHENTICATE.
local body = '{"rand":"00112233445566778899aabbccddeeff","autn":"3cbc31a43007800010f4e2e95de26b00"}'
local headers = { ["Content-Type"] = "application/json" }
local path = "/sim-auth-api/v1/slot/0"

init = function(args)
  if args[1] then
    path = "/sim-auth-api/v1/slot/" .. args[1]
  end
end

request = function()
  return wrk.format("POST", path, headers, body)
end
