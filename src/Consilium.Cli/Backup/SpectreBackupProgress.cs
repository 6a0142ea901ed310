using Spectre.Console;

namespace Consilium.Cli.Backup;

/// <summary>Each stage of a backup or restore as one Spectre.Console progress bar (on stderr, so stdout stays for the result).</summary>
internal sealed class SpectreBackupProgress(ProgressContext context) : IBackupProgress
{
    private ProgressTask? _current;

    public static Task<T> RunAsync<T>(Func<IBackupProgress, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var progress = new SpectreBackupProgress(ctx);
            var result = await work(progress);
            progress.Complete();
            return result;
        });
    }

    public void Stage(string description, long total)
    {
        Complete();
        _current = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
    }

    public void Advance(long amount) => _current?.Increment(amount);

    private void Complete()
    {
        if (_current is not null)
        {
            _current.Value = _current.MaxValue;
        }
    }
}
