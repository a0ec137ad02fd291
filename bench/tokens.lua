-- GET /secure with a different valid token on each request, cycling through the file named by
-- the TOKENS environment variable (more tokens than the verifier cache holds, so each one misses).
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local index = 0

setup = function(thread)
  thread:set("start", math.random(#tokens))
end

request = function()
  index = index + 1
  local token = tokens[((start or 0) + index) % #tokens + 1]
  return wrk.format("GET", "/secure", { ["Authorization"] = "Bearer " .. token })
end

dofile(os.getenv("REPORT_LUA"))
