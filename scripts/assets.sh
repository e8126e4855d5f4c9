#!/usr/bin/env bash
# Install the npm packages (viewer bundles, API docs, export readers) and copy the bundles the app
# serves into api/static/vendor. No CDN at run time: the viewer and /docs work offline.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
mkdir -p api/static/vendor
cp node_modules/cytoscape/dist/cytoscape.min.js api/static/vendor/
cp node_modules/cytoscape-fcose/cytoscape-fcose.js api/static/vendor/
cp node_modules/layout-base/layout-base.js api/static/vendor/ 2>/dev/null || true
cp node_modules/cose-base/cose-base.js api/static/vendor/ 2>/dev/null || true
# Swagger UI for /docs (api/routes/docs.py)
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
    node_modules/swagger-ui-dist/favicon-32x32.png api/static/vendor/
