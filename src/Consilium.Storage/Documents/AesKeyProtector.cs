using System.Security.Cryptography;

namespace Consilium.Storage.Documents;

/// <summary>
/// Wraps data keys with AES-256-GCM under one master key: <c>version (1) | nonce (12) | tag (16) | wrapped key</c>. For the CLI,
/// tests and installations without ASP.NET Data Protection. Keep the master key out of the database (configuration or a key file).
/// </summary>
public sealed class AesKeyProtector : IDocumentKeyProtector, IDisposable
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly AesGcm _aes;

    public AesKeyProtector(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes (AES-256).", nameof(masterKey));
        }
        _aes = new AesGcm(masterKey, TagSize);
    }

    /// <summary>A new random master key.</summary>
    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A protector from a base64 master key (as kept in configuration).</summary>
    public static AesKeyProtector FromBase64(string masterKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(masterKey);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(masterKey);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The document master key is not base64.", nameof(masterKey), e);
        }
        return new AesKeyProtector(key);
    }

    public byte[] Protect(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var output = new byte[1 + NonceSize + TagSize + key.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, key, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), [FormatVersion]);
        return output;
    }

    public byte[] Unprotect(byte[] protectedKey)
    {
        ArgumentNullException.ThrowIfNull(protectedKey);
        if (protectedKey.Length < 1 + NonceSize + TagSize || protectedKey[0] != FormatVersion)
        {
            throw new CryptographicException("The protected key is not in a format this protector wrote.");
        }
        var key = new byte[protectedKey.Length - 1 - NonceSize - TagSize];
        _aes.Decrypt(protectedKey.AsSpan(1, NonceSize), protectedKey.AsSpan(1 + NonceSize + TagSize), protectedKey.AsSpan(1 + NonceSize, TagSize), key, [FormatVersion]);
        return key;
    }

    public void Dispose() => _aes.Dispose();
}
