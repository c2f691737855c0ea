// Operating the recovery service (contract §7, README "Runbook"): an action group that emails the operators,
// five log alerts on what the function app exports, and a workbook of the app's metrics.
//
// - Metric names are those of src/RecoveryFunctions.Core/Telemetry/RecoveryMetrics.cs (a test checks every
//   name used here exists there). The worker exports them with the Azure Monitor OpenTelemetry exporter into
//   the component's customMetrics table: counters as deltas (valueSum = increments in the export interval),
//   gauges as their last value.
// - The 5xx rate reads the requests the Functions host records for every HTTP invocation.

import { tagsType } from 'types.bicep'

@description('Name of the existing Application Insights component the function app sends to.')
param appInsightsName string

@description('Azure region of the alert rules (the component\'s).')
param location string

@description('Tags applied to the resources.')
param tags tagsType

@description('Short name used in alert and workbook names.')
param environmentName string

@description('Address the alerts are emailed to (an operators\' mailbox or distribution list).')
param alertEmailAddress string

@description('Oldest outbox message age that alerts, in seconds: the recovery link lifetime (Recovery:RecoveryLinkLifetime), after which a waiting recovery email is useless.')
@minValue(60)
param outboxMaxAgeSeconds int = 1800

@description('Share of HTTP requests answered 5xx over 15 minutes that alerts, in percent (at least 20 requests).')
@minValue(1)
@maxValue(100)
param serverErrorPercent int = 5

@description('Email service 429 answers per minute (5-minute average) that alert: the ACS quota is too low for the load.')
@minValue(1)
param acsThrottledPerMinute int = 5

@description('Account locks (wrong answers, sign-in failures) per minute (5-minute average) that alert: a likely attack.')
@minValue(1)
param locksPerMinute int = 10

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${environmentName}-recovery'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'recovery'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

type alertType = {
  @description('Suffix of the rule name, also the runbook entry.')
  name: string
  displayName: string
  description: string
  @description('0 critical to 4 verbose.')
  severity: int
  query: string
  @description('Column of the query the threshold applies to.')
  measure: string
  threshold: int
  window: string
}

var alerts alertType[] = [
  {
    name: 'poison-queue'
    displayName: 'Recovery: emails in the poison queue'
    description: 'Emails the service refused for good or that failed 5 times wait in the poison queue. Runbook: "Poison queue not empty".'
    severity: 1
    query: 'customMetrics | where name == "recovery.outbox.poison_count" | summarize poison = max(value)'
    measure: 'poison'
    threshold: 0
    window: 'PT15M'
  }
  {
    name: 'outbox-age'
    displayName: 'Recovery: outbox messages older than a recovery link'
    description: 'The oldest waiting email is older than the recovery link lifetime: links arrive expired. Runbook: "Outbox too old".'
    severity: 1
    query: 'customMetrics | where name == "recovery.outbox.oldest_age" | summarize age = max(value)'
    measure: 'age'
    threshold: outboxMaxAgeSeconds
    window: 'PT15M'
  }
  {
    name: 'server-errors'
    displayName: 'Recovery: HTTP 5xx rate'
    description: 'More than ${serverErrorPercent} % of requests answered 5xx over 15 minutes. Runbook: "5xx rate".'
    severity: 1
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= 20 | extend percent = 100.0 * failed / total'
    measure: 'percent'
    threshold: serverErrorPercent
    window: 'PT15M'
  }
  {
    name: 'acs-throttled'
    displayName: 'Recovery: email service throttling (429)'
    description: 'Azure Communication Services answers 429 more than ${acsThrottledPerMinute} times a minute: emails are late. Runbook: "ACS 429 rate".'
    severity: 2
    query: 'customMetrics | where name == "recovery.email.throttled" | summarize per_minute = sum(valueSum) / 5.0'
    measure: 'per_minute'
    threshold: acsThrottledPerMinute
    window: 'PT5M'
  }
  {
    name: 'locks'
    displayName: 'Recovery: account locks spike'
    description: 'More than ${locksPerMinute} accounts locked a minute (wrong answers or sign-in failures): likely an attack. Runbook: "Locks per minute".'
    severity: 1
    query: 'customMetrics | where name == "recovery.locks.set" | summarize per_minute = sum(valueSum) / 5.0'
    measure: 'per_minute'
    threshold: locksPerMinute
    window: 'PT5M'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: 'alert-${environmentName}-${alert.name}'
    location: location
    tags: tags
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: alert.measure
            operator: 'GreaterThan'
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          operators.id
        ]
      }
    }
  }
]

