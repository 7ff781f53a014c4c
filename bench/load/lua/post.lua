-- POST a 1 KiB body to /files/upload-N, N cycling over 64 names so that the folder stays small
-- and most uploads replace an existing file (temp file + rename, as in real use).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local names = 64
local counter = 0
local body = string.rep("ferroserve-bench!", 64):sub(1, 1024)

function request()
   counter = (counter + 1) % names
   return wrk.format("POST", "/files/upload-" .. counter,
      { ["Content-Type"] = "application/octet-stream" }, body)
end
