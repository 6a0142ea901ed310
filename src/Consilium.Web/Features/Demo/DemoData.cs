namespace Consilium.Web.Features.Demo;

/// <summary>Demo accounts and cases for <c>consilium serve --demo</c>.</summary>
public static class DemoData
{
    public static Task SeedAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
