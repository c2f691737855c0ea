using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RecoveryFunctions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseRecoveryMiddleware();
builder.Services.AddRecoveryServices(builder.Configuration, builder.Environment);
builder.ValidateLifetimesInDevelopment();
builder.Build().Run();
