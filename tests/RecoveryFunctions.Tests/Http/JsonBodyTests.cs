using System.Text;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Tests.Http;

/// <summary>
/// Every refusal of the strict body reader, in memory: the problem code, its family and the field errors a client
/// sees. Recorded against the reader that classified System.Text.Json's English messages, so the structural reader
/// that replaced it answers the same.
/// </summary>
public sealed class JsonBodyTests
{
    public sealed record Sample(string Email, int QuestionId, string? Phone, string? Note = null, bool Flag = false);

    public static TheoryData<string, string, string?, string?> Refusals() => new()
    {
        // body, problem code, field path, field code
        { "", "body-required", null, null },
        { "null", "body-required", null, null },
        { "{\"email\": ", "body-malformed", null, null },
        { "{\"email\":\"a\",}", "body-malformed", null, null },
        { "{/* c */\"email\":\"a\",\"questionId\":1,\"phone\":null}", "body-malformed", null, null },
        { "{\"email\":\"a\" \"questionId\":1}", "body-malformed", null, null },
        { "{\"email\":\"a\",\"questionId\":1,\"phone\":null} x", "body-malformed", null, null },
        { "[1,2,3]", "validation-failed", "$", "field-invalid-type" },
        { "\"text\"", "validation-failed", "$", "field-invalid-type" },
        { "42", "validation-failed", "$", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":1,\"phone\":null,\"isAdmin\":true}", "validation-failed", "$.isAdmin", "field-unknown" },
        { "{\"Email\":\"a\",\"questionId\":1,\"phone\":null}", "validation-failed", "$.Email", "field-unknown" },
        { "{\"email\":\"a\",\"email\":\"b\",\"questionId\":1,\"phone\":null}", "validation-failed", "$.email", "field-duplicate" },
        { "{\"email\":42,\"questionId\":1,\"phone\":null}", "validation-failed", "$.email", "field-invalid-type" },
        { "{\"email\":null,\"questionId\":1,\"phone\":null}", "validation-failed", "$.email", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":\"one\",\"phone\":null}", "validation-failed", "$.questionId", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":1.5,\"phone\":null}", "validation-failed", "$.questionId", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":99999999999,\"phone\":null}", "validation-failed", "$.questionId", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":null,\"phone\":null}", "validation-failed", "$.questionId", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":1,\"phone\":[]}", "validation-failed", "$.phone", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":1,\"phone\":null,\"flag\":\"yes\"}", "validation-failed", "$.flag", "field-invalid-type" },
        { "{\"email\":{},\"questionId\":1,\"phone\":null}", "validation-failed", "$.email", "field-invalid-type" },
        { "{\"email\":\"a\",\"questionId\":1}", "validation-failed", "$.phone", "field-required" },
        { "{\"isAdmin\":true}", "validation-failed", "$.isAdmin", "field-unknown" },
        { "{\"email\":42,\"isAdmin\":true}", "validation-failed", "$.email", "field-invalid-type" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ReadAsync_BadBody_StableCodeAndField(string body, string code, string? path, string? fieldCode)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(Request(body)));

        Assert.Equal(code, refused.Code);
        Assert.Equal(ProblemFamily.Validation, refused.Family);
        if (path is null)
        {
            Assert.Null(refused.Errors);
        }
        else
        {
            var (field, codes) = Assert.Single(refused.Errors!);
            Assert.Equal(path, field);
            Assert.Equal([fieldCode!], codes);
        }
    }

    [Fact]
    public async Task ReadAsync_EmptyObject_EveryRequiredFieldAtOnce()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(Request("{}")));

        Assert.Equal("validation-failed", refused.Code);
        Assert.Equal(["$.email", "$.questionId", "$.phone"], refused.Errors!.Keys);
        Assert.All(refused.Errors.Values, codes => Assert.Equal(["field-required"], codes));
    }

    [Fact]
    public async Task ReadAsync_ExplicitNullForNullableField_Accepted()
    {
        var read = await JsonBody.ReadAsync<Sample>(Request("{\"email\":\"a@b.fr\",\"questionId\":3,\"phone\":null,\"note\":\"n\",\"flag\":true}"));

        Assert.Equal(new Sample("a@b.fr", 3, null, "n", true), read);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task ReadAsync_NotJson_UnsupportedMediaType415(string? contentType)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(Request("{}", contentType)));

        Assert.Equal("unsupported-media-type", refused.Code);
        Assert.Equal(415, (int)refused.Family);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverLimit_BodyTooLarge413()
    {
        var request = Request("{}");
        request.ContentLength = JsonBody.MaxBytes + 1;

        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(request));

        Assert.Equal("body-too-large", refused.Code);
        Assert.Equal(413, (int)refused.Family);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredLengthOverLimit_BodyTooLarge413()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(Request("{\"email\":\"" + new string('a', JsonBody.MaxBytes) + "\"}")));

        Assert.Equal("body-too-large", refused.Code);
    }

    [Fact]
    public async Task ReadAsync_StreamFailsMidBody_BodyFramingInvalid()
    {
        var request = Request("");
        request.Body = new FailingStream();

        var refused = await Assert.ThrowsAsync<DomainException>(() => JsonBody.ReadAsync<Sample>(request));

        Assert.Equal("body-framing-invalid", refused.Code);
    }

    private static HttpRequest Request(string body, string? contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => throw new IOException("connection reset");
    }
}
