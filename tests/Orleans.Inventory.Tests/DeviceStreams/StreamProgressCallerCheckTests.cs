using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>A done-report moves a partition's checkpoint: only the silo's stream consumer may send one.</summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class StreamProgressCallerCheckTests(DeviceStreamClusterFixture fixture)
{
    [Fact]
    public async Task AForgedDoneReportIsRefusedAndTheCheckpointSeesNothing()
    {
        var partition = $"partition-{Guid.NewGuid():N}";
        var signer = new CallerEnvelopeSigner(new CallerEnvelopeOptions { SigningKey = fixture.EffectiveSettings[$"{CallerEnvelopeOptions.SectionName}:SigningKey"] });
        // Every role but admin and system, signed with the right key: still not the stream consumer.
        var envelope = signer.Issue("user:busy", CallerContext.Gateway,
            [CallerRoles.Device, CallerRoles.Clerk, CallerRoles.Manager, CallerRoles.Viewer, CallerRoles.Auditor], ["*"], DateTimeOffset.UtcNow);
        var progress = fixture.Grains.GetGrain<IStreamProgressGrain>(partition);

        var refused = await Assert.ThrowsAsync<CallerRefusedException>(async () =>
        {
            CallerContext.UseEnvelope(envelope);
            await progress.CompletedAsync([1, 2, 3]);
        });

        Assert.Equal(CallerProblems.ForbiddenRole, refused.Problem);
        Assert.Empty((await progress.DoneBetweenAsync(1, 3)).Done);
    }
}
