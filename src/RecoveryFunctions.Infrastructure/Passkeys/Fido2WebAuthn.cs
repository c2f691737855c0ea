using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passkeys;

namespace RecoveryFunctions.Infrastructure.Passkeys;

/// <summary>
/// <see cref="IWebAuthn"/> on the Fido2 library (fido2-net-lib): discoverable, user-verified keys, no attestation
/// asked (a citizen's own device is trusted as it is; no metadata service is reached). Every failure the library or the
/// JSON reports becomes the caller's problem code: nothing of the cause reaches the client.
/// </summary>
public sealed class Fido2WebAuthn : IWebAuthn
{
    private readonly Fido2 _fido2;

    public Fido2WebAuthn(IOptions<PasskeyOptions> options, IOptions<RecoveryOptions> recovery, IOptions<ServiceOptions> service)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recovery);
        ArgumentNullException.ThrowIfNull(service);
        var (id, name, origins) = options.Value.Resolve(recovery.Value.FrontEndBaseUrl, service.Value);
        _fido2 = new Fido2(new Fido2Configuration
        {
            RPID = id,
            RPName = name,
            Origins = new HashSet<string>(origins, StringComparer.Ordinal),
            Timeout = (uint)options.Value.CeremonyLifetime.TotalMilliseconds,
        });
        Decoy = new Passkey(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), DecoyPublicKey(), 0, "", DateTimeOffset.UnixEpoch, null);
    }

    public Passkey Decoy { get; }

    public string CreationOptions(byte[] challenge, string userHandle, string userName, IReadOnlyCollection<string> excludeCredentialIds)
    {
        var options = _fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Base64Url.DecodeFromChars(userHandle), Name = userName, DisplayName = userName },
            ExcludeCredentials = [.. excludeCredentialIds.Select(Descriptor)],
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = UserVerificationRequirement.Required },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        options.Challenge = challenge;
        return options.ToJson();
    }

    public async Task<NewPasskeyCredential> VerifyCreationAsync(string optionsJson, byte[] challenge, string responseJson, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = CredentialCreateOptions.FromJson(optionsJson);
            options.Challenge = challenge;
            var response = JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(responseJson) ?? throw new JsonException("null");
            var credential = await _fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
            }, cancellationToken);
            return new NewPasskeyCredential(Base64Url.EncodeToString(credential.Id), Base64Url.EncodeToString(credential.PublicKey), credential.SignCount);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            throw new DomainException(ProblemCode.PasskeyRegistrationInvalid);
        }
    }

    public string RequestOptions(byte[] challenge, IReadOnlyCollection<string> allowCredentialIds)
    {
        var options = _fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. allowCredentialIds.Select(Descriptor)],
            UserVerification = UserVerificationRequirement.Required,
        });
        options.Challenge = challenge;
        return options.ToJson();
    }

    public (byte[] Challenge, string CredentialId)? Peek(string responseJson)
    {
        try
        {
            using var response = JsonDocument.Parse(responseJson);
            var id = response.RootElement.GetProperty("id").GetString();
            var clientData = Base64Url.DecodeFromChars(response.RootElement.GetProperty("response").GetProperty("clientDataJSON").GetString());
            using var data = JsonDocument.Parse(clientData);
            var challenge = Base64Url.DecodeFromChars(data.RootElement.GetProperty("challenge").GetString());
            return string.IsNullOrEmpty(id) ? null : (challenge, id);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return null;
        }
    }

    public async Task<long> VerifyAssertionAsync(string optionsJson, byte[] challenge, string responseJson, Passkey stored, string userHandle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try
        {
            var options = AssertionOptions.FromJson(optionsJson);
            options.Challenge = challenge;
            var response = JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(responseJson) ?? throw new JsonException("null");
            var result = await _fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = options,
                StoredPublicKey = Base64Url.DecodeFromChars(stored.PublicKey),
                StoredSignatureCounter = (uint)stored.SignCount,
                // L3 §7.2 step 6: a returned user handle must be the account's.
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle is null || Base64Url.EncodeToString(args.UserHandle) == userHandle),
            }, cancellationToken);
            return result.SignCount;
        }
        catch (Exception e) when (IsRefusal(e))
        {
            throw new DomainException(ProblemCode.PasskeyInvalid);
        }
    }

    /// <summary>What a malformed or dishonest response can throw; anything else (a bug, a cancellation) stays an error.</summary>
    private static bool IsRefusal(Exception e)
        => e is Fido2VerificationException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            or ArgumentException or CborContentException or CryptographicException or NotSupportedException or OverflowException;

    private static PublicKeyCredentialDescriptor Descriptor(string id) => new(Base64Url.DecodeFromChars(id));

    /// <summary>A fresh P-256 key whose private half is dropped at once.</summary>
    private static string DecoyPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Base64Url.EncodeToString(CosePublicKey(key));
    }

    /// <summary>A P-256 public key as COSE (RFC 9053 §7.1.1: kty 2, alg −7 ES256, crv 1, x, y), as authenticators send it.</summary>
    public static byte[] CosePublicKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var point = key.ExportParameters(false).Q;
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(5);
        cbor.WriteInt32(1);
        cbor.WriteInt32(2);
        cbor.WriteInt32(3);
        cbor.WriteInt32(-7);
        cbor.WriteInt32(-1);
        cbor.WriteInt32(1);
        cbor.WriteInt32(-2);
        cbor.WriteByteString(point.X!);
        cbor.WriteInt32(-3);
        cbor.WriteByteString(point.Y!);
        cbor.WriteEndMap();
        return cbor.Encode();
    }
}
