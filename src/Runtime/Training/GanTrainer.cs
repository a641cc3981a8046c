using System;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Distributed;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Modules;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// Trains any generator/discriminator pair: generated classes, run-time loaded models or hand-written
/// TorchSharp modules with matching shapes, conditional or not. Each step updates D
/// <see cref="DiscriminatorSteps"/> times, then G once, inside a dispose scope so memory stays flat.
/// </summary>
public sealed class GanTrainer
{
    private readonly GanNetwork generator;
    private readonly GanNetwork discriminator;
    private readonly GanLoss loss;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Sampler noise;
    private readonly LabeledSampler data;
    private readonly Generator random;
    private readonly DataParallel? parallel;
    private long step;

    /// <summary>Sets up training of an unconditional pair; nothing runs until <see cref="Step"/>.</summary>
    /// <param name="generator">G: noise to samples.</param>
    /// <param name="discriminator">D: samples to scores.</param>
    /// <param name="loss">The GAN objective.</param>
    /// <param name="generatorOptimizer">Optimizer over G's parameters.</param>
    /// <param name="discriminatorOptimizer">Optimizer over D's parameters.</param>
    /// <param name="noise">Draws G's input.</param>
    /// <param name="data">Draws real samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seeds the noise and data draws.</param>
    public GanTrainer(
        nn.Module<Tensor, Tensor> generator,
        nn.Module<Tensor, Tensor> discriminator,
        GanLoss loss,
        optim.Optimizer generatorOptimizer,
        optim.Optimizer discriminatorOptimizer,
        Sampler noise,
        Sampler data,
        long batchSize,
        long seed)
        : this((nn.Module)generator, discriminator, 0, loss, generatorOptimizer, discriminatorOptimizer, noise, Samplers.Unlabelled(data), batchSize, seed)
    {
    }

    /// <summary>
    /// Sets up training of any pair. With <paramref name="classes"/> &gt; 0 the pair is conditional: real
    /// batches come with labels, fakes for D are generated for the real batch's labels, and G's own
    /// batch for labels drawn uniformly.
    /// </summary>
    /// <param name="generator">G: a <c>Module&lt;Tensor, Tensor&gt;</c>, or <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> taking (noise, labels).</param>
    /// <param name="discriminator">D, with the same choice of signature.</param>
    /// <param name="classes">Number of condition classes; 0 for an unconditional pair.</param>
    /// <param name="loss">The GAN objective.</param>
    /// <param name="generatorOptimizer">Optimizer over G's parameters.</param>
    /// <param name="discriminatorOptimizer">Optimizer over D's parameters.</param>
    /// <param name="noise">Draws G's input.</param>
    /// <param name="data">Draws real samples and, for conditional pairs, their labels.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seeds the noise, label and data draws.</param>
    public GanTrainer(
        nn.Module generator,
        nn.Module discriminator,
        int classes,
        GanLoss loss,
        optim.Optimizer generatorOptimizer,
        optim.Optimizer discriminatorOptimizer,
        Sampler noise,
        LabeledSampler data,
        long batchSize,
        long seed)
    {
        this.generator = GanNetwork.Of(generator);
        this.discriminator = GanNetwork.Of(discriminator);
        Classes = classes >= 0 ? classes : throw new ArgumentOutOfRangeException(nameof(classes), classes, "The number of classes cannot be negative");
        this.loss = loss;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.noise = noise;
        this.data = data;
        BatchSize = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive");
        random = new Generator((ulong)seed);
    }

    /// <summary>Samples per batch.</summary>
    public long BatchSize { get; }

    /// <summary>Number of condition classes; 0 for an unconditional pair.</summary>
    public int Classes { get; }

    /// <summary>D updates per G update (the WGAN papers use 5).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>G's learning rate by step; <c>null</c> leaves the optimizer's rate alone.</summary>
    public LearningRateSchedule? GeneratorSchedule { get; init; }

    /// <summary>D's learning rate by step; <c>null</c> leaves the optimizer's rate alone.</summary>
    public LearningRateSchedule? DiscriminatorSchedule { get; init; }

