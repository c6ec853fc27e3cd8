using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Web.Cli;
using ComplianceDashboard.Web.Hosting;

if (CommandLine.IsCommand(args))
    return CommandLine.Run(args, Console.In, Console.Out, Console.Error);

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddComplianceDashboard();
    app = builder.Build();
    app.OpenStore();
}
catch (StoreUnavailableException e)
{
    Console.Error.WriteLine($"ComplianceDashboard cannot start: {e.Message}");
    return 1;
}
app.UseComplianceDashboard();
app.Run();
return 0;

/// <summary>The web application's entry point; public so integration tests can host it.</summary>
public partial class Program;
