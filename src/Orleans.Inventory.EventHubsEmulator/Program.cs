using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Inventory.EventHubsEmulator;

// The content root is the output folder, where the repository's appsettings.json is linked, so `dotnet run`
// from any directory reads the same configuration; environment variables and arguments override it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddEventHubsEmulator(builder.Configuration.GetSection(EventHubsEmulatorOptions.SectionName));

using var host = builder.Build();
await host.StartAsync();
var server = host.Services.GetRequiredService<EventHubsEmulatorServer>();
Console.WriteLine($"Connection string: {server.ConnectionString()}");
Console.WriteLine($"Keys: {server.DescribeKeys()}");
await host.WaitForShutdownAsync();
