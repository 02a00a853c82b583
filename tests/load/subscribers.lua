-- wrk script for scripts/bench-subscribers: sim-auth by IMSI across the farm, every request a fresh
-- challenge for its subscriber. Reads its requests ("<imsi> <json body>" a line, as
-- tests/src/main/java/org/simgate/bench/SubscriberFiles.java writes them) from the file in the
-- environment's SIMGATE_REQUESTS; wrk thread t of n (n: the script's argument, wrk … -- n) sends
-- lines t, t+n, t+2n… Counts answers that are not a successful AKA (a replay once the file runs
-- out, an error).
local threads = {}
local headers = { ["Content-Type"] = "application/json" }
local paths, bodies, count, at, nthreads
-- global, so that done() reads each thread's count with thread:get
failed = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths, bodies, count, failed = {}, {}, 0, 0
  nthreads = tonumber(args[1] or "1")
  local n = 0
  for line in io.lines(os.getenv("SIMGATE_REQUESTS")) do
    if n % nthreads == id then
      local space = line:find(" ")
      count = count + 1
      paths[count] = "/sim-auth-api/v1/imsi/" .. line:sub(1, space - 1)
      bodies[count] = line:sub(space + 1)
    end
    n = n + 1
  end
  at = 0
end

function request()
  at = at % count + 1
  return wrk.format("POST", paths[at], headers, bodies[at])
end

function response(status, headers, body)
  if status ~= 200 or body:sub(1, 31) ~= '{"successful_3g_authentication"' then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failed")
  end
  io.write(string.format("not a successful AKA: %d\n", total))
end
