namespace Consilium.Cli.Backup;

/// <summary>How backup and restore say what they are doing (the commands show it with Spectre.Console on stderr).</summary>
internal interface IBackupProgress
{
    /// <summary>A new stage begins, <paramref name="total"/> units long (bytes or items).</summary>
    void Stage(string description, long total);

    /// <summary>The current stage moved on by <paramref name="amount"/> units.</summary>
    void Advance(long amount);
}
