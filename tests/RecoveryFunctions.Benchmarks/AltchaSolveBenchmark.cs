using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Web;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// What the <c>ProofOfWork</c> captcha costs a person: the ALTCHA widget solving the API's challenge in the real
/// forgotten-password page (Chromium, the site's own files and CSP, a fresh context each run), the page's CPU slowed
/// through CDP (<c>Emulation.setCPUThrottlingRate</c>) by Lighthouse's mobile factor. That throttling stops at the
/// page: Chromium answers "Operation is only supported for pages, not workers" when it is sent to a dedicated worker,
/// and the widget hashes in workers (seen here: the same hash rate at ×1 and ×4). So the run measures the workers'
/// hash rate on this machine, and the phone-class figure divides it by the same factor: the secret number is uniform
/// below MaxNumber, so the median search is MaxNumber/2 hashes and the 90th percentile 0.9 × MaxNumber.
/// </summary>
public sealed class AltchaSolveBenchmark(BenchmarkOptions options)
{
    /// <summary>The widget's state changes, collected from the first script on (capture phase: they do not bubble).</summary>
    private const string Recorder = """
        window.__states = [];
        document.addEventListener('statechange', (e) => window.__states.push({ state: e.detail.state, at: performance.now(), payload: e.detail.payload ?? null }), true);
        """;

    /// <summary>The widget never reports "verified" sooner than this (its <c>minDuration</c> default).</summary>
    private const double WidgetMinimumMs = 500;

    private const double PhoneMedianBudgetMs = 2000;

    private int _workers;

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ReportRow>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        foreach (var maxNumber in options.AltchaMaxNumbers)
        {
            Console.WriteLine(FormattableString.Invariant($"ALTCHA widget, MaxNumber {maxNumber:N0}…"));
            var sitePort = FreePort.Next();
            var settings = new Dictionary<string, string?>(LocalSiteSettings.ApiOverrides(sitePort))
            {
                ["Captcha:Mode"] = "Image",
                ["Captcha:Provider"] = "ProofOfWork",
                ["Captcha:ProofOfWork:MaxNumber"] = maxNumber.ToString(CultureInfo.InvariantCulture),
            };
            await using var host = await BenchmarkHost.StartAsync(settings, cancellationToken: cancellationToken);
            var siteFiles = Directory.CreateTempSubdirectory("recovery-bench-site-");
            await using (var site = await LocalSite.StartAsync(sitePort, host.App.BaseAddress, siteFiles.FullName, cancellationToken))
            {
                var (wall, hashRate) = await SolveAsync(browser, new Uri(site.BaseAddress, "/mot-de-passe-oublie/"), cancellationToken);
                rows.AddRange(Rows(maxNumber, wall, hashRate));
            }

            siteFiles.Delete(recursive: true);
        }

        return rows;
    }

    private async Task<(LatencySample Wall, LatencySample HashRate)> SolveAsync(IBrowser browser, Uri page, CancellationToken cancellationToken)
    {
        var wall = new List<double>();
        var hashRates = new List<double>();
        for (var run = 0; run < options.AltchaRuns; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
            await context.AddInitScriptAsync(Recorder);
            var tab = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(tab);
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = BenchmarkOptions.PhoneCpuRate });
            await tab.GotoAsync(page.ToString());
            // The widget starts one worker per logical core the browser reports (this machine's, not a phone's).
            _workers = await tab.EvaluateAsync<int>("() => navigator.hardwareConcurrency");
            await tab.WaitForFunctionAsync("() => window.__states.some(s => s.state === 'verified' || s.state === 'error')", null, new PageWaitForFunctionOptions { Timeout = 180_000 });
            var states = (await tab.EvaluateAsync<JsonElement>("() => window.__states")).EnumerateArray().ToList();
            var verified = states.FirstOrDefault(s => s.GetProperty("state").GetString() == "verified");
            if (verified.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException("The widget ended in its error state.");
            }

            wall.Add(verified.GetProperty("at").GetDouble() - states.First(s => s.GetProperty("state").GetString() == "verifying").GetProperty("at").GetDouble());
            using var payload = JsonDocument.Parse(Convert.FromBase64String(verified.GetProperty("payload").GetString()!));
            // The workers tried about `number` hashes between them in `took` ms, whatever number was drawn.
            hashRates.Add(payload.RootElement.GetProperty("number").GetDouble() / payload.RootElement.GetProperty("took").GetDouble());
        }

        return (new LatencySample(wall), new LatencySample(hashRates));
    }

    private IEnumerable<ReportRow> Rows(int maxNumber, LatencySample wall, LatencySample hashRate)
    {
        var perMs = hashRate.Percentile(50);
        yield return new ReportRow("9", FormattableString.Invariant($"ALTCHA widget solve in the page, MaxNumber {maxNumber:N0}, measured on this machine (page CPU ×{BenchmarkOptions.PhoneCpuRate}, workers unthrottled)"),
            FormattableString.Invariant($"median {wall.Percentile(50) / 1000:F2} s, p90 {wall.Percentile(90) / 1000:F2} s; {perMs:F0} k hashes/s median over {_workers} workers (n={wall.Count})"),
            "(comparison)", null);
        var phonePerMs = perMs / BenchmarkOptions.PhoneCpuRate;
        var median = Math.Max(WidgetMinimumMs, maxNumber / 2.0 / phonePerMs);
        var p90 = Math.Max(WidgetMinimumMs, maxNumber * 0.9 / phonePerMs);
        yield return new ReportRow("9", FormattableString.Invariant($"ALTCHA widget solve, MaxNumber {maxNumber:N0}, phone class (this machine's hash rate ÷ {BenchmarkOptions.PhoneCpuRate}, same {_workers} workers)"),
            FormattableString.Invariant($"median {median / 1000:F2} s, p90 {p90 / 1000:F2} s"),
            "median ≤ 2 s", median <= PhoneMedianBudgetMs);
    }
}
