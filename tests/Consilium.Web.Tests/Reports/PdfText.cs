using System.Diagnostics;

namespace Consilium.Web.Tests.Reports;

/// <summary>The text of a PDF, as Debian's <c>pdftotext</c> (poppler-utils) reads it; whitespace runs folded to one space.</summary>
internal static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        Skip.If(!File.Exists("/usr/bin/pdftotext"), "pdftotext is not installed (Debian poppler-utils; .ci/run installs it).");
        var file = Path.Combine(Path.GetTempPath(), $"consilium-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var text = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pdftotext failed ({process.ExitCode}): {errors}");
            return string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
