-- Loaded by wrk for every run.  With BENCH_FRESH set, each request's URL (a SPARQL query)
-- gets a comment of its own appended, "\n#<tag>-<thread>-<n>", so no text is ever repeated.
local fresh = os.getenv("BENCH_FRESH")
if fresh then
  local counter = 0
  local thread_tag = tostring({}):gsub("[^%w]", "")
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. "%0A%23" .. fresh .. "-" .. thread_tag .. "-" .. counter)
  end
end

-- Called at the end of a run: one JSON line with the counts and latency percentiles.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
