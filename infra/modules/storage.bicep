// Storage account of the function app: the host's own state (AzureWebJobsStorage), the app's tables
// and queues, and the Flex Consumption deployment container.
//
// Shared-key access is disabled: every client (host, queue trigger, app, azd/OneDeploy) authenticates
// with Microsoft Entra ID. The managed identity gets only the data-plane roles it needs, on this account
// only:
// - Storage Blob Data Owner: the Functions host (leases, timer schedule monitor, secrets) and the
//   deployment package container (Microsoft's documented role for AzureWebJobsStorage with an identity);
// - Storage Queue Data Contributor: the email outbox (enqueue, trigger, poison queue);
// - Storage Table Data Contributor: the app's tables (it creates them on first use, prefixed with
//   Storage__TablePrefix).

import { tagsType } from 'types.bicep'

@description('Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags tagsType

@description('Replication SKU of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Blob container that receives the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Queue of outgoing emails (Storage__EmailQueueName). Its poison queue is "<name>-poison".')
param emailQueueName string

@description('Name of the function app\'s user-assigned identity (same resource group).')
param identityName string

// Built-in roles.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

var appRoles = [
  storageBlobDataOwnerRoleId
  storageQueueDataContributorRoleId
  storageTableDataContributorRoleId
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource emailQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: emailQueueName
}

// The Functions host creates it on the first poison message; created here so that alerts and
// dashboards can point at it from day one.
resource emailPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${emailQueueName}-poison'
}

// Notifications (emails nobody waits for to finish a step) have a queue and a trigger of their own, so time-critical
// emails on the main queue go first when the ACS quota is short.
resource emailNotificationQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${emailQueueName}-notifications'
}

resource emailNotificationPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${emailQueueName}-notifications-poison'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoles: {
    name: guid(account.id, appIdentity.id, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
output emailQueueName string = emailQueue.name
output emailPoisonQueueName string = emailPoisonQueue.name
output emailNotificationQueueName string = emailNotificationQueue.name
output emailNotificationPoisonQueueName string = emailNotificationPoisonQueue.name
output tableServiceId string = tableService.id
