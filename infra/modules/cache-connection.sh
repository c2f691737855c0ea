#!/usr/bin/env bash
# Run by cache.bicep's deployment script: writes the throttle cache's connection (its access key included) to Key Vault
# as throttle-cache-connection, a StackExchange.Redis configuration string. Env: VAULT_NAME, DATABASE_ID, HOST_NAME.
set -euo pipefail
key=$(az rest --method post --url "https://management.azure.com${DATABASE_ID}/listKeys?api-version=2025-04-01" --query primaryKey -o tsv)
az keyvault secret set --vault-name "$VAULT_NAME" --name throttle-cache-connection --content-type text/plain \
  --value "${HOST_NAME}:10000,password=${key},ssl=True,abortConnect=False" --output none
