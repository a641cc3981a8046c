using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// Trains a GAN from its settings into a run folder: sample pictures, loss curves, metrics, TensorBoard
/// events and checkpoints every <c>sample_every</c> steps (or epoch), the final generator at the end.
/// Steps are totals: a resumed run stops where an uninterrupted one would, with the same weights.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly GanDefinition gan;
    private readonly TrainingSettings settings;
    private readonly nn.Module generator;
    private readonly nn.Module discriminator;
    private readonly WeightAverage? average;
    private readonly GanTrainer trainer;
    private readonly OpenedData data;
    private readonly SampleWriter samples;
    private readonly List<TrainingStep> history;
    private readonly double previousSeconds;
    private readonly RunEvaluator? evaluator;
    private QualityReport? best;

    private static readonly TimeSpan CurveInterval = TimeSpan.FromSeconds(10);

    private TrainingRun(GanDefinition gan, TrainingSettings settings, RunFolder folder, bool resume, long? totalSteps, string? cacheDirectory, EvaluationOptions? evaluation)
    {
        this.gan = gan;
        this.settings = settings;
        Folder = folder;
        var device = DeviceFor(settings.Device);
        cacheDirectory ??= DataSources.DefaultCache;
        evaluation ??= EvaluationOptions.Default;

        // The run's own data first: a missing or damaged dataset is reported as the spec names it.
        data = DataSources.Open(settings.Data, gan.SampleShape.ToArray(), cacheDirectory, gan.Classes);

        // Before the run's seed is set: training the classifier draws random numbers, and a run must not
        // depend on whether its classifier was already cached.
        evaluator = evaluation.Enabled ? new RunEvaluator(gan, settings, evaluation, cacheDirectory, Console.WriteLine) : null;
        torch.manual_seed(settings.Seed);
        generator = gan.CreateGenerator().to(device);
        discriminator = gan.CreateDiscriminator().to(device);
        TrainingParts.Initialize(generator, settings.Init);
        TrainingParts.Initialize(discriminator, settings.Init);
        average = settings.Ema.Decay > 0 ? new WeightAverage(generator, gan.CreateGenerator().to(device), settings.Ema.Decay, settings.Ema.Start) : null;

        var stepsPerEpoch = settings.Epochs > 0 ? Math.Max(1, data.Count / settings.BatchSize) : 0;
        TotalSteps = totalSteps ?? (settings.Steps > 0 ? settings.Steps : settings.Epochs * stepsPerEpoch);
        SampleEvery = settings.SampleEvery > 0 ? settings.SampleEvery : stepsPerEpoch > 0 ? stepsPerEpoch : Math.Max(1, TotalSteps / 10);
        EvaluateEvery = evaluation.Every > 0 ? evaluation.Every : SampleEvery;

        var loss = TrainingParts.Loss(settings.Loss, gan.Classes);
        trainer = new GanTrainer(
            generator, discriminator, gan.Classes, loss,
            TrainingParts.Optimizer(settings.GeneratorOptimizer, generator.parameters()),
            TrainingParts.Optimizer(settings.DiscriminatorOptimizer, discriminator.parameters()),
            TrainingParts.Noise(settings.Noise, gan.NoiseShape), data.Sampler, settings.BatchSize, settings.Seed + 2)
        {
            DiscriminatorSteps = settings.DiscriminatorSteps,
            GeneratorSchedule = TrainingParts.Schedule(settings.GeneratorOptimizer),
            DiscriminatorSchedule = TrainingParts.Schedule(settings.DiscriminatorOptimizer),
            Device = device,
        };
        samples = new SampleWriter(gan, settings, loss, device);

        // A run stopped before its first checkpoint has nothing to restore: it starts again from step 0, as it first did.
        if (resume && (File.Exists(folder.Checkpoint) || File.Exists(Checkpoint.PreviousPath(folder.Checkpoint))))
        {
            Restore();
            var rows = File.Exists(folder.Metrics)
                ? MetricsCsv.Read(folder.Metrics).Where(r => r.Training.Step <= trainer.StepsDone).ToList()
                : new List<MetricsRow>();
            history = rows.Select(r => r.Training).ToList();
            previousSeconds = rows.Count > 0 ? rows[^1].Seconds : 0;
            best = evaluator is null ? null : BestSoFar.Read(folder, trainer.StepsDone);
        }
        else
        {
            Pretrain(device);
            history = new List<TrainingStep>();
            folder.WriteManifest(new RunManifest(gan.Name, TotalSteps, settings.Seed));
        }

        Metrics = new MetricsCsv(folder.Metrics, evaluator?.Metrics, resumeAtStep: resume ? trainer.StepsDone : null);
        TensorBoard = new TensorBoardLog(folder.TensorBoard);
    }

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>Steps the run trains in all.</summary>
    public long TotalSteps { get; }

    /// <summary>Steps between pictures and checkpoints.</summary>
    public long SampleEvery { get; }

    /// <summary>Steps between quality evaluations (<see cref="EvaluationOptions.Every"/>, else every checkpoint).</summary>
    public long EvaluateEvery { get; }

    /// <summary>The domain classifier's test accuracy, for image runs that are evaluated; else null.</summary>
    public double? ClassifierAccuracy => evaluator?.ClassifierAccuracy;

    /// <summary>The best evaluation so far by <see cref="BestBy"/>, or null before the first.</summary>
    public QualityReport? Best => best;

    /// <summary>The metric that picks the best checkpoint; null when the run is not evaluated.</summary>
    public string? BestBy => evaluator?.BestBy;

    /// <summary>Steps done so far (after a resume, including those of earlier sessions).</summary>
    public long StepsDone => trainer.StepsDone;

    /// <summary>What D pretraining ended at (mean squared error), or null when there was none in this session.</summary>
    public double? PretrainLoss { get; private set; }

    /// <summary>The generator that samples come from: the weight average when enabled, else G itself.</summary>
    public nn.Module SamplingGenerator => average?.Average ?? generator;

    private MetricsCsv Metrics { get; }

    private TensorBoardLog TensorBoard { get; }

    /// <summary>Starts a new run in <paramref name="directory"/>, which must not hold one already.</summary>
    /// <param name="gan">The GAN to train.</param>
    /// <param name="directory">The run folder.</param>
    /// <param name="settings">Settings to use instead of the spec's.</param>
    /// <param name="cacheDirectory">Where fetched datasets and classifiers are kept; <see cref="DataSources.DefaultCache"/> when null.</param>
    /// <param name="evaluation">How quality is measured; <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <exception cref="IOException">The folder already holds a run; resume it or choose another folder.</exception>
    public static TrainingRun Start(GanDefinition gan, string directory, TrainingSettings? settings = null, string? cacheDirectory = null, EvaluationOptions? evaluation = null)
    {
        var folder = new RunFolder(directory);
        if (File.Exists(folder.Manifest))
        {
            throw new IOException($"{folder.Directory} already holds a run of {folder.ReadManifest().Gan}; resume it, or choose another folder");
        }

        return new TrainingRun(gan, settings ?? gan.RequireTraining(), folder, resume: false, totalSteps: null, cacheDirectory, evaluation);
    }

    /// <summary>Continues the run in <paramref name="directory"/> from its last checkpoint.</summary>
    /// <param name="gan">The GAN the run trains (its name must match the run's).</param>
    /// <param name="directory">The run folder.</param>
    /// <param name="totalSteps">A new, larger total to extend a run beyond the steps it was started with; null keeps them.</param>
    /// <param name="settings">Settings to use instead of the spec's (they must be the ones the run started with).</param>
    /// <param name="cacheDirectory">Where fetched datasets and classifiers are kept.</param>
    /// <param name="evaluation">How quality is measured (keep the run's choice of best metric).</param>
    public static TrainingRun Resume(GanDefinition gan, string directory, long? totalSteps = null, TrainingSettings? settings = null, string? cacheDirectory = null, EvaluationOptions? evaluation = null)
    {
        var folder = new RunFolder(directory);
        var manifest = folder.ReadManifest();
        if (manifest.Gan != gan.Name)
        {
            throw new InvalidOperationException($"{folder.Directory} is a run of {manifest.Gan}, not {gan.Name}");
        }

        if (totalSteps is { } extended && extended < manifest.TotalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), extended, $"The run already has {manifest.TotalSteps} steps in all; a total can only grow");
        }

        var run = new TrainingRun(gan, (settings ?? gan.RequireTraining()) with { Seed = manifest.Seed }, folder, resume: true, totalSteps ?? manifest.TotalSteps, cacheDirectory, evaluation);
        folder.WriteManifest(manifest with { TotalSteps = run.TotalSteps });
        return run;
    }

    /// <summary>Trains until <see cref="TotalSteps"/>, cancellation, or a non-finite loss.</summary>
    /// <param name="progress">Called after every step.</param>
    /// <param name="cancellation">Stops the run after the current step, saving a checkpoint first.</param>
    public RunResult Run(Action<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var rate = new RateMeter();
        QualityReport? latest = null;
        TrainingStep? last = history.Count > 0 ? history[^1] : null;
        var unsaved = false;
        var curves = Stopwatch.StartNew();
        while (trainer.StepsDone < TotalSteps)
        {
            if (cancellation.IsCancellationRequested)
            {
                Finish(unsaved, complete: false);
                return new RunResult(RunOutcome.Interrupted, trainer.StepsDone, last,
                    $"Interrupted at step {trainer.StepsDone} of {TotalSteps}; checkpoint saved in {Folder.Checkpoint}; continue with resume");
            }

            TrainingStep step;
            try
            {
                step = trainer.Step();
            }
            catch (NonFiniteLossException e)
            {
                WriteCurves();
                return new RunResult(RunOutcome.Diverged, e.Measured.Step - 1, last,
                    $"{e.Message}; stopped. The last good checkpoint ({LastCheckpointStep()}) is kept in {Folder.Checkpoint}");
            }

            average?.Update(step.Step);
            last = step;
            history.Add(step);
            var report = evaluator is not null && (step.Step % EvaluateEvery == 0 || step.Step == TotalSteps) ? evaluator.Measure(SamplingGenerator, step.Step) : null;
            latest = report ?? latest;
            Metrics.Append(step, trainer.GeneratorLearningRate, trainer.DiscriminatorLearningRate, previousSeconds + clock.Elapsed.TotalSeconds,
                report is null ? null : evaluator!.Metrics.Select(m => report[m]).ToArray());
            TensorBoard.Log(step, trainer.GeneratorLearningRate, trainer.DiscriminatorLearningRate);
            unsaved = true;
            if (report is not null && evaluator!.IsBetter(report, best))
            {
                SaveBest(report);
            }

            if (step.Step % SampleEvery == 0 || step.Step == TotalSteps)
            {
                samples.Write(Folder, SamplingGenerator, discriminator, step.Step, step.DiscriminatorLoss);
                SaveCheckpoint();
                unsaved = false;

                // Plotting the whole history costs more than a fast 1-D step interval: redraw at most every few seconds.
                if (curves.Elapsed >= CurveInterval)
                {
                    WriteCurves();
                    curves.Restart();
                }
            }

            progress?.Invoke(new RunProgress(step, TotalSteps, rate.Tick(), latest));
        }

        Finish(unsaved, complete: true);
        return new RunResult(RunOutcome.Completed, trainer.StepsDone, last, $"Trained {gan.Name} for {TotalSteps} steps; outputs in {Folder.Directory}") { Quality = latest, Best = best };
    }

    /// <summary>Draws samples from <see cref="SamplingGenerator"/>; see <see cref="GanDefinition.Generate"/>.</summary>
    /// <param name="count">How many samples.</param>
    /// <param name="seed">Seeds the noise.</param>
    /// <param name="label">The class to generate (conditional GANs only).</param>
    /// <returns>The samples, [count, ...SampleShape]; the caller disposes them.</returns>
    public Tensor Generate(long count, long seed = 0, int? label = null) => gan.Generate(SamplingGenerator, count, seed, label);

    /// <inheritdoc />
    public void Dispose()
    {
        Metrics.Dispose();
        TensorBoard.Dispose();
        samples.Dispose();
        data.Dispose();
        generator.Dispose();
        discriminator.Dispose();
        average?.Average.Dispose();
        evaluator?.Dispose();
    }

    private void Finish(bool unsaved, bool complete)
    {
        if (unsaved)
        {
            samples.Write(Folder, SamplingGenerator, discriminator, trainer.StepsDone, history.Count > 0 ? history[^1].DiscriminatorLoss : null);
            SaveCheckpoint();
        }

        WriteCurves();

        if (samples.IsOneD)
        {
            samples.WriteAnimation(Folder);
        }

        if (complete)
        {
            SaveSamplingGenerator(Folder.Generator);
        }
    }

    /// <summary>
    /// Keeps the weights of a new best evaluation beside the last ones: GAN quality often peaks and then
    /// collapses late in training, and the last checkpoint is then the worst.
    /// </summary>
    private void SaveBest(QualityReport report)
    {
        best = report;
        Checkpoint.Save(trainer, Folder.BestCheckpoint, average?.Average);
        SaveSamplingGenerator(Folder.BestGenerator);
        BestSoFar.Write(Folder, report);
    }

    private void SaveSamplingGenerator(string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        SamplingGenerator.save(writer);
    });

    private void WriteCurves() => LossPlot.Save(Folder.LossPlot, history, $"{gan.Name}: {history.Count} steps");

    private void SaveCheckpoint() => Checkpoint.Save(trainer, Folder.Checkpoint, average?.Average);

    private string LastCheckpointStep() => history.Count == 0 ? "step 0" : $"step {history[^1].Step / SampleEvery * SampleEvery}";

    private void Restore()
    {
        try
        {
            Checkpoint.Load(trainer, Folder.Checkpoint, average?.Average);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException && File.Exists(Checkpoint.PreviousPath(Folder.Checkpoint)))
        {
            Console.Error.WriteLine($"warning: {e.Message}; resuming from the previous checkpoint {Checkpoint.PreviousPath(Folder.Checkpoint)}");
            Checkpoint.Load(trainer, Checkpoint.PreviousPath(Folder.Checkpoint), average?.Average);
        }
    }

    private void Pretrain(Device device)
    {
        var pretrain = settings.Pretrain;
        if (pretrain.Steps == 0)
        {
            return;
        }

        // The seed pretrains D with its own plain SGD, independent of D's game optimizer.
        using var optimizer = optim.SGD(discriminator.parameters(), pretrain.LearningRate);
        PretrainLoss = GanTrainer.PretrainDiscriminator(
            discriminator, optimizer, Samplers.Uniform(pretrain.Low, pretrain.High, 1), x => DataSources.Density(settings.Data, x),
            (int)pretrain.Steps, settings.BatchSize, settings.Seed + 1);
    }

    private static Device DeviceFor(string name)
    {
        if (name != "cuda")
        {
            return CPU;
        }

        return cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException("The spec asks for device: cuda, but TorchSharp finds no CUDA device (this build uses TorchSharp-cpu); use device: cpu");
    }

    /// <summary>Steps per second over the last few seconds.</summary>
    private sealed class RateMeter
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private double rate;
        private int ticks;
        private double since;

        public double Tick()
        {
            ticks++;
            var elapsed = clock.Elapsed.TotalSeconds;
            if (elapsed - since >= 1 || rate == 0)
            {
                rate = ticks / Math.Max(elapsed - since, 1e-9);
                ticks = 0;
                since = elapsed;
            }

            return rate;
        }
    }
}
