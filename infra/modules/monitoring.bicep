// Log Analytics workspace + workspace-based Application Insights.
//
// - Local (instrumentation-key) authentication is disabled: only telemetry sent with a Microsoft Entra
//   token is ingested. The function app sends it with its user-assigned identity
//   (APPLICATIONINSIGHTS_AUTHENTICATION_STRING = "ClientId=...;Authorization=AAD"), which holds the
//   Monitoring Metrics Publisher role on this component (despite its name, that role publishes all
//   telemetry). The connection string left in the app settings is therefore not a credential.
// - Request URLs: Application Insights records the URL of every request. The API never carries a
//   secret in a URL (tokens, flow ids, codes travel in bodies; emailed links carry the token in the
//   URL fragment, which browsers never send), so no URL scrubbing processor is needed; query strings
//   of assistance look-ups (?email=) are personal data covered by the workspace's retention and RBAC.
// - Client IP addresses: DisableIpMasking stays false, so the ingestion endpoint zeroes the last octet
//   before storage and the full client IP is never kept.

import { tagsType } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags tagsType

@description('Days to keep logs and telemetry.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Name of the user-assigned identity that publishes telemetry (same resource group).')
param identityName string

// Built-in role: Monitoring Metrics Publisher.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: retentionInDays
    DisableLocalAuth: true
    DisableIpMasking: false
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appIdentity.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output appInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
output workspaceId string = workspace.id
