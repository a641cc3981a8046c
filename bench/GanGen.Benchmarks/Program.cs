// GanGen benchmarks (BenchmarkDotNet). Run all of them, from the repository root, with:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --filter '*'
//
// Add `--job short` for a quicker, noisier run (3 iterations), as bench/README.md's figures were
// taken; `--filter '*Cold*'` runs one benchmark. See bench/README.md for what each one measures.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
