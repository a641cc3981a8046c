namespace GanGen.Spec.Training;

/// <summary>The words a <c>training:</c> section chooses among, each table defined once.</summary>
public static class TrainingVocabulary
{
    /// <summary><c>loss:</c></summary>
    public static NamedValues<LossKind> Losses { get; } = new(
        ("non-saturating", LossKind.NonSaturating),
        ("minimax", LossKind.Minimax),
        ("least-squares", LossKind.LeastSquares),
        ("hinge", LossKind.Hinge),
        ("wasserstein-gp", LossKind.WassersteinGp),
        ("k-plus-one", LossKind.KPlusOne));

    /// <summary><c>data:</c></summary>
    public static NamedValues<DataKind> Data { get; } = new(
        ("mnist", DataKind.Mnist),
        ("fashion-mnist", DataKind.FashionMnist),
        ("idx", DataKind.Idx),
        ("normal", DataKind.Normal),
        ("mixture", DataKind.Mixture),
        ("images", DataKind.Images),
        ("cifar10", DataKind.Cifar10));

    /// <summary><c>augment:</c> (DiffAugment's policy names).</summary>
    public static NamedValues<AugmentKind> Augments { get; } = new(
        ("color", AugmentKind.Color),
        ("translation", AugmentKind.Translation),
        ("cutout", AugmentKind.Cutout));

    /// <summary><c>noise:</c></summary>
    public static NamedValues<NoiseKind> Noise { get; } = new(
        ("normal", NoiseKind.Normal),
        ("uniform", NoiseKind.Uniform),
        ("stratified", NoiseKind.Stratified));

    /// <summary><c>optimizer:</c>, <c>generator_optimizer:</c>, <c>discriminator_optimizer:</c> (PyTorch's class names).</summary>
    public static NamedValues<OptimizerKind> Optimizers { get; } = new(
        ("Adam", OptimizerKind.Adam),
        ("SGD", OptimizerKind.Sgd));

    /// <summary><c>precision:</c> (Lightning's words for the same choices).</summary>
    public static NamedValues<PrecisionKind> Precisions { get; } = new(
        ("32", PrecisionKind.Float32),
        ("bf16-mixed", PrecisionKind.Bf16Mixed));

    /// <summary><c>init:</c></summary>
    public static NamedValues<InitKind> Inits { get; } = new(
        ("pytorch", InitKind.PyTorch),
        ("normal", InitKind.Normal));
}
