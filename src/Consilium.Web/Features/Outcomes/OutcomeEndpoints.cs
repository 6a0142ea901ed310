using Consilium.Domain.Opinions;
using Consilium.Storage.Database;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Security;

namespace Consilium.Web.Features.Outcomes;

/// <summary>The dashboard's charts (SVG) and its CSV export, for coordinators and administrators.</summary>
public static class OutcomeEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/outcomes/diagnosis-by-situation.svg", Chart((f, _) => OutcomeCharts.Concordance([f.All, .. f.BySituation], plan: false))).Access(Audience.Oversight).ExcludeFromDescription();
        endpoints.MapGet("/outcomes/plan-by-situation.svg", Chart((f, _) => OutcomeCharts.Concordance([f.All, .. f.BySituation], plan: true))).Access(Audience.Oversight).ExcludeFromDescription();
        endpoints.MapGet("/outcomes/diagnosis-by-specialty.svg", Chart((f, _) => OutcomeCharts.Concordance(f.BySpecialty, plan: false))).Access(Audience.Oversight).ExcludeFromDescription();
        endpoints.MapGet("/outcomes/plan-by-specialty.svg", Chart((f, _) => OutcomeCharts.Concordance(f.BySpecialty, plan: true))).Access(Audience.Oversight).ExcludeFromDescription();
        endpoints.MapGet("/outcomes/turnaround.svg", Chart((f, o) => OutcomeCharts.Turnaround(f, o.StandardTurnaroundDays, o.ExpeditedTurnaroundDays))).Access(Audience.Oversight).ExcludeFromDescription();
        endpoints.MapGet("/outcomes/outcomes.csv", async (ConsiliumDatabase db, WebOptions options, IRereadScores rereads, AuditLog audit, CancellationToken ct) =>
            {
                var figures = await FiguresAsync(db, options, rereads, ct);
                await audit.RecordAsync("outcomes.export", null, "Outcomes/csv", $"{figures.All.Opinions} opinions", ct);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(OutcomeData.Csv(figures)), "text/csv", "consilium-outcomes.csv");
            })
            .Access(Audience.Oversight).ExcludeFromDescription();
    }

    public static async Task<OutcomeFigures> FiguresAsync(ConsiliumDatabase db, WebOptions options, IRereadScores rereads, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rereads);
        return OutcomeFigures.Compute(await OutcomeData.LoadAsync(db, options, ct), await rereads.ScoresAsync(ct));
    }

    private static Func<ConsiliumDatabase, WebOptions, IRereadScores, CancellationToken, Task<IResult>> Chart(Func<OutcomeFigures, WebOptions, string> draw) =>
        async (db, options, rereads, ct) => Results.Text(draw(await FiguresAsync(db, options, rereads, ct), options), "image/svg+xml", System.Text.Encoding.UTF8);
}
