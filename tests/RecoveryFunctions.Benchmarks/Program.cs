using RecoveryFunctions.Benchmarks;

var options = BenchmarkOptions.Parse(args);
var report = await BenchmarkRun.RunAsync(options);
Console.WriteLine(report);
Console.WriteLine($"Written to {options.OutputPath}");
