using Orleans.Inventory.Devices.Cli;

return await DevicesCommandLine.Create().Parse(args).InvokeAsync();
