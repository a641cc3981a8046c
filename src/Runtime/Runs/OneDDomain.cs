using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Losses;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>1-D data from a known distribution: measured by JSD, drawn as density frames and their animation.</summary>
internal sealed class OneDDomain(GanDefinition gan, TrainingSettings settings) : DataDomain(gan, settings)
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Metrics => QualityMetric.ForOneD;

    /// <summary>Writes one value per line, in the invariant culture and the shortest form that reads back exactly.</summary>
    /// <inheritdoc />
    public override string WriteSamples(Tensor samples, RunFolder folder, string? output, int? label)
    {
        var path = output ?? Path.Combine(folder.Directory, "sample.csv");
        File.WriteAllLines(path, samples.flatten().to(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return $"{samples.shape[0]} samples (mean {samples.mean().item<float>():F3}, std {samples.std().item<float>():F3}) written to {path}";
    }

    /// <inheritdoc />
    public override string WriteSampleFiles(Tensor samples, string folder, int? label) =>
        throw new InvalidOperationException($"{Gan.Name} draws 1-D values, not images; write them to a CSV file instead (--output file.csv)");

    /// <inheritdoc />
    internal override DomainEvaluation OpenEvaluation(EvaluationOptions options, string cacheDirectory, Action<string>? log) =>
        new OneDEvaluation(Gan.Name, Settings.Data, options);

    /// <inheritdoc />
    internal override IRunObserver Pictures(RunFolder folder, RunNetworks networks, GanLoss loss) =>
        new DensityFrames(folder, networks, loss, Gan, Settings);
}
