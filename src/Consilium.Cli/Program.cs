using Consilium.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("consilium");
    config.PropagateExceptions();
    CommandRegistry.Register(config);
});

return await ExitCodes.RunAsync(app, args);
