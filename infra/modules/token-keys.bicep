// Generates the token HMAC keys and the outbox encryption keys in Key Vault, once.
//
// Why a deployment script rather than newGuid():
// - entropy: each key is 64 bytes read from the kernel CSPRNG (/dev/urandom) inside the script's
//   container (64 for an HMAC key, exactly 32 for an AES-256 outbox key). newGuid() yields version-4 GUIDs whose generator ARM does not document as
//   cryptographically secure, with only 122 random bits per GUID and a fixed layout;
// - idempotence: newGuid() can only be a parameter default, so every `azd up` / redeployment would
//   write a new key and silently invalidate every outstanding link, code and session. The script only
//   creates a secret that does not exist yet; rotation stays a deliberate operation (README);
// - the key never passes through a template parameter, the deployment history or an output.
//
// The script runs under its own user-assigned identity, which holds Key Vault Secrets Officer on this
// vault only (the app itself only reads). Deployment scripts run in Azure Container Instances with a
// temporary storage account that the service creates and deletes (cleanupPreference: Always); the app's
// own storage account keeps shared-key access disabled. Where Azure Policy forbids deployment scripts,
// set generateTokenKeys=false and create the secrets by hand (README, "Rotating the HMAC keys", and
// docs/security/outbox-at-rest.md).

import { keySecretType, tagsType } from 'types.bicep'

@description('Name of the Key Vault that receives the keys.')
param keyVaultName string

@description('Name of the identity the script runs as.')
param identityName string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags tagsType

@description('The secrets to create when missing, and how many random bytes each holds.')
param secrets keySecretType[]

@description('Azure CLI version of the script container.')
param azCliVersion string = '2.67.0'

// Built-in role: Key Vault Secrets Officer.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource scriptSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, scriptIdentity.id, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource generateKeys 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'generate-token-hmac-keys'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentity.id}': {}
    }
  }
  properties: {
    azCliVersion: azCliVersion
    retentionInterval: 'PT1H'
    timeout: 'PT20M'
    cleanupPreference: 'Always'
    environmentVariables: [
      {
        name: 'VAULT_NAME'
        value: vault.name
      }
      {
        name: 'SECRETS'
        value: join(map(secrets, secret => '${secret.name}:${secret.bytes}'), ' ')
      }
    ]
    scriptContent: loadTextContent('token-keys.sh')
  }
  dependsOn: [
    scriptSecretsOfficer
  ]
}
