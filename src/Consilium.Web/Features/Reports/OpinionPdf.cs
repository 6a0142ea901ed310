using System.Globalization;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Consilium.Web.Features.Reports;

/// <summary>
/// Lays out an <see cref="OpinionReport"/> as a PDF (A4, DejaVu Sans): a header with the case id, reviewers and dates; the clinician
/// report; the patient summary with what to ask the doctor next; the signature block (every signed version, its signer, time and
/// content hash); page numbers. Call <see cref="ReportFonts.Install"/> first.
/// </summary>
public static class OpinionPdf
{
    private const double Margin = 50;
    private const double BodySize = 10;

    public static byte[] Render(OpinionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var document = new PdfDocument();
        document.Info.Title = $"Second opinion, case {report.CaseId}";
        document.Info.Author = string.Join(", ", report.Reviewers.Select(r => r.Name));
        document.Info.Subject = "Consilium second opinion";
        document.Info.CreationDate = report.Current.SignedAt.UtcDateTime;
        var writer = new PageWriter(document);

        writer.Heading("Second opinion", 18);
        writer.Field("Case", report.CaseId.ToString());
        writer.Field("Situations", report.Situations.Count == 0 ? "none recorded" : string.Join(", ", report.Situations.Select(SituationCode.PlainName)));
        writer.Field("Reviewers", string.Join(", ", report.Reviewers.Select(r => r.Name)));
        if (report.SubmittedAt is { } submitted)
        {
            writer.Field("Submitted", Date(submitted));
        }
        writer.Field("Signed", $"{Date(report.Current.SignedAt)} (version {report.Current.Number})");
        writer.Space(8);

        writer.Heading("Clinician report", 14);
        foreach (var section in report.Clinician)
        {
            writer.Heading(section.Heading, 12);
            foreach (var line in section.Lines)
            {
                if (line.Label is null)
                {
                    writer.Paragraph(line.Text);
                }
                else
                {
                    writer.Field(line.Label, line.Text);
                }
            }
        }

        writer.Space(8);
        writer.Heading("Summary for the patient", 14);
        foreach (var sentence in report.Patient.Sentences)
        {
            writer.Paragraph(sentence);
        }
        writer.Field("Answer to your question", report.Current.Content.AnswerToPatientQuestion);
        writer.Heading("What to ask your doctor next", 12);
        foreach (var question in report.Patient.AskYourDoctor)
        {
            writer.Paragraph("•  " + question);
        }
        if (report.Patient.Words.Count > 0)
        {
            writer.Heading("Words used in this report", 12);
            foreach (var word in report.Patient.Words)
            {
                writer.Field(word.Word, word.Meaning);
            }
        }

        writer.Space(8);
        writer.Heading("Signatures", 14);
        foreach (var s in report.Signatures)
        {
            var what = s.Version == 1 ? "Signed" : $"Amended ({s.AmendmentReason})";
            writer.Field($"Version {s.Version}", $"{what} electronically by {s.SignerName} on {Date(s.SignedAt)}.");
            writer.Field("Content SHA-256", s.ContentHash);
        }
        writer.Paragraph("A signed version never changes; a later change is a new version with its reason, kept with the earlier ones.");
        writer.Finish(report.CaseId);

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Writes text top to bottom, wrapping words and starting new pages as needed.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private readonly XFont _body = new(ReportFonts.Family, BodySize, XFontStyleEx.Regular);
        private readonly XFont _bold = new(ReportFonts.Family, BodySize, XFontStyleEx.Bold);
        private PdfPage _page = null!;
        private XGraphics _graphics = null!;
        private double _y;

        public PageWriter(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        private double Width => _page.Width.Point - (2 * Margin);

        public void Heading(string text, double size)
        {
            Space(size * 0.4);
            Lines(text, new XFont(ReportFonts.Family, size, XFontStyleEx.Bold), 0);
            Space(2);
        }

        public void Field(string label, string text)
        {
            Lines(label.EndsWith('?') || label.EndsWith(':') ? label : label + ":", _bold, 0);
            Lines(text, _body, 12);
        }

        public void Paragraph(string text) => Lines(text, _body, 0);

        public void Space(double points) => _y += points;

        public void Finish(Guid caseId)
        {
            _graphics.Dispose();
            var footer = new XFont(ReportFonts.Family, 8, XFontStyleEx.Regular);
            for (var i = 0; i < _document.PageCount; i++)
            {
                var page = _document.Pages[i];
                using var g = XGraphics.FromPdfPage(page);
                g.DrawString($"Consilium second opinion · case {caseId} · page {i + 1} of {_document.PageCount}", footer, XBrushes.Gray,
                    new XPoint(Margin, page.Height.Point - (Margin / 2)));
            }
        }

        private void Lines(string text, XFont font, double indent)
        {
            var lineHeight = font.GetHeight() * 1.15;
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                foreach (var line in Wrap(paragraph, font, Width - indent))
                {
                    if (_y + lineHeight > _page.Height.Point - Margin)
                    {
                        _graphics.Dispose();
                        NewPage();
                    }
                    _graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, Width - indent, lineHeight), XStringFormats.TopLeft);
                    _y += lineHeight;
                }
            }
        }

        private void NewPage()
        {
            _page = _document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        private IEnumerable<string> Wrap(string paragraph, XFont font, double width)
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                yield return "";
                yield break;
            }
            var line = "";
            foreach (var word in words)
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
                // A single word wider than the line (a hash, a URL) is cut where it no longer fits.
                while (_graphics.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _graphics.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }
                    yield return line[..cut];
                    line = line[cut..];
                }
            }
            yield return line;
        }
    }
}
