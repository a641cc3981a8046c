using System.IO;
using System.Text;
using System.Text.Json;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>
/// A run's best evaluation by its chosen metric: <c>best.ckpt</c>, <c>best-generator.pt</c> and <c>best.json</c>,
/// kept beside the last checkpoint because GAN quality often peaks and then collapses late in training, and the
/// last checkpoint is then the worst. A run that is not evaluated has no best.
/// </summary>
internal sealed class BestCheckpoint : IRunObserver
{
    private readonly RunFolder folder;
    private readonly RunEvaluator? evaluator;
    private readonly GanTrainer trainer;
    private readonly RunNetworks networks;

    /// <summary>Starts from the best evaluation a resumed run had reached by the step it resumes from.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="evaluator">Decides which evaluation is better; null when the run is not evaluated.</param>
    /// <param name="trainer">The trainer whose state the best checkpoint holds.</param>
    /// <param name="networks">The networks (the weight average goes into the checkpoint, the sampling generator into <c>best-generator.pt</c>).</param>
    /// <param name="resumedAt">The step a resumed run continues from; null for a new run.</param>
    /// <exception cref="InvalidDataException"><c>best.json</c> is damaged; the message says how to start the tracking afresh.</exception>
    public BestCheckpoint(RunFolder folder, RunEvaluator? evaluator, GanTrainer trainer, RunNetworks networks, long? resumedAt)
    {
        this.folder = folder;
        this.evaluator = evaluator;
        this.trainer = trainer;
        this.networks = networks;
        Best = evaluator is not null && resumedAt is { } step ? Read(step) : null;
    }

    /// <summary>The best evaluation so far, or null before the first.</summary>
    public QualityReport? Best { get; private set; }

    /// <inheritdoc />
    public void OnStep(RunStep step)
    {
        if (evaluator is null || step.Quality is not { } report || !evaluator.IsBetter(report, Best))
        {
            return;
        }

        Best = report;
        Checkpoint.Save(trainer, folder.BestCheckpoint, networks.Average);
        networks.SaveSampling(folder.BestGenerator);
        AtomicFile.WriteAllBytes(folder.BestReport, Encoding.UTF8.GetBytes(report.ToJson()));
    }

    /// <summary>The best report at or before <paramref name="stepsDone"/>: a later one belongs to steps a resume repeats.</summary>
    private QualityReport? Read(long stepsDone)
    {
        if (!File.Exists(folder.BestReport))
        {
            return null;
        }

        try
        {
            var report = QualityReport.FromJson(File.ReadAllText(folder.BestReport));
            return report.Step > stepsDone ? null : report;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{folder.BestReport}: not a valid best-evaluation record ({e.Message}); delete it to start the best tracking afresh", e);
        }
    }
}
