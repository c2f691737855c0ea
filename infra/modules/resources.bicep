// Everything of one environment, in one resource group. main.bicep (subscription scope, used by azd)
// creates the group and calls this file; it can also be deployed on its own into an existing group:
//
//   az deployment group create -g <group> -f infra/modules/resources.bicep \
//     -p environmentName=<env> frontEndBaseUrl=https://... assistanceUrl=https://...

import { sharedRangeType, tableAccountsType, verificationRecordsType } from 'types.bicep'

@description('Name of the environment; part of every resource name and tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region of the regional resources (must offer Flex Consumption).')
param location string = resourceGroup().location

@description('Suffix that makes global names unique.')
@minLength(13)
@maxLength(13)
param resourceToken string = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))

@description('Optional user or group that may manage Key Vault secrets (HMAC key rotation). Empty: none.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Base URL of the web front end (https://...); every emailed link starts with it. Empty: the static web app deployed here.')
param frontEndBaseUrl string = ''

@description('Where holders are pointed when self-service stops (https://...). Empty: the /aide/ page of the front end.')
param assistanceUrl string = ''

@description('Region of the static web app serving the front ends (Static Web Apps has fewer regions than Functions).')
param staticWebAppLocation string = 'westeurope'

@description('Front-end origins allowed to call the API from a browser. Empty: the origin of frontEndBaseUrl.')
param corsAllowedOrigins string[] = []

@description('Entra ID tenant whose agents use the assistance API. Default: the tenant of the deployment.')
param assistanceTenantId string = tenant().tenantId

@description('Audience of the agent access tokens: the application id URI of the assistance API registration or client id.')
@minLength(1)
param assistanceAudience string

@description('App role an agent needs (Assistance__RequiredRole).')
param assistanceRequiredRole string = 'Recovery.Assistance'

@description('The service\'s name in French (Service__Name).')
param serviceName string = 'Espace professionnel'

@description('The service\'s name in English (Service__EnglishName).')
param serviceEnglishName string = 'Professional space'

@description('The portal the service belongs to (Service__Brand).')
param serviceBrand string = 'impots.gouv.fr'

@description('The portal\'s public address (Service__Address).')
param serviceAddress string = 'https://www.impots.gouv.fr'

@description('Display name of the sender username resource: ACS shows it beside the sender address (the send request has no display-name field).')
param emailSenderDisplayName string = 'Espace professionnel'

@description('Local part of the sender address.')
param emailSenderUsername string = 'DoNotReply'

@description('Where Communication Services stores email data at rest.')
param emailDataLocation string = 'Europe'

@description('Customer-managed email domain to create (DNS verification needed). Empty: none.')
param customEmailDomain string = ''

@description('Send from customEmailDomain; set to true only after its DNS records are verified.')
param useCustomEmailDomain bool = false

@description('Role that lets the app send email: a custom role with only the send actions, or the built-in owner role.')
@allowed([
  'CustomEmailSender'
  'CommunicationAndEmailServiceOwner'
])
param emailSenderRole string = 'CustomEmailSender'

@description('Password policy profile.')
@allowed([
  'Seed'
  'Asvs'
])
#disable-next-line secure-secrets-in-params // a profile name (Seed or Asvs), not a secret
param passwordProfile string = 'Seed'

// ---- Standards profile (docs/security/standards-profile.md) ----
@description('Standards profile: Seed (mailbox proof, then the security question) or Asvs (OWASP ASVS 5.0 level 2: no question, a factor after the mailbox proof, 10-minute emailed codes, ASVS password rules).')
@allowed([
  'Seed'
  'Asvs'
])
#disable-next-line secure-secrets-in-params // a profile name (Seed or Asvs), not a secret
param recoveryProfile string = 'Seed'

@description('How long a secret read from Key Vault is cached by the app (TimeSpan).')
param keyVaultRefreshInterval string = '00:05:00'

@description('Prefix of every table name.')
param tablePrefix string = 'recovery'

@description('Queue of outgoing emails; its poison queue is "<name>-poison".')
param emailQueueName string = 'email-outbox'

@description('NCRONTAB schedule of the cleanup timer.')
param cleanupSchedule string = '0 */10 * * * *'

@description('Address ranges shared on purpose (France Services network, ministry proxy), each with its own per-address limits; docs/security/shared-addresses.md. Example: [{ cidr: \'198.51.100.0/24\', recoveryPerIpPerHour: 300, captchasPerIpPerHour: 600, signInPerClientPerHour: 600, assistanceRequestsPerIpPerHour: 30 }].')
param sharedRanges sharedRangeType[] = []

@description('WebAuthn relying-party id for passkeys (a domain above every front-end host). Empty: the host of frontEndBaseUrl.')
param passkeyRelyingPartyId string = ''

@description('Origins whose passkey ceremonies are accepted. Empty: the origin of frontEndBaseUrl.')
param passkeyOrigins string[] = []

