using System.Collections.Concurrent;
using System.Reflection;
using PdfSharp.Fonts;

namespace ComplianceDashboard.Reports.Fonts;

/// <summary>The font families embedded in this assembly (Liberation, SIL OFL 1.1) and the PDFsharp resolver that serves them.</summary>
public static class ReportFonts
{
    /// <summary>The proportional family used for all text.</summary>
    public const string Sans = "Liberation Sans";

    /// <summary>The monospace family, for hashes and identifiers.</summary>
    public const string Mono = "Liberation Mono";

    private static readonly object Gate = new();
    private static readonly EmbeddedFontResolver Resolver = new();

    /// <summary>
    /// Makes PDFsharp use the embedded fonts. Idempotent and thread-safe; PDFsharp allows one resolver per process,
    /// so this fails only if other code registered a different resolver first.
    /// </summary>
    public static void Register()
    {
        if (ReferenceEquals(GlobalFontSettings.FontResolver, Resolver))
            return;
        lock (Gate)
        {
            var current = GlobalFontSettings.FontResolver;
            if (ReferenceEquals(current, Resolver))
                return;
            if (current is not null)
                throw new InvalidOperationException(
                    $"PDFsharp already has a font resolver ({current.GetType().FullName}); the reports need {nameof(ReportFonts)}'s resolver, which can only be set once per process.");
            GlobalFontSettings.FontResolver = Resolver;
        }
    }

    /// <summary>Serves the embedded faces. Every family name resolves: monospace names to Liberation Mono, all others to Liberation Sans.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private static readonly string[] MonospaceNames = ["liberation mono", "courier", "courier new", "consolas", "monospace", "cousine"];
        private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
        {
            var mono = MonospaceNames.Contains(familyName.Trim().ToLowerInvariant());
            // Liberation Mono is embedded without italics: PDFsharp simulates the slant.
            var face = (mono, bold, italic) switch
            {
                (true, true, _) => "LiberationMono-Bold",
                (true, false, _) => "LiberationMono-Regular",
                (false, true, true) => "LiberationSans-BoldItalic",
                (false, true, false) => "LiberationSans-Bold",
                (false, false, true) => "LiberationSans-Italic",
                _ => "LiberationSans-Regular",
            };
            return new FontResolverInfo(face, false, mono && italic);
        }

        public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

        private static byte[] Load(string faceName)
        {
            var name = $"ComplianceDashboard.Reports.Fonts.{faceName}.ttf";
            using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded font {name} is missing from {typeof(ReportFonts).Assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
