using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ComplianceDashboard.Reports.Layout;

/// <summary>
/// Saves a PDFsharp document so that the same content and settings give the same bytes. PDFsharp 6.2.4 takes the
/// clock for dates (document information, embedded files, annotations) and <see cref="Guid.NewGuid"/> for the trailer /ID, font subset tags, annotation
/// names and the XMP document and instance ids; dates, metadata and /ID are set before saving, the tags and XMP ids are rewritten in the saved bytes
/// with values of the same length derived from the document id (so every offset in the cross-reference table stays valid).
/// </summary>
internal static partial class ReproducibleSave
{
    public static byte[] Save(PdfDocument document, ReportSettings settings)
    {
        var timestamp = settings.Timestamp.Kind switch
        {
            DateTimeKind.Utc => settings.Timestamp,
            DateTimeKind.Local => settings.Timestamp.ToUniversalTime(),
            _ => DateTime.SpecifyKind(settings.Timestamp, DateTimeKind.Utc),
        };
        timestamp = new DateTime(timestamp.Ticks - timestamp.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

        var info = document.Info;
        info.Title = settings.Title;
        info.Subject = settings.Subject;
        info.Author = settings.Author;
        info.Keywords = settings.Keywords;
        info.Creator = settings.Creator;
        info.CreationDate = timestamp;
        info.ModificationDate = timestamp;
        if (document.Outlines.Count > 0)
            document.PageMode = PdfPageMode.UseOutlines;

        // Embedded files get the clock's local time as their dates.
        foreach (var file in document.Internals.GetAllObjects().OfType<PdfEmbeddedFileStream>())
        {
            var parameters = file.Elements.GetDictionary(PdfEmbeddedFileStream.Keys.Params);
            parameters?.Elements.SetDateTime("/CreationDate", timestamp);
            parameters?.Elements.SetDateTime("/ModDate", timestamp);
        }

        // Annotations (contents links) get a new GUID as /NM and the clock as /M.
        var annotationIndex = 0;
        foreach (var page in document.Pages)
        {
            if (!page.Elements.ContainsKey("/Annots"))
                continue; // reading page.Annotations would add an empty /Annots array
            for (var i = 0; i < page.Annotations.Count; i++)
            {
                var annotation = page.Annotations[i];
                annotation.Elements.SetString("/NM", new Guid(Derive(settings.DocumentId, $"annotation:{annotationIndex++}", 16)).ToString("D"));
                if (annotation.Elements.ContainsKey("/M"))
                    annotation.Elements.SetDateTime("/M", timestamp);
            }
        }

        var id = Encoding.Latin1.GetString(Derive(settings.DocumentId, "trailer-id", 16));
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        var bytes = stream.ToArray();
        ReplaceFontSubsetTags(bytes, settings.DocumentId);
        ReplaceXmpIds(bytes, settings.DocumentId);
        return bytes;
    }

    /// <summary>Six-letter subset tags (PDF 32000-1 §9.6.4) become letters derived from the document id and the font name.</summary>
    private static void ReplaceFontSubsetTags(byte[] bytes, string documentId)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in SubsetTag().Matches(text))
        {
            var tag = match.Groups["tag"].Value;
            if (!replacements.TryGetValue(tag, out var replacement))
            {
                var font = match.Groups["font"].Value;
                for (var attempt = 0; replacement is null || replacements.ContainsValue(replacement); attempt++)
                    replacement = new string(Derive(documentId, $"font-subset:{font}:{attempt}", 6).Select(b => (char)('A' + b % 26)).ToArray());
                replacements[tag] = replacement;
            }
            Encoding.Latin1.GetBytes(replacement, 0, 6, bytes, match.Groups["tag"].Index);
        }
    }

    /// <summary>The XMP packet's xmpMM:DocumentID and InstanceID (uuid:…, 36 characters) become ids derived from the document id.</summary>
    private static void ReplaceXmpIds(byte[] bytes, string documentId)
    {
        var text = Encoding.Latin1.GetString(bytes);
        foreach (Match match in XmpId().Matches(text))
        {
            var uuid = new Guid(Derive(documentId, $"xmp:{match.Groups["name"].Value}", 16)).ToString("D");
            Encoding.Latin1.GetBytes(uuid, 0, uuid.Length, bytes, match.Groups["uuid"].Index);
        }
    }

    private static byte[] Derive(string documentId, string purpose, int length) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}\n{documentId}"))[..length];

    [GeneratedRegex(@"/(?:BaseFont|FontName)\s*/(?<tag>[A-Z]{6})\+(?<font>[A-Za-z0-9\-#,]+)")]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"<xmpMM:(?<name>DocumentID|InstanceID)>uuid:(?<uuid>[0-9a-fA-F\-]{36})</xmpMM:")]
    private static partial Regex XmpId();
}
