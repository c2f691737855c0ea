// Azure Communication Services Email: an Email Communication Service with a free Azure-managed domain
// (<guid>.azurecomm.net, verified by Azure, ready at once), an optional customer-managed domain, the
// sender username on each, and the Communication Services resource linked to the domain that sends.
//
// A custom domain cannot be linked before its DNS records are verified, so moving to it takes two
// deployments: first customEmailDomain=<domain> (creates the domain resource; the DNS records to publish
// are in the output CUSTOM_EMAIL_DOMAIN_VERIFICATION_RECORDS), then, once the portal or
// `az communication email domain initiate-verification` shows it verified, useCustomEmailDomain=true,
// which links it and switches Email__SenderAddress to it.
//
// Sending with the app's managed identity: by default a custom role with exactly the actions Microsoft
// documents for sending email with Microsoft Entra ID (CommunicationServices read/write,
// EmailServices write), assigned on this Communication Services resource only; the built-in
// "Communication and Email Service Owner" role (which can also delete resources and read keys) is the
// fallback where custom roles are not allowed.

import { tagsType, verificationRecordsType } from 'types.bicep'

@description('Name of the Communication Services resource.')
param communicationServiceName string

@description('Name of the Email Communication Service resource.')
param emailServiceName string

@description('Where email data is stored at rest (e.g. Europe, France, United States).')
param dataLocation string

@description('Tags applied to the resources.')
param tags tagsType

@description('Local part of the sender address (MailFrom), e.g. DoNotReply.')
param senderUsername string

@description('Display name of the sender username resource.')
param senderDisplayName string

@description('Customer-managed sending domain, e.g. mail.example.fr. Empty: none.')
param customEmailDomain string

@description('Send from customEmailDomain (only once its DNS records are verified).')
param useCustomEmailDomain bool

@description('Name of the user-assigned identity that sends email (same resource group).')
param identityName string

@description('Role given to the sending identity.')
@allowed([
  'CustomEmailSender'
  'CommunicationAndEmailServiceOwner'
])
param senderRole string

var hasCustomDomain = !empty(customEmailDomain)
var sendFromCustomDomain = hasCustomDomain && useCustomEmailDomain

// Built-in role: Communication and Email Service Owner.
var communicationAndEmailServiceOwnerRoleId = '09976791-48a7-449e-bb21-39d1a415f350'
var customRoleName = guid(resourceGroup().id, 'acs-email-sender')

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource managedDomainSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = {
  parent: managedDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = if (hasCustomDomain) {
  parent: emailService
  name: hasCustomDomain ? customEmailDomain : 'none'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomainSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = if (hasCustomDomain) {
  parent: customDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: sendFromCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
  }
}

resource emailSenderRoleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (senderRole == 'CustomEmailSender') {
  name: customRoleName
  properties: {
    roleName: 'ACS Email Sender ${resourceGroup().name} ${uniqueString(resourceGroup().id)}'
    description: 'Send email through Azure Communication Services with Microsoft Entra ID; nothing else.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/Write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource senderRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, appIdentity.id, senderRole)
  scope: communicationService
  properties: {
    roleDefinitionId: senderRole == 'CustomEmailSender'
      ? emailSenderRoleDefinition.id
      : subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwnerRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output endpoint string = 'https://${communicationService.properties.hostName}'
output senderAddress string = sendFromCustomDomain
  ? '${customDomainSender!.properties.username}@${customDomain!.properties.mailFromSenderDomain}'
  : '${managedDomainSender.properties.username}@${managedDomain.properties.mailFromSenderDomain}'
output managedDomainName string = managedDomain.properties.mailFromSenderDomain
output customDomainVerificationRecords verificationRecordsType = hasCustomDomain ? customDomain!.properties.verificationRecords : {}
