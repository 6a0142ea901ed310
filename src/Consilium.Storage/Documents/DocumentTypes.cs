namespace Consilium.Storage.Documents;

/// <summary>
/// Wraps and unwraps the per-document data keys. The web host implements it with ASP.NET Core Data Protection; the CLI and tests use
/// <see cref="AesKeyProtector"/>. <see cref="Unprotect"/> must throw when the protected key was altered or wrapped with another key.
/// </summary>
public interface IDocumentKeyProtector
{
    byte[] Protect(byte[] key);

    byte[] Unprotect(byte[] protectedKey);
}

/// <summary>Where documents live and how big one may be.</summary>
public sealed class DocumentStoreOptions
{
    /// <summary>The largest document accepted by default: 200 MiB.</summary>
    public const long DefaultMaxBytes = 200L * 1024 * 1024;

    /// <summary>The directory of the encrypted files (created when missing); temporary files are written inside it too.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The largest document accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>The plaintext size of one encrypted segment (bytes). Only new documents use a changed value; old ones keep theirs.</summary>
    public int SegmentSize { get; set; } = EncryptedSegments.DefaultSegmentSize;

    /// <summary>The documents directory inside a data directory: <c>&lt;dataDirectory&gt;/documents</c>.</summary>
    public static DocumentStoreOptions ForDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new DocumentStoreOptions { Directory = Path.Combine(dataDirectory, "documents") };
    }
}

/// <summary>A file a user sends for a case: its name (a label only: the content type comes from the bytes), who sends it, and what the browser said it is.</summary>
public sealed record DocumentUpload(Guid CaseId, string FileName, string UploadedBy, string? DeclaredContentType);

/// <summary>A stored document: <see cref="ContentType"/> as decided from its bytes, <see cref="Sha256"/> of the plaintext (lowercase hex).</summary>
public sealed record StoredDocument(Guid Id, Guid CaseId, string FileName, string ContentType, long Length, string Sha256, DateTimeOffset StoredAt, string UploadedBy);

/// <summary>Why an upload was refused.</summary>
public enum DocumentRejection
{
    TooLarge,
    UnsupportedContent,
    Empty,
    ContentMismatch,
}

/// <summary>An upload was refused; nothing was stored. The message says why in words for the person uploading.</summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException(DocumentRejection reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public DocumentRejectedException() { }
    public DocumentRejectedException(string message) : base(message) { }
    public DocumentRejectedException(string message, Exception inner) : base(message, inner) { }

    public DocumentRejection Reason { get; }
}

/// <summary>A stored document could not be read back intact: its file was altered, truncated or damaged, or its key does not open it.</summary>
public sealed class DocumentIntegrityException : Exception
{
    public DocumentIntegrityException(Guid documentId, string problem, Exception? inner = null)
        : base($"Document {documentId} failed its integrity check: {problem}. The stored file was altered or damaged; it is not served.", inner)
    {
        DocumentId = documentId;
    }

    public DocumentIntegrityException() { }
    public DocumentIntegrityException(string message) : base(message) { }
    public DocumentIntegrityException(string message, Exception inner) : base(message, inner) { }

    public Guid DocumentId { get; }
}

/// <summary>How a <see cref="StoredDocument"/> is stored (table <c>documents</c>), with its wrapped data key.</summary>
public sealed class DocumentRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string FileName { get; set; } = string.Empty;
    public string ContentType { get; set; } = string.Empty;
    public long Length { get; set; }
    public string Sha256 { get; set; } = string.Empty;
    public DateTimeOffset StoredAt { get; set; }
    public string UploadedBy { get; set; } = string.Empty;

    /// <summary>The document's data key, wrapped by the <see cref="IDocumentKeyProtector"/>.</summary>
    public byte[] WrappedKey { get; set; } = [];

    public int SegmentSize { get; set; }
}
