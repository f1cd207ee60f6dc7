#!/usr/bin/env bash
# Refreshes the operator dashboard's vendored chart library from its pinned npm package (src/Orleans.Inventory.Api/vendor).
# The copied files are committed: building and running the host never touches npm or the network.
set -euo pipefail
cd "$(dirname "$0")/../src/Orleans.Inventory.Api/vendor"
npm ci --no-audit --no-fund
mkdir -p ../wwwroot/vendor
cp node_modules/chart.js/dist/chart.umd.min.js ../wwwroot/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md ../wwwroot/vendor/chart.js.LICENSE.md
echo "vendored chart.js $(node -p 'require("./node_modules/chart.js/package.json").version') into src/Orleans.Inventory.Api/wwwroot/vendor/"
