using Orleans.Inventory.LoadTests;

// The baseline benchmark: device events end to end, Orleans ping calls and raw Azurite upserts, measured in one run
// on one machine and written as a markdown report. Options and what each number means: load-tests/README.md.
return await BaselineCommand.Create().Parse(args).InvokeAsync();
