// The front ends (holder's site and helpdesk console, src/RecoveryFunctions.Web/wwwroot) as an Azure Static
// Web App, on their own origin as locally (http://localhost:5173). Its headers (strict CSP, frame-ancestors
// 'none') come from the deployed staticwebapp.config.json, the same file the local site server applies. The
// site calls the function app across origins: the app allows this site's origin (Cors__AllowedOrigins) and
// the build step (azure.yaml, prepackage) writes the API origin into config.json and the CSP's connect-src.

import { tagsType } from 'types.bicep'

@description('Name of the static web app.')
param name string

@description('Region of the static web app (a Static Web Apps region, e.g. westeurope).')
param location string

@description('Tags (azd needs azd-service-name).')
param tags tagsType

@description('Free, or Standard for custom authentication, SLA and private endpoints.')
@allowed([
  'Free'
  'Standard'
])
param sku string = 'Free'

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    // Deployed by azd from this repository, not from a linked GitHub repository.
    provider: 'None'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
    enterpriseGradeCdnStatus: 'Disabled'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostname
