using System.Diagnostics;
using Xunit;

namespace Consilium.Tests.Shared;

/// <summary>The text of a PDF, as Debian's <c>pdftotext</c> (poppler-utils) reads it; whitespace runs folded to one space. Skips the test without it.</summary>
internal static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"consilium-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            return Extract(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string Extract(string file)
    {
        Skip.If(!File.Exists("/usr/bin/pdftotext"), "pdftotext is not installed (Debian poppler-utils; .ci/run installs it).");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftotext failed ({process.ExitCode}): {errors.Result}");
        return string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));
    }
}
