#!/usr/bin/env bash
# Installs the emulator the way someone outside this repository does: its tarball
# (`npm pack --workspace @kili-sync/emulator`) into an empty folder, with the Node first on PATH.
# Fails on any EBADENGINE warning: the root package.json's `overrides` do not reach such an
# install, so the dependencies the emulator declares must accept that Node by themselves.
# Then, unless --engines-only, starts the installed emulator and asks it one query. Its native
# addon is the one this clone's `npm ci` compiled for the same Node, copied in rather than
# compiled a second time (the install runs with --ignore-scripts).
# Usage, from the project root after `npm ci`: bash scripts/check-emulator-tarball.sh [--engines-only]
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm pack --silent --workspace @kili-sync/emulator --pack-destination "$work" >/dev/null
cd "$work"
printf '{ "name": "emulator-install-check", "private": true }\n' >package.json
npm install --no-audit --no-fund --ignore-scripts ./kili-sync-emulator-*.tgz 2>&1 | tee install.log
if grep -q EBADENGINE install.log; then
  echo "error: installing the emulator's tarball on Node $(node --version) warns EBADENGINE (above)" >&2
  exit 1
fi
echo "emulator tarball: installs on Node $(node --version) without an engine warning"
if [ "${1:-}" = --engines-only ]; then exit 0; fi

addon=build/Release/better_sqlite3.node
mkdir -p "node_modules/better-sqlite3/$(dirname "$addon")"
cp "$OLDPWD/node_modules/better-sqlite3/$addon" "node_modules/better-sqlite3/$addon"
node --input-type=module -e '
const started = performance.now();
const { startEmulator } = await import("@kili-sync/emulator");
const emulator = await startEmulator({ port: 0, apiKey: "install-check" });
const startMs = Math.round(performance.now() - started);
try {
  const response = await fetch(emulator.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "X-API-Key: install-check" },
    body: JSON.stringify({ query: "{ viewer { email } }" }),
  });
  const body = await response.json();
  if (!body.data?.viewer?.email) throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
  console.log(`emulator tarball: the installed emulator answers (loaded and listening in ${startMs} ms)`);
} finally {
  await emulator.close();
}'
