using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