// One chart per operator question; every query reads the component's tables over the workbook's time range.
type chartType = {
  type: int
  content: {
    version: string
    title: string
    query: string
    size: int
    queryType: int
    resourceType: string
    visualization: string
  }
}

func chart(title string, query string, visualization string) chartType => {
  type: 3
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: visualization
  }
}

var counterByDimension = 'customMetrics | where name == "{0}" | extend dimension = tostring(customDimensions["{1}"]) | summarize count = sum(valueSum) by dimension, bin(timestamp, 5m)'

var workbookItems = [
  {
    type: 1
    content: {
      json: '# Recovery service\nRecoveries, emails, locks and throttles as the function app counts them (README, "Telemetry"). Alerts: README, "Runbook".'
    }
  }
  chart('Recoveries: started, mailbox proven, answered, completed', 'customMetrics | where name in ("recovery.password.started", "recovery.password.mailbox_proven", "recovery.password.answered", "recovery.password.completed") | summarize count = sum(valueSum) by name, bin(timestamp, 5m)', 'timechart')
  chart('Refusals by problem code', format(counterByDimension, 'recovery.refused', 'code'), 'barchart')
  chart('Emails queued by template', format(counterByDimension, 'recovery.email.queued', 'template'), 'timechart')
  chart('Emails sent, throttled (429), retried, poisoned, dropped', 'customMetrics | where name in ("recovery.email.sent", "recovery.email.throttled", "recovery.email.retried", "recovery.email.poisoned", "recovery.email.dropped") | summarize count = sum(valueSum) by name, bin(timestamp, 5m)', 'timechart')
  chart('Outbox: depth, poison queue, oldest message (s)', 'customMetrics | where name in ("recovery.outbox.depth", "recovery.outbox.poison_count", "recovery.outbox.oldest_age") | summarize value = max(value) by name, bin(timestamp, 5m)', 'timechart')
  chart('Ways back without the mailbox and the question, by factor', format(counterByDimension, 'recovery.password.factor_proven', 'factor'), 'timechart')
  chart('Locks set by kind', format(counterByDimension, 'recovery.locks.set', 'kind'), 'timechart')
  chart('Throttle refusals by counter', format(counterByDimension, 'recovery.throttle.refused', 'scope'), 'barchart')
  chart('Assistance requests received by topic, closed by outcome', 'customMetrics | where name in ("recovery.assistance.received", "recovery.assistance.closed") | summarize count = sum(valueSum) by name, bin(timestamp, 1h)', 'timechart')
  chart('Assistance backlog: open requests, oldest (s)', 'customMetrics | where name in ("recovery.assistance.open", "recovery.assistance.oldest_age") | summarize value = max(value) by name, bin(timestamp, 15m)', 'timechart')
  chart('Captcha solve rate (%)', 'customMetrics | where name == "recovery.captcha.checked" | summarize solved = sumif(valueSum, tostring(customDimensions["outcome"]) == "solved"), all = sum(valueSum) by bin(timestamp, 15m) | project timestamp, solve_rate = iff(all == 0, 0.0, 100.0 * solved / all)', 'timechart')
  chart('CaptchEtat failures by operation and reason (steps refused, fail closed)', 'customMetrics | where name == "recovery.captchetat.failed" | summarize count = sum(valueSum) by operation = tostring(customDimensions["operation"]), reason = tostring(customDimensions["reason"]), bin(timestamp, 5m)', 'timechart')
  chart('HTTP requests by result code', 'requests | summarize count() by resultCode, bin(timestamp, 5m)', 'timechart')
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsights.id, 'recovery-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Recovery service (${environmentName})'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      fallbackResourceIds: [
        appInsights.id
      ]
    })
  }
}

output actionGroupId string = operators.id
output workbookId string = workbook.id
