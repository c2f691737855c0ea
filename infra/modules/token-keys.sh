#!/bin/bash
# Runs inside the deployment script container (Azure CLI image), signed in as the script's identity.
# Creates each secret of $SECRETS ("name:bytes" entries) in $VAULT_NAME when it does not exist; never
# overwrites one. Values: that many bytes from the kernel CSPRNG, base64. The value is never printed.
set -euo pipefail

for entry in $SECRETS; do
  name=${entry%%:*}
  bytes=${entry##*:}
  # A fresh role assignment can take a few minutes to reach Key Vault: retry instead of failing.
  count=""
  for attempt in $(seq 1 30); do
    if count=$(az keyvault secret list --vault-name "$VAULT_NAME" --query "[?name=='$name'] | length(@)" -o tsv); then
      break
    fi
    count=""
    echo "Key Vault not readable yet (attempt $attempt)." >&2
    sleep 20
  done
  if [ -z "$count" ]; then
    echo "Could not list the secrets of $VAULT_NAME." >&2
    exit 1
  fi
  if [ "$count" != "0" ]; then
    echo "$name exists: left unchanged."
    continue
  fi
  value=$(head -c "$bytes" /dev/urandom | base64 -w0)
  for attempt in $(seq 1 30); do
    if az keyvault secret set --vault-name "$VAULT_NAME" --name "$name" --value "$value" \
        --content-type 'application/octet-stream; base64' --output none; then
      echo "$name created."
      break
    fi
    echo "Could not write $name yet (attempt $attempt)." >&2
    sleep 20
    [ "$attempt" -lt 30 ] || exit 1
  done
  unset value
done
