using ComplianceDashboard.Reports.Fonts;
using PdfSharp.Fonts;

namespace ComplianceDashboard.Reports.Tests.Fonts;

public class ReportFontsTests
{
    [Fact]
    public async Task Registering_from_many_threads_at_once_sets_one_resolver_and_never_fails()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(ReportFonts.Register)));
        var resolver = GlobalFontSettings.FontResolver;

        ReportFonts.Register();

        Assert.NotNull(resolver);
        Assert.Same(resolver, GlobalFontSettings.FontResolver);
    }

    [Theory]
    [InlineData("Liberation Sans", false, false, "LiberationSans-Regular")]
    [InlineData("Arial", true, false, "LiberationSans-Bold")]
    [InlineData("Helvetica", false, true, "LiberationSans-Italic")]
    [InlineData("Liberation Sans", true, true, "LiberationSans-BoldItalic")]
    [InlineData("Courier New", false, false, "LiberationMono-Regular")]
    [InlineData("Liberation Mono", true, false, "LiberationMono-Bold")]
    public void Every_family_resolves_to_an_embedded_face_whose_bytes_are_a_TrueType_font(string family, bool bold, bool italic, string face)
    {
        ReportFonts.Register();
        var resolver = GlobalFontSettings.FontResolver!;

        var info = resolver.ResolveTypeface(family, bold, italic)!;
        var bytes = resolver.GetFont(info.FaceName)!;

        Assert.Equal(face, info.FaceName);
        Assert.True(bytes.Length > 100_000);
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, bytes[..4]); // TrueType sfnt version
    }

    [Fact]
    public void The_font_licence_is_shipped_beside_the_reports_assembly()
    {
        var licence = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fonts", "OFL.txt"));

        Assert.Contains("SIL OPEN FONT LICENSE Version 1.1", licence);
        Assert.Contains("Reserved Font Name Liberation", licence);
    }
}
