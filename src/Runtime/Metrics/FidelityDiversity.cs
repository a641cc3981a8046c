namespace GanGen.Runtime.Metrics;

/// <summary>
/// Fidelity and diversity of generated samples measured against real ones in a feature space, from
/// k-nearest-neighbour balls (see <see cref="NearestNeighbourScores"/>). Each is a share in [0, 1], except
/// <paramref name="Density"/>, which is 1 on average when both sets come from the same distribution and
/// can exceed 1.
/// </summary>
/// <param name="Precision">Share of fake samples inside the real manifold (fidelity; Kynkäänniemi et al. 2019).</param>
/// <param name="Recall">Share of real samples inside the fake manifold (diversity; Kynkäänniemi et al. 2019).</param>
/// <param name="Density">How many real balls contain each fake sample, over k (fidelity, robust to real outliers; Naeem et al. 2020).</param>
/// <param name="Coverage">Share of real balls that contain at least one fake sample (diversity; Naeem et al. 2020).</param>
public sealed record FidelityDiversity(double Precision, double Recall, double Density, double Coverage);
