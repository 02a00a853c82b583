-- wrk script: as sim-auth.lua, each request on a new connection (Connection: close), the way
-- usim-https clients and strongSwan's plugins call: every request pays an accept, and with it the
-- listener's connection count. (wrk's -H is ignored by a script that builds its own requests.)
local paths = { "/sim-auth-api/v1/slot/0", "/sim-auth-api/v1/slot/1" }
local bodies = {
  '{"rand":"00112233445566778899aabbccddeeff","autn":"3cbc31a43007800010f4e2e95de26b00"}',
  '{"rand":"00112233445566778899aabbccddeeff","autn":"30327b67c3848000b4200fead1f1cd59"}',
}
local headers = { ["Content-Type"] = "application/json", ["Connection"] = "close" }
local n = 0

request = function()
  n = n + 1
  local i = (n % 2) + 1
  return wrk.format("POST", paths[i], headers, bodies[i])
end
