using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>What a stranger typed into the contact form, before any check.</summary>
public sealed record AssistanceRequestInput(
    string? SubscriberNumber, string? Email, string? ContactEmail, string? ContactPhone, string? Topic, string? Message, string Language);

/// <summary>
/// The online assistance request (SPEC §2.7). Submitting costs the same storage operations, hash evaluations and
/// queue write whatever the identifiers match: two throttle hits keyed by what was typed, the same three account
/// reads (a number and an email look-up, on keys no account has when a field is empty), the same secret check,
/// one request row, one audit row, one outbox message — which has a recipient, the address already registered,
/// only when the identifiers named one active account. Agents list, assign and close; each step is audited and,
/// when the request names an account, its holder is emailed.
/// </summary>
public sealed class AssistanceRequestService(
    IAssistanceRequestStore requests,
    IAccountStore accounts,
    CaptchaService captchas,
    IThrottleStore throttles,
    SecretInMessageCheck secrets,
    IAuditLog audit,
    Notifier notifier,
    IOptions<AssistanceOptions> options,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    public const int MaxMessageLength = 2000;
    public const int MaxPageSize = 100;
    public static readonly IReadOnlySet<string> Topics = new HashSet<string>(StringComparer.Ordinal) { "answer-forgotten", "mailbox-lost", "account-locked", "username-forgotten", "other" };
    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal) { "resolved", "recovery-link-sent", "account-unlocked", "identity-not-confirmed", "no-reply", "duplicate" };

    // Keys no account or index entry can have (not 13 digits; not an address), read when a field was left empty.
    private const string NoNumber = "no-subscriber-number";
    private const string NoEmail = "no-address@invalid.invalid";

    /// <summary>Checks the fields alone, before the captcha is spent on them.</summary>
    public static AssistanceRequestInput Validate(AssistanceRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        string? number = null, email = null, contactEmail = null, contactPhone = null;
        if (!string.IsNullOrWhiteSpace(input.SubscriberNumber) && !SubscriberNumber.TryParse(input.SubscriberNumber, out number))
        {
            errors.Add("subscriberNumber", FieldCodes.SubscriberNumberInvalid);
        }

        if (!string.IsNullOrWhiteSpace(input.Email) && !EmailCanonicalizer.TryCanonicalize(input.Email, out email))
        {
            errors.Add("email", FieldCodes.EmailInvalid);
        }

        if (string.IsNullOrWhiteSpace(input.SubscriberNumber) && string.IsNullOrWhiteSpace(input.Email))
        {
            errors.Add("subscriberNumber", FieldCodes.IdentifierRequired);
        }

        if (!string.IsNullOrWhiteSpace(input.ContactEmail) && !EmailCanonicalizer.TryCanonicalize(input.ContactEmail, out contactEmail))
        {
            errors.Add("contactEmail", FieldCodes.EmailInvalid);
        }

        if (!string.IsNullOrWhiteSpace(input.ContactPhone) && !PhoneCanonicalizer.TryCanonicalize(input.ContactPhone, out contactPhone))
        {
            errors.Add("contactPhone", FieldCodes.PhoneInvalid);
        }

        if (string.IsNullOrWhiteSpace(input.ContactEmail) && string.IsNullOrWhiteSpace(input.ContactPhone))
        {
            errors.Add("contactEmail", FieldCodes.ContactRequired);
        }

        if (input.Topic is null || !Topics.Contains(input.Topic))
        {
            errors.Add("topic", FieldCodes.TopicUnknown);
        }

        var message = input.Message?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        if (message.Length == 0)
        {
            errors.Add("message", FieldCodes.FieldRequired);
        }
        else if (message.Length > MaxMessageLength)
        {
            errors.Add("message", FieldCodes.MessageTooLong);
        }
        else if (!AuditText.IsCleanMultiline(message))
        {
            // A textarea's line feeds and tabs are the holder's own text (agents read it as plain text; no audit row or
            // email carries it); any other control, separator, bidi or invisible character is refused.
            errors.Add("message", FieldCodes.TextInvalidCharacter);
        }

        errors.ThrowIfAny();
        var language = Languages.IsEnglish(input.Language) ? Languages.English : Languages.French;
        return new AssistanceRequestInput(number, email, contactEmail, contactPhone, input.Topic, message, language);
    }

    /// <returns>The request's reference, the same kind of answer whatever matched.</returns>
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaInvalid), nameof(ProblemCode.MessageContainsSecret), nameof(ProblemCode.RateLimited))]
    public async Task<string> SubmitAsync(AssistanceRequestInput typed, CaptchaAnswer captcha, string clientIp, CancellationToken cancellationToken = default)
    {
        var input = Validate(typed);
        await captchas.RequireAsync(CaptchaPurpose.AssistanceRequest, captcha, cancellationToken);
        return await AcceptAsync(input, clientIp, cancellationToken);
    }

    /// <summary>Everything after the captcha: the part whose cost must not depend on what matched.</summary>
    internal async Task<string> AcceptAsync(AssistanceRequestInput input, string clientIp, CancellationToken cancellationToken = default)
    {
        await ThrottleAsync(input, clientIp, cancellationToken);

        var byNumber = (await accounts.GetAsync(input.SubscriberNumber ?? NoNumber, cancellationToken))?.Account;
        var byEmail = (await accounts.FindByEmailAsync(input.Email ?? NoEmail, cancellationToken))?.Account;
        var account = Match(input, byNumber, byEmail);

        // Refused before anything is written; only possible for a matched account (the typist knows its secret).
        if (secrets.Contains(input.Message!, account))
        {
            throw new DomainException(ProblemCode.MessageContainsSecret);
        }

        var now = time.GetUtcNow();
        var request = new AssistanceRequest(NewReference(now), now, input.Topic!, input.Message!, input.Language,
            input.SubscriberNumber, input.Email, input.ContactEmail, input.ContactPhone, account?.SubscriberNumber);
        await requests.AddAsync(request, cancellationToken);
        metrics.AssistanceReceive(request.Topic);
        await audit.AppendAsync(AuditEvent.ByHolder(account?.SubscriberNumber ?? AuditEvent.UnmatchedLookUps, now, AuditEventTypes.AssistanceRequestReceived, request.Reference), cancellationToken);
        await notifier.SendAsync(EmailTemplate.AssistanceRequestReceived, account?.Email, account?.Language ?? input.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Reference] = request.Reference,
            [EmailValueKeys.Date] = Iso(now),
        }, EmailBudget.AssistanceAcknowledgement, cancellationToken);
        return request.Reference;
    }

    /// <summary>Open requests, oldest first, each with the agent view of the account it matched.</summary>
    [Refuses(nameof(ProblemCode.ValidationFailed))]
    public async Task<(IReadOnlyList<(AssistanceRequest Request, AgentAccountView? Account)> Items, string? Continuation)> ListOpenAsync(
        AgentRequest agent, string? continuation, int pageSize, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await audit.AppendAsync(new AuditEvent(AuditEvent.UnmatchedLookUps, time.GetUtcNow(), AuditEventTypes.AgentRequestsListed, agent.Agent.Id, agent.Agent.Name, agent.Reason), cancellationToken);
        if (continuation is not null && !IsReference(continuation))
        {
            throw DomainException.Validation("continuationToken", FieldCodes.FieldInvalidType);
        }

        var page = await requests.ListOpenAsync(continuation, Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken);
        var items = new List<(AssistanceRequest, AgentAccountView?)>(page.Requests.Count);
        foreach (var request in page.Requests)
        {
            var account = request.AccountNumber is null ? null : (await accounts.GetAsync(request.AccountNumber, cancellationToken))?.Account;
            items.Add((request, account is null ? null : AgentAccountView.Create(account, language)));
        }

        return (items, page.Continuation);
    }

    [Refuses(nameof(ProblemCode.RequestNotFound), nameof(ProblemCode.Conflict))]
    public async Task AssignAsync(AgentRequest agent, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var read = await GetOpenAsync(reference, cancellationToken);
        await RecordAsync(agent, read.Request, AuditEventTypes.AgentRequestAssigned, cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var assigned = read.Request with { AssignedToId = agent.Agent.Id, AssignedToName = agent.Agent.Name, AssignedAt = time.GetUtcNow() };
            if (await requests.TryUpdateOpenAsync(assigned, read.Version, cancellationToken))
            {
                return;
            }

            read = await requests.GetOpenAsync(reference, cancellationToken) ?? throw NotFound();
        }

        throw new DomainException(ProblemCode.Conflict);
    }

    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.RequestNotFound), nameof(ProblemCode.Conflict))]
    public async Task CloseAsync(AgentRequest agent, string reference, string? outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (outcome is null || !Outcomes.Contains(outcome))
        {
            throw DomainException.Validation("outcome", FieldCodes.OutcomeUnknown);
        }

        var read = await GetOpenAsync(reference, cancellationToken);
        await RecordAsync(agent, read.Request, AuditEventTypes.AgentRequestClosed, cancellationToken, outcome);
        var now = time.GetUtcNow();
        if (!await requests.TryCloseAsync(read.Request, read.Version, outcome, now, now + options.Value.RequestRetention, cancellationToken))
        {
            // Closed or assigned meanwhile: the agent looks again rather than closing over someone else's write.
            throw new DomainException(ProblemCode.Conflict);
        }

        metrics.AssistanceClose(outcome);
    }

    /// <summary>Reads how many requests wait and for how long, for the operator's gauges (the monitor timer).</summary>
    public async Task InspectAsync(CancellationToken cancellationToken = default)
    {
        var (open, oldest) = await requests.CountOpenAsync(cancellationToken);
        metrics.AssistanceInspected(open, oldest is { } at ? time.GetUtcNow() - at : null);
    }

    /// <summary>Anything but a well-formed reference is simply not found, before storage sees it (no key syntax reaches a URL).</summary>
    private async Task<VersionedAssistanceRequest> GetOpenAsync(string reference, CancellationToken cancellationToken)
        => IsReference(reference) ? await requests.GetOpenAsync(reference, cancellationToken) ?? throw NotFound() : throw NotFound();

    private static bool IsReference(string value)
        => value.Length == 22 && value[8] == '-' && value[15] == '-'
            && value[..8].All(char.IsAsciiDigit) && value[9..15].All(char.IsAsciiDigit) && value[16..].All(c => CodeGenerator.Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Audited before it takes effect; the holder of a matched account is told at the registered address.</summary>
    private async Task RecordAsync(AgentRequest agent, AssistanceRequest request, string type, CancellationToken cancellationToken, string? detail = null)
    {
        var at = time.GetUtcNow();
        await audit.AppendAsync(new AuditEvent(request.AccountNumber ?? AuditEvent.UnmatchedLookUps, at, type, agent.Agent.Id, agent.Agent.Name, agent.Reason,
            detail is null ? request.Reference : $"{request.Reference} {detail}"), cancellationToken);
        var account = request.AccountNumber is null ? null : (await accounts.GetAsync(request.AccountNumber, cancellationToken))?.Account;
        if (account is not null)
        {
            await notifier.SendAsync(EmailTemplate.AssistanceAction, account.Email, account.Language, new Dictionary<string, string>
            {
                [EmailValueKeys.Action] = AssistanceActionLabels.For(type, account.Language),
                [EmailValueKeys.Date] = Iso(at),
            }, EmailBudget.None, cancellationToken);
        }
    }

    private async Task ThrottleAsync(AssistanceRequestInput input, string clientIp, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var perIp = await throttles.HitAsync([ThrottleCounter.ForClient("assistance-request-ip", clientIp, settings.RequestsPerIpPerHour)], TimeSpan.FromHours(1), cancellationToken);
        var perAccount = await throttles.HitAsync(
        [
            // An empty field still costs its counter, on a key of its own so it never throttles anyone.
            new ThrottleCounter("assistance-request-number", input.SubscriberNumber ?? Guid.NewGuid().ToString("N"), settings.RequestsPerAccountPerDay),
            new ThrottleCounter("assistance-request-email", input.Email ?? Guid.NewGuid().ToString("N"), settings.RequestsPerAccountPerDay),
        ], TimeSpan.FromDays(1), cancellationToken);
        foreach (var decision in new[] { perIp, perAccount })
        {
            if (!decision.Allowed)
            {
                throw new DomainException(ProblemCode.RateLimited, retryAfter: decision.RetryAfter);
            }
        }
    }

    /// <summary>One active account named by every identifier given; anything else (unknown, pending, two different accounts) matches none.</summary>
    private static Account? Match(AssistanceRequestInput input, Account? byNumber, Account? byEmail)
    {
        var named = (input.SubscriberNumber, input.Email) switch
        {
            (not null, not null) => byNumber is not null && byEmail?.SubscriberNumber == byNumber.SubscriberNumber ? byNumber : null,
            (not null, null) => byNumber,
            _ => byEmail,
        };
        return named is { Status: AccountStatus.Active } ? named : null;
    }

    /// <summary>Sorts by arrival (UTC to the second) and is unguessable enough not to collide: 20260701-083000-K7PX3M.</summary>
    private static string NewReference(DateTimeOffset now)
        => now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + CodeGenerator.NewCode()[..6];

    private static DomainException NotFound() => new(ProblemCode.RequestNotFound);

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
