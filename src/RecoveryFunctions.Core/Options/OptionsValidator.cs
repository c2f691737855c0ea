using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// The one way settings are validated: every options class has its validator beside it, in the same file, derived from
/// this and registered with <c>ValidateOnStart</c>. It checks the data-annotation rules declared on the properties,
/// then the rules attributes cannot say (formats, relations between settings, the environment); every failure names
/// its configuration key, so a wrong setting stops the app at start with a message saying which.
/// </summary>
public abstract class OptionsValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(r => $"{Key(string.Join(", ", r.MemberNames))}: {r.ErrorMessage}").ToList();
        Check(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The class's own rules: one message per failure, naming the key (<see cref="Key"/>).</summary>
    protected virtual void Check(TOptions options, List<string> failures)
    {
    }

    /// <summary>The configuration key of a property of this section, e.g. <c>Cleanup:Schedule</c>.</summary>
    protected string Key(string property) => $"{sectionName}:{property}";
}
