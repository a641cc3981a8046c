namespace GanGen.Runtime.Metrics;

/// <summary>How a classifier spreads generated samples over its classes: the mode-collapse check for class-structured data.</summary>
/// <param name="ClassesHit">Classes that at least one sample is assigned to (by argmax).</param>
/// <param name="KlFromUniform">KL(histogram ‖ uniform) in nats: 0 when every class gets the same share, log K when all samples fall in one class.</param>
/// <param name="Histogram">The share of samples assigned to each class; the shares sum to 1.</param>
public sealed record ModeCoverage(int ClassesHit, double KlFromUniform, double[] Histogram);
