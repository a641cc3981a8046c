namespace GanGen.Runtime.Training;

/// <summary>What one training step measured; all values are batch means.</summary>
/// <param name="Step">1-based index of the step.</param>
/// <param name="DiscriminatorLoss">D's loss on its last update of the step.</param>
/// <param name="GeneratorLoss">G's loss.</param>
/// <param name="RealScore">D's mean raw output on real samples (a probability when D ends in Sigmoid).</param>
/// <param name="FakeScore">D's mean raw output on generated samples.</param>
public readonly record struct TrainingStep(long Step, double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);
