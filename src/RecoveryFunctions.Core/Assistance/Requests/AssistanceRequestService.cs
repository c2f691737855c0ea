using System.Globalization;
using System.Text.Json;
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

/// <summary>How many requests named an identifier over the last day and the last week (sliding windows).</summary>
public sealed record NamedVolume(int LastDay, int LastWeek);

/// <summary>The volume behind a listed request: by its account's (or else the typed) subscriber number and address; null when there is none.</summary>
public sealed record RequestVolume(NamedVolume? SubscriberNumber, NamedVolume? Email);

/// <summary>
/// The online assistance request (contract §2.7). Submitting costs the same storage operations, hash evaluations and
/// queue write whatever the identifiers match and whatever the message holds: the client address's hourly limit (the
/// only refusal: it counts the sender's own address), the typed number and address counted per day and per week (never
/// refused: strangers naming an account must not keep its holder out; agents see the volume), the same three account
/// reads (a number and an email look-up, on keys no account has when a field is empty), the same secret check (a fixed
/// count of fingerprints and two Argon2id evaluations; a found password or answer is masked, never refused), the same
/// fold (two reads, two writes: an identical submission the same day becomes a count on the first), one audit row, one
/// outbox message — which has a recipient, the address already registered, only when the identifiers named one active
/// account. Agents list, assign and close; each step is audited and, when the request names an account, its holder is emailed.
/// </summary>
public sealed class AssistanceRequestService(
    IAssistanceRequestStore requests,
    IAccountStore accounts,
    CaptchaService captchas,
    IThrottleStore throttles,
    ClientLimits limits,
    ITokenKeyProvider keys,
    SecretInMessageCheck secrets,
    IAuditLog audit,
    Notifier notifier,
    IOptions<AssistanceOptions> options,
    IOptions<RecoveryOptions> recovery,
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

    // Requests naming a number or an address, counted and shown to agents, never refused.
    private const string NamedNumberScope = "assistance-named-number";
    private const string NamedEmailScope = "assistance-named-email";
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

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
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaInvalid), nameof(ProblemCode.RateLimited))]
    public async Task<string> SubmitAsync(AssistanceRequestInput typed, CaptchaAnswer captcha, string clientIp, CancellationToken cancellationToken = default)
    {
        var input = Validate(typed);
        await captchas.RequireAsync(CaptchaPurpose.AssistanceRequest, captcha, clientIp, cancellationToken);
        return await AcceptAsync(input, clientIp, cancellationToken);
    }

    /// <summary>Everything after the captcha: the part whose cost must not depend on what matched or what the message holds.</summary>
    internal async Task<string> AcceptAsync(AssistanceRequestInput input, string clientIp, CancellationToken cancellationToken = default)
    {
        await CountAsync(input, clientIp, cancellationToken);

        var byNumber = (await accounts.GetAsync(input.SubscriberNumber ?? NoNumber, cancellationToken))?.Account;
        var byEmail = (await accounts.FindByEmailAsync(input.Email ?? NoEmail, cancellationToken))?.Account;
        var account = Match(input, byNumber, byEmail);

        // Never refused for what the message holds (that would tell a stranger when a guess is right): masked instead.
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var scan = secrets.Scan(input.Message!, account, ring);

        var now = time.GetUtcNow();
        var request = new AssistanceRequest(NewReference(now), now, input.Topic!, scan.Message, input.Language,
            input.SubscriberNumber, input.Email, input.ContactEmail, input.ContactPhone, account?.SubscriberNumber)
        { Redacted = scan.Redacted };
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var stored = await requests.SubmitAsync(request, FoldKey(ring, dayStart, input, scan.Message), dayStart + Day, cancellationToken);
        metrics.AssistanceReceive(request.Topic);
        var detail = request.Reference + (stored.Reference == request.Reference ? "" : $" folded-into={stored.Reference}") + (scan.Redacted ? " redacted" : "");
        await audit.AppendAsync(AuditEvent.ByHolder(account?.SubscriberNumber ?? AuditEvent.UnmatchedLookUps, now, AuditEventTypes.AssistanceRequestReceived, detail), cancellationToken);

        // One message either way, to the registered address only. A masked secret turns the acknowledgement into a
        // security notice ("change it"), which no per-address allowance may drop; the acknowledgement alone spends one.
        var language = account?.Language ?? input.Language;
        var values = new Dictionary<string, string>
        {
            [EmailValueKeys.Reference] = request.Reference,
            [EmailValueKeys.Date] = Iso(now),
        };
        if (scan.Redacted)
        {
            values[EmailValueKeys.ExposedSecret] = scan.ExposedSecretLabel(language);
        }

        await notifier.SendAsync(scan.Redacted ? EmailTemplate.AssistanceRequestSecretRedacted : EmailTemplate.AssistanceRequestReceived,
            account?.Email, language, values, scan.Redacted ? EmailBudget.None : EmailBudget.AssistanceAcknowledgement, cancellationToken);

        // Always the new reference, folded or not: the answer must not say whether an identical request came first.
        return request.Reference;
    }

    /// <summary>Open requests, oldest first, each with the agent view of the account it matched and the volume naming it.</summary>
    [Refuses(nameof(ProblemCode.ValidationFailed))]
    public async Task<(IReadOnlyList<(AssistanceRequest Request, AgentAccountView? Account, RequestVolume Volume)> Items, string? Continuation)> ListOpenAsync(
        AgentRequest agent, string? continuation, int pageSize, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await audit.AppendAsync(new AuditEvent(AuditEvent.UnmatchedLookUps, time.GetUtcNow(), AuditEventTypes.AgentRequestsListed, agent.Agent.Id, agent.Agent.Name, agent.Reason), cancellationToken);
        if (continuation is not null && !IsReference(continuation))
        {
            throw DomainException.Validation("continuationToken", FieldCodes.FieldInvalidType);
        }

        var page = await requests.ListOpenAsync(continuation, Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken);
        var items = new List<(AssistanceRequest, AgentAccountView?, RequestVolume)>(page.Requests.Count);
        var volumes = new Dictionary<(string?, string?), RequestVolume>();
        foreach (var request in page.Requests)
        {
            var account = request.AccountNumber is null ? null : (await accounts.GetAsync(request.AccountNumber, cancellationToken))?.Account;
            var named = (account?.SubscriberNumber ?? request.SubscriberNumber, account?.Email ?? request.Email);
            if (!volumes.TryGetValue(named, out var volume))
            {
                volumes[named] = volume = await VolumeAsync(named.Item1, named.Item2, cancellationToken);
            }

            items.Add((request, account is null ? null : AgentAccountView.Create(account, language, recovery.Value.Profile), volume));
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

    /// <summary>
    /// The one refusal is the sender's own address (its hourly limit). The typed number and address are counted for the
    /// agents' volume, never refused; an empty field is counted on a throwaway key of its own, so the batch has one shape.
    /// </summary>
    private async Task CountAsync(AssistanceRequestInput input, string clientIp, CancellationToken cancellationToken)
    {
        await limits.SpendAsync(ClientAllowance.AssistanceRequest, clientIp, cancellationToken);

        var named = NamedCounters(input.SubscriberNumber ?? Guid.NewGuid().ToString("N"), input.Email ?? Guid.NewGuid().ToString("N"));
        await throttles.HitAsync(named, Day, cancellationToken);
        await throttles.HitAsync(named, Week, cancellationToken);
    }

    private async Task<RequestVolume> VolumeAsync(string? number, string? email, CancellationToken cancellationToken)
    {
        // A missing identifier reads a key no submission counts ("-" is neither a number nor an address).
        var named = NamedCounters(number ?? "-", email ?? "-");
        var day = await throttles.CountAsync(named, Day, cancellationToken);
        var week = await throttles.CountAsync(named, Week, cancellationToken);
        return new RequestVolume(number is null ? null : new NamedVolume(day[0], week[0]), email is null ? null : new NamedVolume(day[1], week[1]));
    }

    private static ThrottleCounter[] NamedCounters(string number, string email) =>
    [
        new(NamedNumberScope, number, int.MaxValue) { Sliding = true },
        new(NamedEmailScope, email, int.MaxValue) { Sliding = true },
    ];

    /// <summary>
    /// What makes two submissions one request: the same UTC day, identifiers, topic, contact and message as stored (masked,
    /// so no secret goes into the key). The contact is part of it: a stranger's request must never absorb the holder's,
    /// whose contact details the agent needs. Keyed, so the marker holds nothing readable.
    /// </summary>
    private static string FoldKey(TokenKeyRing ring, DateTimeOffset day, AssistanceRequestInput input, string message)
        => ring.Hash("assistance-fold:" + JsonSerializer.Serialize(new[]
        {
            day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), input.SubscriberNumber, input.Email, input.Topic, input.ContactEmail, input.ContactPhone, message,
        }));

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