// ---- FranceConnect (docs/security/franceconnect.md, docs/operations/runbook.md) ----
@description('FranceConnect v2 issuer ending in /api/v2 (FranceConnect__Authority); empty: FranceConnect off. The client secret is not a parameter: it is the Key Vault secret franceconnect-client-secret, read by the app.')
param franceConnectAuthority string = ''

@description('Client id from FranceConnect\'s partner space (FranceConnect__ClientId).')
param franceConnectClientId string = ''

@description('Callback URI registered with FranceConnect: https://<api host>/api/franceconnect/callback (FranceConnect__RedirectUris__0).')
param franceConnectRedirectUri string = ''

@description('Post-logout URI registered with FranceConnect: https://<api host>/api/franceconnect/logged-out (FranceConnect__PostLogoutRedirectUris__0).')
param franceConnectPostLogoutRedirectUri string = ''

@description('Maximum number of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 200

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('HTTP requests one instance is given at once (Flex Consumption per-instance concurrency).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 4

@description('Always-ready instances for the HTTP functions (0 outside a declaration deadline).')
@minValue(0)
@maxValue(1000)
param alwaysReadyHttpInstances int = 0

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

// ---- Table families on more storage accounts (issue 23: the deadline night, docs/operations/deadline-night.md) ----
@description('Storage accounts beside the main one, by connection name: the table families each holds (Storage__Accounts__<family>); Throttles may be on several, each partition on one. {}: every table on the main account. The default holds 1,700 sign-ins a second at under half of each account\'s 20,000 requests a second.')
param tableAccounts tableAccountsType = {
  StorageAccounts: [
    'Accounts'
    'EmailIndex'
    'Audit'
  ]
  StorageThrottles1: [
    'Throttles'
  ]
  StorageThrottles2: [
    'Throttles'
  ]
  StorageThrottles3: [
    'Throttles'
  ]
}

@description('Days to keep logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Create the token HMAC keys and the outbox keys in Key Vault with a deployment script when they are missing.')
param generateTokenKeys bool = true

@description('Address the operational alerts are emailed to (README, "Runbook").')
param alertEmailAddress string

// Issue 23: the throttle counters in Azure Managed Redis (docs/decisions/0008-throttles-in-a-cache.md). Balanced_B5 (6 GB):
// the night's ~8 million live counters take about 2 GB, and its throttle scripts (about 10,000 a second) spread over the
// cache's shards by their hash tags (docs/operations/deadline-night.md, "The throttle cache"). Empty: no cache, the
// counters stay in the Throttles table (Throttling__Store = Table).
@description('Azure Managed Redis SKU of the throttle cache (e.g. Balanced_B5); empty: no cache, throttles in Table storage.')
param throttleCacheSku string = 'Balanced_B5'

var tags = {
  'azd-env-name': environmentName
  application: 'account-recovery'
}

var functionAppName = 'func-${resourceToken}'
var identityName = 'id-${functionAppName}'
var keyVaultName = 'kv-${resourceToken}'

// The front ends' static web app; its URL is the front end unless the deployment names another one.
module web 'staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    name: 'swa-${resourceToken}'
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

var siteBaseUrl = empty(frontEndBaseUrl) ? 'https://${web.outputs.defaultHostName}' : frontEndBaseUrl
var siteAssistanceUrl = empty(assistanceUrl) ? '${siteBaseUrl}/aide/' : assistanceUrl

// Scheme and host of the front-end URL, e.g. https://espace.example.fr from https://espace.example.fr/app/.
var frontEndOrigin = '${split(siteBaseUrl, '/')[0]}//${split(siteBaseUrl, '/')[2]}'

// Secret names, identical to src/RecoveryFunctions.Core/Secrets/SecretNames.cs, and the size of each
// generated key: the token HMAC keys 64 bytes, the outbox AES-256-GCM keys exactly 32 (the app refuses to
// start otherwise). The ACS access key is not needed in Azure: the app sends email with its managed identity.
var keySecrets = [
  {
    name: 'token-hmac-current'
    bytes: 64
  }
  {
    name: 'token-hmac-previous'
    bytes: 64
  }
  {
    name: 'outbox-key-current'
    bytes: 32
  }
  {
    name: 'outbox-key-previous'
    bytes: 32
  }
]

module identity 'identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

var appInsightsName = 'appi-${resourceToken}'

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${resourceToken}'
    appInsightsName: appInsightsName
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    identityName: identityName
  }
  dependsOn: [
    identity
  ]
}

module alerts 'alerts.bicep' = {
  name: 'alerts'
  params: {
    appInsightsName: appInsightsName
    location: location
    tags: tags
    environmentName: environmentName
    alertEmailAddress: alertEmailAddress
  }
  dependsOn: [
    monitoring
  ]
}

// One account per connection name of tableAccounts, named st<n><token>; the app reads <connection>__accountName.
var tableAccountList = items(tableAccounts)
var tableFamilies = union(flatten(map(tableAccountList, a => a.value)), [])

