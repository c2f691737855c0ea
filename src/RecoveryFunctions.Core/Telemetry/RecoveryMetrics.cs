using System.Diagnostics;
using System.Diagnostics.Metrics;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Core.Telemetry;

/// <summary>
/// Every metric and span the app emits, in one place (contract §7): the names here are what the alerts and
/// the workbook in <c>infra/modules/alerts.bicep</c> query, and a test keeps the two in step. Dimensions
/// are closed vocabularies (template, problem code, throttle scope, lock kind, outcome): never an
/// address, a subscriber number, a token, a code or an answer.
/// </summary>
public sealed class RecoveryMetrics
{
    /// <summary>Name of the Meter and of the ActivitySource (what exporters subscribe to).</summary>
    public const string Name = "RecoveryFunctions";

    public const string RecoveryStarted = "recovery.password.started";
    public const string RecoveryMailboxProven = "recovery.password.mailbox_proven";
    public const string RecoveryAnswered = "recovery.password.answered";
    public const string RecoveryFactorProven = "recovery.password.factor_proven";
    public const string RecoveryCompleted = "recovery.password.completed";
    public const string Refused = "recovery.refused";
    public const string LocksSet = "recovery.locks.set";
    public const string ThrottleRefused = "recovery.throttle.refused";
    public const string CaptchaChecked = "recovery.captcha.checked";
    public const string CaptchEtatFailed = "recovery.captchetat.failed";
    public const string EmailQueued = "recovery.email.queued";
    public const string EmailSent = "recovery.email.sent";
    public const string EmailThrottled = "recovery.email.throttled";
    public const string EmailRetried = "recovery.email.retried";
    public const string EmailPoisoned = "recovery.email.poisoned";
    public const string EmailDropped = "recovery.email.dropped";
    public const string OutboxDepth = "recovery.outbox.depth";
    public const string OutboxPoisonCount = "recovery.outbox.poison_count";
    public const string OutboxOldestAge = "recovery.outbox.oldest_age";
    public const string AssistanceReceived = "recovery.assistance.received";
    public const string AssistanceClosed = "recovery.assistance.closed";
    public const string AssistanceOpen = "recovery.assistance.open";
    public const string AssistanceOldestAge = "recovery.assistance.oldest_age";

    /// <summary>Spans of the app: the queue worker's delivery (continuing the HTTP step's trace) and the steps inside it.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _mailboxProven;
    private readonly Counter<long> _answered;
    private readonly Counter<long> _factorProven;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _locks;
    private readonly Counter<long> _throttleRefused;
    private readonly Counter<long> _captcha;
    private readonly Counter<long> _captchEtatFailed;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _poisoned;
    private readonly Counter<long> _dropped;
    private readonly Gauge<long> _outboxDepth;
    private readonly Gauge<long> _poisonCount;
    private readonly Gauge<double> _oldestAge;
    private readonly Counter<long> _assistanceReceived;
    private readonly Counter<long> _assistanceClosed;
    private readonly Gauge<long> _assistanceOpen;
    private readonly Gauge<double> _assistanceOldestAge;

