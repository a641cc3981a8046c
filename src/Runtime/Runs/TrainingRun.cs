using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GanGen.Runtime.Data;
using GanGen.Runtime.Distributed;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// Trains a GAN from its settings into a run folder. Each output is an <see cref="IRunObserver"/> told of
/// every step, every checkpoint (each <c>sample_every</c> steps, or epoch) and the end: metrics, TensorBoard
/// events, the best checkpoint, pictures, the last checkpoint, loss curves and the final generator.
/// Steps are totals: a resumed run stops where an uninterrupted one would, with the same weights.
/// Started by Open MPI's <c>mpirun</c>, every process is one rank of a data-parallel run (see
/// <see cref="DataParallel"/>): rank 0 alone evaluates and writes the run folder, the other ranks train and
/// write nothing, and the run's results are rank 0's.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly GanDefinition gan;
    private readonly OpenedData data;
    private readonly RunEvaluator? evaluator;
    private readonly RunNetworks networks;
    private readonly GanTrainer trainer;
    private readonly RunSchedule schedule;
    private readonly MpiWorld? world;
    private readonly DataParallel? parallel;
    private readonly BestCheckpoint? best;
    private readonly IRunObserver[] outputs;
    private readonly List<IRunObserver> observers;
    private readonly double previousSeconds;
    private TrainingStep? last;

    private TrainingRun(GanDefinition gan, TrainingSettings settings, RunFolder folder, bool resume, long? totalSteps, string? cacheDirectory, EvaluationOptions? evaluation, MpiWorld? world)
    {
        this.gan = gan;
        this.world = world;
        Folder = folder;
        var device = TrainingParts.DeviceFor(settings.Device);
        cacheDirectory ??= DataSources.DefaultCache;
        evaluation ??= EvaluationOptions.Default;

        // The run's own data first: a missing or damaged dataset is reported as the spec names it.
        data = DataSources.Open(settings.Data, gan.SampleShape.ToArray(), cacheDirectory, gan.Classes);

        // Before the run's seed is set: training the classifier draws random numbers, and a run must not
        // depend on whether its classifier was already cached.
        evaluator = evaluation.Enabled && IsRoot ? new RunEvaluator(gan, settings, evaluation, cacheDirectory, Console.WriteLine) : null;
        networks = new RunNetworks(gan, settings, device);
        if (world is { Rank: > 0 } rank)
        {
            // Every rank drew the same networks from the run's seed; what the global generator draws from now
            // on (dropout masks, WGAN-GP's interpolation weights) must differ between the ranks' slices.
            manual_seed(settings.Seed + rank.Rank);
        }

        parallel = world is null ? null : new DataParallel(world);

        schedule = RunSchedule.For(settings, data.Count, totalSteps, evaluation);
        var loss = TrainingParts.Loss(settings.Loss, gan.Classes);
        trainer = networks.Trainer(loss, data.Sampler, parallel);
        var checkpoint = new LastCheckpoint(folder, trainer, networks);

        // A run stopped before its first checkpoint has nothing to restore: it starts again from step 0, as it first did.
        var restored = resume && checkpoint.TryRestore(world);
        PretrainLoss = restored ? null : networks.PretrainDiscriminator();
        observers = [];
        if (!IsRoot)
        {
            outputs = [];
            return;
        }

        best = new BestCheckpoint(folder, evaluator, trainer, networks, resumedAt: restored ? trainer.StepsDone : null);
        var metrics = new MetricsFile(folder, evaluator?.Metrics, resumeAtStep: resume ? trainer.StepsDone : null);

        // In this order at every event; generator.pt comes last because it marks a finished run.
        outputs =
        [
            metrics,
            new TensorBoardScalars(folder),
            best,
            DataDomain.Of(gan, settings).Pictures(folder, networks, loss),
            checkpoint,
            new LossCurves(folder, gan.Name, metrics.Kept.Select(row => row.Training)),
            new FinalGenerator(folder, networks),
        ];
        observers.AddRange(outputs);
        last = metrics.Kept.Count > 0 ? metrics.Kept[^1].Training : null;
        previousSeconds = metrics.Kept.Count > 0 ? metrics.Kept[^1].Seconds : 0;
        if (!restored)
        {
            // Last of all: once run.json is there, gangen resume takes the folder for a run it can continue.
            folder.WriteManifest(new RunManifest(gan.Name, TotalSteps, settings.Seed, Ranks, Precision: TrainingVocabulary.Precisions.NameOf(settings.Precision)));
        }
    }

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>Steps the run trains in all.</summary>
    public long TotalSteps => schedule.TotalSteps;

    /// <summary>Steps between pictures and checkpoints.</summary>
    public long SampleEvery => schedule.SampleEvery;

    /// <summary>Steps between quality evaluations (<see cref="EvaluationOptions.Every"/>, else every checkpoint).</summary>
    public long EvaluateEvery => schedule.EvaluateEvery;

    /// <summary>The domain classifier's test accuracy, for image runs that are evaluated; else null.</summary>
    public double? ClassifierAccuracy => evaluator?.ClassifierAccuracy;

    /// <summary>The best evaluation so far by <see cref="BestBy"/>, or null before the first (and on ranks other than 0).</summary>
    public QualityReport? Best => best?.Best;

    /// <summary>The number of MPI ranks training together; 1 when not started by <c>mpirun</c>.</summary>
    public int Ranks => world?.Size ?? 1;

    /// <summary>Time this process spent averaging gradients with the other ranks in this session; zero when training alone.</summary>
    public TimeSpan AllreduceTime => parallel?.AllreduceTime ?? TimeSpan.Zero;

    /// <summary>True for the process that writes the run folder and evaluates: the only one, or MPI rank 0.</summary>
    public bool IsRoot => world is null || world.IsRoot;

    /// <summary>The metric that picks the best checkpoint; null when the run is not evaluated.</summary>
    public string? BestBy => evaluator?.BestBy;

    /// <summary>Steps done so far (after a resume, including those of earlier sessions).</summary>
    public long StepsDone => trainer.StepsDone;

    /// <summary>What D pretraining ended at (mean squared error), or null when there was none in this session.</summary>
    public double? PretrainLoss { get; }

    /// <summary>One line about the data read (an image folder's counts, classes, cache use, skipped files); empty when there is nothing to say.</summary>
    public string DataDescription => data.Description;

    /// <summary>The generator that samples come from: the weight average when enabled, else G itself.</summary>
    public nn.Module SamplingGenerator => networks.Sampling;

    /// <summary>Starts a new run in <paramref name="directory"/>, which must not hold one already.</summary>
    /// <param name="gan">The GAN to train.</param>
    /// <param name="directory">The run folder.</param>
    /// <param name="settings">Settings to use instead of the spec's.</param>
    /// <param name="cacheDirectory">Where fetched datasets and classifiers are kept; <see cref="DataSources.DefaultCache"/> when null.</param>
    /// <param name="evaluation">How quality is measured; <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <exception cref="IOException">The folder already holds a run; resume it or choose another folder.</exception>
    public static TrainingRun Start(GanDefinition gan, string directory, TrainingSettings? settings = null, string? cacheDirectory = null, EvaluationOptions? evaluation = null)
    {
        var world = MpiWorld.IsLaunched ? MpiWorld.Join() : null;
        var folder = new RunFolder(directory, create: world is null || world.IsRoot);
        byte[] Fresh() => File.Exists(folder.Manifest)
            ? throw new IOException($"{folder.Directory} already holds a run of {folder.ReadManifest().Gan}; resume it, or choose another folder")
            : [];
        if (world is null)
        {
            Fresh();
        }
        else
        {
            world.Broadcast(Fresh);
        }

        return new TrainingRun(gan, settings ?? gan.RequireTraining(), folder, resume: false, totalSteps: null, cacheDirectory, evaluation, world);
    }

    /// <summary>Continues the run in <paramref name="directory"/> from its last checkpoint.</summary>
    /// <param name="gan">The GAN the run trains (its name must match the run's).</param>
    /// <param name="directory">The run folder.</param>
    /// <param name="totalSteps">A new, larger total to extend a run beyond the steps it was started with; null keeps them.</param>
    /// <param name="settings">Settings to use instead of the spec's (they must be the ones the run started with).</param>
    /// <param name="cacheDirectory">Where fetched datasets and classifiers are kept.</param>
    /// <param name="evaluation">How quality is measured (keep the run's choice of best metric).</param>
    /// <exception cref="InvalidOperationException">The folder holds a run of another GAN, or a generator made by <c>gangen import</c>.</exception>
    /// <param name="precision">
    /// Another precision than the run's own (run.json's); null keeps the run's, which continues it exactly.
    /// Checkpoints are float32 in every precision, so a run can switch.
    /// </param>
    public static TrainingRun Resume(
        GanDefinition gan, string directory, long? totalSteps = null, TrainingSettings? settings = null, string? cacheDirectory = null, EvaluationOptions? evaluation = null, PrecisionKind? precision = null)
    {
        var world = MpiWorld.IsLaunched ? MpiWorld.Join() : null;
        var folder = new RunFolder(directory, create: world is null || world.IsRoot);
        var manifest = folder.ParseManifest(world is null ? folder.ReadManifestBytes() : world.Broadcast(folder.ReadManifestBytes));
        if (manifest.Gan != gan.Name)
        {
            throw new InvalidOperationException($"{folder.Directory} is a run of {manifest.Gan}, not {gan.Name}");
        }

        if (manifest.ImportedFrom is { } weights)
        {
            throw new InvalidOperationException($"{folder.Directory} holds a generator imported from {weights}, with no training state to resume; train a new run instead");
        }

        if (totalSteps is { } extended && extended < manifest.TotalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), extended, $"The run already has {manifest.TotalSteps} steps in all; a total can only grow");
        }

        var chosen = precision ?? manifest.PrecisionKind;
        var run = new TrainingRun(
            gan, (settings ?? gan.RequireTraining()) with { Seed = manifest.Seed, Precision = chosen }, folder, resume: true, totalSteps ?? manifest.TotalSteps, cacheDirectory, evaluation, world);
        if (run.IsRoot)
        {
            folder.WriteManifest(manifest with { TotalSteps = run.TotalSteps, Ranks = run.Ranks, Precision = TrainingVocabulary.Precisions.NameOf(chosen) });
        }

        return run;
    }

    /// <summary>
    /// Adds an output of one's own. It hears of every step, checkpoint and the end after the run's own outputs,
    /// so a checkpoint's files are on disk when it hears of it. The caller keeps and disposes it. In a
    /// data-parallel run only rank 0's observers hear anything (<see cref="IsRoot"/>).
    /// </summary>
    /// <param name="observer">The output.</param>
    public void Observe(IRunObserver observer)
    {
        if (IsRoot)
        {
            observers.Add(observer);
        }
    }

    /// <summary>Trains until <see cref="TotalSteps"/>, cancellation, or a non-finite loss.</summary>
    /// <param name="progress">Called after every step.</param>
    /// <param name="cancellation">Stops the run after the current step, saving a checkpoint first.</param>
    /// <param name="budget">
    /// A wall-clock budget for this session: the first step that starts after it is spent is the last, and the run
    /// finishes there as if that were its last step (evaluation, checkpoint, generator.pt); resume continues it.
    /// </param>
    public RunResult Run(Action<RunProgress>? progress = null, CancellationToken cancellation = default, TimeSpan? budget = null)
    {
        var clock = Stopwatch.StartNew();
        var rate = new RateMeter();
        QualityReport? latest = null;
        TrainingStep? unsaved = null;
        while (trainer.StepsDone < TotalSteps)
        {
            // The ranks of a data-parallel run stop together, after the step in which any of them was asked to;
            // their clocks differ, so a spent budget is such a request too rather than a last step of their own.
            if (cancellation.IsCancellationRequested || (parallel is not null && clock.Elapsed >= budget))
            {
                parallel?.RequestStop();
            }

            if (parallel?.StopAgreed ?? cancellation.IsCancellationRequested)
            {
                if (unsaved is { } stopped)
                {
                    AtCheckpoint(stopped);
                }

                return Finish(new RunResult(RunOutcome.Interrupted, trainer.StepsDone, last,
                    $"Interrupted at step {trainer.StepsDone} of {TotalSteps}; checkpoint saved in {Folder.Checkpoint}; continue with resume"));
            }

            var lastByBudget = parallel is null && clock.Elapsed >= budget;
            TrainingStep step;
            try
            {
                step = trainer.Step();
            }
            catch (NonFiniteLossException e)
            {
                return Finish(new RunResult(RunOutcome.Diverged, e.Measured.Step - 1, last,
                    $"{e.Message}; stopped. The last good checkpoint (step {schedule.CheckpointBefore(last?.Step ?? 0)}) is kept in {Folder.Checkpoint}"));
            }

            networks.UpdateAverage(step.Step);
            last = step;
            var report = evaluator is not null && (schedule.IsEvaluation(step.Step) || lastByBudget) ? evaluator.Measure(SamplingGenerator, step.Step) : null;
            latest = report ?? latest;
            var observed = new RunStep(step, trainer.GeneratorLearningRate, trainer.DiscriminatorLearningRate, previousSeconds + clock.Elapsed.TotalSeconds, report);
            foreach (var observer in observers)
            {
                observer.OnStep(observed);
            }

            unsaved = step;
            if (schedule.IsCheckpoint(step.Step) || lastByBudget)
            {
                AtCheckpoint(step);
                unsaved = null;
            }

            progress?.Invoke(new RunProgress(step, TotalSteps, rate.Tick(), latest));
            if (lastByBudget && trainer.StepsDone < TotalSteps)
            {
                return Finish(new RunResult(RunOutcome.Completed, trainer.StepsDone, last,
                    $"Trained {gan.Name} for {trainer.StepsDone} of {TotalSteps} steps, its {budget!.Value.TotalMinutes:0.##}-minute budget; outputs in {Folder.Directory}; resume continues it")
                {
                    Quality = latest,
                    Best = Best,
                });
            }
        }

        return Finish(new RunResult(RunOutcome.Completed, trainer.StepsDone, last, $"Trained {gan.Name} for {TotalSteps} steps; outputs in {Folder.Directory}") { Quality = latest, Best = Best });
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
        foreach (var output in outputs.OfType<IDisposable>())
        {
            output.Dispose();
        }

        data.Dispose();
        parallel?.Dispose();
        networks.Dispose();
        evaluator?.Dispose();
    }

    private void AtCheckpoint(TrainingStep step)
    {
        foreach (var observer in observers)
        {
            observer.OnCheckpoint(step);
        }
    }

    private RunResult Finish(RunResult result)
    {
        foreach (var observer in observers)
        {
            observer.OnFinish(result);
        }

        return result;
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
