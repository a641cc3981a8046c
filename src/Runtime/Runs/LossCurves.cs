using System;
using System.Collections.Generic;
using System.Diagnostics;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>A run's <c>loss.png</c>: the losses and scores of every step so far, earlier sessions included.</summary>
internal sealed class LossCurves : IRunObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly RunFolder folder;
    private readonly string gan;
    private readonly List<TrainingStep> history;
    private readonly Stopwatch sinceDrawn = Stopwatch.StartNew();

    /// <summary>Starts from the steps of a resumed run's earlier sessions (none for a new run).</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="gan">The GAN's name, for the title.</param>
    /// <param name="earlier">The steps already trained.</param>
    public LossCurves(RunFolder folder, string gan, IEnumerable<TrainingStep> earlier)
    {
        this.folder = folder;
        this.gan = gan;
        history = new List<TrainingStep>(earlier);
    }

    /// <inheritdoc />
    public void OnStep(RunStep step) => history.Add(step.Measured);

    /// <inheritdoc />
    public void OnCheckpoint(TrainingStep step)
    {
        // Plotting the whole history costs more than a fast 1-D step interval: redraw at most every few seconds.
        if (sinceDrawn.Elapsed >= Interval)
        {
            Draw();
        }
    }

    /// <inheritdoc />
    public void OnFinish(RunResult result) => Draw();

    private void Draw()
    {
        LossPlot.Save(folder.LossPlot, history, $"{gan}: {history.Count} steps");
        sinceDrawn.Restart();
    }
}
