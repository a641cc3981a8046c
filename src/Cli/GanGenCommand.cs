using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using GanGen.Runtime.Distributed;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Weights;
using GanGen.Spec.Model;
using GanGen.Spec.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Cli;

/// <summary>The <c>gangen</c> command line: train, resume, sample, eval, import, export, summary, list.</summary>
public static class GanGenCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var spec = new Option<FileInfo?>("--spec") { Description = "The YAML spec (default: src/Models.yaml or Models.yaml, looked up from the current folder)" };
        var gan = new Option<string>("--gan") { Description = "The GAN to train, as named under gans:", Required = true };
        var runOption = new Option<DirectoryInfo?>("--run") { Description = "The run folder (default: runs/<gan>)" };
        var steps = new Option<long?>("--steps") { Description = "Train this many steps in all instead of the spec's steps or epochs" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 2) };
        var runArgument = new Argument<DirectoryInfo>("run") { Description = "A run folder made by gangen train" };
        var count = new Option<int>("--count") { Description = "How many samples", DefaultValueFactory = _ => 64 };
        var label = new Option<int?>("--label") { Description = "Generate this class only (conditional GANs)" };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the samples (default: <run>/sample.png, or .csv for 1-D GANs)" };
        var seed = new Option<long>("--seed") { Description = "Seed of the sample noise", DefaultValueFactory = _ => 0 };
        var model = new Argument<string?>("model") { Description = "Only this model", Arity = ArgumentArity.ZeroOrOne };
        var evalEvery = new Option<long>("--eval-every") { Description = "Steps between quality evaluations (default: every checkpoint)" };
        var evalSamples = new Option<int>("--eval-samples") { Description = "Generated (and real) samples per evaluation", DefaultValueFactory = _ => EvaluationOptions.Default.Samples };
        var bestBy = new Option<string?>("--best-by") { Description = "Metric that picks best.ckpt (default: fid for images, jsd in 1-D)" };
        var noEval = new Option<bool>("--no-eval") { Description = "Do not measure quality (no classifier, no best checkpoint)" };
        var best = new Option<bool>("--best") { Description = "Use the generator of the best evaluation (best-generator.pt) instead of the final one" };
        EvaluationOptions Evaluation(ParseResult r) =>
            new(r.GetValue(evalEvery), r.GetValue(evalSamples), r.GetValue(bestBy), Enabled: !r.GetValue(noEval));

        var precision = new Option<string?>("--precision")
        {
            Description = $"What training steps compute in: {string.Join(" or ", TrainingVocabulary.Precisions.Names)} (default: the spec's precision:, or the run's when resuming)",
        };
        var trainSeed = new Option<long?>("--seed") { Description = "Seed instead of the spec's" };
        var minutes = new Option<double?>("--minutes")
        {
            Description = "Wall-clock budget: finish (evaluate, checkpoint, write generator.pt) at the first step after this many minutes; resume continues",
        };
        minutes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value > 0 && value <= TimeSpan.MaxValue.TotalMinutes))
            {
                result.AddError($"--minutes must be a positive number of minutes, but is {value}");
            }
        });
        var train = new Command("train", "Train a GAN from its spec into a run folder") { spec, gan, runOption, steps, trainSeed, minutes, precision, threads, evalEvery, evalSamples, bestBy, noEval };
        train.SetAction(r => Guarded(() =>
        {
            SetThreads(r.GetValue(threads));
            var world = MpiWorld.IsLaunched ? MpiWorld.Join() : null;
            var (specPath, yaml) = RootFile(world, () => FindSpec(r.GetValue(spec)));
            var definition = LoadedSpec.Parse(yaml, specPath).Gan(r.GetValue(gan)!);
            var settings = definition.RequireTraining();
            if (r.GetValue(steps) is { } total)
            {
                settings = settings.WithSteps(total);
            }

            if (r.GetValue(trainSeed) is { } chosen)
            {
                settings = settings.WithSeed(chosen);
            }

            if (Precision(r.GetValue(precision)) is { } chosenPrecision)
            {
                settings = settings.WithPrecision(chosenPrecision);
            }

            var folder = r.GetValue(runOption)?.FullName ?? Path.Combine("runs", definition.Name);
            using var run = TrainingRun.Start(definition, folder, settings, evaluation: Evaluation(r));
            if (run.IsRoot)
            {
                File.Copy(specPath, run.Folder.Spec, overwrite: true);
            }

            return TrainingConsole.Run(run, Budget(r.GetValue(minutes)));
        }));

        var resume = new Command("resume", "Continue a run from its last checkpoint; --steps extends a finished run") { runArgument, steps, minutes, precision, threads, evalEvery, evalSamples, bestBy, noEval };
        resume.SetAction(r => Guarded(() =>
        {
            SetThreads(r.GetValue(threads));
            if (MpiWorld.IsLaunched)
            {
                MpiWorld.Join();
            }

            var (definition, folder) = OpenRun(r.GetValue(runArgument)!);
            var settings = definition.RequireTraining();
            using var run = TrainingRun.Resume(definition, folder.Directory, r.GetValue(steps), settings, evaluation: Evaluation(r), precision: Precision(r.GetValue(precision)));
            // Without generator.pt the run stopped after its last step but before its final outputs: finish those.
            if (run.IsRoot && run.StepsDone >= run.TotalSteps && File.Exists(run.Folder.Generator))
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]{folder.Directory} already finished its {run.TotalSteps} steps; give --steps with a larger total to extend it[/]");
                return 0;
            }

            return TrainingConsole.Run(run, Budget(r.GetValue(minutes)));
        }));

        var files = new Option<DirectoryInfo?>("--folder") { Description = "Write each sample as a PNG file of its own in this folder instead (a subfolder per class for a conditional GAN), as FID tools and gangen eval --images read them" };
        var sample = new Command("sample", "Draw samples from a run's final (or best) generator") { runArgument, count, label, output, files, seed, best };
        sample.SetAction(r => Guarded(() =>
            Sample(r.GetValue(runArgument)!, r.GetValue(count), r.GetValue(label), r.GetValue(output)?.FullName, r.GetValue(files)?.FullName, r.GetValue(seed), r.GetValue(best))));

        var evalRun = new Argument<DirectoryInfo?>("run") { Description = "A run folder made by gangen train", Arity = ArgumentArity.ZeroOrOne };
        var images = new Option<DirectoryInfo?>("--images") { Description = "Score images made elsewhere instead: a folder of PNG/JPEG files (class subfolders for a conditional GAN) or an MNIST-layout IDX folder (train-images-idx3-ubyte), measured against the data of --gan" };
        var evalGan = new Option<string?>("--gan") { Description = "With --images: the GAN whose data and classifier to measure against" };
        var report = new Option<FileInfo?>("--output") { Description = "Also write the metrics to this JSON file" };
        var eval = new Command("eval", "Measure a run's generator (FID, IS, precision/recall, mode coverage; JSD in 1-D), or images made elsewhere") { evalRun, best, evalSamples, images, evalGan, spec, threads, report };
        eval.SetAction(r => Guarded(() =>
        {
            SetThreads(r.GetValue(threads));
            return r.GetValue(images) is { } folder
                ? EvalCommand.Images(folder, LoadedSpec.Load(FindSpec(r.GetValue(spec))).Gan(r.GetValue(evalGan) ?? throw new ArgumentException("--images needs --gan: the GAN whose data the images are measured against")), r.GetValue(evalSamples), r.GetValue(report)?.FullName)
                : EvalCommand.Run(OpenRun(r.GetValue(evalRun) ?? throw new ArgumentException("give a run folder, or --images with --gan")), r.GetValue(best), r.GetValue(evalSamples), r.GetValue(report)?.FullName);
        }));

        var summary = new Command("summary", "Print the layer tables of the spec's models") { spec, model };
        summary.SetAction(r => Guarded(() =>
        {
            var loaded = LoadedSpec.Load(FindSpec(r.GetValue(spec)));
            var wanted = r.GetValue(model);
            var models = loaded.Models.Where(m => wanted is null || m.Name == wanted).ToArray();
            if (models.Length == 0)
            {
                throw new ArgumentException($"The spec has no model '{wanted}'; it has: {string.Join(", ", loaded.Models.Select(m => m.Name))}");
            }

            foreach (var m in models)
            {
                Console.WriteLine(ModelSummary.Format(m));
            }

            return 0;
        }));

        var weights = new Argument<FileInfo>("file") { Description = "A PyTorch state_dict (torch.save(model.state_dict(), file)) of the GAN's generator, or a GanGen generator.pt" };
        var importGan = new Option<string>("--gan") { Description = "The GAN whose generator the weights are, as named under gans:", Required = true };
        var importRun = new Option<DirectoryInfo?>("--run") { Description = "The run folder to create (default: runs/<gan>)" };
        var import = new Command("import", "Make a run folder from a generator's weights, for sample, eval and export") { weights, importGan, spec, importRun };
        import.SetAction(r => Guarded(() =>
            ImportCommand.Run(r.GetValue(weights)!, FindSpec(r.GetValue(spec)), r.GetValue(importGan)!, r.GetValue(importRun)?.FullName)));

        var list = new Command("list", "List the spec's models and GANs") { spec };
        list.SetAction(r => Guarded(() =>
        {
            List(LoadedSpec.Load(FindSpec(r.GetValue(spec))));
            return 0;
        }));

        var root = new RootCommand("GanGen: train GANs described in YAML") { train, resume, sample, eval, import, ExportCommand.Create(best), summary, list };
        return root.Parse(args).Invoke();
    }

    /// <summary>
    /// Turns the errors a user can fix into one red line and exit code 1, instead of a stack trace. Under
    /// <c>mpirun</c> it finalises MPI after the command, and an error on any rank stops all of them (the
    /// others would wait for it forever).
    /// </summary>
    internal static int Guarded(Func<int> action)
    {
        try
        {
            var code = action();
            MpiWorld.Current?.Dispose();
            return code;
        }
        catch (SpecException e)
        {
            return Failed(e.Message);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or UnauthorizedAccessException or NotSupportedException)
        {
            return Failed($"error: {e.Message}");
        }
    }

    private static int Failed(string message)
    {
        var world = MpiWorld.Current;
        Console.Error.WriteLine(world is { IsRoot: false } ? $"rank {world.Rank}: {message}" : message);
        if (world is { Size: > 1 })
        {
            world.Abort(1);
        }

        world?.Dispose();
        return 1;
    }

    /// <summary>
    /// A file's path and text. Under MPI rank 0 alone reads it and sends both to the other ranks, so only its
    /// machine needs the file (the spec, the run folder's files).
    /// </summary>
    private static (string Path, string Text) RootFile(MpiWorld? world, Func<string> path)
    {
        if (world is null)
        {
            var local = path();
            return (local, File.ReadAllText(local));
        }

        var shared = System.Text.Encoding.UTF8.GetString(world.Broadcast(() => System.Text.Encoding.UTF8.GetBytes(path())));
        using var text = new StreamReader(new MemoryStream(world.Broadcast(() => File.ReadAllBytes(shared))));
        return (shared, text.ReadToEnd());
    }

    private static TimeSpan? Budget(double? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    /// <summary>The setting a <c>--precision</c> word names, or null when the option is not given.</summary>
    private static PrecisionKind? Precision(string? word) =>
        word is null
            ? null
            : TrainingVocabulary.Precisions.Find(word)
                ?? throw new ArgumentException($"--precision {word}: unknown precision; use {string.Join(" or ", TrainingVocabulary.Precisions.Names)}");

    private static void SetThreads(int threads) => torch.set_num_threads(Math.Max(1, threads));

    private static string FindSpec(FileInfo? given)
    {
        if (given is not null)
        {
            return given.Exists ? given.FullName : throw new FileNotFoundException($"{given.FullName}: no such spec file");
        }

        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, "src", "Models.yaml"), Path.Combine(directory.FullName, "Models.yaml") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("No spec found: give --spec path/to/Models.yaml (looked for src/Models.yaml and Models.yaml from the current folder up)");
    }

    /// <summary>The GAN a run folder trains, loaded from the spec copied into it.</summary>
    internal static (GanDefinition Definition, RunFolder Folder) OpenRun(DirectoryInfo directory)
    {
        var world = MpiWorld.Current;
        var folder = new RunFolder(directory.FullName, create: world is null || world.IsRoot);
        var manifest = folder.ParseManifest(world is null ? folder.ReadManifestBytes() : world.Broadcast(folder.ReadManifestBytes));
        var (path, yaml) = RootFile(world, () => File.Exists(folder.Spec)
            ? folder.Spec
            : throw new FileNotFoundException($"{folder.Directory} has no spec.yaml; runs started from compiled classes are resumed by their own program"));
        return (LoadedSpec.Parse(yaml, path).Gan(manifest.Gan), folder);
    }

    private static int Sample(DirectoryInfo runDirectory, int count, int? label, string? output, string? files, long seed, bool best)
    {
        if (output is not null && files is not null)
        {
            throw new ArgumentException("give --output (one grid, or a CSV file in 1-D) or --folder (a PNG file per sample), not both");
        }

        var (definition, folder) = OpenRun(runDirectory);
        var domain = DataDomain.Of(definition, definition.RequireTraining());
        using var generator = LoadGenerator(definition, folder, best);
        using var scope = NewDisposeScope();
        var samples = definition.Generate(generator, count, seed, label);
        AnsiConsole.MarkupLineInterpolated($"{(files is null ? domain.WriteSamples(samples, folder, output, label) : domain.WriteSampleFiles(samples, files, label))}");
        return 0;
    }

    /// <summary>A fresh generator with the run's final weights, or those of its best evaluation.</summary>
    internal static nn.Module LoadGenerator(GanDefinition definition, RunFolder folder, bool best)
    {
        var path = best ? folder.BestGenerator : folder.Generator;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(best
                ? $"{path}: the run has no best evaluation yet (it was trained with --no-eval, or stopped before its first checkpoint)"
                : $"{path}: the run has not finished, so there is no final generator; finish it with gangen resume {folder.Directory}, or use --best");
        }

        var generator = definition.CreateGenerator();
        try
        {
            if (WeightFile.Load(generator, path) == WeightFormat.GanGenFieldNames)
            {
                Console.Error.WriteLine($"note: {path} names weights by C# field (written by a GanGen before checkpoint format 4); read by those names");
            }
        }
        catch
        {
            generator.Dispose();
            throw;
        }

        return generator;
    }

    private static void List(LoadedSpec spec)
    {
        var models = new Table().Title($"Models in {spec.Path}").AddColumns("Model", "Input", "Output", "Classes", "Parameters");
        foreach (var m in spec.Models)
        {
            models.AddRow(m.Name, Markup.Escape(m.Input.ToString()), Markup.Escape(m.Output.ToString()), m.Classes == 0 ? "-" : m.Classes.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelSummary.Count(m.ParameterCount));
        }

        var gans = new Table().Title("GANs").AddColumns("GAN", "Generator", "Discriminator", "Training");
        foreach (var g in spec.Gans)
        {
            gans.AddRow(g.Name, g.Generator, g.Discriminator, Markup.Escape(Describe(g.Training)));
        }

        AnsiConsole.Write(models);
        AnsiConsole.Write(gans);
    }

    private static string Describe(TrainingSettings? t) =>
        t is null
            ? "none"
            : FormattableString.Invariant($"{t.Data.Kind}, {t.Loss.Kind}, {t.GeneratorOptimizer.Kind} lr {t.GeneratorOptimizer.LearningRate}, batch {t.BatchSize}, ")
              + (t.Steps > 0 ? $"{t.Steps} steps" : $"{t.Epochs} epochs");
}
