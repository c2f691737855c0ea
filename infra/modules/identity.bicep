// User-assigned managed identity of the function app. One identity for the host (AzureWebJobsStorage,
// deployment container), the app's own table/queue/Key Vault/ACS clients and Application Insights
// ingestion, so every client can name it by client id (DefaultAzureCredential would otherwise have to
// guess between identities).

import { tagsType } from 'types.bicep'

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags tagsType

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
