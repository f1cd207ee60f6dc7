using Orleans.Inventory.Api;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Silo;
using Orleans.Inventory.Silo.Dashboard;

// The repository's appsettings.json is copied next to the binary; reading it from there makes `dotnet run`
// behave the same from any working directory. A profile is a settings file: DOTNET_ENVIRONMENT=Local reads
// appsettings.Local.json on top.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults();
builder.AddInventorySilo();
builder.Services.AddInventoryApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOperatorDashboard();
app.UseInventorySecurity();
app.MapInventoryApi();
app.MapInventoryOrleansDashboard();

app.Run();
