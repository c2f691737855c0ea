using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>
/// contract §2.7: an online assistance request costs the same storage and queue operations (kinds, count, order, counted
/// on the real SDK clients) and the same Argon2id evaluations for a known account, an unknown number, an unknown
/// address and a pending account, and for a message with or without the account's password or answer; identical
/// submissions fold into one request without costing anything different either.
/// </summary>
public sealed class AssistanceRequestOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    internal const string Message = "J'ai oublié la réponse à ma question de confiance, merci de me rappeler.";
    private static int _client;

    private AssistanceRequestService Service => graph.Request<AssistanceRequestService>();

    private IAssistanceRequestStore Store => graph.Services.GetRequiredService<IAssistanceRequestStore>();

    [Fact]
    public async Task Accept_KnownUnknownNumberUnknownEmailPending_SameOperations()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var known = (await accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!.Account;
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending);
        var inputs = new[]
        {
            Input(known.SubscriberNumber, null),
            Input(SubscriberNumber.Generate(), null),
            Input(null, $"inconnu.{Guid.NewGuid():N}@example.fr"),
            Input(null, pending),
        };

        var seen = new List<IReadOnlyList<string>>();
        var references = new List<string>();
        foreach (var input in inputs)
        {
            var (reference, operations, hashes) = await AcceptAsync(input);
            references.Add(reference);
            seen.Add(operations);
            Assert.Equal(2, hashes);
        }

        // The client address's hour, the typed number and address per day and per week (one throttle query each, one batch
        // per counter: each counter has its own partition), the number and the address looked up, the fold marker and the
        // request read then written, the audit row, the email.
        Assert.Equal(
        [
            "GET throttles", "POST $batch", "GET throttles", "POST $batch", "POST $batch", "GET throttles", "POST $batch", "POST $batch",
            "GET accounts", "GET emailindex", "GET accounts",
            "GET assistance", "GET assistance", "PUT assistance", "PUT assistance",
            "POST audit", "POST email-notifications",
        ], seen[0]);
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
        Assert.All(references, r => Assert.Matches("^[0-9]{8}-[0-9]{6}-[A-Z0-9]{6}$", r));
    }

    [Fact]
    public async Task Accept_MessageWithTheAccountsPasswordOrAnswer_SameOperationsStoredMaskedHolderTold()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var known = (await accounts.FindByEmailAsync(email))!.Account;
        var messages = new[]
        {
            "Bonjour, je n'arrive plus à me connecter, mon mot de passe est Autre-Saison-2027y et ma réponse est rue des lilas.",
            $"Bonjour, je n'arrive plus à me connecter, mon mot de passe est {ServiceGraphFixture.AccountPassword} et ma réponse est rue des lilas.",
            $"Bonjour, je n'arrive plus à me connecter, mon mot de passe est Autre-Saison-2027y et ma réponse est {ServiceGraphFixture.AccountAnswer}.",
            $"Bonjour, je n'arrive plus à me connecter, mon mot de passe est {ServiceGraphFixture.AccountPassword} et ma réponse est « {ServiceGraphFixture.AccountAnswer.ToUpperInvariant()} ».",
        };
        await graph.DrainOutboxAsync();

        var seen = new List<(IReadOnlyList<string> Operations, int Hashes, AssistanceRequest Stored)>();
        foreach (var message in messages)
        {
            var (reference, operations, hashes) = await AcceptAsync(Input(known.SubscriberNumber, null, message));
            seen.Add((operations, hashes, (await Store.GetOpenAsync(reference))!.Request));
        }

        Assert.All(seen, s => Assert.Equal(seen[0].Operations, s.Operations));
        Assert.All(seen, s => Assert.Equal(2, s.Hashes));
        Assert.Equal([false, true, true, true], seen.Select(s => s.Stored.Redacted));
        Assert.Equal(messages[0], seen[0].Stored.Message);
        Assert.Equal("Bonjour, je n'arrive plus à me connecter, mon mot de passe est [masqué] et ma réponse est rue des lilas.", seen[1].Stored.Message);
        Assert.Equal("Bonjour, je n'arrive plus à me connecter, mon mot de passe est Autre-Saison-2027y et ma réponse est [masqué].", seen[2].Stored.Message);
        Assert.Equal("Bonjour, je n'arrive plus à me connecter, mon mot de passe est [masqué] et ma réponse est « [masqué] ».", seen[3].Stored.Message);

        // One message each, on the same lane: the plain acknowledgement (capped per address), then three security notices (never capped).
        var queued = (await graph.DrainOutboxAsync()).Where(m => m.To == email).ToList();
        Assert.Equal(
            ["AssistanceRequestReceived AssistanceAcknowledgement", "AssistanceRequestSecretRedacted None", "AssistanceRequestSecretRedacted None", "AssistanceRequestSecretRedacted None"],
            queued.Select(m => $"{m.Template} {m.Budget}"));
        Assert.Equal(["Votre mot de passe", "La réponse à votre question de confiance", "Votre mot de passe et la réponse à votre question de confiance"],
            queued.Skip(1).Select(m => m.Values["ExposedSecret"]));
        Assert.DoesNotContain(queued, m => m.Values.Values.Any(v => v.Contains(ServiceGraphFixture.AccountPassword, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Accept_SameRequestFromThreeAddresses_OneRequestCountingThreeSameOperations()
    {
        var number = SubscriberNumber.Generate();
        var first = await AcceptAsync(Input(number, null));
        var second = await AcceptAsync(Input(number, null));
        var third = await AcceptAsync(Input(number, null));
        var otherContact = await AcceptAsync(Input(number, null) with { ContactEmail = "autre.contact@example.fr" });

        // Folded or not, the same operations and a reference of its own: nothing tells the sender an identical request came first.
        Assert.Equal(first.Operations, second.Operations);
        Assert.Equal(first.Operations, otherContact.Operations);
        Assert.Equal(4, new[] { first, second, third, otherContact }.Select(r => r.Reference).Distinct().Count());
        var folded = (await Store.GetOpenAsync(first.Reference))!.Request;
        Assert.Equal(3, folded.Count);
        Assert.Equal([second.Reference, third.Reference], folded.FoldedReferences);
        Assert.Equal(graph.Time.GetUtcNow(), folded.LastReceivedAt);
        Assert.Null(await Store.GetOpenAsync(second.Reference));
        Assert.Equal(1, (await Store.GetOpenAsync(otherContact.Reference))!.Request.Count);

        // The next UTC day starts a new request.
        graph.Time.Advance(TimeSpan.FromDays(1));
        try
        {
            var tomorrow = await AcceptAsync(Input(number, null));
            Assert.Equal(1, (await Store.GetOpenAsync(tomorrow.Reference))!.Request.Count);
        }
        finally
        {
            graph.Time.Advance(-TimeSpan.FromDays(1));
        }
    }

    /// <summary>Accepts from a client address of its own: the reference, the storage operations made and the Argon2id evaluations.</summary>
    private async Task<(string Reference, IReadOnlyList<string> Operations, int Hashes)> AcceptAsync(AssistanceRequestInput input)
    {
        graph.StorageOperations.Clear();
        graph.Hashes.Reset();
        var reference = await Service.AcceptAsync(AssistanceRequestService.Validate(input), NextClient());
        return (reference, graph.Describe(), graph.Hashes.Evaluations);
    }

    /// <summary>A client address of its own for each request (the per-address hourly limit is another test's).</summary>
    internal static string NextClient()
    {
        var client = Interlocked.Increment(ref _client);
        return $"203.0.{client / 250}.{1 + (client % 250)}";
    }

    internal static AssistanceRequestInput Input(string? number, string? email, string message = Message)
        => new(number, email, "contact.tiers@example.fr", null, "answer-forgotten", message, "fr");
}