    /// <summary>
    /// Trains as one rank of several (see <see cref="DataParallel"/>): <see cref="BatchSize"/> stays the global
    /// batch, of which this rank trains on its slice, and gradients, losses and scores are averaged over the
    /// ranks. Null trains alone.
    /// </summary>
    /// <exception cref="ArgumentException">The batch size does not split evenly across the ranks.</exception>
    public DataParallel? Parallel
    {
        get => parallel;
        init
        {
            value?.LocalBatch(BatchSize);
            parallel = value;
        }
    }

    /// <summary>DiffAugment applied to real and generated batches alike before D sees them; <c>null</c> for none.</summary>
    public DiffAugment? Augment { get; init; }

    /// <summary>The R1 penalty on real batches, added to D's loss on the updates it is due; <c>null</c> for none.</summary>
    public R1Penalty? R1 { get; init; }

    /// <summary>
    /// What the step's forward passes compute in (<see cref="MixedPrecision"/>): under bf16-mixed, G's and D's
    /// convolutions and linear layers run in bfloat16; weights, optimizer state, batch-norm statistics,
    /// losses and penalties stay float32.
    /// </summary>
    public PrecisionKind Precision { get; init; } = PrecisionKind.Float32;

    /// <summary>Where the models live; batches (drawn on the CPU) are moved there.</summary>
    public Device Device { get; init; } = CPU;

    /// <summary>Steps completed so far (restored by <see cref="Checkpoint.Load(GanTrainer, string, nn.Module?)"/>).</summary>
    public long StepsDone => step;

    /// <summary>G's current learning rate (of its first parameter group).</summary>
    public double GeneratorLearningRate => generatorOptimizer.ParamGroups.First().LearningRate;

    /// <summary>D's current learning rate (of its first parameter group).</summary>
    public double DiscriminatorLearningRate => discriminatorOptimizer.ParamGroups.First().LearningRate;

    internal nn.Module GeneratorModule => generator.Module;

    internal nn.Module DiscriminatorModule => discriminator.Module;

    internal optim.Optimizer GeneratorOptimizer => generatorOptimizer;

    internal optim.Optimizer DiscriminatorOptimizer => discriminatorOptimizer;

    internal Generator Random => random;

    internal void Restore(long steps) => step = steps;

