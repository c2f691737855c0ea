using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Tests.Http;

/// <summary>Every problem code has its French and English texts, one family, and the problem body keeps its wire shape.</summary>
public sealed class ProblemCatalogTests
{
    public static TheoryData<string> Codes() => [.. ProblemCatalog.AllCodes.Select(c => c.Value)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void For_EveryCode_FrenchAndEnglishTexts(string value)
    {
        var code = ProblemCatalog.AllCodes.Single(c => c.Value == value);
        var text = ProblemCatalog.For(code);

        Assert.True(ProblemCatalog.Has(code), value);
        Assert.All([text.TitleFr, text.DetailFr, text.TitleEn, text.DetailEn], t => Assert.False(string.IsNullOrWhiteSpace(t)));
        Assert.NotEqual(text.TitleFr, text.TitleEn);
    }

    [Fact]
    public void AllCodes_ValuesUniqueAndKebabCase()
    {
        Assert.Equal(ProblemCatalog.AllCodes.Count, ProblemCatalog.AllCodes.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ProblemCatalog.AllCodes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c.Value));
        Assert.All(ProblemCatalog.AllCodes, c => Assert.InRange((int)c.Family, 400, 599));
    }

    [Fact]
    public void AllCodes_TransportCodesOutsideCore()
    {
        var core = typeof(ProblemCode).GetProperties().Where(p => p.PropertyType == typeof(ProblemCode)).Select(p => ((ProblemCode)p.GetValue(null)!).Family);

        Assert.DoesNotContain(ProblemFamily.PayloadTooLarge, core);
        Assert.DoesNotContain(ProblemFamily.UnsupportedMediaType, core);
        Assert.DoesNotContain(ProblemFamily.Internal, core);
    }

    [Fact]
    public async Task Problem_AttemptsLeft_TravelsInErrorsMapAfterFieldErrors()
    {
        var refusal = new DomainException(ProblemCode.CodeIncorrect, new Dictionary<string, string[]> { ["code"] = [FieldCodes.CodeIncorrect] }, attemptsLeft: 2);

        var (status, contentType, json) = await ExecuteAsync(ApiResults.Problem(Request(), refusal));

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json; charset=utf-8", contentType);
        Assert.Equal(
            "{\"type\":\"https://errors.recovery.local/code-incorrect\",\"title\":\"Code incorrect\",\"status\":400,"
            + "\"detail\":\"Le code saisi est incorrect. Vérifiez le courriel reçu.\",\"code\":\"code-incorrect\",\"traceId\":\"trace-1\","
            + "\"errors\":{\"code\":[\"code-incorrect\"],\"attemptsLeft\":[\"2\"]}}",
            json);
    }

    [Fact]
    public async Task Problem_NoFieldErrors_ErrorsOmittedAndStatusFromFamily()
    {
        var (status, _, json) = await ExecuteAsync(ApiResults.Problem(Request(), new DomainException(ProblemCode.RecoveryLocked)));

        Assert.Equal(423, status);
        Assert.False(JsonDocument.Parse(json).RootElement.TryGetProperty("errors", out _));
        Assert.Equal(423, JsonDocument.Parse(json).RootElement.GetProperty("status").GetInt32());
    }

    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-1" };
        return context.Request;
    }

    private static async Task<(int Status, string? ContentType, string Json)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-1" };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }
}
