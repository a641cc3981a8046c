namespace GanGen.Runtime.Training;

/// <summary>What one training step measured; all values are batch means.</summary>
/// <param name="Step">1-based index of the step.</param>
/// <param name="DiscriminatorLoss">D's loss on its last update of the step.</param>
/// <param name="GeneratorLoss">G's loss.</param>
/// <param name="RealScore">D(x): D's mean belief that real samples are real (<see cref="Losses.GanLoss.RealProbability"/>).</param>
/// <param name="FakeScore">D(G(z)): the same on generated samples.</param>
public readonly record struct TrainingStep(long Step, double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);
