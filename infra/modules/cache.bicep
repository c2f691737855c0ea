// The throttle cache (docs/decisions/0008-throttles-in-a-cache.md): Azure Managed Redis (Microsoft.Cache/redisEnterprise),
// one database, TLS only (port 10000), no eviction (a counter evicted would be a limit reset), OSS clustering (the client
// routes each key to its shard; the keys carry hash tags). The app reaches it with the access key, which a deployment
// script (as token-keys.bicep does for the HMAC keys) reads from the database and writes to the Key Vault secret
// throttle-cache-connection, read by the app like its other secrets (Secrets__Source = KeyVault): the key never passes
// through the template, a parameter, the deployment history or an output. The script's own identity may list the cache's
// keys (Contributor on the cache only) and write secrets (Key Vault Secrets Officer on this vault only).

import { tagsType } from 'types.bicep'

@description('Name of the cache.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the cache.')
param tags tagsType

@description('Azure Managed Redis SKU (docs/operations/deadline-night.md, "The throttle cache").')
param skuName string

@description('Vault the connection secret is written to.')
param keyVaultName string

@description('Name of the identity the connection script runs as.')
param identityName string

@description('Azure CLI version of the script container.')
param azCliVersion string = '2.67.0'

// Built-in roles: Contributor (on the cache only: list its keys), Key Vault Secrets Officer (on the vault only).
var contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource cluster 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'OSSCluster'
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource scriptCacheContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(cluster.id, scriptIdentity.id, contributorRoleId)
  scope: cluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributorRoleId)
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
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

// A StackExchange.Redis configuration string; abortConnect=False: an unreachable cache is retried, never fatal at start.
// Rewritten at each deployment, so a regenerated access key reaches the app at its next secret refresh.
resource writeConnection 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'write-throttle-cache-connection'
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
        name: 'DATABASE_ID'
        value: database.id
      }
      {
        name: 'HOST_NAME'
        value: cluster.properties.hostName
      }
    ]
    scriptContent: loadTextContent('cache-connection.sh')
  }
  dependsOn: [
    scriptCacheContributor
    scriptSecretsOfficer
  ]
}

output hostName string = cluster.properties.hostName
