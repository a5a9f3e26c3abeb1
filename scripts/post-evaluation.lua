-- wrk script: POSTs the request in $LOAD_BODY_FILE (scripts/typical-request.json) to the evaluation endpoint,
-- and counts any answer other than 200 (wrk prints "Non-2xx or 3xx responses").
local f = assert(io.open(os.getenv("LOAD_BODY_FILE") or "scripts/typical-request.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
