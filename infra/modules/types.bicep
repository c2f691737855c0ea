// Types shared by the modules.

@export()
@description('Resource tags.')
type tagsType = {
  *: string
}

@export()
@description('An address range shared on purpose (a France Services network, a ministry proxy) and the per-address limits in it (Throttling__SharedRanges__N__*, docs/security/shared-addresses.md).')
type sharedRangeType = {
  @description('CIDR range, no host bits set: 198.51.100.0/24, 2001:db8:42::/48.')
  cidr: string
  @minValue(1)
  recoveryPerIpPerHour: int
  @minValue(1)
  captchasPerIpPerHour: int
  @minValue(1)
  signInPerClientPerHour: int
  @minValue(1)
  assistanceRequestsPerIpPerHour: int
}

@export()
@description('One DNS record to publish for a customer-managed email domain.')
type dnsRecordType = {
  type: string?
  name: string?
  value: string?
  ttl: int?
}

@export()
@description('The DNS records that verify a customer-managed email domain (Domain, SPF, DKIM, DKIM2, DMARC).')
type verificationRecordsType = {
  Domain: dnsRecordType?
  SPF: dnsRecordType?
  DKIM: dnsRecordType?
  DKIM2: dnsRecordType?
  DMARC: dnsRecordType?
}

@export()
@description('A key the deployment script creates in Key Vault when missing: its secret name and its size in random bytes.')
type keySecretType = {
  name: string
  @minValue(32)
  bytes: int
}

// ---- Issue 23: table families on more storage accounts ----
@export()
@description('Connection name → the table families its storage account holds (Storage__Accounts__<family>).')
type tableAccountsType = {
  *: string[]
}

@export()
@description('One app setting, name and value.')
type appSettingType = {
  name: string
  value: string
}
