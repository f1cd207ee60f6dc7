using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Tests.Security;

/// <summary>The envelope's format, signature, key rotation and lifetime rules, without a cluster.</summary>
public sealed class CallerEnvelopeSignerTests
{
    private const string Key = "tests-only-signer-key-0123456789abcdefghij";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static CallerEnvelopeSigner Signer(string key = Key, params string[] previous) =>
        new(new CallerEnvelopeOptions { SigningKey = key, PreviousSigningKeys = [.. previous] });

    [Fact]
    public void ASignedEnvelopeVerifiesWithEveryField()
    {
        var signer = Signer();
        var envelope = signer.Create("user:ann", "http", ["clerk", "viewer"], ["warehouse_A", "warehouse_B"], Now);

        var check = signer.Verify(signer.Sign(envelope), Now.AddMinutes(1));

        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(envelope.Subject, check.Envelope!.Subject);
        Assert.Equal(envelope.Channel, check.Envelope.Channel);
        Assert.Equal(envelope.Roles, check.Envelope.Roles);
        Assert.Equal(envelope.Warehouses, check.Envelope.Warehouses);
        Assert.Equal((Now, Now + signer.Lifetime), (check.Envelope.IssuedAt, check.Envelope.ExpiresAt));
        Assert.Equal(envelope.Nonce, check.Envelope.Nonce);
        Assert.True(check.Envelope.Covers("warehouse_B"));
        Assert.False(check.Envelope.Covers("warehouse_C"));
    }

    [Fact]
    public void TwoEnvelopesOfOneCallerAtOneInstantDiffer()
    {
        var signer = Signer();

        Assert.NotEqual(signer.Issue("user:ann", "http", ["clerk"], ["*"], Now), signer.Issue("user:ann", "http", ["clerk"], ["*"], Now));
    }

    [Theory]
    [InlineData(null, CallerProblems.Missing)]
    [InlineData("", CallerProblems.Missing)]
    [InlineData("not an envelope", CallerProblems.Malformed)]
    [InlineData("v2.abcdef12.e30.AAAA", CallerProblems.Malformed)]
    [InlineData("v1.abcdef12.e30.AAAA", CallerProblems.UnknownKey)]
    public void WhatIsNotAnEnvelopeIsRefusedNamingWhy(string? token, string problem)
    {
        var check = Signer().Verify(token, Now);

        Assert.False(check.IsValid);
        Assert.Equal(problem, check.Problem);
        Assert.False(string.IsNullOrEmpty(check.Detail));
    }

    [Fact]
    public void AnOverlongEnvelopeIsRefusedBeforeItIsRead()
    {
        var check = Signer().Verify(new string('a', CallerEnvelopeSigner.MaxLength + 1), Now);

        Assert.Equal(CallerProblems.Malformed, check.Problem);
    }

    [Fact]
    public void AnyEditedCharacterBreaksTheSignature()
    {
        var signer = Signer();
        var token = signer.Issue("user:ann", "http", ["clerk"], ["warehouse_A"], Now);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[2])).Replace("clerk", "admin", StringComparison.Ordinal);
        var edited = string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)), parts[3]);
        var flippedMac = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Equal(CallerProblems.BadSignature, signer.Verify(edited, Now).Problem);
        Assert.Equal(CallerProblems.BadSignature, signer.Verify(flippedMac, Now).Problem);
    }

    [Fact]
    public void APreviousKeyStillVerifiesDuringARotationAndAnUnlistedOneDoesNot()
    {
        const string Old = "tests-only-old-signer-key-0123456789abcdef";
        var token = Signer(Old).Issue("user:ann", "http", ["clerk"], ["*"], Now);

        Assert.True(Signer(Key, Old).Verify(token, Now).IsValid);
        Assert.Equal(CallerProblems.UnknownKey, Signer(Key).Verify(token, Now).Problem);
    }

    [Fact]
    public void LifetimeIsCheckedWithTheClockSkew()
    {
        var signer = Signer();
        var token = signer.Issue("user:ann", "http", ["clerk"], ["*"], Now, TimeSpan.FromMinutes(5));
        var future = signer.Issue("user:ann", "http", ["clerk"], ["*"], Now.AddMinutes(10));
        var tooLong = signer.Issue("user:ann", "http", ["clerk"], ["*"], Now, TimeSpan.FromHours(2));

        Assert.True(signer.Verify(token, Now.AddMinutes(5).AddSeconds(29)).IsValid);
        Assert.Equal(CallerProblems.Expired, signer.Verify(token, Now.AddMinutes(5).AddSeconds(31)).Problem);
        Assert.Equal(CallerProblems.BadLifetime, signer.Verify(future, Now).Problem);
        Assert.Equal(CallerProblems.BadLifetime, signer.Verify(tooLong, Now).Problem);
    }

    [Fact]
    public void AdminAndSystemPassEveryRoleCheckAndOtherRolesOnlyTheirOwn()
    {
        var signer = Signer();
        CallerEnvelope With(params string[] roles) => signer.Create("user:x", "http", roles, ["*"], Now);

        Assert.True(With(CallerRoles.Admin).HasAnyRole([CallerRoles.Clerk]));
        Assert.True(With(CallerRoles.System).HasAnyRole([]));
        Assert.True(With(CallerRoles.Clerk).HasAnyRole([CallerRoles.Clerk]));
        Assert.False(With(CallerRoles.Viewer, CallerRoles.Auditor).HasAnyRole([CallerRoles.Clerk, CallerRoles.Device]));
    }

    [Fact]
    public void TheEnvelopesRoleNamesAreTheTokensRoleNames()
    {
        Assert.Equal(InventoryRoles.All.Order(StringComparer.Ordinal),
            new[] { CallerRoles.Device, CallerRoles.Clerk, CallerRoles.Manager, CallerRoles.Viewer, CallerRoles.Auditor, CallerRoles.Admin }.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("", "SigningKey must be set")]
    [InlineData("short", "SigningKey must be set")]
    public void AMissingOrShortKeyStopsTheStartNamingTheSetting(string key, string expected)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = key,
        }).Build());
        services.AddCallerEnvelopes();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CallerEnvelopeOptions>>().Value);

        Assert.Contains($"{CallerEnvelopeOptions.SectionName}:{expected}", failure.Message, StringComparison.Ordinal);
    }
}
