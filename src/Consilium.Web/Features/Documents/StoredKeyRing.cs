using Consilium.Storage.Configuration;
using Consilium.Storage.Documents;
using Microsoft.AspNetCore.DataProtection;

namespace Consilium.Web.Features.Documents;

/// <summary>
/// The document key protector over the Data Protection keys stored in a database, without a web host: for commands that read
/// documents offline (<c>consilium restore</c> checks that every restored document decrypts). Dispose it when done.
/// </summary>
public sealed class StoredKeyRing : IDisposable
{
    private readonly ServiceProvider _services;

    private StoredKeyRing(ServiceProvider services)
    {
        _services = services;
        Documents = new DataProtectionKeyProtector(services.GetRequiredService<IDataProtectionProvider>());
    }

    /// <summary>Unwraps (and wraps) document keys exactly as the web platform on that database does.</summary>
    public IDocumentKeyProtector Documents { get; }

    /// <summary>The key ring of the database <paramref name="storage"/> points at (it must have been migrated).</summary>
    public static StoredKeyRing Open(StorageOptions storage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        ConsiliumWebHost.AddKeyRing(services, storage);
        return new StoredKeyRing(services.BuildServiceProvider());
    }

    public void Dispose() => _services.Dispose();
}
