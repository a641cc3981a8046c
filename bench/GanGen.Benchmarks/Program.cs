// GanGen benchmarks (BenchmarkDotNet). Run all of them, from the repository root, with:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --filter '*'
//
// (about 2 minutes on 2 cores with the default job; `--job short` is quicker and noisier,
// `--filter '*Cold*'` runs one benchmark). The training-step comparison (runtime vs hand-written
// TorchSharp, its own short job, about two minutes after the build) alone:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --filter '*TrainingStep*'
//
// and the same comparison interleaved step by step in one process (no BenchmarkDotNet; 40 rounds):
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --interleaved 40
//
// float32 against bf16-mixed (Keras-DCGAN and DCGAN steps, the mixed step by hand, channels-last),
// interleaved in one process (30 rounds), and where a step's time goes, layer by layer:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --precision 30
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --profile 10 [32 | bf16-mixed]
//
// and the resident memory of a whole training run of a GAN in src/Models.yaml, every few hundred steps:
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --memory Vanilla 5000
//
// and the full-size SNGAN pairs against PyTorch (bench/pytorch/sngan.py --write DIR first, --check DIR after):
//
//   dotnet run -c Release --project bench/GanGen.Benchmarks -- --pytorch-parity DIR
//
// Results go to ./BenchmarkDotNet.Artifacts (git-ignored).
// See bench/README.md for what each benchmark measures and the figures measured.
using System;
using System.Globalization;
using BenchmarkDotNet.Running;
using GanGen.Benchmarks;
using GanGen.Spec.Training;

if (args.Length > 0 && args[0] == "--interleaved")
{
    TrainingStepBenchmarks.RunInterleaved(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "--precision")
{
    PrecisionBenchmarks.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "--profile")
{
    var precisions = args.Length > 2
        ? new[] { TrainingVocabulary.Precisions.Find(args[2]) ?? throw new ArgumentException($"--profile: unknown precision '{args[2]}'") }
        : new[] { PrecisionKind.Float32, PrecisionKind.Bf16Mixed };
    LayerProfile.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10, precisions, Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "--memory")
{
    MemoryTrace.Run(args.Length > 1 ? args[1] : "Vanilla", args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 5000, Console.Out);
    return;
}

if (args.Length > 1 && args[0] == "--pytorch-parity")
{
    PyTorchParity.Run(args[1], Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
