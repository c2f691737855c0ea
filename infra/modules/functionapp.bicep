// The function app on the Flex Consumption plan (FC1, Linux), .NET 10 isolated worker.
//
// - Runtime and version live in functionAppConfig.runtime; Flex Consumption rejects the
//   FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION app settings (and the content-share
//   settings), so none is set here.
// - The deployment package goes to a blob container reached with the user-assigned identity
//   (no connection string). azd (`azd deploy`) and `az functionapp deployment source config-zip`
//   publish there with Microsoft Entra ID; basic (FTP/SCM) publishing credentials are disabled.
// - Every app setting is configuration, never a secret: storage, Key Vault, Communication Services
//   and Application Insights are all reached with the managed identity (the *ClientId settings). The
//   HMAC keys are read by the app from Key Vault (Secrets__Source = KeyVault), not through app-setting
//   Key Vault references, so a rotation is picked up every Secrets__RefreshInterval without a restart.
//   keyVaultReferenceIdentity is still set to the user-assigned identity so that any
//   @Microsoft.KeyVault(SecretUri=...) reference added later resolves with it (the default would be a
//   system-assigned identity, which this app does not have).
// - CORS is the platform's: siteConfig.cors.allowedOrigins, which Flex Consumption hands to the Functions
//   host (its CORS middleware answers preflights before any function runs). The app sends no CORS header;
//   the local host applies the same policy from local.settings.json's Host.CORS, as Core Tools does.
// - AzureWebJobsDisableHomepage: "/" answers 204 instead of the host's "up and running" page.

import { appSettingType, sharedRangeType, tagsType } from 'types.bicep'

