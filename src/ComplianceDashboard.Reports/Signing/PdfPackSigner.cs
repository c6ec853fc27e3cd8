using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceDashboard.Core.Evidence;
using PdfSharp.Drawing;
using PdfSharp.Pdf.Annotations;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

namespace ComplianceDashboard.Reports.Signing;

/// <summary>
/// Makes the signed copy of a pack with PDFsharp's signing support: an invisible signature field whose /Contents holds a
/// detached CMS (PKCS #7) signature, SHA-256, over the /ByteRange (the whole file but the /Contents hole). The unsigned pack
/// is left as it is: the signed copy is a second file.
/// </summary>
public sealed class PdfPackSigner(X509Certificate2 certificate, TimeProvider clock) : IEvidencePackSigner
{
    public string CertificateName { get; } =
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } name ? name : certificate.Subject;

    /// <summary>Loads the PKCS #12 (.pfx) file named by ComplianceDashboard:Signing:CertificatePath; it must hold a private key.</summary>
    public static PdfPackSigner FromFile(string path, string? password, TimeProvider clock)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"ComplianceDashboard:Signing:CertificatePath: the certificate {path} cannot be loaded ({e.Message}).", e);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"ComplianceDashboard:Signing:CertificatePath: {path} holds no private key to sign with.");
        return new PdfPackSigner(certificate, clock);
    }

    public byte[] Sign(string packId, byte[] pdf)
    {
        var unsignedHash = Convert.ToHexStringLower(SHA256.HashData(pdf));
        using var input = new MemoryStream(pdf, writable: false);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        var options = new DigitalSignatureOptions
        {
            // Names the pack, so a reader of the signed copy can find the unsigned original and verify it.
            Reason = $"Signed copy of evidence pack {packId}; unsigned PDF SHA-256 {unsignedHash}",
            AppName = "ComplianceDashboard",
            PageIndex = 0,
            Rectangle = new XRect(0, 0, 0, 0),
            AppearanceHandler = new NoAppearance(),
        };
        DigitalSignatureHandler.ForDocument(document, new SignedCmsSigner(certificate, CertificateName, clock), options);
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The DER-encoded CMS at the start of a /Contents value (PDFsharp pads the rest of the hole with zeros).</summary>
    public static byte[] CmsOf(byte[] contents)
    {
        AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.DER, out _, out _, out var length);
        return contents[..length];
    }

    private sealed class NoAppearance : IAnnotationAppearanceHandler
    {
        public void DrawAppearance(XGraphics gfx, XRect rect)
        {
        }
    }

    /// <summary>PDFsharp's signer port over SignedCms (System.Security.Cryptography.Pkcs).</summary>
    private sealed class SignedCmsSigner(X509Certificate2 certificate, string name, TimeProvider clock) : IDigitalSigner
    {
        public string CertificateName => name;

        // Room for the signature: one made over a byte, plus slack (ECDSA signatures vary by a few bytes).
        public Task<int> GetSignatureSizeAsync() => Task.FromResult(Cms([0]).Length + 64);

        public Task<byte[]> GetSignatureAsync(Stream stream)
        {
            // PDFsharp passes the byte ranges as a stream that must be rewound and read synchronously.
            stream.Position = 0;
            using var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) content.Write(buffer, 0, read);
            return Task.FromResult(Cms(content.ToArray()));
        }

        private byte[] Cms(byte[] content)
        {
            var cms = new SignedCms(new ContentInfo(content), detached: true);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
            {
                DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
                IncludeOption = X509IncludeOption.EndCertOnly,
            };
            signer.SignedAttributes.Add(new Pkcs9SigningTime(clock.GetUtcNow().UtcDateTime));
            cms.ComputeSignature(signer, silent: true);
            return cms.Encode();
        }
    }
}
