using Orleans.Inventory.LoadTests;

// The baseline benchmark (device events end to end, Orleans ping calls and raw Azurite upserts) and, as the `suite`
// command, the issue-9 load tests. Options and what each number means: load-tests/README.md.
var root = BaselineCommand.Create();
root.Subcommands.Add(SuiteCommand.Create());
return await root.Parse(args).InvokeAsync();
