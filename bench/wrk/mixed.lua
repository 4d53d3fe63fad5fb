-- wrk script for bench/loadtest.py: a weighted mix of requests, each answer recorded by kind.
--
-- Arguments after `--`: the mix, a Lua file bench/loadmix.py writes ({name, weight, calls} per
-- kind), and a folder for the answers. Each request picks a kind by weight, then one of its
-- calls at random; every call is formatted once per thread, so wrk spends its time waiting on
-- the server rather than building requests.
--
-- Run with as many threads as connections: wrk's response() is not told which request it
-- answers, but with one connection per thread it always answers that thread's last request().
-- Each thread writes one line per answer to its own file in the folder:
--   kind <TAB> status <TAB> X-Cache (or -) <TAB> latency µs <TAB> finished at (µs, monotonic)
-- Latency is timed from request() to response(), the span wrk times itself. The lines go to
-- files rather than through thread:get(), which cannot copy nested tables between Lua states;
-- stdio buffers them, and wrk's exit flushes them. done() prints wrk's totals and socket errors
-- as one JSON line, the last of the output.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } mixed_timespec;
int clock_gettime(int clock_id, mixed_timespec *now);
]])
-- The clock Python's time.monotonic() reads, so the driver can line answers up with its samples.
local CLOCK_MONOTONIC = 1
local clock = ffi.new("mixed_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return math.floor(tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000)
end

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

local kinds, total_weight, picked, started_us, answers

function init(args)
  local mix = dofile(args[1])
  answers = assert(io.open(string.format("%s/thread-%d.tsv", args[2], thread_number), "w"))
  -- A different sequence per thread, the same for every run.
  math.randomseed(thread_number)
  kinds, total_weight = {}, 0
  for _, kind in ipairs(mix) do
    total_weight = total_weight + kind.weight
    local requests = {}
    for index, call in ipairs(kind.calls) do
      requests[index] = wrk.format(call.method, call.path, call.headers, call.body)
    end
    kinds[#kinds + 1] = { name = kind.name, upto = total_weight, requests = requests }
  end
end

function request()
  local roll = math.random() * total_weight
  for _, kind in ipairs(kinds) do
    if roll < kind.upto then
      picked = kind
      break
    end
  end
  started_us = now_us()
  return picked.requests[math.random(#picked.requests)]
end

function response(status, headers)
  local finished_us = now_us()
  answers:write(string.format(
    "%s\t%d\t%s\t%d\t%d\n",
    picked.name, status, headers["X-Cache"] or "-", finished_us - started_us, finished_us
  ))
end

function done(summary)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
