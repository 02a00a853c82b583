-- wrk script: sim-auth-derive.lua's requests are sim-auth.lua's (same slots, same AUTNs) with a
-- "derive" object asking for every derivation: 5G AKA with KAMF, EAP-AKA' and EPS. Run it and
-- sim-auth.lua against the same gateway (tests/load/bench.conf) to see what derive costs.
local paths = { "/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1" }
local derive = '"derive":{"5g":{"serving_network_name":"5G:mnc001.mcc001.3gppnetwork.org","supi":"imsi-001010000000001"},'
  .. '"eap_aka_prime":{"network_name":"WLAN","identity":"0001010000000001@wlan.mnc001.mcc001.3gppnetwork.org"},'
  .. '"eps":{"plmn":"001f01"}}'
local bodies = {
  '{"rand":"00112233445566778899aabbccddeeff","autn":"3cbc31a43007800010f4e2e95de26b00",' .. derive .. '}',
  '{"rand":"00112233445566778899aabbccddeeff","autn":"30327b67c3848000b4200fead1f1cd59",' .. derive .. '}',
}
local headers = { ["Content-Type"] = "application/json" }
local n = 0

request = function()
  n = n + 1
  local i = (n % 2) + 1
  return wrk.format("POST", paths[i], headers, bodies[i])
end
