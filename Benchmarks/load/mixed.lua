-- Mixed county workload for wrk (issue #13, point 4): run by Benchmarks/load/run.sh, which writes
-- the data file named by PINGAN_LOAD_DATA (tokens, device tokens, the shift window) and runs wrk
-- with one connection per thread, so each thread's requests and answers come in order and a
-- thread can carry a dispute through its events.
--
-- Per 20 requests of a thread: 6 GPS batches, 4 township boards, 2 county dispute lists,
-- 2 incident lists, 1 unit list, 3 dispute writes (intake, then events on it), 2 incident intakes.

local data = dofile(os.getenv("PINGAN_LOAD_DATA"))
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("index", counter)
   table.insert(threads, thread)
end

local mix = { "gps", "board", "gps", "list", "incident", "gps", "board", "dispute", "gps", "incidents",
              "board", "dispute", "gps", "list", "units", "gps", "board", "dispute", "incidents", "incident" }
local n, kind, dispute, version, step, fixTime = 0, nil, nil, 0, 0, 0
local retry, retried, lastIncident = nil, false, nil
errors, counts, firstError = 0, {}, ""

local function uuid()
   return string.format("%08x-%04x-4%03x-%04x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
      math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), math.random(0, 0xffffffffffff))
end

local function json(token, method, path, body)
   return wrk.format(method, path, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function init(args)
   math.randomseed(os.time() * 1000 + index)
   -- Each thread writes its fixes in its own stretch of the shift, one second apart.
   fixTime = data.fixesFrom + (index - 1) * data.fixesPerThread
end

local function gps()
   local unit = data.units[math.random(#data.units)]
   local parts = {}
   for i = 1, 10 do
      fixTime = fixTime + 1
      parts[i] = string.format('{"lat":%.6f,"lon":%.6f,"at":"%s","speed":8.5,"heading":90,"accuracy":6}',
         36.36 + math.random() * 0.05, 114.38 + math.random() * 0.05, os.date("!%Y-%m-%dT%H:%M:%SZ", fixTime))
   end
   return json(unit.token, "POST", "/api/v1/positions", '{"unitId":"' .. unit.unitId .. '","fixes":[' .. table.concat(parts, ",") .. ']}')
end

local function disputeWrite()
   if dispute == nil or step >= 4 then
      dispute, step = uuid(), 0
      kind = "dispute_intake"
      return json(data.mediator, "POST", "/api/v1/disputes", string.format(data.disputeIntake, dispute))
   end
   kind = "dispute_event"
   local body
   if step == 1 then
      body = string.format('{"id":"%s","baseVersion":%d,"type":"accepted","payload":{"note":"当场受理"}}', uuid(), version)
   else
      body = string.format('{"id":"%s","baseVersion":%d,"type":"session_held","payload":{"time":"2026-03-03T01:00:00Z",' ..
         '"place":"村委会调解室","participants":["张三","李四","调解员"],"record":"双方各执一词","outcome":"failed"}}', uuid(), version)
   end
   return json(data.mediator, "POST", "/api/v1/disputes/" .. dispute .. "/events", body)
end

function request()
   if retry ~= nil then
      local again = retry
      retry = nil
      return again
   end
   n = n + 1
   kind = mix[(n - 1) % #mix + 1]
   if kind == "gps" then return gps()
   elseif kind == "board" then return json(data.judicial, "GET", "/api/v1/disputes/board")
   elseif kind == "list" then return json(data.bureau, "GET", "/api/v1/disputes?limit=50")
   elseif kind == "incidents" then return json(data.dispatcher, "GET", "/api/v1/incidents?limit=50")
   elseif kind == "units" then return json(data.dispatcher, "GET", "/api/v1/units?limit=50")
   elseif kind == "incident" then
      lastIncident = json(data.dispatcher, "POST", "/api/v1/incidents", string.format(data.incidentIntake, uuid(),
         36.36 + math.random() * 0.05, 114.38 + math.random() * 0.05))
      return lastIncident
   else return disputeWrite() end
end

function response(status, headers, body)
   counts[kind] = (counts[kind] or 0) + 1
   -- The server answers 409 conflict "try again" when two intakes at once drew the same incident
   -- number; a dispatcher's page retries, so does the load, once, and the retries are counted.
   if kind == "incident" and status == 409 and retried == false and string.find(body or "", '"conflict"', 1, true) then
      counts.incident_retried = (counts.incident_retried or 0) + 1
      retry, retried = lastIncident, true
      return
   end
   retried = false
   if status < 200 or status > 299 then
      errors = errors + 1
      counts[kind .. "_errors"] = (counts[kind .. "_errors"] or 0) + 1
      if firstError == "" then firstError = kind .. " " .. status .. " " .. string.sub(body or "", 1, 200) end
      if kind == "dispute_intake" or kind == "dispute_event" then dispute = nil end
      return
   end
   if kind == "dispute_intake" or kind == "dispute_event" then
      version = tonumber(string.match(body, '"version":(%d+)')) or version
      step = step + 1
   end
end

function done(summary, latency, requests)
   local total, errs, kinds, first = 0, 0, {}, ""
   for _, t in ipairs(threads) do
      errs = errs + t:get("errors")
      local c = t:get("counts")
      for k, v in pairs(c) do kinds[k] = (kinds[k] or 0) + v end
      if first == "" then first = t:get("firstError") end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, errs,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
   local names = {}
   for k in pairs(kinds) do table.insert(names, k) end
   table.sort(names)
   for _, k in ipairs(names) do io.write(string.format("RESULT kind %s=%d\n", k, kinds[k])) end
   if first ~= "" then io.write("RESULT first_error " .. first .. "\n") end
end
