using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.DevServices.Web;
using RecoveryFunctions.LocalHost;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// One whole system per collection, as <c>dotnet run</c> starts it: Azurite, the API on one free port, the
/// front ends on another (every call cross-origin), and one Chromium. Each test opens its own browser context.
/// A collection that needs other captcha settings derives from it and overrides <see cref="CaptchaSettings"/>.
/// </summary>
public partial class SiteFixture : IAsyncLifetime
{
    /// <summary>WCAG 2.1 A and AA, and axe-core's RGAA 4 mapping (tag "RGAAv4", present since axe-core 4.11).</summary>
    private static readonly string[] AxeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "RGAAv4"];
    private readonly string _mailboxDirectory = Path.Combine(Path.GetTempPath(), "recovery-browser-mailbox-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public LocalHostApp Api { get; private set; } = null!;

    public LocalSite Site { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public LocalMailbox Mailbox { get; private set; } = null!;

    public HttpClient ApiClient { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots under the repository, kept by CI as artefacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot.Find(), "TestResults", "screenshots");

    public PageWeights Weights { get; } = new();

    /// <summary>The API's clock: tests move it forward to see links expire.</summary>
    public ShiftableClock Clock { get; } = new();

    /// <summary>
    /// The captcha of this system: by default every answer passes (journeys need no OCR), while the image, its audio
    /// and "new image" still come from the API.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string?> CaptchaSettings { get; } = new Dictionary<string, string?> { ["Captcha:Mode"] = "AlwaysPass" };

    /// <summary>Settings of the system beside the captcha's, such as the standards profile (<c>AsvsSiteFixture</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ProfileSettings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mailboxDirectory);
        Directory.CreateDirectory(ScreenshotDirectory);
        Mailbox = new LocalMailbox(_mailboxDirectory);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var sitePort = FreePort.Next();
                var overrides = new Dictionary<string, string?>(LocalSiteSettings.ApiOverrides(sitePort).Concat(CaptchaSettings).Concat(ProfileSettings))
                {
                    // The browser's calls all come from 127.0.0.1: per-IP limits would end the suite, not test it.
                    ["Throttling:CaptchasPerIpPerHour"] = "10000",
                    ["Throttling:RecoveryPerIpPerHour"] = "10000",
                    ["Assistance:RequestsPerIpPerHour"] = "1000",
                };
                Api = await LocalHostApp.StartAsync(new LocalHostSettings
                {
                    Port = FreePort.Next(),
                    MailboxDirectory = _mailboxDirectory,
                    TablePrefix = "b" + Guid.NewGuid().ToString("N")[..12],
                    SeedDemoAccount = false,
                    Overrides = overrides,
                    ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock),
                });
                Site = await LocalSite.StartAsync(sitePort, Api.BaseAddress, _mailboxDirectory, service: Api.Services.GetRequiredService<IOptions<ServiceOptions>>().Value);
                break;
            }
            catch (IOException) when (attempt < 3)
            {
                // A port was taken between drawing and binding: draw again.
                if (Api is not null)
                {
                    await Api.DisposeAsync();
                }
            }
        }

        ApiClient = new HttpClient(new SocketsHttpHandler()) { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // Two cores shared by several builds: waits are generous, assertions still fail when the state never comes.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Without the background-networking switches Chromium keeps calling Google services the closed network drops.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (no storage shared with other tests) in French, or English when asked.</summary>
    /// <param name="deviceScaleFactor">2 for a high-density screen (the captcha's 2× image).</param>
    /// <param name="javaScriptEnabled">false for a browser where the site's scripts cannot run.</param>
    public async Task<IPage> NewPageAsync(string locale = "fr-FR", int width = 1280, float deviceScaleFactor = 1, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = 900 }, DeviceScaleFactor = deviceScaleFactor, JavaScriptEnabled = javaScriptEnabled });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => ConsoleMessages.Add(message.Text);
        return page;
    }

    /// <summary>Everything any page wrote to the browser console (tests assert no secret ever appears in it).</summary>
    public List<string> ConsoleMessages { get; } = [];

    public string Url(string path) => new Uri(Site.BaseAddress, path).ToString();

    /// <summary>
    /// A screenshot, then axe-core with the WCAG 2.1 A/AA and RGAA tags: 0 violations. <paramref name="frames"/> false
    /// leaves out frames axe cannot enter (the mailbox's emails, sandboxed without scripts, are not the site's pages).
    /// </summary>
    public async Task CheckPageAsync(IPage page, string name, bool frames = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        // A full-page capture of the mailbox (its emails in frames) took over the 15 s default on a loaded CI machine; the
        // picture is evidence, not the check, so it gets its own minute.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true, Timeout = 60_000 });
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. AxeTags] }, Iframes = frames });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(violations.Count == 0, $"{name}: {string.Join(Environment.NewLine, violations)}");
        var rawKeys = await page.EvaluateAsync<string[]>(RawKeysScript, KeyFamilies.Value);
        Assert.True(rawKeys.Length == 0, $"{name}: raw text keys shown: {string.Join(", ", rawKeys)}");
        var repeated = await page.EvaluateAsync<string[]>(ErrorsSaidOnceScript);
        Assert.True(repeated.Length == 0, $"{name}: {string.Join("; ", repeated)}");
    }

    /// <summary>
    /// Errors said once: a summary item that links to a field is the message that field carries, and the text appears
    /// nowhere else (twice in all: the link and the field); an item of the whole form appears once; the summary's
    /// heading does not repeat an item.
    /// </summary>
    private const string ErrorsSaidOnceScript = """
        () => {
          const problems = [];
          const said = (text) => document.body.innerText.split(text).length - 1;
          for (const summary of document.querySelectorAll('.error-summary')) {
            const heading = summary.querySelector('h2, h3')?.textContent.trim() ?? '';
            for (const item of summary.querySelectorAll('li')) {
              const text = item.textContent.trim();
              const link = item.querySelector('a[href^="#"]');
              const field = link && document.getElementById(link.getAttribute('href').slice(1));
              if (link && document.getElementById(`${field?.id}-error`)?.textContent.trim() !== text) problems.push(`"${text}" links to a field that does not carry it`);
              if (said(text) !== (link ? 2 : 1)) problems.push(`"${text}" is said ${said(text)} times`);
              if (heading && text.startsWith(heading)) problems.push(`the summary's heading "${heading}" repeats "${text}"`);
            }
          }
          return problems;
        }
        """;

    /// <summary>
    /// Text keys shown as such (a missing translation falls back to its key): any word shaped like "family.name" whose
    /// family is one of the site's key families, in the title, the visible text or a text attribute of the main frame.
    /// </summary>
    private static readonly Lazy<string[]> KeyFamilies = new(MessageKeyTests.KeyFamilies);

    private const string RawKeysScript = """
        (families) => {
          const pattern = new RegExp(`(?<![\\w@./:-])(?:${families.join('|')})\\.[A-Za-z][\\w-]*(?:\\.[\\w-]+)*`, 'g');
          const attributes = ['aria-label', 'alt', 'placeholder', 'title'];
          const texts = [document.title, document.body.innerText,
            ...[...document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))].flatMap((n) => attributes.map((a) => n.getAttribute(a) ?? ''))];
          return [...new Set(texts.flatMap((text) => text.match(pattern) ?? []))];
        }
        """;

    /// <summary>An active account made through the public API: register, then the activation link from the mailbox.</summary>
    public async Task<TestAccount> CreateActiveAccountAsync(string? phone = null)
    {
        var (account, token) = await RegisterAsync(phone);
        return await ActivateAsync(account, token);
    }

    /// <summary>Activates <paramref name="account"/> through the public API with the token of its activation email.</summary>
    public async Task<TestAccount> ActivateAsync(TestAccount account, string token)
    {
        ArgumentNullException.ThrowIfNull(account);
        var activated = await ApiClient.PostAsJsonAsync(new Uri("/api/accounts/activate", UriKind.Relative), new { token });
        activated.EnsureSuccessStatusCode();
        var summary = await activated.Content.ReadFromJsonAsync<SummaryBody>();
        return account with { SubscriberNumber = summary!.SubscriberNumber };
    }

    /// <summary>The token of the link an email carries (activation, recovery, email change).</summary>
    public static string TokenIn(LocalMailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Uri.UnescapeDataString(TokenInLink().Match(message.TextBody!).Groups[1].Value);
    }

    /// <summary>
    /// From the signed-in account space, keyboard only: a new set of saved recovery codes with the current password;
    /// returns the ten codes shown.
    /// </summary>
    public static async Task<IReadOnlyList<string>> GenerateRecoveryCodesByKeyboardAsync(IPage page, TestAccount account)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await TabToAsync(page, "#rc-currentPassword");
        await page.Keyboard.TypeAsync(account.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vos codes de secours" })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#codes-list li")).ToHaveCountAsync(10);
        return await page.Locator("#codes-list li").AllTextContentsAsync();
    }

    /// <summary>Registers a new account through the API; returns it (not yet active) and the activation token its email carries.</summary>
    public async Task<(TestAccount Account, string ActivationToken)> RegisterAsync(string? phone = null)
    {
        var account = TestAccount.New();
        var captcha = await (await ApiClient.PostAsJsonAsync(new Uri("/api/captchas", UriKind.Relative), new { purpose = "registration" })).Content.ReadFromJsonAsync<CaptchaBody>();
        var registered = await ApiClient.PostAsJsonAsync(new Uri("/api/accounts", UriKind.Relative), new
        {
            email = account.Email,
            password = account.Password,
            securityQuestionId = TestAccount.QuestionId,
            securityAnswer = account.Answer,
            phone,
            captchaId = captcha!.CaptchaId,
            captchaText = "AAAAAA",
        });
        registered.EnsureSuccessStatusCode();
        var email = await Mailbox.WaitForMessageAsync(account.Email, TimeSpan.FromSeconds(30));
        return (account, TokenIn(email));
    }

    /// <summary>The newest email to <paramref name="address"/> whose subject matches, waiting for the outbox to deliver it.</summary>
    public Task<LocalMailMessage> WaitForEmailAsync(string address, Func<LocalMailMessage, bool>? match = null)
        => Mailbox.WaitForMessageAsync(address, TimeSpan.FromSeconds(30), match);

    /// <summary>Signs <paramref name="account"/> in from the sign-in page (or <paramref name="signInPage"/>, with its query), keyboard only (the caller waits for what follows).</summary>
    public async Task SignInByKeyboardAsync(IPage page, TestAccount account, string signInPage = "/connexion/")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await page.GotoAsync(Url(signInPage));
        await TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(account.Email);
        await TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(account.Password);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>The forgotten password's last step, keyboard only: the new password twice, then the "modifié" screen focused.</summary>
    public static async Task ChooseNewPasswordByKeyboardAsync(IPage page, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await TabToAsync(page, "#newPassword");
        await page.Keyboard.TypeAsync(password);
        await TabToAsync(page, "#newPasswordConfirmation");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre mot de passe a été modifié" })).ToBeFocusedAsync();
    }

    /// <summary>Presses Tab (Shift+Tab when <paramref name="backwards"/>) until <paramref name="selector"/> has focus: proves it is reachable by keyboard, in order.</summary>
    public static async Task TabToAsync(IPage page, string selector, bool backwards = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var presses = 0; presses < 30; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"{selector} was not reached with Tab.");
    }

    public static string LinkIn(LocalMailMessage message, string path)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Regex.Match(message.TextBody!, $@"https?://\S+/{Regex.Escape(path)}#token=\S+").Value;
    }

    public static string CodeIn(LocalMailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Code().Match(message.TextBody!).Groups[1].Value;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        ApiClient?.Dispose();
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        try
        {
            Directory.Delete(_mailboxDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [GeneratedRegex(@"#token=([^\s""<>]+)")]
    private static partial Regex TokenInLink();

    [GeneratedRegex(@"\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b")]
    private static partial Regex Code();

    private sealed record CaptchaBody(string CaptchaId);

    private sealed record SummaryBody(string SubscriberNumber);
}
