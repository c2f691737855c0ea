using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>A mailbox-stage flow and its emailed link: the flow id for the page, the link token (the flow's address and a secret) for the email.</summary>
public sealed record MailboxProof(string FlowId, TokenAddress FlowAddress, string LinkToken);

/// <summary>
/// The steps' way to their flows: find one by the id a client holds, open the mailbox stage, and write a transition
/// under the row's ETag (re-deciding it when a concurrent write got there first). Also the extension step. Ids and
/// addresses go through the request's codec (<see cref="ITokenKeyProvider"/>), which no caller passes in.
/// </summary>
public sealed class RecoveryFlows(IRecoveryFlowStore store, IAccountStore accounts, ITokenKeyProvider keys, IOptions<RecoveryOptions> options, TimeProvider time)
{
    private const int MaxRaces = 50;

    /// <summary>The scope of a flow id's keyed hash on its account (<see cref="AnswerKeysAsync"/>).</summary>
    public const string AnsweredFlowScope = "answered-flow";

    /// <summary>The flow behind an id, under the current key then the previous one; null when unknown or not shaped like an id.</summary>
    public async Task<RecoveryFlow?> FindAsync(string? flowId, CancellationToken cancellationToken = default)
        => await (await keys.GetCodecAsync(cancellationToken)).FindFirstAsync(flowId, store.GetAsync, cancellationToken);

    /// <summary>The flow behind an id, or <c>flow-invalid</c>.</summary>
    public async Task<RecoveryFlow> RequireAsync(string? flowId, CancellationToken cancellationToken = default)
        => await FindAsync(flowId, cancellationToken) ?? throw new DomainException(ProblemCode.FlowInvalid);

    /// <summary>
    /// The mailbox-stage flow behind an emailed link (<see cref="TokenCodec.NewLink"/>): one point read at the address the
    /// link carries, then its secret compared with the row's hash in constant time. Null when the text is not shaped like
    /// a link (no read), no flow is there, or the secret is not that flow's (a tampered link, or one from before links
    /// carried their flow's address).
    /// </summary>
    public async Task<RecoveryFlow?> FindByLinkAsync(string? link, CancellationToken cancellationToken = default)
    {
        if (!TokenCodec.TryReadLink(link, out var address, out var secret))
        {
            return null;
        }

        var flow = await store.GetAsync(address, cancellationToken);
        return flow is not null && flow.LinkMatches(await keys.GetKeyRingAsync(cancellationToken), secret) ? flow : null;
    }

    /// <summary>
    /// The keyed hashes of a flow id under which its account records the flow as answered (<see cref="Account.AnsweredFlow"/>)
    /// or completed (<see cref="Account.CompletedFlow"/>), the current key first: keyed, so the account row never holds a
    /// usable id (docs/decisions/0011).
    /// </summary>
    public async Task<IReadOnlyList<string>> AnswerKeysAsync(string flowId, CancellationToken cancellationToken = default)
        => (await keys.GetKeyRingAsync(cancellationToken)).KeyedHashes(AnsweredFlowScope, flowId);

    /// <summary>
    /// A post-mailbox flow's account (every such flow is bound to one), read before the flow is checked for
    /// <paramref name="action"/>, with the flow id's keyed hashes: <c>link-used</c> when the account records the flow as
    /// completed, as the closed row answered before the reset stopped writing it (docs/decisions/0011, "The completed
    /// flow"). A mailbox-stage flow (bound to nobody for an unknown address) reads nothing here, so it is refused exactly
    /// as before; it gets no keys.
    /// </summary>
    public async Task<(VersionedAccount? Read, IReadOnlyList<string> FlowKeys)> ReadBoundAccountAsync(RecoveryFlow flow, string flowId, RecoveryFlowAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Stage == RecoveryFlowStage.Mailbox || flow.SubscriberNumber is not { } number)
        {
            return (null, []);
        }

        var flowKeys = await AnswerKeysAsync(flowId, cancellationToken);
        var read = await accounts.GetAsync(number, cancellationToken);
        return read is not null && read.Account.HasCompleted(flowKeys) ? throw RecoveryFlow.Refuse(RecoveryFlowRefusal.Used, action) : (read, flowKeys);
    }

    /// <summary>
    /// Opens the mailbox stage: one flow row, holding the code's hash (if any) and the link's. Self-service requests and
    /// helpdesk links differ only in the flag.
    /// </summary>
    /// <param name="account">Null for an address with no usable account: the same row is written, never usable.</param>
    public async Task<MailboxProof> OpenMailboxAsync(Account? account, DateTimeOffset now, DateTimeOffset expiresAt, string? codeHash, bool helpdesk, CancellationToken cancellationToken = default)
    {
        var codec = await keys.GetCodecAsync(cancellationToken);
        var (flow, flowId, link) = RecoveryFlow.OpenMailbox(codec, account, now, expiresAt, codeHash, helpdesk, options.Value.RecoveryFlowMaxLifetime);
        await store.AddAsync(flow, cancellationToken);
        return new MailboxProof(flowId, flow.Address, link);
    }

    /// <summary>
    /// The mailbox proof: closes the mailbox flow (single use) and writes the stage it opens
    /// (<see cref="RecoveryFlow.StageAfterMailbox"/>), with the configured lifetime and ceiling, in one transaction under the
    /// flow's ETag; returns the opened flow and its id. A lost race is <c>link-used</c> without a re-read: a mailbox flow
    /// cannot be extended, so whoever wrote first moved it (proved it, or counted a code). A row written before mailbox
    /// rows made room for their successor (<see cref="RecoveryFlow.OpenMailbox"/>) takes the two writes of old.
    /// </summary>
    public async Task<(RecoveryFlow Flow, string Id)> ProveMailboxAsync(RecoveryFlow mailboxFlow, Account account, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailboxFlow);
        var proven = mailboxFlow.ProveMailbox(now);
        var opened = proven.OpenAfterMailbox(await keys.GetCodecAsync(cancellationToken), account, options.Value.Profile, now, options.Value.RecoveryFlowLifetime, options.Value.RecoveryFlowMaxLifetime);
        var beside = opened.Flow.Address.Partition == proven.Address.Partition;
        if (!(beside ? await store.TryReplaceAndAddAsync(proven, opened.Flow, cancellationToken) : await store.TrySaveAsync(proven, cancellationToken) is not null))
        {
            throw RecoveryFlow.Refuse(RecoveryFlowRefusal.Used, RecoveryFlowAction.ProveMailbox);
        }

        if (!beside)
        {
            await store.AddAsync(opened.Flow, cancellationToken);
        }

        return opened;
    }

    /// <summary>Writes the password-stage flow an enrolled factor opens (<see cref="RecoveryFlow.OpenAfterFactor"/>), with the configured lifetime and ceiling.</summary>
    public async Task<(RecoveryFlow Flow, string Id)> OpenAfterFactorAsync(Account account, RecoveryFactor factor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var opened = RecoveryFlow.OpenAfterFactor(await keys.GetCodecAsync(cancellationToken), account, factor, now, options.Value.RecoveryFlowLifetime, options.Value.RecoveryFlowMaxLifetime);
        await store.AddAsync(opened.Flow, cancellationToken: cancellationToken);
        return opened;
    }

    /// <summary>Writes a move that may be repeated (counting a code, extending): a lost race decides it again on the fresh row.</summary>
    /// <param name="whenGone">The refusal when the row has disappeared meanwhile.</param>
    public Task<RecoveryFlow> ApplyAsync(RecoveryFlow read, Func<RecoveryFlow, RecoveryFlow> move, Func<DomainException> whenGone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(whenGone);
        return WriteAsync(read, move, (_, fresh) => fresh ?? throw whenGone(), cancellationToken);
    }

    /// <summary>
    /// Writes a one-shot move (proving a factor): of concurrent callers exactly one
    /// gets through and the others see <c>link-used</c>. A concurrent extension is not a concurrent move: the move is
    /// written again on the extended row, so pressing "Prolonger" while submitting never costs the holder a step.
    /// </summary>
    public Task<RecoveryFlow> ApplyOnceAsync(RecoveryFlow read, Func<RecoveryFlow, RecoveryFlow> move, CancellationToken cancellationToken = default)
        => WriteAsync(read, move, (previous, fresh) => fresh is not null && previous.DiffersOnlyByExtension(fresh)
            ? fresh
            : throw RecoveryFlow.Refuse(RecoveryFlowRefusal.Used, RecoveryFlowAction.Complete), cancellationToken);

    /// <summary>
    /// Gives a post-mailbox flow one more lifetime, up to its ceiling (RGAA 13.1). Used and expired flows are refused
    /// as at every step (a completed one by its account: <see cref="ReadBoundAccountAsync"/>); an unknown id gets exactly
    /// the expired flow's answer, since it is the call a page makes when its timer runs out. The mailbox stage keeps its
    /// emailed limit.
    /// </summary>
    [Refuses(nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.ExtensionLimitReached), nameof(ProblemCode.Conflict))]
    public async Task<DateTimeOffset> ExtendAsync(string? flowId, CancellationToken cancellationToken = default)
    {
        var flow = await FindAsync(flowId, cancellationToken) ?? throw new DomainException(ProblemCode.FlowExpired);
        await ReadBoundAccountAsync(flow, flowId!, RecoveryFlowAction.Extend, cancellationToken);
        var now = time.GetUtcNow();
        var extended = await ApplyAsync(flow, f => f.Extend(now, options.Value.RecoveryFlowLifetime), () => new DomainException(ProblemCode.FlowExpired), cancellationToken);
        return extended.ExpiresAt;
    }


    private async Task<RecoveryFlow> WriteAsync(RecoveryFlow read, Func<RecoveryFlow, RecoveryFlow> move, Func<RecoveryFlow, RecoveryFlow?, RecoveryFlow> afterLostRace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(move);
        var current = read;
        for (var race = 0; race < MaxRaces; race++)
        {
            if (await store.TrySaveAsync(move(current), cancellationToken) is { } saved)
            {
                return saved;
            }

            current = afterLostRace(current, await store.GetAsync(current.Address, cancellationToken));
        }

        throw new DomainException(ProblemCode.Conflict);
    }
}
