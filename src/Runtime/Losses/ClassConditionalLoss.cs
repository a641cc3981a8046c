using GanGen.Spec.Training;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>
/// The (K+1)-class loss of the conditional seed: D classifies real samples into their K classes and
/// generated samples into an extra class K ("fake"); G wants its samples classified as the label it
/// was asked for. D must output K+1 logits.
/// </summary>
/// <param name="classes">K, the number of real classes; the fake class is index K.</param>
public sealed class ClassConditionalLoss(int classes) : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.KPlusOne);

    /// <summary>K, the number of real classes.</summary>
    public int Classes => classes;

    /// <inheritdoc />
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null)
    {
        var fakeClass = full(fake.shape[0], (long)classes, dtype: ScalarType.Int64, device: fake.device);
        return F.cross_entropy(real, RequireLabels(labels)) + F.cross_entropy(fake, fakeClass);
    }

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => F.cross_entropy(fake, RequireLabels(labels));

    /// <summary>One minus the softmax probability of the fake class K.</summary>
    public override Tensor RealProbability(Tensor scores) => 1 - scores.softmax(1)[.., -1];

    private static Tensor RequireLabels(Tensor? labels) =>
        labels ?? throw new System.ArgumentNullException(nameof(labels), "The (K+1)-class loss needs the class labels of the batch");
}
