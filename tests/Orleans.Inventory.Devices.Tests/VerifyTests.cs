using System.CommandLine;
using Orleans.Inventory.Devices.Cli;
using Orleans.Inventory.Devices.Verification;
using Orleans.Inventory.Devices.Tests.Infrastructure;
using Orleans.Inventory.Events;
using static Orleans.Inventory.Devices.Tests.Infrastructure.SentFiles;

namespace Orleans.Inventory.Devices.Tests;

/// <summary><c>verify</c> against a fake HTTP API on 127.0.0.1, through the real command line.</summary>
public sealed class VerifyTests : IAsyncLifetime
{
    private readonly string _sentFile = TestRuns.TempFile();
    private FakeInventoryApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeInventoryApi.StartAsync();

        // SKU1: a count of 20 at minute 1 supersedes the add at minute 0; +10 at 2 and -3 at 3 (sent twice) → 27.
        // SKU2: a removal of 4 with nothing there → available 0, discrepancy 4. One not-JSON body; one unconfirmed add.
        await WriteAsync(_sentFile,
        [
            (Message(0, Event("v1-0", InventoryEventType.ItemAdded, "SKU1", 5, 0), Event("v1-1", InventoryEventType.ItemAdded, "SKU1", 10, 2)), true),
            (Message(1, Event("v1-2", InventoryEventType.StockCounted, "SKU1", 20, 1)), true),
            (Message(2, Event("v1-3", InventoryEventType.ItemRemoved, "SKU1", 3, 3), Event("v1-4", InventoryEventType.ItemRemoved, "SKU2", 4, 3)), true),
            (Message(3, Event("v1-3", InventoryEventType.ItemRemoved, "SKU1", 3, 3) with { Duplicate = true }), true),
            (Message(4, NotJson("garbage v1-m0")), true),
            (Message(5, Event("v1-5", InventoryEventType.ItemAdded, "SKU1", 100, 4)), false),
        ]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        File.Delete(_sentFile);
    }

    [Fact]
    public async Task MatchingStockAndDeadLettersPrintTheSummaryAndExitWithZero()
    {
        _api.Answer("warehouse_A", "SKU1", (27, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 1;

        var (exitCode, output) = await VerifyAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("verify: 2 products checked, 0 mismatches; dead letters 1 (expected 1)", output, StringComparison.Ordinal);
        Assert.Contains("1 events were not confirmed sent", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMismatchIsPrintedWithItsKeyExpectedAndActualAndExitsNonZero()
    {
        _api.Answer("warehouse_A", "SKU1", (26, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 1;

        var (exitCode, output) = await VerifyAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("mismatch warehouse_A/SKU1: expected available 27, reserved 0, discrepancy 0; actual available 26, reserved 0, discrepancy 0", output, StringComparison.Ordinal);
        Assert.Contains("verify: 2 products checked, 1 mismatches; dead letters 1 (expected 1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadLetterCountOtherThanTheMalformedItemsFailsEvenWhenEveryStockMatches()
    {
        _api.Answer("warehouse_A", "SKU1", (27, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 3;

        var (exitCode, output) = await VerifyAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("0 mismatches; dead letters 3 (expected 1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBaselineIsSubtractedFromTheDeadLetterTotal()
    {
        _api.Answer("warehouse_A", "SKU1", (27, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 41;

        var (exitCode, output) = await VerifyAsync("--dead-letter-baseline", "40");

        Assert.Equal(0, exitCode);
        Assert.Contains("dead letters 1 (expected 1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAWaitAKeyThatIsBehindIsReadAgainUntilItMatches()
    {
        _api.Answer("warehouse_A", "SKU1", (15, 0), (24, 0), (27, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 1;
        using var http = new HttpClient { BaseAddress = _api.BaseAddress };
        using var output = new StringWriter();
        var verifier = new Verifier(new InventoryApiClient(http), output, TimeProvider.System);

        var result = await verifier.RunAsync(
            new VerifyOptions { SentPath = _sentFile, Api = _api.BaseAddress, Wait = TimeSpan.FromSeconds(30), RecheckInterval = TimeSpan.FromMilliseconds(20) },
            CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Mismatches);
    }

    [Fact]
    public async Task WithoutAWaitAKeyThatIsBehindIsAMismatch()
    {
        _api.Answer("warehouse_A", "SKU1", (15, 0), (27, 0));
        _api.Answer("warehouse_A", "SKU2", (0, 4));
        _api.DeadLetterTotal = 1;

        var (exitCode, output) = await VerifyAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("actual available 15", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSentFileIsRefusedNamingTheOption()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DevicesCommandLine.Create().Parse(["verify", "--sent", "/nonexistent/sent.jsonl", "--api", _api.BaseAddress.ToString()])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, exitCode);
        Assert.Contains("--sent", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DevicesCommandLine.Create()
            .Parse(["verify", "--sent", _sentFile, "--api", _api.BaseAddress.ToString(), .. extra])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error);
    }
}
