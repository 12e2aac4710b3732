#!/usr/bin/env bash
# A production install works: the built tree, packed as `npm pack` would ship it (package.json "files"),
# installed with `npm ci --omit=dev` (no TypeScript, no Vite, no esbuild), starts with `npm start` and
# serves the API and the web app. Run after `npm run build`, or give it the tarball `npm pack` made of the
# built tree (.ci/run packs first, then checks in the background while the tests rebuild dist/). Used by
# .ci/run; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  # the server runs in its own process group (setsid below): npm start's node child goes with npm
  if [[ -n "$SERVER_PID" ]]; then kill -TERM -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -n "${1:-}" ]]; then
  tar xzf "$1" -C "$WORK"
else
  test -f dist/server/server.js && test -f dist/web/index.html || { echo "build first: npm run build" >&2; exit 1; }
  tarball=$(npm pack --silent --pack-destination "$WORK")
  tar xzf "$WORK/$tarball" -C "$WORK"
fi
APP="$WORK/package"
# npm pack never ships the lock file; an installation copies it beside package.json.
cp package-lock.json "$APP/"
cd "$APP"
echo "packed: $(find . -type f | wc -l) files; installing production dependencies only"
npm_config_build_from_source=true npm ci --omit=dev --no-audit --no-fund --loglevel=error
for dev in vite esbuild tsx typescript svelte; do
  if [[ -e "node_modules/$dev" ]]; then echo "devDependency $dev was installed" >&2; exit 1; fi
done

LOG="$WORK/server.log"
PORT=0 HOST=127.0.0.1 DATA_DIR="$WORK/data" DEMO_DATA=true DEMO_PASSWORD=council-demo-2026 LOG_LEVEL=warn setsid npm start >"$LOG" 2>&1 &
SERVER_PID=$!
url=
for _ in $(seq 1 120); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -1 || true)
  [[ -n "$url" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.5
done
if [[ -z "$url" ]]; then echo "the production install did not start:" >&2; cat "$LOG" >&2; exit 1; fi
health=$(node -e "fetch('$url/api/health').then(async r => { console.log(r.status, await r.text()); })")
echo "GET /api/health → $health"
[[ "$health" == 200* && "$health" == *'"status":"ok"'* ]] || { echo "health check failed" >&2; cat "$LOG" >&2; exit 1; }
page=$(node -e "fetch('$url/').then(async r => { console.log(r.status, (await r.text()).includes('<script type=\"module\"')); })")
echo "GET / → $page"
[[ "$page" == "200 true" ]] || { echo "the web app is not served" >&2; exit 1; }
# the plan page is rendered on the server (dist/web-ssr, bundled: no build tool or svelte needed here)
rendered=$(node --input-type=module -e "
  const login = await fetch('$url/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'aoba', password: 'council-demo-2026' }) });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const r = await fetch('$url/plans/aoba/2026', { headers: { cookie } });
  const html = await r.text();
  console.log(r.status, html.includes('id=\"app-seed\"') && html.includes('class=\"plan-doc'));
")
echo "GET /plans/aoba/2026 (signed in) → $rendered"
[[ "$rendered" == "200 true" ]] || { echo "the plan page is not rendered on the server" >&2; cat "$LOG" >&2; exit 1; }
if grep -q "building" "$LOG"; then echo "npm start rebuilt something in a production install" >&2; cat "$LOG" >&2; exit 1; fi
echo "production install: OK"
