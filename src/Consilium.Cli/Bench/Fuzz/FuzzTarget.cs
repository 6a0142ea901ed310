using System.Text;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>What became of one hostile input.</summary>
internal enum FuzzOutcome
{
    /// <summary>Taken in and valid.</summary>
    Accepted,
    /// <summary>Refused with a message naming the problem (the library's validation exception, a 4xx, a form validation message).</summary>
    Rejected,
    /// <summary>Any other exception, a 5xx, or a refusal that says nothing.</summary>
    Crash,
    /// <summary>Still running when the per-input time ran out.</summary>
    Hang,
    /// <summary>Refused, but rows or files were left behind.</summary>
    PartialWrite,
}

/// <summary>The kind of bytes a target reads, which decides the mutations that make sense for it.</summary>
internal enum InputShape
{
    Json,
    Text,
    Xml,
    Archive,
    Field,
}

/// <summary>One hostile input: the mutation that made it, its bytes, and a seed the target uses to place it (field, file name).</summary>
internal sealed record FuzzInput(int Index, string Mutation, byte[] Bytes, int Seed)
{
    /// <summary>The bytes as text, read the way the import commands read a file (File.ReadAllText: a BOM chooses the encoding, else UTF-8).</summary>
    public string Text
    {
        get
        {
            using var reader = new StreamReader(new MemoryStream(Bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }
}

/// <summary>A target's answer to an input it did not throw on: accepted, or refused with the message it gave.</summary>
internal readonly record struct Verdict(bool Accepted, string Message, bool ServerError = false)
{
    public static Verdict Accept(string message = "") => new(true, message);

    public static Verdict Reject(string message) => new(false, message);

    public static Verdict Crash(string message) => new(false, message, ServerError: true);
}

/// <summary>One parser or form under attack: its real seed inputs and how it reads an input.</summary>
internal abstract class FuzzTarget
{
    public abstract string Name { get; }

    public abstract InputShape Shape { get; }

    /// <summary>Real, valid inputs (from the shared data or the product's own writers) that the mutations start from.</summary>
    public abstract IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>Reads the input; returns normally when it was taken, or throws.</summary>
    public abstract Task<Verdict> RunAsync(FuzzInput input, CancellationToken cancellationToken);

    /// <summary>True when the exception is the target's own way of refusing bad input (it names the problem).</summary>
    public abstract bool IsRejection(Exception exception);

    /// <summary>For targets that write: a fingerprint of rows and files, compared before and after a refused input.</summary>
    public virtual Task<string?> StateAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
