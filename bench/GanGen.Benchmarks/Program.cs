using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/GanGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(GanGen.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
