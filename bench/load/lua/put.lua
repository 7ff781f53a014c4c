-- PUT a body of args[1] bytes to <path>args[2]-N, N cycling over 64 names, so that disk use stays
-- bounded (64 x the size) and most uploads replace a file, as re-publishing does. Both ferroserve
-- and nginx's DAV module write a temporary file and rename it into place.
-- Usage: wrk ... -s put.lua http://host/files/uploads/ -- SIZE PREFIX
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local names = 64
local counter = 0
local body, prefix, folder

function init(args)
   local size = tonumber(args[1]) or 1024
   prefix = args[2] or "put"
   body = string.rep("ferroserve-bench!", math.ceil(size / 17)):sub(1, size)
   folder = wrk.path
end

function request()
   counter = (counter + 1) % names
   return wrk.format("PUT", folder .. prefix .. "-" .. counter,
      { ["Content-Type"] = "application/octet-stream" }, body)
end
