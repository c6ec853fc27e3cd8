using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>The one mapping from a failure to its HTTP answer, executed as the app executes it.</summary>
public sealed class ApiProblemsTests
{
    private static async Task<(int Status, string? ContentType, JsonElement Body)> ExecuteAsync(IResult result)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType, (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone());
    }

    [Theory]
    [InlineData(FailureKind.Validation, 400)]
    [InlineData(FailureKind.Unauthorized, 401)]
    [InlineData(FailureKind.Forbidden, 403)]
    [InlineData(FailureKind.NotFound, 404)]
    [InlineData(FailureKind.Conflict, 409)]
    public async Task EveryFailureKind_IsAnsweredWithItsStatus_AsProblemDetailsCarryingTheMessage(FailureKind kind, int status)
    {
        var (answered, contentType, body) = await ExecuteAsync(ApiProblems.For(new Failure(kind, "What to change.")));

        Assert.Equal(status, answered);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal("What to change.", body.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110#section-15.", body.GetProperty("type").GetString());
    }

    [Fact]
    public void EveryFailureKind_HasAnAnswer()
    {
        Assert.All(Enum.GetValues<FailureKind>(), kind => Assert.InRange(ApiProblems.StatusOf(kind), 400, 499));
    }

    [Fact]
    public async Task AValidationFailure_KeysItsDetailsByTheFieldEachNames_AndTheRestUnderRequest()
    {
        var failure = Failure.Validation("2 problems.", ["runId is required.", "The period ends before it starts."]);

        var (_, _, body) = await ExecuteAsync(ApiProblems.For(failure, fields: ["runId", "asOf"]));

        var errors = body.GetProperty("errors");
        Assert.Equal("runId is required.", errors.GetProperty("runId")[0].GetString());
        Assert.Equal("The period ends before it starts.", errors.GetProperty(ApiProblems.RequestKey)[0].GetString());
    }

    [Fact]
    public async Task ARejectedFile_ListsEveryProblemWithItsLineAndColumn()
    {
        var (status, _, body) = await ExecuteAsync(ApiProblems.FileRejected("Rejected", "1 error(s).", [new ApiProblems.LineError(3, "date", "Not a date.")]));

        Assert.Equal(400, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("date", error.GetProperty("column").GetString());
        Assert.Equal("Not a date.", error.GetProperty("message").GetString());
    }
}
