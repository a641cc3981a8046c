using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>What a run's observers are told after each training step.</summary>
/// <param name="Measured">The step's losses and scores.</param>
/// <param name="GeneratorLearningRate">G's learning rate during the step.</param>
/// <param name="DiscriminatorLearningRate">D's learning rate during the step.</param>
/// <param name="Seconds">Seconds of training since the run started, earlier sessions of a resumed run included.</param>
/// <param name="Quality">The evaluation made after this step, or null when none was due or the run is not evaluated.</param>
public readonly record struct RunStep(TrainingStep Measured, double GeneratorLearningRate, double DiscriminatorLearningRate, double Seconds, QualityReport? Quality);