module tableStorage 'table-storage.bicep' = [
  for (account, i) in tableAccountList: {
    name: 'table-storage-${i}'
    params: {
      name: 'st${i + 1}${resourceToken}'
      location: location
      tags: tags
      skuName: storageSku
      identityName: identityName
    }
    dependsOn: [
      identity
    ]
  }
]

var tableAccountSettings = concat(
  map(range(0, length(tableAccountList)), i => { name: '${tableAccountList[i].key}__accountName', value: 'st${i + 1}${resourceToken}' }),
  map(tableFamilies, family => { name: 'Storage__Accounts__${family}', value: join(map(filter(tableAccountList, a => contains(a.value, family)), a => a.key), ',') })
)

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: 'deployment-package'
    emailQueueName: emailQueueName
    identityName: identityName
  }
  dependsOn: [
    identity
  ]
}

module keyVault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    identityName: identityName
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
  dependsOn: [
    identity
  ]
}

module tokenKeys 'token-keys.bicep' = if (generateTokenKeys) {
  name: 'token-keys'
  params: {
    keyVaultName: keyVaultName
    identityName: 'id-kvseed-${resourceToken}'
    location: location
    tags: tags
    secrets: keySecrets
  }
  dependsOn: [
    keyVault
  ]
}

module throttleCache 'cache.bicep' = if (!empty(throttleCacheSku)) {
  name: 'throttle-cache'
  params: {
    name: 'redis-${resourceToken}'
    location: location
    tags: tags
    skuName: throttleCacheSku
    keyVaultName: keyVaultName
    identityName: 'id-cacheseed-${resourceToken}'
  }
  dependsOn: [
    keyVault
  ]
}

module communication 'communication.bicep' = {
  name: 'communication'
  params: {
    communicationServiceName: 'acs-${resourceToken}'
    emailServiceName: 'ecs-${resourceToken}'
    dataLocation: emailDataLocation
    tags: tags
    senderUsername: emailSenderUsername
    senderDisplayName: emailSenderDisplayName
    customEmailDomain: customEmailDomain
    useCustomEmailDomain: useCustomEmailDomain
    identityName: identityName
    senderRole: emailSenderRole
  }
  dependsOn: [
    identity
  ]
}

module functionApp 'functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    siteTags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    frontEndBaseUrl: siteBaseUrl
    assistanceUrl: siteAssistanceUrl
    serviceName: serviceName
    serviceEnglishName: serviceEnglishName
    serviceBrand: serviceBrand
    serviceAddress: serviceAddress
    // Tenant-specific v2 metadata: its issuer names exactly this tenant, and its keys sign the agents' tokens.
    assistanceMetadataAddress: '${environment().authentication.loginEndpoint}${assistanceTenantId}/v2.0/.well-known/openid-configuration'
    assistanceAudience: assistanceAudience
    assistanceRequiredRole: assistanceRequiredRole
    corsAllowedOrigins: empty(corsAllowedOrigins) ? [frontEndOrigin] : corsAllowedOrigins
    emailEndpoint: communication.outputs.endpoint
    emailSenderAddress: communication.outputs.senderAddress
    keyVaultUri: keyVault.outputs.uri
    keyVaultRefreshInterval: keyVaultRefreshInterval
    passwordProfile: passwordProfile
    recoveryProfile: recoveryProfile
    tablePrefix: tablePrefix
    emailQueueName: storage.outputs.emailQueueName
    emailNotificationQueueName: storage.outputs.emailNotificationQueueName
    cleanupSchedule: cleanupSchedule
    sharedRanges: sharedRanges
    passkeyRelyingPartyId: passkeyRelyingPartyId
    passkeyOrigins: passkeyOrigins
    // Issue 23: the table families on their own accounts (tableAccounts above).
    tableAccountSettings: tableAccountSettings
    // The throttle counters in the cache when one is deployed (its connection: the Key Vault secret it writes).
    throttleStore: empty(throttleCacheSku) ? 'Table' : 'Redis'
    franceConnectAuthority: franceConnectAuthority
    franceConnectClientId: franceConnectClientId
    franceConnectRedirectUri: franceConnectRedirectUri
    franceConnectPostLogoutRedirectUri: franceConnectPostLogoutRedirectUri
  }
  // The app must not start before its identity may read the secrets the script writes, nor before its table accounts exist.
  dependsOn: [
    tokenKeys
    tableStorage
    throttleCache
  ]
}

output functionAppName string = functionApp.outputs.name
output staticWebAppName string = web.outputs.name
output frontEndBaseUrl string = siteBaseUrl
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output managedIdentityClientId string = identity.outputs.clientId
output storageAccountName string = storage.outputs.name
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output appInsightsName string = monitoring.outputs.appInsightsName
output communicationServicesEndpoint string = communication.outputs.endpoint
output emailSenderAddress string = communication.outputs.senderAddress
output azureManagedEmailDomain string = communication.outputs.managedDomainName
output customEmailDomainVerificationRecords verificationRecordsType = communication.outputs.customDomainVerificationRecords
