using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComplianceDashboard.Web.Tests.Api;

/// <summary>
/// An exception under /api (here a store that fails like a full disk) answers 500 problem details with a correlation id
/// that the log line also carries, and nothing of the exception — in Development too, where the developer exception page
/// would otherwise answer.
/// </summary>
public sealed class ApiServerErrorTests(ApiServerErrorTests.FailingStoreFactory factory) : IClassFixture<ApiServerErrorTests.FailingStoreFactory>
{
    private const string Internals = "No space left on device: /var/lib/compliance/store.db";

    /// <summary>The real app (Development environment) whose jurisdiction store fails every call once told to.</summary>
    public sealed class FailingStoreFactory : DashboardFactory
    {
        public volatile bool Failing;
        public ConcurrentQueue<string> Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Log)));
            builder.ConfigureTestServices(services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(IJurisdictionRepository));
                services.Remove(real);
                services.AddSingleton(sp =>
                {
                    var inner = (IJurisdictionRepository)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!);
                    var proxy = DispatchProxy.Create<IJurisdictionRepository, FailingProxy>();
                    ((FailingProxy)(object)proxy).Bind(inner, () => Failing);
                    return proxy;
                });
            });
        }
    }

    /// <summary>Passes every call to the real repository, or throws as a full disk would.</summary>
    public class FailingProxy : DispatchProxy
    {
        private object? _inner;
        private Func<bool> _failing = () => false;

        public void Bind(object inner, Func<bool> failing) => (_inner, _failing) = (inner, failing);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (_failing()) throw new IOException(Internals);
            try
            {
                return method!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines.Enqueue($"{formatter(state, exception)} | {exception?.Message}");
            }
        }
    }

    [Fact]
    public async Task AFailingStore_Answers500ProblemDetails_WithACorrelationIdThatIsInTheLog_AndNoInternals()
    {
        Assert.True(factory.Services.GetRequiredService<IWebHostEnvironment>().IsDevelopment(), "the developer exception page would be active");
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "reader", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jurisdictions");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        factory.Failing = true;
        HttpResponseMessage response;
        try
        {
            response = await factory.CreateClient().SendAsync(request);
        }
        finally
        {
            factory.Failing = false;
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("No space left", text);
            Assert.DoesNotContain("IOException", text);
            Assert.DoesNotContain("/var/lib", text);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(500, problem.GetProperty("status").GetInt32());
            var correlationId = problem.GetProperty("correlationId").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(correlationId));
            Assert.Contains(correlationId, problem.GetProperty("detail").GetString());
            Assert.Equal(correlationId, response.Headers.GetValues(ApiErrorHandling.CorrelationHeader).Single());
            Assert.Contains(factory.Log, line => line.Contains(correlationId, StringComparison.Ordinal) && line.Contains(Internals, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task WithTheStoreWorking_TheSameEndpointAnswers200()
    {
        var key = factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, "reader", ApiScope.Read).Value.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jurisdictions");
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
