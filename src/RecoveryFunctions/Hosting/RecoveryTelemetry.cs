using System.Data.Common;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// OpenTelemetry for the worker (contract §7): the app's Meter and ActivitySource (<see cref="RecoveryMetrics"/>), the
/// Functions worker's invocation spans and outgoing HTTP (storage, Key Vault, the email service).
/// Exporters are chosen by settings: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set
/// (authenticated with the identity named in <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, as the ingestion
/// endpoint accepts Entra tokens only), and locally <c>Telemetry:Console</c> and <c>Telemetry:PrometheusPort</c>.
/// </summary>
internal static class RecoveryTelemetry
{
    public const string SectionName = "Telemetry";
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static void AddRecoveryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<TelemetrySettings>() ?? new TelemetrySettings();
        if (settings.PrometheusPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(TelemetrySettings.PrometheusPort)} must be a TCP port (1-65535).");
        }

        services.AddMetrics();
        services.TryAddSingleton<RecoveryMetrics>();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithTracing(tracing =>
            {
                // Every outgoing HTTP call (storage, vault, email service). Request spans are the Functions host's
                // (host.json telemetryMode OpenTelemetry); the worker's invocation span comes from UseFunctionsWorkerDefaults.
                tracing.AddSource(RecoveryMetrics.Name).AddSource("System.Net.Http");
                if (settings.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RecoveryMetrics.Name);
                if (settings.Console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000);
                }

                if (settings.PrometheusPort is { } port)
                {
                    metrics.AddPrometheusHttpListener(o => (o.Host, o.Port) = ("localhost", port));
                }
            })
            .UseFunctionsWorkerDefaults();

        var connectionString = configuration[ConnectionStringKey];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credential = EntraCredential(configuration[AuthenticationStringKey]);
            telemetry.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = connectionString;
                o.Credential = credential;
            });
        }
    }

    /// <summary>
    /// Reads <c>Authorization=AAD;ClientId=...</c> (the format the Functions host documents) into a managed identity
    /// credential; null (instrumentation-key ingestion) when the setting is absent.
    /// </summary>
    internal static TokenCredential? EntraCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = authenticationString };
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization as string, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AuthenticationStringKey} must be 'Authorization=AAD' with an optional 'ClientId=<user-assigned identity>'.");
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId is string id && id.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>The <c>Telemetry</c> section: local exporters (Azure Monitor needs no setting but its connection string).</summary>
    internal sealed class TelemetrySettings
    {
        /// <summary><c>service.name</c> of every span and metric (the cloud role name in Application Insights).</summary>
        public string ServiceName { get; set; } = "recovery-functions";

        /// <summary>Writes spans as they end and metrics every 10 s to the console.</summary>
        public bool Console { get; set; }

        /// <summary>Serves the metrics in Prometheus text format on <c>http://localhost:{port}/metrics</c>.</summary>
        public int? PrometheusPort { get; set; }
    }
}
