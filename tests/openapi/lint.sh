#!/usr/bin/env bash
# Lints the app's OpenAPI document with Redocly's CLI (the ruleset is named in tests/openapi/redocly.yaml).
# Starts the built app briefly on a free port with an empty data folder, fetches /openapi/v1.json, stops the app and lints
# the document; installs the pinned @redocly/cli into tests/.tools with npm when it is missing. Exits non-zero on a lint
# error or when the document cannot be produced. Run tests/run.sh (or dotnet build) first.
set -uo pipefail
cd "$(dirname "$0")/../.."

redocly_version="2.77.0"
tools="tests/.tools"
redocly="$tools/node_modules/.bin/redocly"
export REDOCLY_TELEMETRY=off

installed="$(node -e "console.log(require('./$tools/node_modules/@redocly/cli/package.json').version)" 2>/dev/null)"
if [ "$installed" != "$redocly_version" ]; then
  command -v npm >/dev/null || { echo "OpenAPI lint: npm is needed to install @redocly/cli $redocly_version (Debian: apt-get install npm)."; exit 1; }
  echo "Installing @redocly/cli $redocly_version into $tools..."
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@redocly/cli@$redocly_version" >/dev/null \
    || { echo "OpenAPI lint: could not install @redocly/cli $redocly_version with npm."; exit 1; }
fi

app="src/ComplianceDashboard.Web/bin/Debug/net10.0/ComplianceDashboard.Web.dll"
[ -f "$app" ] || { echo "OpenAPI lint: $app is missing; build the solution first."; exit 1; }

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

ComplianceDashboard__DataDirectory="$work/data" ComplianceDashboard__DemoMode=false ComplianceDashboard__Compliance__ScheduleEnabled=false \
  ASPNETCORE_ENVIRONMENT=Production dotnet "$app" --urls "http://127.0.0.1:0" >"$work/app.log" 2>&1 &
pid=$!
address=""
for _ in $(seq 1 120); do
  address="$(grep -o 'Now listening on: http://[0-9.:]*' "$work/app.log" | head -n 1 | sed 's/Now listening on: //')"
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$address" ]; then
  echo "OpenAPI lint: the app did not start:"; cat "$work/app.log"; exit 1
fi
curl -fsS -m 30 "$address/openapi/v1.json" -o "$work/openapi.json" || { echo "OpenAPI lint: could not fetch $address/openapi/v1.json"; exit 1; }
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""

"$redocly" lint "$work/openapi.json" --config tests/openapi/redocly.yaml --format=stylish
