using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Tests.TwoNodes;

/// <summary>
/// Two real <c>consilium serve</c> processes on their own loopback ports, sharing one PostgreSQL database and one document store (the
/// same data directory), behind nginx round-robin; the bench accounts seeded once. Without PostgreSQL or nginx the tests skip, unless
/// <c>CONSILIUM_REQUIRE_POSTGRES=1</c> / <c>CONSILIUM_REQUIRE_NGINX=1</c> (CI), where they fail.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> NodeSettings = new Dictionary<string, string?>
    {
        // Every request comes from the balancer's address: the per-address sign-in limit would count all tests as one client.
        ["Consilium:Web:SignInAttemptsPerMinute"] = "100000",
        // Both nodes check the turnaround clock every second, and every assigned case is within its "due soon" window.
        ["Consilium:Web:TurnaroundCheckSeconds"] = "1",
        ["Consilium:Web:TurnaroundReminderHours"] = "1000",
    };

    private PostgreSqlDatabase? _database;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "consilium-two-nodes-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Why the tests cannot run here (no PostgreSQL server, no nginx), or null.</summary>
    public string? SkipReason { get; private set; }

    public StorageOptions Storage { get; private set; } = default!;
    public BenchAccountSet Accounts { get; private set; } = default!;
    public ServerProcess NodeA { get; private set; } = default!;
    public ServerProcess NodeB { get; private set; } = default!;
    public NginxBalancer Balancer { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CONSILIUM_TEST_POSTGRES")))
        {
            SkipReason = "Two nodes need PostgreSQL: CONSILIUM_TEST_POSTGRES (start a server with: eval \"$(bash .ci/postgres.sh start)\").";
            Assert.False(Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_POSTGRES") == "1", "CONSILIUM_REQUIRE_POSTGRES=1 but CONSILIUM_TEST_POSTGRES is not set.");
            return;
        }
        if (NginxBalancer.Find() is null)
        {
            SkipReason = "Two nodes need nginx as the load balancer (Debian: apt-get install nginx; .ci/run installs it).";
            Assert.False(Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_NGINX") == "1", "CONSILIUM_REQUIRE_NGINX=1 but nginx is not installed.");
            return;
        }
        _database = await PostgreSqlDatabase.CreateAsync("consilium_two_nodes");
        Storage = StorageOptions.ForPostgreSql(_database.ConnectionString);
        Storage.DataDirectory = DataDirectory;
        Accounts = await BenchAccounts.SeedAsync(Storage);
        // Started one after the other: each applies (or finds applied) the migrations before it answers /health/ready.
        NodeA = await ServerProcess.StartAsync(Storage, NodeSettings);
        NodeB = await ServerProcess.StartAsync(Storage, NodeSettings);
        Balancer = await NginxBalancer.StartAsync([NodeA.BaseAddress, NodeB.BaseAddress]);
    }

    public async Task DisposeAsync()
    {
        if (Balancer is not null)
        {
            await Balancer.DisposeAsync();
        }
        foreach (var node in new[] { NodeA, NodeB })
        {
            if (node is not null)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
