using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>
/// The C# proof-of-work provider against the reference implementation (npm altcha-lib, run through node): the
/// library solves and verifies the app's challenges, and the app verifies challenges the library created and solved.
/// </summary>
public sealed class AltchaInteropTests
{
    private const int MaxNumber = 5_000;
    private static readonly TokenKeyRing Ring = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)], null);
    private readonly ProofOfWorkCaptchaProvider _provider = new(new FixedTokenKeys(Ring), Options.Create(new CaptchaOptions { ProofOfWork = { MaxNumber = MaxNumber } }));

    [Fact]
    public async Task Verify_ChallengesSolvedByAltchaLib_AcceptedBothWays()
    {
        var now = TimeProvider.System.GetUtcNow();
        var issued = await _provider.IssueAsync(CaptchaPurpose.PasswordRecovery, now.AddMinutes(5));
        var hmacKey = Ring.CandidateCodeHashes("altcha", nameof(CaptchaPurpose.PasswordRecovery))[0];

        var result = await RunNodeAsync(new { challenge = issued.ProofOfWork, hmacKey, maxNumber = MaxNumber, expires = now.AddMinutes(5).ToUnixTimeSeconds() });

        Assert.True(result.GetProperty("libraryVerifiesApp").GetBoolean());
        Assert.True(await _provider.VerifyAsync(CaptchaPurpose.PasswordRecovery, issued.Stored, new CaptchaAnswer("id", null, result.GetProperty("appSolved").GetString()), now));
        var libraryChallenge = result.GetProperty("libraryChallenge").GetString()!;
        var librarySolved = result.GetProperty("librarySolved").GetString();
        Assert.True(await _provider.VerifyAsync(CaptchaPurpose.PasswordRecovery, libraryChallenge, new CaptchaAnswer("id", null, librarySolved), now));
        // The same solution is refused for another step (its key differs) and once expired.
        Assert.False(await _provider.VerifyAsync(CaptchaPurpose.Registration, libraryChallenge, new CaptchaAnswer("id", null, librarySolved), now));
        Assert.False(await _provider.VerifyAsync(CaptchaPurpose.PasswordRecovery, libraryChallenge, new CaptchaAnswer("id", null, librarySolved), now.AddMinutes(6)));
    }

    private static async Task<JsonElement> RunNodeAsync(object input)
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "tests", "RecoveryFunctions.Tests", "Captcha", "altcha-interop.mjs");
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(JsonSerializer.Serialize(input, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {await error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
