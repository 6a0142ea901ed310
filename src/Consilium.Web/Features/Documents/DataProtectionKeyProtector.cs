using Consilium.Storage.Documents;
using Microsoft.AspNetCore.DataProtection;

namespace Consilium.Web.Features.Documents;

/// <summary>
/// Wraps each document's AES-GCM key with ASP.NET Core Data Protection (keys kept in the database, so every node can
/// read every document). An altered or foreign wrapped key fails to unprotect (throws).
/// </summary>
public sealed class DataProtectionKeyProtector(IDataProtectionProvider provider) : IDocumentKeyProtector
{
    public const string Purpose = "Consilium.Documents.DocumentKey.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public byte[] Protect(byte[] key) => _protector.Protect(key);

    public byte[] Unprotect(byte[] protectedKey) => _protector.Unprotect(protectedKey);
}
