// Account-recovery backend: everything one environment needs, in one resource group.
//
// Subscription-scope entry point (creates the resource group), used by the Azure Developer CLI:
//   azd up                                     (reads infra/main.parameters.json)
// or by the Azure CLI:
//   az deployment sub create -l <region> -f infra/main.bicep \
//     -p environmentName=<env> location=<region> frontEndBaseUrl=https://... assistanceUrl=https://...
// To deploy into an existing resource group instead, use infra/modules/resources.bicep with
// `az deployment group create` (see the comment at its top). Both are described in infra/README-deploy.md.
targetScope = 'subscription'

import { sharedRangeType, verificationRecordsType } from 'modules/types.bicep'

@description('Name of the environment (azd: AZURE_ENV_NAME); part of every resource name and tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region of the resource group and the regional resources (must offer Flex Consumption).')
@minLength(1)
param location string

@description('Name of the resource group. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional user or group that may manage Key Vault secrets (azd: AZURE_PRINCIPAL_ID). Empty: none.')
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

// One name, brand and address for the site (config.json), every email and the récapitulatif (Service__*).
@description('The service\'s name in French (Service__Name), shown by the site, every email and the PDF.')
param serviceName string = 'Espace professionnel'

@description('The service\'s name in English (Service__EnglishName).')
param serviceEnglishName string = 'Professional space'

@description('The portal the service belongs to (Service__Brand), shown beside its name and refused inside passwords.')
param serviceBrand string = 'impots.gouv.fr'

@description('The portal\'s public address (Service__Address), in the footer of emails and the PDF.')
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

// Issue 23 item 4: per-instance HTTP concurrency and always-ready instances, from the --throughput benchmark
// (docs/operations/deadline-night.md, "Throughput per instance"; the runbook's "Before a declaration deadline").
@description('HTTP requests one instance is given at once (Flex Consumption per-instance concurrency; scale-out adds instances beyond it).')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 4

@description('Always-ready instances for the HTTP functions (billed all the time they exist; 0 outside a declaration deadline).')
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

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: {
    'azd-env-name': environmentName
  }
}

module resources 'modules/resources.bicep' = {
  name: 'resources'
  scope: group
  params: {
    environmentName: environmentName
    location: location
    resourceToken: resourceToken
    principalId: principalId
    principalType: principalType
    frontEndBaseUrl: frontEndBaseUrl
    assistanceUrl: assistanceUrl
    staticWebAppLocation: staticWebAppLocation
    corsAllowedOrigins: corsAllowedOrigins
    serviceName: serviceName
    serviceEnglishName: serviceEnglishName
    serviceBrand: serviceBrand
    serviceAddress: serviceAddress
    assistanceTenantId: assistanceTenantId
    assistanceAudience: assistanceAudience
    assistanceRequiredRole: assistanceRequiredRole
    emailSenderDisplayName: emailSenderDisplayName
    emailSenderUsername: emailSenderUsername
    emailDataLocation: emailDataLocation
    customEmailDomain: customEmailDomain
    useCustomEmailDomain: useCustomEmailDomain
    emailSenderRole: emailSenderRole
    passwordProfile: passwordProfile
    recoveryProfile: recoveryProfile
    keyVaultRefreshInterval: keyVaultRefreshInterval
    tablePrefix: tablePrefix
    emailQueueName: emailQueueName
    cleanupSchedule: cleanupSchedule
    sharedRanges: sharedRanges
    passkeyRelyingPartyId: passkeyRelyingPartyId
    passkeyOrigins: passkeyOrigins
    franceConnectAuthority: franceConnectAuthority
    franceConnectClientId: franceConnectClientId
    franceConnectRedirectUri: franceConnectRedirectUri
    franceConnectPostLogoutRedirectUri: franceConnectPostLogoutRedirectUri
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    storageSku: storageSku
    logRetentionInDays: logRetentionInDays
    generateTokenKeys: generateTokenKeys
    alertEmailAddress: alertEmailAddress
    throttleCacheSku: throttleCacheSku
  }
}

// Read by azd (saved in .azure/<env>/.env) and by scripts.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_APP_URL string = resources.outputs.functionAppUrl
output SERVICE_API_NAME string = resources.outputs.functionAppName
output SERVICE_API_ENDPOINTS string[] = ['${resources.outputs.functionAppUrl}/api']
output SERVICE_WEB_NAME string = resources.outputs.staticWebAppName
output SERVICE_WEB_ENDPOINTS string[] = [resources.outputs.frontEndBaseUrl]
output RECOVERY_FRONT_END_URL string = resources.outputs.frontEndBaseUrl
// Read by the web service's build step (azure.yaml): the API origin written into config.json and the CSP.
output API_BASE_URL string = resources.outputs.functionAppUrl
// Read by the same build step: the site shows the name, brand and address the function app's emails and PDF use.
output RECOVERY_SERVICE_NAME string = serviceName
output RECOVERY_SERVICE_ENGLISH_NAME string = serviceEnglishName
output RECOVERY_SERVICE_BRAND string = serviceBrand
output RECOVERY_SERVICE_ADDRESS string = serviceAddress
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.managedIdentityClientId
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_KEY_VAULT_ENDPOINT string = resources.outputs.keyVaultUri
output APPLICATIONINSIGHTS_NAME string = resources.outputs.appInsightsName
output AZURE_COMMUNICATION_SERVICES_ENDPOINT string = resources.outputs.communicationServicesEndpoint
output EMAIL_SENDER_ADDRESS string = resources.outputs.emailSenderAddress
output AZURE_MANAGED_EMAIL_DOMAIN string = resources.outputs.azureManagedEmailDomain
output CUSTOM_EMAIL_DOMAIN_VERIFICATION_RECORDS verificationRecordsType = resources.outputs.customEmailDomainVerificationRecords
