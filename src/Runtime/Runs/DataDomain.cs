using System;
using System.Collections.Generic;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Losses;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// The kind of data a GAN learns, images or 1-D values, and everything that follows from it: the quality
/// metrics a run reports and how they are measured, the pictures it draws, and how <c>gangen sample</c>
/// writes samples. The one place GanGen chooses between the two.
/// </summary>
public abstract class DataDomain
{
    private protected DataDomain(GanDefinition gan, TrainingSettings settings)
    {
        Gan = gan;
        Settings = settings;
    }

    /// <summary>The quality metrics a run measures, in order; the first picks the best checkpoint unless the run chooses another.</summary>
    public abstract IReadOnlyList<string> Metrics { get; }

    /// <summary>The GAN.</summary>
    private protected GanDefinition Gan { get; }

    /// <summary>Its training settings.</summary>
    private protected TrainingSettings Settings { get; }

    /// <summary>The domain of <paramref name="gan"/>'s data as <paramref name="settings"/> name it.</summary>
    /// <param name="gan">The GAN.</param>
    /// <param name="settings">Its training settings.</param>
    public static DataDomain Of(GanDefinition gan, TrainingSettings settings) =>
        settings.Data.IsImages ? new ImageDomain(gan, settings) : new OneDDomain(gan, settings);

    /// <summary>Writes samples drawn from a trained generator to a file people can open: a PNG grid of images, or one value per line of a CSV file.</summary>
    /// <param name="samples">The samples, [count, ...sample shape], on the CPU.</param>
    /// <param name="folder">The run they come from; the file goes there unless <paramref name="output"/> is given.</param>
    /// <param name="output">The file to write, or null for <c>sample.png</c> or <c>sample.csv</c> in the run folder.</param>
    /// <param name="label">The one class the samples were drawn for, or null when they cycle through the classes (or the GAN has none).</param>
    /// <returns>A line for people: what was written where.</returns>
    public abstract string WriteSamples(Tensor samples, RunFolder folder, string? output, int? label);

    /// <summary>
    /// Writes each sample as an image file of its own, the layout FID tools (and <c>gangen eval --images</c>) read:
    /// PNG files named by the sample's index, in a subfolder per class for a conditional GAN.
    /// </summary>
    /// <param name="samples">The samples, [count, ...sample shape], on the CPU.</param>
    /// <param name="folder">The folder to write them into; it is made if it does not exist.</param>
    /// <param name="label">The one class the samples were drawn for, or null when they cycle through the classes (or the GAN has none).</param>
    /// <returns>A line for people: what was written where.</returns>
    /// <exception cref="InvalidOperationException">The samples are not images.</exception>
    public abstract string WriteSampleFiles(Tensor samples, string folder, int? label);

    /// <summary>Prepares the measurements of <see cref="Metrics"/> (for images, loads or trains the domain classifier).</summary>
    internal abstract DomainEvaluation OpenEvaluation(EvaluationOptions options, string cacheDirectory, Action<string>? log);

    /// <summary>The observer that draws the run's pictures at its checkpoints.</summary>
    internal abstract IRunObserver Pictures(RunFolder folder, RunNetworks networks, GanLoss loss);
}
