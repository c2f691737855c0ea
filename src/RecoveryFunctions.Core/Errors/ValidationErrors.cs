namespace RecoveryFunctions.Core.Errors;

/// <summary>Collects field errors so a request gets all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string code)
    {
        if (!_errors.TryGetValue(field, out var codes))
        {
            codes = [];
            _errors[field] = codes;
        }

        if (!codes.Contains(code))
        {
            codes.Add(code);
        }
    }

    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw new DomainException(ProblemCode.ValidationFailed, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
