using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Consilium.Storage.Documents;

/// <summary>
/// The encrypted file format (one file per document, its own random 256-bit data key):
/// <code>
/// header  "CNSD" | format 1 | segment size (int32 LE) | nonce prefix (4 random bytes)       13 bytes
/// segment AES-256-GCM(plaintext of segment size, the last one shorter) | tag (16)           repeated
/// </code>
/// Segment i's nonce is the prefix followed by i (uint64 big-endian); its associated data is the header, the document id, i, and
/// whether it is the last segment, so that altering, truncating, reordering, extending or swapping files between documents fails to decrypt.
/// </summary>
internal static class EncryptedSegments
{
    public const int DefaultSegmentSize = 64 * 1024;
    public const int MinSegmentSize = 1024;
    public const int MaxSegmentSize = 16 * 1024 * 1024;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int HeaderSize = 13;
    public const int KeySize = 32;
    private const byte FormatVersion = 1;
    private const int AadSize = HeaderSize + 16 + 8 + 1;

    private static ReadOnlySpan<byte> Magic => "CNSD"u8;

    public static byte[] NewHeader(int segmentSize)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        header[4] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(5, 4), segmentSize);
        RandomNumberGenerator.Fill(header.AsSpan(9, 4));
        return header;
    }

    /// <summary>The segment size a header declares, or null when it is not a header of this format.</summary>
    public static int? ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header.StartsWith(Magic) || header[4] != FormatVersion)
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(header.Slice(5, 4));
        return size is >= MinSegmentSize and <= MaxSegmentSize ? size : null;
    }

    public static long EncryptedLength(long plaintextLength, int segmentSize) =>
        HeaderSize + plaintextLength + (SegmentCount(plaintextLength, segmentSize) * TagSize);

    public static long SegmentCount(long plaintextLength, int segmentSize) => Math.Max(1, (plaintextLength + segmentSize - 1) / segmentSize);

    public static void Encrypt(AesGcm aes, ReadOnlySpan<byte> header, Guid documentId, long index, bool last, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[AadSize];
        Fill(header, documentId, index, last, nonce, aad);
        aes.Encrypt(nonce, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, TagSize), aad);
    }

    /// <summary>Decrypts one segment (<paramref name="input"/> = ciphertext followed by its tag); false when it does not authenticate.</summary>
    public static bool TryDecrypt(AesGcm aes, ReadOnlySpan<byte> header, Guid documentId, long index, bool last, ReadOnlySpan<byte> input, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[AadSize];
        Fill(header, documentId, index, last, nonce, aad);
        var length = input.Length - TagSize;
        try
        {
            aes.Decrypt(nonce, input[..length], input.Slice(length, TagSize), plaintext[..length], aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static void Fill(ReadOnlySpan<byte> header, Guid documentId, long index, bool last, Span<byte> nonce, Span<byte> aad)
    {
        header.Slice(9, 4).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
        header[..HeaderSize].CopyTo(aad);
        documentId.TryWriteBytes(aad.Slice(HeaderSize, 16));
        BinaryPrimitives.WriteInt64BigEndian(aad.Slice(HeaderSize + 16, 8), index);
        aad[HeaderSize + 24] = last ? (byte)1 : (byte)0;
    }
}
