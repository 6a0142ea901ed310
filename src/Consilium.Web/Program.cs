using Consilium.Web;

// `dotnet run --project src/Consilium.Web` starts the platform with configuration only; `consilium serve` is the usual way.
var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings { Args = args, Urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? ConsiliumWebSettings.DefaultUrl });
await app.RunAsync();
