using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ComplianceDashboard.Web.Api;

/// <summary>
/// A CSV file received over HTTP — a text/csv body or the file part of a multipart form — copied to a
/// temporary file as it arrives, within the endpoint's size limit, so a large file is never held in memory.
/// </summary>
internal sealed class CsvUpload : IAsyncDisposable
{
    /// <summary>The content types a CSV upload accepts, for the OpenAPI document.</summary>
    public static readonly string[] ContentTypes = ["text/csv", "application/csv", "multipart/form-data"];

    private readonly FileStream _file;

    private CsvUpload(FileStream file, string? fileName)
    {
        _file = file;
        FileName = fileName;
    }

    private const string NoFilePart = "Attach the CSV file as a file part of the form.";

    /// <summary>The received bytes, positioned at the start.</summary>
    public Stream Content => _file;

    /// <summary>The uploaded file's name, or null for a plain text/csv body.</summary>
    public string? FileName { get; }

    /// <summary>
    /// Receives a CSV file within <paramref name="limit"/> and imports it whole or not at all: 200 with what the batch
    /// changed, the failure's problem details, or 400 listing every error by line and column. The import runs off the
    /// request thread (one writer, one transaction).
    /// </summary>
    public static async Task<Results<Ok<TResponse>, ProblemHttpResult>> ImportAsync<TResponse>(
        HttpContext http, long limit, string source, Func<Stream, string, Result<ImportReport>> import,
        Func<ImportReport, TResponse> accepted, CancellationToken cancel)
    {
        var (upload, problem) = await ReceiveAsync(http, limit, multipartOnly: false, cancel);
        if (upload is null) return problem!;
        await using (upload)
        {
            var name = upload.FileName is { } file ? $"{file} ({source})" : source;
            var result = await Task.Run(() => import(upload.Content, name), cancel);
            if (!result.Succeeded) return ApiProblems.For(result.Failure!);
            var report = result.Value;
            if (!report.Accepted)
                return ApiProblems.FileRejected("The file was rejected; nothing was imported.",
                    $"{report.Errors.Count} error(s). Fix them and send the whole file again.",
                    report.Errors.Select(e => new ApiProblems.LineError(e.Line, e.Column, e.Message)));
            return TypedResults.Ok(accepted(report));
        }
    }

    /// <summary>
    /// Receives the file, or answers 413 (over <paramref name="limit"/>), 415 (neither text/csv nor multipart, or not
    /// multipart when <paramref name="multipartOnly"/>) or 400 (a form without a file).
    /// </summary>
    public static async Task<(CsvUpload? Upload, ProblemHttpResult? Problem)> ReceiveAsync(HttpContext http, long limit, bool multipartOnly, CancellationToken cancel)
    {
        var request = http.Request;
        var contentType = request.ContentType ?? "";
        var isMultipart = contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        var isCsv = contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                    || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase);
        if (multipartOnly && !isMultipart)
            return (null, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Upload the file as multipart/form-data."));
        if (!isCsv && !isMultipart)
            return (null, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType,
                $"Send the file as text/csv or as a multipart/form-data file, not '{(contentType.Length > 0 ? contentType : "no content type")}'."));

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            string? name = null;
            if (isCsv)
            {
                await CopyLimitedAsync(request.Body, file, limit, cancel);
            }
            else
            {
                name = await CopyFirstFilePartAsync(request, file, limit, cancel);
                if (name is null)
                {
                    await file.DisposeAsync();
                    return (null, ApiProblems.FileRejected("No file was sent", NoFilePart, [new ApiProblems.LineError(0, null, NoFilePart)]));
                }
            }
            file.Position = 0;
            return (new CsvUpload(file, name), null);
        }
        catch (Exception e) when (e is TooLargeException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await file.DisposeAsync();
            return (null, RequestBodyLimits.TooLarge(limit));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private static async Task<string?> CopyFirstFilePartAsync(HttpRequest request, Stream target, long limit, CancellationToken cancel)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return null;
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancel) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                continue;
            await CopyLimitedAsync(section.Body, target, limit, cancel);
            var name = disposition.FileName.Value?.Trim('"');
            return string.IsNullOrWhiteSpace(name) ? "upload" : Path.GetFileName(name);
        }
        return null;
    }

    private static async Task CopyLimitedAsync(Stream source, Stream target, long limit, CancellationToken cancel)
    {
        var chunk = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancel)) > 0)
        {
            total += read;
            if (total > limit) throw new TooLargeException();
            await target.WriteAsync(chunk.AsMemory(0, read), cancel);
        }
    }

    private sealed class TooLargeException : Exception;
}
