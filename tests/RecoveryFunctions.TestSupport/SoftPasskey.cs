using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RecoveryFunctions.Infrastructure.Passkeys;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// A software authenticator for tests and benchmarks: a P-256 key that answers the server's WebAuthn options as a
/// browser's PublicKeyCredential.toJSON() would (attestation "none", user present and verified, a counter that moves
/// by one per assertion unless told otherwise). The browser tests use Chromium's own virtual authenticator instead.
/// </summary>
public sealed class SoftPasskey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(16);
    private byte[] _userHandle = [];

    /// <param name="origin">The page origin the "browser" reports (the server's front end by default in the fixtures).</param>
    public SoftPasskey(string origin, string? rpId = null)
    {
        Origin = origin;
        RpId = rpId ?? new Uri(origin).Host;
    }

    public string Origin { get; set; }

    public string RpId { get; }

    public string CredentialId => Base64Url.EncodeToString(_credentialId);

    /// <summary>The signature counter of the last assertion (0 after creation).</summary>
    public uint Counter { get; set; }

    /// <summary>Answers creation options (the JSON the server sent): RegistrationResponseJSON.</summary>
    public JsonObject Register(JsonNode creationOptions)
    {
        ArgumentNullException.ThrowIfNull(creationOptions);
        _userHandle = Base64Url.DecodeFromChars(creationOptions["user"]!["id"]!.GetValue<string>());
        var clientData = ClientData("webauthn.create", creationOptions["challenge"]!.GetValue<string>());
        var publicKey = Fido2WebAuthn.CosePublicKey(_key);
        var authData = new List<byte>();
        authData.AddRange(AuthDataHead(0x45, 0)); // UP, UV, AT
        authData.AddRange(new byte[16]); // AAGUID
        authData.Add((byte)(_credentialId.Length >> 8));
        authData.Add((byte)_credentialId.Length);
        authData.AddRange(_credentialId);
        authData.AddRange(publicKey);

        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString([.. authData]);
        attestation.WriteEndMap();

        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>Answers request options: AuthenticationResponseJSON signed with this key, the counter moved by one (or set to <paramref name="counter"/>).</summary>
    public JsonObject Assert(JsonNode requestOptions, uint? counter = null)
    {
        ArgumentNullException.ThrowIfNull(requestOptions);
        Counter = counter ?? Counter + 1;
        var clientData = ClientData("webauthn.get", requestOptions["challenge"]!.GetValue<string>());
        var authData = AuthDataHead(0x05, Counter); // UP, UV
        var signed = authData.Concat(SHA256.HashData(clientData)).ToArray();
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authData),
            ["signature"] = Base64Url.EncodeToString(_key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            ["userHandle"] = Base64Url.EncodeToString(_userHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = CredentialId,
        ["rawId"] = CredentialId,
        ["type"] = "public-key",
        ["response"] = response,
        ["authenticatorAttachment"] = "platform",
        ["clientExtensionResults"] = new JsonObject(),
    };

    private byte[] ClientData(string type, string challenge)
        => Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = Origin, ["crossOrigin"] = false }.ToJsonString());

    private byte[] AuthDataHead(byte flags, uint counter)
    {
        var head = new byte[37];
        SHA256.HashData(Encoding.UTF8.GetBytes(RpId)).CopyTo(head, 0);
        head[32] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(33), counter);
        return head;
    }
}