    public RecoveryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        _started = _meter.CreateCounter<long>(RecoveryStarted, "{recovery}", "Forgotten-password requests accepted (captcha and throttles passed), known address or not.");
        _mailboxProven = _meter.CreateCounter<long>(RecoveryMailboxProven, "{recovery}", "Mailbox proofs accepted (link or code), by channel.");
        _answered = _meter.CreateCounter<long>(RecoveryAnswered, "{recovery}", "Right security answers.");
        _factorProven = _meter.CreateCounter<long>(RecoveryFactorProven, "{recovery}", "Enrolled factors accepted instead of the mailbox and the question, by factor (recovery-code).");
        _completed = _meter.CreateCounter<long>(RecoveryCompleted, "{recovery}", "Passwords reset at the end of a recovery.");
        _refused = _meter.CreateCounter<long>(Refused, "{request}", "API requests refused with a problem, by problem code.");
        _locks = _meter.CreateCounter<long>(LocksSet, "{lock}", "Locks set on accounts and addresses, by kind (answer, sign-in, recovery-code).");
        _throttleRefused = _meter.CreateCounter<long>(ThrottleRefused, "{request}", "Throttle refusals, by counter scope.");
        _captcha = _meter.CreateCounter<long>(CaptchaChecked, "{check}", "Captcha answers checked, by outcome (solved, failed).");
        _captchEtatFailed = _meter.CreateCounter<long>(CaptchEtatFailed, "{call}", "CaptchEtat calls that gave no usable answer (the step failed closed), by operation and reason.");
        _queued = _meter.CreateCounter<long>(EmailQueued, "{email}", "Emails put on the outbox by an HTTP step, by template.");
        _sent = _meter.CreateCounter<long>(EmailSent, "{email}", "Emails accepted and delivered by the email service, by template.");
        _throttled = _meter.CreateCounter<long>(EmailThrottled, "{email}", "Email service 429 answers (message re-queued for Retry-After), by template.");
        _retried = _meter.CreateCounter<long>(EmailRetried, "{email}", "Transient email failures handed back to the host for a retry, by template.");
        _poisoned = _meter.CreateCounter<long>(EmailPoisoned, "{email}", "Emails refused for good and parked on the poison queue, by template.");
        _dropped = _meter.CreateCounter<long>(EmailDropped, "{email}", "Emails dropped by design, by template, priority and reason (no-recipient, capped, stale).");
        _outboxDepth = _meter.CreateGauge<long>(OutboxDepth, "{message}", "Messages in the outbox queue (approximate), at the last inspection.");
        _poisonCount = _meter.CreateGauge<long>(OutboxPoisonCount, "{message}", "Messages in the poison queue (approximate), at the last inspection.");
        _oldestAge = _meter.CreateGauge<double>(OutboxOldestAge, "s", "Age of the oldest visible outbox message, at the last inspection.");
        _assistanceReceived = _meter.CreateCounter<long>(AssistanceReceived, "{request}", "Online assistance requests accepted, by topic (matched or not: the form answers alike).");
        _assistanceClosed = _meter.CreateCounter<long>(AssistanceClosed, "{request}", "Assistance requests closed by an agent, by outcome.");
        _assistanceOpen = _meter.CreateGauge<long>(AssistanceOpen, "{request}", "Open assistance requests, at the last inspection.");
        _assistanceOldestAge = _meter.CreateGauge<double>(AssistanceOldestAge, "s", "Age of the oldest open assistance request, at the last inspection.");
    }

    public void RecoveryStart() => _started.Add(1);

    public void MailboxProve(bool helpdesk) => _mailboxProven.Add(1, new KeyValuePair<string, object?>("channel", helpdesk ? "helpdesk-link" : "self-service"));

    public void RecoveryAnswer() => _answered.Add(1);

    /// <param name="factor">The factor's name as a dimension (e.g. <c>recovery-code</c>), never anything it held.</param>
    public void FactorProve(string factor) => _factorProven.Add(1, new KeyValuePair<string, object?>("factor", factor));

    public void RecoveryComplete() => _completed.Add(1);

    /// <summary>A refusal the API answered with a problem; <paramref name="code"/> is the stable problem code.</summary>
    public void Refuse(string code) => _refused.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <param name="kind"><c>answer</c> or <c>sign-in</c>.</param>
    public void LockSet(string kind) => _locks.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <param name="scope">The counter's scope name (e.g. <c>recovery-ip</c>), never its key.</param>
    public void ThrottleRefuse(string scope) => _throttleRefused.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void CaptchaCheck(bool solved) => _captcha.Add(1, new KeyValuePair<string, object?>("outcome", solved ? "solved" : "failed"));

    /// <param name="operation"><c>token</c>, <c>image</c>, <c>sound</c> or <c>validate</c>.</param>
    public void CaptchEtatFail(string operation, Captcha.CaptchEtatFailure reason)
        => _captchEtatFailed.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void EmailQueue(EmailTemplate template) => _queued.Add(1, Template(template));

    public void EmailSend(EmailTemplate template) => _sent.Add(1, Template(template));

    public void EmailThrottle(EmailTemplate template) => _throttled.Add(1, Template(template));

    public void EmailRetry(EmailTemplate template) => _retried.Add(1, Template(template));

    public void EmailPoison(EmailTemplate template) => _poisoned.Add(1, Template(template));

    /// <param name="reason"><c>no-recipient</c>, <c>capped</c> or <c>stale</c>.</param>
    public void EmailDrop(EmailTemplate template, string reason)
    {
        var tags = Template(template);
        tags.Add("reason", reason);
        _dropped.Add(1, tags);
    }

    /// <param name="topic">One of the form's fixed topics, never the message.</param>
    public void AssistanceReceive(string topic) => _assistanceReceived.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <param name="outcome">One of the fixed closing outcomes.</param>
    public void AssistanceClose(string outcome) => _assistanceClosed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AssistanceInspected(long open, TimeSpan? oldestAge)
    {
        _assistanceOpen.Record(open);
        _assistanceOldestAge.Record(oldestAge?.TotalSeconds ?? 0);
    }

    public void OutboxInspected(long depth, long poisonCount, TimeSpan? oldestAge)
    {
        _outboxDepth.Record(depth);
        _poisonCount.Record(poisonCount);
        _oldestAge.Record(oldestAge?.TotalSeconds ?? 0);
    }

    /// <summary>
    /// The queue worker's span for one outbox message: a child of the HTTP step that queued it when the message
    /// carries that step's W3C traceparent, so one trace runs from the request through the queue to the email service.
    /// </summary>
    public static Activity? StartDelivery(OutboxEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        ActivityContext.TryParse(email.TraceParent, null, out var parent);

        // The host's invocation span (when there is one) stays reachable through a link.
        ActivityLink[]? links = Activity.Current is { } invocation ? [new ActivityLink(invocation.Context)] : null;
        var activity = Source.StartActivity("email.deliver", ActivityKind.Consumer, parent, links: links);
        activity?.SetTag("email.template", email.Template.ToString());
        activity?.SetTag("email.operation_id", email.OperationId.ToString("D"));
        return activity;
    }

    /// <summary>The template and its lane, so an operator sees whether links or notices wait when the quota binds.</summary>
    private static TagList Template(EmailTemplate template) => new()
    {
        { "template", template.ToString() },
        { "priority", EmailUrgency.IsTimeCritical(template) ? "time-critical" : "notification" },
    };
}
