#!/usr/bin/env bash
# Installs FerretDB 1.24.2 into .tools/ferretdb when it is missing, built from source with Go.
# `go install …@v1.24.2` does not work through every module proxy (it also asks for the version
# list) and the module's version file is generated at release, so we fetch the exact version into a
# scratch module, copy its source, write the version file and build there.
set -euo pipefail
VERSION=v1.24.2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.tools/ferretdb"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "${VERSION}"; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -x "$candidate" ] && PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-ferretdb: Go is not installed. Install Go 1.21+ (https://go.dev/dl/), or set MONGODB_URL to a MongoDB you run." >&2
  exit 1
fi

echo "install-ferretdb: building FerretDB ${VERSION} with $(go version | cut -d' ' -f3) (about two minutes, once)…" >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
go mod init turnpike-ferretdb-build >/dev/null 2>&1
go get "github.com/FerretDB/FerretDB/cmd/ferretdb@${VERSION}" >/dev/null
SRC="$(go list -m -f '{{.Dir}}' "github.com/FerretDB/FerretDB")"
cp -r "$SRC" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" > "$WORK/src/build/version/version.txt"
cd "$WORK/src"
mkdir -p "$ROOT/.tools"
GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb
mv "$BIN.tmp" "$BIN"
echo "install-ferretdb: installed $("$BIN" --version | head -1) at .tools/ferretdb" >&2
