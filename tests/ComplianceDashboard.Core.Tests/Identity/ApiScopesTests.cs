using ComplianceDashboard.Core.Identity;

namespace ComplianceDashboard.Core.Tests.Identity;

public sealed class ApiScopesTests
{
    [Fact]
    public void TryParse_ReadsACommaSeparatedListOfScopes()
    {
        var ok = ApiScopes.TryParse("ingest,read", out var scopes, out var error);

        Assert.True(ok);
        Assert.Equal(ApiScope.Ingest | ApiScope.Read, scopes);
        Assert.Equal("", error);
    }

    [Fact]
    public void TryParse_IgnoresCaseAndSpaces()
    {
        var ok = ApiScopes.TryParse(" Reports , INGEST ", out var scopes, out _);

        Assert.True(ok);
        Assert.Equal(ApiScope.Reports | ApiScope.Ingest, scopes);
    }

    [Fact]
    public void TryParse_Fails_ForAnUnknownToken_AndNamesIt()
    {
        var ok = ApiScopes.TryParse("ingest,admin", out _, out var error);

        Assert.False(ok);
        Assert.Contains("'admin'", error);
        Assert.Contains("ingest, read, reports", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" , ,")]
    public void TryParse_Fails_WhenNoScopeIsGiven(string text)
    {
        var ok = ApiScopes.TryParse(text, out var scopes, out var error);

        Assert.False(ok);
        Assert.Equal(ApiScope.None, scopes);
        Assert.Contains("At least one scope is required", error);
    }

    [Theory]
    [InlineData(ApiScope.Ingest, "ingest")]
    [InlineData(ApiScope.Ingest | ApiScope.Reports, "ingest,reports")]
    [InlineData(ApiScope.Ingest | ApiScope.Read | ApiScope.Reports, "ingest,read,reports")]
    public void Format_WritesTokensThatTryParseReadsBack(ApiScope scopes, string text)
    {
        Assert.Equal(text, ApiScopes.Format(scopes));
        Assert.True(ApiScopes.TryParse(text, out var parsed, out _));
        Assert.Equal(scopes, parsed);
    }

    [Fact]
    public void Permissions_OfRead_AreViewingAndDownloading()
    {
        Assert.Equal(
            new[] { Permission.ViewProgramme, Permission.ViewAuditLog, Permission.ViewAssessments, Permission.DownloadEvidencePacks, Permission.ExportComplaints }.Order(),
            ApiScopes.Permissions(ApiScope.Read).Order());
    }

    [Fact]
    public void Permissions_OfIngest_AreManagingRolloutObjectionsAndComplaints()
    {
        Assert.Equal(
            new[] { Permission.ManageRollout, Permission.ManageObjections, Permission.ManageComplaints }.Order(),
            ApiScopes.Permissions(ApiScope.Ingest).Order());
    }

    [Fact]
    public void Permissions_OfReports_AreGeneratingPacks()
    {
        Assert.Equal([Permission.GenerateEvidencePacks], ApiScopes.Permissions(ApiScope.Reports));
    }

    [Fact]
    public void Permissions_OfBackup_AreTakingBackupsOnly()
    {
        Assert.Equal([Permission.TakeBackups], ApiScopes.Permissions(ApiScope.Backup));
    }

    [Fact]
    public void Permissions_OfCombinedScopes_AreTheUnion_AndNeverIncludeAdministration()
    {
        var all = ApiScopes.Permissions(ApiScope.Ingest | ApiScope.Read | ApiScope.Reports);

        Assert.Equal(9, all.Count);
        Assert.DoesNotContain(Permission.ManageUsers, all);
        Assert.DoesNotContain(Permission.ManageApiKeys, all);
        Assert.DoesNotContain(Permission.ApproveAssessments, all);
        Assert.Empty(ApiScopes.Permissions(ApiScope.None));
    }
}
