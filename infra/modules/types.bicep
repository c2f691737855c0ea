// Types shared by the modules.

@export()
@description('Resource tags.')
type tagsType = {
  *: string
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