@description('Name of the function app (globally unique host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags tagsType

@description('Tags applied to the site (azd needs azd-service-name).')
param siteTags tagsType

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Storage account used by the host, the app and the deployment container.')
param storageAccountName string

@description('URL of the deployment blob container.')
param deploymentContainerUrl string

@description('Application Insights connection string (not a credential: local auth is disabled).')
param appInsightsConnectionString string

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('HTTP requests one instance is given at once (scaleAndConcurrency.triggers.http.perInstanceConcurrency).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int

@description('Always-ready instances of the HTTP trigger group (scaleAndConcurrency.alwaysReady, name "http").')
@minValue(0)
@maxValue(1000)
param alwaysReadyHttpInstances int

@description('Base URL of the web front end (Recovery__FrontEndBaseUrl).')
param frontEndBaseUrl string

@description('Where holders are pointed when self-service stops (Recovery__AssistanceUrl).')
param assistanceUrl string

@description('The service\'s name in French (Service__Name).')
param serviceName string

@description('The service\'s name in English (Service__EnglishName).')
param serviceEnglishName string

@description('The portal the service belongs to (Service__Brand).')
param serviceBrand string

@description('The portal\'s public address (Service__Address).')
param serviceAddress string

@description('OpenID Connect metadata of the Entra ID tenant of the agents (Assistance__MetadataAddress, https).')
param assistanceMetadataAddress string

@description('Audience of the agent access tokens (Assistance__Audience).')
param assistanceAudience string

@description('App role an agent needs (Assistance__RequiredRole).')
param assistanceRequiredRole string

@description('Front-end origins allowed to call the API from a browser (platform CORS, siteConfig.cors).')
param corsAllowedOrigins string[]

@description('Communication Services endpoint (Email__Endpoint).')
param emailEndpoint string

@description('Sender address of a linked, verified domain (Email__SenderAddress).')
param emailSenderAddress string

@description('Key Vault URI (Secrets__KeyVaultUri).')
param keyVaultUri string

@description('How long a secret read from Key Vault is kept (Secrets__RefreshInterval, TimeSpan).')
param keyVaultRefreshInterval string

@description('Password policy profile (Password__Profile).')
@allowed([
  'Seed'
  'Asvs'
])
#disable-next-line secure-secrets-in-params // a profile name (Seed or Asvs), not a secret
param passwordProfile string

// ---- Standards profile (docs/security/standards-profile.md) ----
@description('Standards profile (Recovery__Profile); Asvs also sets the emailed recovery and email-change codes to 10 minutes (ASVS 5.0 6.5.5).')
@allowed([
  'Seed'
  'Asvs'
])
#disable-next-line secure-secrets-in-params // a profile name (Seed or Asvs), not a secret
param recoveryProfile string

@description('Prefix of every table name (Storage__TablePrefix).')
param tablePrefix string

@description('Queue of outgoing emails (Storage__EmailQueueName).')
param emailQueueName string

@description('Queue of notification emails (Storage__EmailNotificationQueueName).')
param emailNotificationQueueName string

@description('NCRONTAB schedule of the cleanup timer (Cleanup__Schedule).')
param cleanupSchedule string

@description('Address ranges shared on purpose, with their own per-address limits (Throttling__SharedRanges__N__*).')
param sharedRanges sharedRangeType[]

// ---- Passkeys (docs/security/passkeys.md) ----
@description('WebAuthn relying-party id (Passkeys__RelyingPartyId). Empty: the host of frontEndBaseUrl.')
param passkeyRelyingPartyId string

@description('Origins whose passkey ceremonies are accepted (Passkeys__Origins__N). Empty: the origin of frontEndBaseUrl.')
param passkeyOrigins string[]

// ---- Table families on more storage accounts (issue 23, resources.bicep tableAccounts) ----
@description('Storage__Accounts__<family> and <connection>__accountName pairs (name, value); empty: every table on the main account.')
param tableAccountSettings appSettingType[] = []

@description('Where the throttle counters live (Throttling__Store): Redis when the throttle cache is deployed, else Table.')
@allowed([
  'Table'
  'Redis'
])
param throttleStore string = 'Table'

// ---- FranceConnect (docs/security/franceconnect.md, docs/operations/runbook.md) ----
@description('FranceConnect v2 issuer ending in /api/v2 (FranceConnect__Authority); empty: FranceConnect off. The client secret is not a parameter: it is the Key Vault secret franceconnect-client-secret, read by the app.')
param franceConnectAuthority string

@description('Client id from FranceConnect\'s partner space (FranceConnect__ClientId).')
param franceConnectClientId string

@description('Callback URI registered with FranceConnect: https://<api host>/api/franceconnect/callback (FranceConnect__RedirectUris__0).')
param franceConnectRedirectUri string

@description('Post-logout URI registered with FranceConnect: https://<api host>/api/franceconnect/logged-out (FranceConnect__PostLogoutRedirectUris__0).')
param franceConnectPostLogoutRedirectUri string

// Settings the app reads at start-up. Names use "__" for the configuration ":" separator.
// tests/RecoveryFunctions.Tests/Infra/TemplateSettingsTests.cs checks this list against the options
// classes, so keep it a plain list of name/value pairs.
var appSettings = [
  // Host storage through the managed identity (no connection string, shared keys disabled).
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  // DefaultAzureCredential picks the user-assigned identity from it.
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsDisableHomepage'
    value: 'true'
  }
  {
    name: 'AZURE_FUNCTIONS_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'DOTNET_ENVIRONMENT'
    value: 'Production'
  }
  // Telemetry, authenticated with the managed identity (local auth disabled on the component).
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  {
    name: 'Recovery__FrontEndBaseUrl'
    value: frontEndBaseUrl
  }
  {
    name: 'Recovery__AssistanceUrl'
    value: assistanceUrl
  }
  {
    name: 'Service__Name'
    value: serviceName
  }
  // ---- Standards profile (docs/security/standards-profile.md): under Asvs the app refuses to start with an emailed
  // code living longer than 10 minutes (RecoveryOptionsValidator), so the profile brings the two lifetimes with it.
  {
    name: 'Recovery__Profile'
    value: recoveryProfile
  }
  {
    name: 'Recovery__RecoveryLinkLifetime'
    value: recoveryProfile == 'Asvs' ? '00:10:00' : '00:30:00'
  }
  {
    name: 'Recovery__EmailChangeLinkLifetime'
    value: recoveryProfile == 'Asvs' ? '00:10:00' : '00:30:00'
  }
  {
    name: 'Service__EnglishName'
    value: serviceEnglishName
  }
  {
    name: 'Service__Brand'
    value: serviceBrand
  }
  {
    name: 'Service__Address'
    value: serviceAddress
  }
  {
    name: 'Assistance__MetadataAddress'
    value: assistanceMetadataAddress
  }
  {
    name: 'Assistance__Audience'
    value: assistanceAudience
  }
  {
    name: 'Assistance__RequiredRole'
    value: assistanceRequiredRole
  }
  {
    name: 'Email__Endpoint'
    value: emailEndpoint
  }
  {
    name: 'Email__Authentication'
    value: 'ManagedIdentity'
  }
  {
    name: 'Email__ManagedIdentityClientId'
    value: identityClientId
  }
  {
    name: 'Email__SenderAddress'
    value: emailSenderAddress
  }
  {
    name: 'Secrets__Source'
    value: 'KeyVault'
  }
  {
    name: 'Secrets__KeyVaultUri'
    value: keyVaultUri
  }
  {
    name: 'Secrets__ManagedIdentityClientId'
    value: identityClientId
  }
  {
    name: 'Secrets__RefreshInterval'
    value: keyVaultRefreshInterval
  }
  {
    name: 'Captcha__Mode'
    value: 'Image'
  }
  {
    name: 'Password__Profile'
    value: passwordProfile
  }
  {
    name: 'Storage__TablePrefix'
    value: tablePrefix
  }
  {
    name: 'Storage__EmailQueueName'
    value: emailQueueName
  }
  {
    name: 'Storage__EmailNotificationQueueName'
    value: emailNotificationQueueName
  }
  {
    // The replay timer's binding expression; the function itself is disabled below (operator action only).
    name: 'Email__PoisonReplaySchedule'
    value: '0 0 4 * * *'
  }
  {
    // Runs only through POST /admin/functions/ReplayPoisonEmails with the master key (disabled functions still run that way).
    name: 'AzureWebJobs.ReplayPoisonEmails.Disabled'
    value: 'true'
  }
  {
    name: 'Cleanup__Schedule'
    value: cleanupSchedule
  }
  // Passkeys: bound into every key made; changing the id orphans them (runbook).
  {
    name: 'Passkeys__RelyingPartyId'
    value: passkeyRelyingPartyId
  }
  // Passkeys__RelyingPartyName is left unset: the name follows Service__Brand (one name for the service).
]

var passkeyOriginSettings = [for (origin, i) in passkeyOrigins: { name: 'Passkeys__Origins__${i}', value: origin }]

var tableAccountAppSettings = [for setting in tableAccountSettings: { name: setting.name, value: setting.value }]
var throttleStoreSettings = [{ name: 'Throttling__Store', value: throttleStore }]
// FranceConnect, on only when an issuer is given; validated at start when on (https, a client id, both URIs). The
// secret is read from Key Vault by the app under the name FranceConnect__ClientSecretName, never an app setting.
var franceConnectSettings = [
  { name: 'FranceConnect__Enabled', value: string(!empty(franceConnectAuthority)) }
  { name: 'FranceConnect__Authority', value: franceConnectAuthority }
  { name: 'FranceConnect__ClientId', value: franceConnectClientId }
  { name: 'FranceConnect__ClientSecretName', value: 'franceconnect-client-secret' }
  { name: 'FranceConnect__RedirectUris__0', value: franceConnectRedirectUri }
  { name: 'FranceConnect__PostLogoutRedirectUris__0', value: franceConnectPostLogoutRedirectUri }
]

// One setting per field of each declared shared range: the app validates each CIDR at start-up.
var sharedRangeCidrs = [for (range, i) in sharedRanges: { name: 'Throttling__SharedRanges__${i}__Cidr', value: range.cidr }]
var sharedRangeRecovery = [for (range, i) in sharedRanges: { name: 'Throttling__SharedRanges__${i}__RecoveryPerIpPerHour', value: string(range.recoveryPerIpPerHour) }]
var sharedRangeCaptchas = [for (range, i) in sharedRanges: { name: 'Throttling__SharedRanges__${i}__CaptchasPerIpPerHour', value: string(range.captchasPerIpPerHour) }]
var sharedRangeSignIn = [for (range, i) in sharedRanges: { name: 'Throttling__SharedRanges__${i}__SignInPerClientPerHour', value: string(range.signInPerClientPerHour) }]
var sharedRangeAssistance = [for (range, i) in sharedRanges: { name: 'Throttling__SharedRanges__${i}__AssistanceRequestsPerIpPerHour', value: string(range.assistanceRequestsPerIpPerHour) }]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: siteTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(appSettings, sharedRangeCidrs, sharedRangeRecovery, sharedRangeCaptchas, sharedRangeSignIn, sharedRangeAssistance, passkeyOriginSettings, tableAccountAppSettings, franceConnectSettings, throttleStoreSettings)
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Issue 23 item 4 (docs/operations/deadline-night.md, "Throughput per instance").
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output id string = site.id
