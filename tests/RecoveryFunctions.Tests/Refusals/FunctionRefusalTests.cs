using System.Reflection;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Functions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Tests.Refusals;

/// <summary>
/// Each HTTP function against its IL (<see cref="RaisedCodes"/>, which stops at the Core steps it reaches): its operation
/// in the OpenAPI document lists every code the function can answer with, it names with <see cref="StepAttribute"/>
/// exactly the declared Core steps it calls (its caller's gate aside), and <see cref="HttpRefusesAttribute"/> lists only
/// codes the function app itself raises there.
/// </summary>
public sealed class FunctionRefusalTests
{
    public static TheoryData<string> Functions() => [.. HttpFunctions().Keys];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_EveryCodeItCanRaise_Documented(string function)
    {
        var (method, route) = HttpFunctions()[function];
        var walk = RaisedCodes.Of(method);
        var documented = OpenApiDocumentBuilder.Refusals(method, route).ToHashSet();

        Assert.Empty(walk.Unsound);
        var missing = walk.WithSteps().Where(r => !documented.Contains(r.Code)).Select(r => $"{r.Code} (from {string.Join(", ", r.Where)})").ToList();
        Assert.True(missing.Count == 0, $"{function} can answer with codes its operation does not list: {string.Join("; ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_NamesTheCoreStepsItCalls(string function)
    {
        var (method, _) = HttpFunctions()[function];
        var walk = RaisedCodes.Of(method);
        var named = method.GetCustomAttributes<StepAttribute>().Select(s => s.Resolve()).ToHashSet();
        var gate = method.GetCustomAttribute<CallerAttribute>() is { } caller ? CallerGate.Step(caller.Kind) : null;

        var stale = named.Except(walk.Steps).Select(RaisedCodes.Name).ToList();
        var unnamed = walk.Steps.Except(named).Where(s => s != gate).Select(RaisedCodes.Name).ToList();
        Assert.True(stale.Count == 0, $"{function} names [Step]s it never calls: {string.Join(", ", stale)}");
        Assert.True(unnamed.Count == 0, $"{function} calls Core steps it does not name with [Step]: {string.Join(", ", unnamed)}");

        // A code loaded in Core outside a declared step: the function calls Core code that refuses without declaring it.
        var core = typeof(ProblemCode).Assembly;
        var undeclared = walk.Codes
            .SelectMany(c => c.Value.Where(m => m.Module.Assembly == core && m.DeclaringType != typeof(DomainException)).Select(m => $"{c.Key} in {RaisedCodes.Name(m)}"))
            .ToList();
        Assert.True(undeclared.Count == 0, $"{function} reaches Core code that refuses outside a declared step: {string.Join("; ", undeclared)}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_HttpRefuses_OnlyWhatTheAppRaisesThere(string function)
    {
        var (method, _) = HttpFunctions()[function];
        var raisedHere = RaisedCodes.Of(method).Codes.Keys.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

        var stale = (method.GetCustomAttribute<HttpRefusesAttribute>()?.Codes ?? [])
            .Select(name => ProblemCatalog.Members[name].Value)
            .Where(code => !raisedHere.Contains(code))
            .ToList();
        Assert.True(stale.Count == 0, $"{function} lists in [HttpRefuses] codes the function app does not raise there: {string.Join(", ", stale)}");
    }

    private static IReadOnlyDictionary<string, (MethodInfo Method, string Route)> HttpFunctions()
        => OpenApiDocumentBuilder.HttpFunctions(typeof(OpenApiFunction).Assembly)
            .ToDictionary(f => f.Function.Name, f => (f.Method, f.Trigger.Route ?? ""), StringComparer.Ordinal);
}
