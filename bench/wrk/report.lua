-- wrk script for bench/run.py: sends one fixed request and prints the run's figures as JSON.
--
-- Arguments after `--`: the HTTP method, then optionally a file holding the request body
-- (a GraphQL POST). The body is read once per thread and the request formatted once, so wrk
-- spends its time waiting on the server rather than building requests.

local request_bytes

function init(args)
  local method = args[1] or "GET"
  local body = nil
  local headers = {}
  if args[2] then
    local file = assert(io.open(args[2], "rb"))
    body = file:read("*a")
    file:close()
    headers["Content-Type"] = "application/json"
  end
  request_bytes = wrk.format(method, nil, headers, body)
end

function request()
  return request_bytes
end

-- Latency is in microseconds; the driver reads the last line of output.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, '
      .. '"timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50.0), latency:percentile(99.0), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
