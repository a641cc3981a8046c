// GanGen benchmarks (BenchmarkDotNet). Run all of them, from the repository root, with:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --filter '*'
//
// (about 2 minutes on 2 cores with the default job; `--job short` is quicker and noisier,
// `--filter '*Cold*'` runs one benchmark). Results go to ./BenchmarkDotNet.Artifacts (git-ignored).
// See bench/README.md for what each benchmark measures and the figures measured.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
