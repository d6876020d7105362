#!/usr/bin/env bash
# The shipped proxy config (deploy/nginx.conf) under a real nginx (Debian's nginx-light):
# /metrics is blocked under every spelling, everything else reaches the service, and the
# access log holds paths without their query (no stream ticket or other credential).
# Runs deploy/nginx.conf as shipped except for what only Docker has: the upstream servers
# (replaced by one local stand-in that answers 200 to anything), `resolve`, the resolver and
# the listen port. Loopback only. `make test` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh nginx-light
work="$(mktemp -d /tmp/merchant-nginx.XXXXXX)"
free_port() { PYTHONPATH=scripts python3 -m lib.stack free-port; }
proxy_port="$(free_port)"; backend_port="$(free_port)"
python3 - "$backend_port" >"$work/backend.log" 2>&1 <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"backend saw {self.path}".encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    do_POST = do_GET
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
backend=$!
cleanup() { kill "$backend" 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
python3 - "$work" "$proxy_port" "$backend_port" <<'PY'
import re, sys
work, proxy, backend = sys.argv[1:]
conf = open("deploy/nginx.conf").read()
conf = re.sub(r"(?m)^\s*resolver .*$", "", conf)
conf = re.sub(r"(?m)^(\s*)server merchant-1:8080.*$", rf"\1server 127.0.0.1:{backend};", conf)
conf = re.sub(r"(?m)^\s*server merchant-\d+:8080.*$", "", conf)
conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{proxy};")
conf = conf.replace("pid /tmp/nginx.pid;", f"pid {work}/nginx.pid;")
conf = conf.replace("access_log /dev/stdout merchant;", f"access_log {work}/access.log merchant;")
conf = conf.replace("error_log /dev/stderr warn;", f"error_log {work}/error.log warn;")
conf = conf.replace("http {", f"http {{\n    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;", 1)
assert f"127.0.0.1:{backend}" in conf, "unexpected nginx.conf shape"
open(f"{work}/nginx.conf", "w").write(conf)
PY
nginx -t -q -p "$work" -c "$work/nginx.conf" -g 'daemon on;' 2>&1 | grep -v "could not open error log" || true
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon on;' 2>/dev/null
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$proxy_port/health/live" && break; sleep 0.1; done
fail=0
for path in /metrics /metrics/ "/metrics?x=1" /metrics// /metrics/../metrics /metrics%2F "/metrics;x"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "http://127.0.0.1:$proxy_port$path")"
  if [ "$code" != 404 ]; then echo "nginx-test: $path answered $code through the proxy (want 404)" >&2; fail=1; fi
done
for path in /health/live /v1/products "/v1/orders/ord_1/events?ticket=stkt_0123456789abcdef0123456789abcdef"; do
  body="$(curl -s "http://127.0.0.1:$proxy_port$path")"
  case "$body" in "backend saw "*) ;; *) echo "nginx-test: $path did not reach the service: $body" >&2; fail=1 ;; esac
done
sleep 0.2
if grep -q "stkt_\|?ticket" "$work/access.log"; then echo "nginx-test: the access log holds a query string:" >&2; cat "$work/access.log" >&2; fail=1; fi
grep -q '"GET /v1/orders/ord_1/events HTTP/1.1"' "$work/access.log" || { echo "nginx-test: the access log lacks the path line" >&2; cat "$work/access.log" >&2; fail=1; }
[ "$fail" -eq 0 ] && echo "nginx-test: /metrics blocked under 7 spellings, 3 paths proxied, the access log holds no query"
exit "$fail"
