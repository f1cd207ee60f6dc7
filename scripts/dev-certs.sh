#!/usr/bin/env bash
# Makes the development certificates of the local durable profile (Inventory:Tls in appsettings.Local.json) into
# .data/certs/ (git-ignored), unless they are there and valid for at least another day:
#   ca.pem  ca.key          the development CA (the only root the silos and clients trust in this profile)
#   silo.pem  silo.key      every silo: CN/DNS inventory-silo, server + client authentication (it accepts and dials)
#   client.pem  client.key  gateway clients (the client library, src/Orleans.Inventory.Client): CN/DNS inventory-client,
#                           client authentication
#   api.pem  api.key        the HTTPS API: DNS localhost, IP 127.0.0.1 and ::1, server authentication
#   eventhubs.pem  eventhubs.key  the Event Hubs emulator's AMQPS endpoint (EventHubsEmulator:Tls): same names as api
# ECDSA P-256 keys (PKCS#8 PEM, readable by the owner only), valid 365 days. Development only: the CA's key sits next
# to the certificates, so anyone who can read .data/certs can mint a silo.
# Usage: scripts/dev-certs.sh [folder]     (default .data/certs)    DEV_CERTS_FORCE=1 makes new ones anyway
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.data/certs}
command -v openssl >/dev/null 2>&1 || { echo "dev-certs: missing dependency: openssl (apt-get install openssl)" >&2; exit 1; }

names=(ca silo client api eventhubs)
fresh=1
for name in "${names[@]}"; do
  if [ ! -s "$dir/$name.pem" ] || [ ! -s "$dir/$name.key" ] || ! openssl x509 -in "$dir/$name.pem" -noout -checkend 86400 >/dev/null 2>&1; then
    fresh=0
  fi
done
if [ "$fresh" = 1 ] && [ "${DEV_CERTS_FORCE:-0}" != 1 ]; then
  echo "dev-certs: $dir already holds valid development certificates"
  exit 0
fi

mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 365 -subj "/CN=Orleans.Inventory Development CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out "$work/ca.pem"

leaf() { # name, common name, extended key usages, subject alternative names
  local name=$1 cn=$2 usages=$3 sans=$4
  key "$work/$name.key"
  openssl req -new -key "$work/$name.key" -subj "/CN=$cn" -out "$work/$name.csr"
  cat >"$work/$name.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=$usages
subjectAltName=$sans
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
  openssl x509 -req -in "$work/$name.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days 365 -sha256 -extfile "$work/$name.ext" -out "$work/$name.pem" 2>/dev/null
}
leaf silo inventory-silo serverAuth,clientAuth DNS:inventory-silo
leaf client inventory-client clientAuth DNS:inventory-client
leaf api localhost serverAuth DNS:localhost,IP:127.0.0.1,IP:::1
leaf eventhubs localhost serverAuth DNS:localhost,IP:127.0.0.1,IP:::1

for name in "${names[@]}"; do openssl verify -CAfile "$work/ca.pem" "$work/$name.pem" >/dev/null; done
for name in "${names[@]}"; do mv -f "$work/$name.pem" "$work/$name.key" "$dir/"; done
chmod 644 "$dir"/*.pem
echo "dev-certs: made a development CA and silo, client, api and eventhubs certificates in $dir"