    /// <summary>Runs one training step.</summary>
    /// <exception cref="NonFiniteLossException">A loss became NaN or infinite; the message gives the step.</exception>
    public TrainingStep Step()
    {
        using var scope = NewDisposeScope();
        using var precision = MixedPrecision.Enter(Precision);
        SetRate(generatorOptimizer, GeneratorSchedule);
        SetRate(discriminatorOptimizer, DiscriminatorSchedule);
        step++;
        generator.Module.train();
        discriminator.Module.train();

        Tensor dLoss = null!;
        Tensor realScore = null!;
        Tensor fakeScore = null!;
        for (var i = 0; i < DiscriminatorSteps; i++)
        {
            discriminatorOptimizer.zero_grad();
            var (drawn, drawnLabels) = data(BatchSize, random);
            var real = OnDevice(Local(drawn));
            var labels = Classes > 0 ? OnDevice(Local(RequireLabels(drawnLabels))) : null;
            Tensor fake;
            using (no_grad())
            {
                fake = generator.Call(OnDevice(Local(noise(BatchSize, random))), labels);
            }

            var seenReal = Augmented(real);
            var seenFake = Augmented(fake);
            var realScores = discriminator.Call(seenReal, labels);
            var fakeScores = discriminator.Call(seenFake, labels);
            dLoss = loss.Discriminator(realScores, fakeScores, labels);
            if (loss.DiscriminatorPenalty(x => discriminator.Call(x, labels), seenReal, seenFake) is { } penalty)
            {
                dLoss = dLoss + penalty;
            }

            // Counted over the whole run from the step number, so a resumed run penalises the same updates.
            if (R1 is { } r1 && r1.IsDue(((step - 1) * DiscriminatorSteps) + i))
            {
                dLoss = dLoss + r1.Compute(x => discriminator.Call(x, labels), seenReal);
            }

            dLoss.backward();
            (dLoss, realScore, fakeScore) = Averaged(discriminator, dLoss, Score(realScores), Score(fakeScores));
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var wanted = Classes > 0 ? OnDevice(Local(randint(0, Classes, new[] { BatchSize }, generator: random))) : null;

        // G's gradient flows through D's inputs only; D's own weight gradients from this pass would be thrown
        // away by D's next zero_grad, so D's weights are frozen for it (the same G update, without D's
        // weight-gradient convolutions).
        var frozen = discriminator.Module.parameters().Where(p => p.requires_grad).ToArray();
        SetRequiresGrad(frozen, false);
        Tensor gLoss;
        try
        {
            gLoss = loss.Generator(discriminator.Call(Augmented(generator.Call(OnDevice(Local(noise(BatchSize, random))), wanted)), wanted), wanted);
            gLoss.backward();
        }
        finally
        {
            SetRequiresGrad(frozen, true);
        }

        gLoss = parallel is null ? gLoss : parallel.Average(generator.Module, gLoss)[0];
        generatorOptimizer.step();

        var result = new TrainingStep(step, dLoss.item<float>(), gLoss.item<float>(), realScore.item<float>(), fakeScore.item<float>());
        if (!double.IsFinite(result.DiscriminatorLoss) || !double.IsFinite(result.GeneratorLoss))
        {
            throw new NonFiniteLossException(result);
        }

        return result;
    }

    private Tensor Augmented(Tensor batch) => Augment is null ? batch : Augment.Apply(batch, random);

    private Tensor Score(Tensor scores)
    {
        using var noGrad = no_grad();
        return loss.RealProbability(scores).mean();
    }

    /// <summary>This rank's rows of a batch drawn for all ranks; the whole batch when training alone.</summary>
    private Tensor Local(Tensor batch) => parallel is null ? batch : parallel.Local(batch);

    /// <summary>D's step's loss and scores, averaged with its gradients over the ranks when there are several.</summary>
    private (Tensor Loss, Tensor RealScore, Tensor FakeScore) Averaged(GanNetwork network, Tensor dLoss, Tensor realScore, Tensor fakeScore)
    {
        if (parallel is null)
        {
            return (dLoss, realScore, fakeScore);
        }

        var averaged = parallel.Average(network.Module, dLoss, realScore, fakeScore);
        return (averaged[0], averaged[1], averaged[2]);
    }

    private static void SetRequiresGrad(TorchSharp.Modules.Parameter[] parameters, bool value)
    {
        foreach (var parameter in parameters)
        {
            parameter.requires_grad = value;
        }
    }

    private Tensor OnDevice(Tensor tensor) => tensor.device_type == Device.type && tensor.device_index == Device.index ? tensor : tensor.to(Device);

    private static Tensor RequireLabels(Tensor? labels) =>
        labels ?? throw new InvalidOperationException("A conditional pair needs labelled data, but the data sampler returned no labels");

    private void SetRate(optim.Optimizer optimizer, LearningRateSchedule? schedule)
    {
        if (schedule is null)
        {
            return;
        }

        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = schedule.At(step);
        }
    }

    /// <summary>
    /// The 1-D seed's discriminator pretraining: regress D's output onto a known density (mean squared
    /// error) at points drawn by <paramref name="points"/>, so the adversarial game starts from a D that
    /// already knows where the data lies.
    /// </summary>
    /// <returns>The last pretraining loss.</returns>
    public static double PretrainDiscriminator(nn.Module discriminator, optim.Optimizer optimizer, Sampler points, Func<Tensor, Tensor> density, int steps, long batchSize, long seed)
    {
        var random = new Generator((ulong)seed);
        var network = GanNetwork.Of(discriminator);
        var last = double.NaN;
        discriminator.train();
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var x = points(batchSize, random);
            var error = nn.functional.mse_loss(network.Call(x, null), density(x));
            error.backward();
            optimizer.step();
            last = error.item<float>();
        }

        return last;
    }
}
