using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace GanGen.Runtime.Evaluation;

/// <summary>The quality metrics GanGen reports, by the column names of <c>metrics.csv</c>.</summary>
public static class QualityMetric
{
    /// <summary>Fréchet distance between generated and held-out real images in the classifier's feature space (FID-style); lower is better.</summary>
    public const string Fid = "fid";

    /// <summary>Inception-Score-style score with the domain classifier: exp E[KL(p(y|x) ‖ p(y))], from 1 to the class count.</summary>
    public const string InceptionScore = "is";

    /// <summary>Share of generated samples inside the real data's k-NN manifold (Kynkäänniemi et al.).</summary>
    public const string Precision = "precision";

    /// <summary>Share of real samples inside the generated samples' k-NN manifold.</summary>
    public const string Recall = "recall";

    /// <summary>Naeem et al.'s density: how many real neighbourhoods hold each generated sample, divided by k (1 for matching distributions).</summary>
    public const string Density = "density";

    /// <summary>Naeem et al.'s coverage: share of real samples with a generated sample in their k-NN neighbourhood.</summary>
    public const string Coverage = "coverage";

    /// <summary>Classes the classifier sees among the generated samples.</summary>
    public const string ClassesHit = "classes";

    /// <summary>KL divergence of the predicted-class histogram from uniform, in nats; 0 when every class is equally common.</summary>
    public const string ClassKl = "class_kl";

    /// <summary>Conditional GANs: share of samples classified as the label they were generated for.</summary>
    public const string LabelAccuracy = "label_acc";

    /// <summary>1-D GANs: Jensen–Shannon divergence of generated and true density, from the seed's 100-bin histogram on [-8, 8], in nats.</summary>
    public const string Jsd = "jsd";

    /// <summary>1-D GANs: the same from a Gaussian KDE of the generated samples.</summary>
    public const string JsdKde = "jsd_kde";

    /// <summary>Whether smaller values of <paramref name="metric"/> are better.</summary>
    public static bool LowerIsBetter(string metric) => metric is Fid or ClassKl or Jsd or JsdKde;

    /// <summary>The metrics an image GAN reports, in column order.</summary>
    /// <param name="conditional">Whether the GAN is conditional (adds <see cref="LabelAccuracy"/>).</param>
    /// <param name="classes">Whether the data have classes; an image folder without class subfolders reports only the feature-space metrics.</param>
    public static IReadOnlyList<string> ForImages(bool conditional, bool classes = true) =>
        !classes
            ? [Fid, Precision, Recall, Density, Coverage]
            : conditional
                ? [Fid, InceptionScore, Precision, Recall, Density, Coverage, ClassesHit, ClassKl, LabelAccuracy]
                : [Fid, InceptionScore, Precision, Recall, Density, Coverage, ClassesHit, ClassKl];

    /// <summary>The metrics a 1-D GAN reports, in column order.</summary>
    public static IReadOnlyList<string> ForOneD { get; } = [Jsd, JsdKde];
}

/// <summary>Quality metrics of a generator at one step.</summary>
/// <param name="Step">The training step measured.</param>
/// <param name="Samples">Generated samples measured (and as many held-out real ones for image metrics).</param>
/// <param name="Values">Metric values by <see cref="QualityMetric"/> name, in report order.</param>
public sealed record QualityReport(long Step, int Samples, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    /// <summary>The value of <paramref name="metric"/>.</summary>
    /// <exception cref="KeyNotFoundException">This report does not have it.</exception>
    public double this[string metric] =>
        Values.FirstOrDefault(v => v.Key == metric) is { Key: not null } found ? found.Value
            : throw new KeyNotFoundException($"no metric '{metric}' in this report; it has {string.Join(", ", Values.Select(v => v.Key))}");

    /// <summary>The report as indented JSON: <c>{ "Step": 780, "Samples": 1000, "Metrics": { "fid": 12.3, ... } }</c>.</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(new Stored(Step, Samples, Values.ToDictionary(v => v.Key, v => v.Value)), Indented);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static QualityReport FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new JsonException("empty report");
        return new QualityReport(stored.Step, stored.Samples, (stored.Metrics ?? throw new JsonException("no Metrics")).ToList());
    }

    /// <summary>One line for people: <c>fid 12.3  is 8.91 ...</c>.</summary>
    public override string ToString() =>
        string.Join("  ", Values.Select(v => $"{v.Key} {v.Value.ToString(v.Key == QualityMetric.ClassesHit ? "F0" : "G4", CultureInfo.InvariantCulture)}"));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record Stored(long Step, int Samples, Dictionary<string, double>? Metrics);
}
