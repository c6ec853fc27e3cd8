using QRCoder;

namespace ComplianceDashboard.Web.Auth;

/// <summary>The QR code of an authenticator enrolment, drawn here (QRCoder) as a PNG data URI: no external service sees the key.</summary>
public static class EnrolmentQrCode
{
    public static string DataUri(string keyUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(keyUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return $"data:image/png;base64,{Convert.ToBase64String(png)}";
    }

    /// <summary>The Base32 key in groups of four, easier to type.</summary>
    public static string Grouped(string key) => string.Join(' ', key.Chunk(4).Select(c => new string(c)));
}
