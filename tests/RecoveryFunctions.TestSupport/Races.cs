using System.Net;

namespace RecoveryFunctions.TestSupport;

/// <summary>Single use under concurrency: N identical requests at once, exactly one wins, every other loses cleanly.</summary>
public static class Races
{
    /// <summary>Sends <paramref name="count"/> requests at once (each given its index) and asserts <see cref="AssertExactlyOneWins"/>.</summary>
    public static async Task ExactlyOneWinsAsync(int count, Func<int, Task<HttpResponseMessage>> send, HttpStatusCode winner = HttpStatusCode.OK, HttpStatusCode? loser = null)
    {
        ArgumentNullException.ThrowIfNull(send);
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(send));
        try
        {
            AssertExactlyOneWins(responses, winner, loser);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>
    /// Exactly one response has <paramref name="winner"/>'s status; every other has <paramref name="loser"/>'s or, when
    /// none is named, some 4xx (a refusal, never a 500 nor a second success).
    /// </summary>
    public static void AssertExactlyOneWins(IReadOnlyCollection<HttpResponseMessage> responses, HttpStatusCode winner = HttpStatusCode.OK, HttpStatusCode? loser = null)
    {
        ArgumentNullException.ThrowIfNull(responses);
        Assert.Single(responses, r => r.StatusCode == winner);
        foreach (var response in responses.Where(r => r.StatusCode != winner))
        {
            if (loser is { } expected)
            {
                Assert.Equal(expected, response.StatusCode);
            }
            else
            {
                Assert.InRange((int)response.StatusCode, 400, 499);
            }
        }
    }
}
