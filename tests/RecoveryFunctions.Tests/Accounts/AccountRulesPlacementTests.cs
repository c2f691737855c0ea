using System.Reflection;
using System.Reflection.Emit;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.LocalHost;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>
/// The account owns its rules and has one save path (docs/architecture/account.md), checked on the compiled code of every
/// production assembly: no type but <see cref="Account"/> sets an account property (a <c>with</c> expression or an
/// object initializer) except the storage mapper that restores stored rows, and no type but <see cref="AccountUpdater"/>
/// calls <see cref="IAccountStore.TryUpdateAsync"/>. Lambdas, local functions and async state machines count as code of
/// the type that declares them.
/// </summary>
public sealed class AccountRulesPlacementTests
{
    private static readonly Assembly[] Production =
    [
        typeof(Account).Assembly,
        typeof(TableAccountStore).Assembly,
        typeof(RecoveryServiceCollectionExtensions).Assembly,
        typeof(DemoAccount).Assembly,
        typeof(FunctionCatalog).Assembly,
        typeof(LocalHostApp).Assembly,
    ];

    [Fact]
    public void AccountState_SetOnlyByTheAccountAndTheStorageMapper()
    {
        var setters = Calls(Production, IsAccountSetter).ToList();

        Assert.Empty(setters.Where(c => c.Owner != typeof(Account) && c.Owner != typeof(AccountEntityMapper)).Select(c => c.ToString()));
        Assert.Contains(setters, c => c.Owner == typeof(Account));
        Assert.Contains(setters, c => c.Owner == typeof(AccountEntityMapper));
    }

    [Fact]
    public void AccountRows_SavedUnderVersionOnlyByTheUpdater()
    {
        var saves = Calls(Production, IsVersionedSave).ToList();

        Assert.Equal([typeof(AccountUpdater)], saves.Select(c => c.Owner).Distinct());
    }

    [Fact]
    public void Scan_WithExpressionInALambda_IsFound()
    {
        // The checks above could pass by finding nothing: this type's own lambda proves the scan sees what they forbid.
        var found = Calls([typeof(AccountRulesPlacementTests).Assembly], IsAccountSetter).Where(c => c.Owner == typeof(AccountRulesPlacementTests));

        Assert.Equal(["set_Phone"], found.Select(c => c.Called.Name));
        Assert.NotNull(Rogue());
    }

    private static bool IsAccountSetter(MethodBase called)
        => called is MethodInfo { IsSpecialName: true } && called.DeclaringType == typeof(Account) && called.Name.StartsWith("set_", StringComparison.Ordinal);

    private static bool IsVersionedSave(MethodBase called)
        => called.Name == nameof(IAccountStore.TryUpdateAsync) && called.DeclaringType is { } type && typeof(IAccountStore).IsAssignableFrom(type);

    /// <summary>Only here to be found by <see cref="Scan_WithExpressionInALambda_IsFound"/>.</summary>
    private static Func<Account, Account> Rogue() => a => a with { Phone = null };

    private static IEnumerable<Call> Calls(IEnumerable<Assembly> assemblies, Func<MethodBase, bool> match)
        => from assembly in assemblies
           from type in assembly.GetTypes()
           from method in Bodies(type)
           from called in IlCalls.Of(method)
           where match(called)
           select new Call(Outermost(type), method, called);

    private static IEnumerable<MethodBase> Bodies(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).Where(m => m.GetMethodBody() is not null);
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private sealed record Call(Type Owner, MethodBase Caller, MethodBase Called)
    {
        public override string ToString() => $"{Caller.DeclaringType}.{Caller.Name} → {Called.DeclaringType?.Name}.{Called.Name}";
    }

    /// <summary>The methods a body calls, creates or takes the address of, read from its IL.</summary>
    private static class IlCalls
    {
        private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        public static IEnumerable<MethodBase> Of(MethodBase method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
            var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
            var methodArguments = method is MethodInfo { IsGenericMethod: true } info ? info.GetGenericArguments() : null;
            var found = new List<MethodBase>();
            for (var at = 0; at < il.Length;)
            {
                var value = (short)il[at++];
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il[at++]));
                }

                var op = ByValue[value];
                if (op.OperandType == OperandType.InlineMethod
                    && method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments) is { } called)
                {
                    found.Add(called);
                }

                at += op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                    _ => 4,
                };
            }

            return found;
        }
    }
}
