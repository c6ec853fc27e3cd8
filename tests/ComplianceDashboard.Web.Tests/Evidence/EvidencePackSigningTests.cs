using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Reports.Signing;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The app with a throwaway self-signed certificate configured (ComplianceDashboard:Signing:*).</summary>
public sealed class SigningFactory : DashboardFactory
{
    public const string Password = "throwaway-pfx-password";
    private readonly TempFolder _certificates = new();

    public SigningFactory()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Evidence Pack Test Signer, O=ComplianceDashboard tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        CertificatePath = Path.Combine(_certificates.Path, "signing.pfx");
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, Password));
        Thumbprint = certificate.Thumbprint;
    }

    public string CertificatePath { get; }
    public string Thumbprint { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ComplianceDashboard:Signing:CertificatePath", CertificatePath);
        builder.UseSetting("ComplianceDashboard:Signing:Password", Password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _certificates.Dispose();
    }
}

/// <summary>A signed copy beside the unsigned pack: present, covering the whole file but its /Contents, verifying with the certificate.</summary>
public sealed class EvidencePackSigningTests(SigningFactory factory) : IClassFixture<SigningFactory>
{
    private EvidencePackService Packs => factory.Services.GetRequiredService<EvidencePackService>();

    private EvidencePack Generate(string classification)
    {
        var generated = Packs.Generate(EvidencePackGenerationTests.Officer, EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = classification });
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        return generated.Value;
    }

    [Fact]
    public void TheSignedCopy_HasASignatureWhoseByteRangeCoversTheWholeFileButItsContents_AndTheCmsVerifiesOverThoseBytes()
    {
        var pack = Generate("signed");
        var signed = Packs.SignedPdf(pack.Id);
        Assert.NotNull(signed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signed)), pack.SignedPdfSha256);
        Assert.Equal("Evidence Pack Test Signer", pack.SignedWith);

        var text = Encoding.Latin1.GetString(signed);
        var byteRange = Regex.Matches(text, @"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]");
        var range = Assert.Single(byteRange).Groups.Values.Skip(1).Select(g => long.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray();
        var (start1, length1, start2, length2) = (range[0], range[1], range[2], range[3]);
        Assert.Equal(0, start1);
        Assert.Equal(signed.LongLength, start2 + length2);
        // The hole between the two ranges is exactly the hex string of /Contents.
        Assert.Equal((byte)'<', signed[length1]);
        Assert.Equal((byte)'>', signed[start2 - 1]);
        Assert.Matches(@"/Contents\s*$", text[..(int)length1]);
        int holeStart = (int)length1 + 1, holeEnd = (int)start2 - 1;
        var contents = Convert.FromHexString(text[holeStart..holeEnd]);

        var cms = new SignedCms(new ContentInfo([.. signed[..(int)length1], .. signed[(int)start2..]]), detached: true);
        cms.Decode(PdfPackSigner.CmsOf(contents));
        cms.CheckSignature(verifySignatureOnly: true);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(factory.Thumbprint, signer.Certificate!.Thumbprint);

        // One changed byte outside the hole breaks the signature.
        var tampered = signed[..(int)length1];
        tampered[100] ^= 0x01;
        var broken = new SignedCms(new ContentInfo([.. tampered, .. signed[(int)start2..]]), detached: true);
        broken.Decode(PdfPackSigner.CmsOf(contents));
        Assert.ThrowsAny<CryptographicException>(() => broken.CheckSignature(verifySignatureOnly: true));
    }

    [Fact]
    public void TheUnsignedPackStaysTheReproducibleOne_AndVerificationRecognisesBoth()
    {
        var pack = Generate("both copies");
        var unsigned = Packs.Pdf(pack.Id)!;
        var signed = Packs.SignedPdf(pack.Id)!;

        Assert.Equal(pack.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(unsigned)));
        Assert.DoesNotContain("/ByteRange", Encoding.Latin1.GetString(unsigned));
        Assert.Contains($"Signed copy of evidence pack {pack.Id}", Encoding.Latin1.GetString(signed));
        var plain = Packs.Verify(EvidencePackGenerationTests.Officer, unsigned).Value;
        var copy = Packs.Verify(EvidencePackGenerationTests.Officer, signed).Value;
        Assert.True(plain.Verified);
        Assert.False(plain.SignedCopy);
        Assert.True(copy.Verified);
        Assert.True(copy.SignedCopy);
        Assert.Equal(pack.Id, copy.Pack!.Id);
        signed[signed.Length / 3] ^= 0x01;
        Assert.False(Packs.Verify(EvidencePackGenerationTests.Officer, signed).Value.Verified);
    }

    [Fact]
    public async Task TheApiServesTheSignedCopy_WithTheReadScope()
    {
        var pack = Generate("api signed");
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"signed {Guid.NewGuid():N}", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/evidence-packs/{pack.Id}/signed-pdf");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Packs.SignedPdf(pack.Id), await response.Content.ReadAsByteArrayAsync());
    }
}
