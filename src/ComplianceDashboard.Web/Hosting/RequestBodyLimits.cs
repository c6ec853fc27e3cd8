using System.Globalization;
using ComplianceDashboard.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>
/// The request-body limit of an endpoint: the configuration setting that holds it, its default, and room for the
/// multipart framing around a file of exactly the limit.
/// </summary>
public sealed record RequestBodyLimit(string Setting, long DefaultBytes, long FramingBytes = 0)
{
    /// <summary>Every endpoint that declares no limit of its own (Razor pages, the Blazor hub, GET requests).</summary>
    public static readonly RequestBodyLimit Default = new("ComplianceDashboard:Limits:MaxRequestBodyBytes", 1024 * 1024);

    /// <summary>Small JSON bodies of the API (evidence-pack requests, training-run registrations).</summary>
    public static readonly RequestBodyLimit Json = new("ComplianceDashboard:Limits:MaxJsonBodyBytes", 64 * 1024);

    /// <summary>Plain form posts carrying a few fields (sign-in, sign-out, the backup button).</summary>
    public static readonly RequestBodyLimit Form = new("ComplianceDashboard:Limits:MaxFormBodyBytes", 16 * 1024);

    /// <summary>Room for the multipart boundaries and part headers around a file of exactly its limit.</summary>
    public const long MultipartFraming = 1024 * 1024;

    public long FileBytes(IConfiguration configuration) => configuration.GetValue<long?>(Setting) is > 0 and var v ? v : DefaultBytes;

    /// <summary>The whole body's limit: the file's, plus the framing only when the file comes inside a multipart form.</summary>
    public long BodyBytes(IConfiguration configuration, bool multipart) => FileBytes(configuration) + (multipart ? FramingBytes : 0);
}

/// <summary>
/// Holds every request body to its endpoint's <see cref="RequestBodyLimit"/>: a declared length over it is answered 413 at once,
/// an undeclared (chunked) body is cut off at the limit and answered 413, before the endpoint writes anything.
/// </summary>
public static class RequestBodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, RequestBodyLimit limit) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(limit);

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context);
            return;
        }
        var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>() ?? RequestBodyLimit.Default;
        var multipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        var bodyBytes = limit.BodyBytes(configuration, multipart);
        if (request.ContentLength > bodyBytes)
        {
            await TooLarge(limit.FileBytes(configuration)).ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = bodyBytes;
        var body = new LimitedBody(request.Body, bodyBytes);
        request.Body = body;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            body.Exceeded = true;
        }
        // Some readers (form and JSON binding) swallow the failed read and answer something else; the limit wins.
        if (body.Exceeded && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLarge(limit.FileBytes(configuration)).ExecuteAsync(context);
        }
    });

    public static ProblemHttpResult TooLarge(long limit) => ApiProblems.Status(StatusCodes.Status413PayloadTooLarge,
        $"The request is larger than the limit of {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes for this address. Nothing was saved; send a smaller file.",
        title: "Too large");

    /// <summary>A request body that fails with 413 once more than its limit has been read.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded { get; set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(Guard(() => inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await inner.ReadAsync(buffer, cancellationToken));
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                Exceeded = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Guard(Func<int> read)
        {
            try
            {
                return read();
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                Exceeded = true;
                throw;
            }
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) Fail();
            return read;
        }

        private void Fail()
        {
            Exceeded = true;
            throw new BadHttpRequestException("The request body is larger than this address accepts.", StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
