using System;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// Trains any unconditional generator/discriminator pair: generated classes, run-time loaded
/// models or hand-written TorchSharp modules with matching shapes. Each step updates D
/// <see cref="DiscriminatorSteps"/> times, then G once, inside a dispose scope so memory stays flat.
/// </summary>
public sealed class GanTrainer
{
    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly nn.Module<Tensor, Tensor> discriminator;
    private readonly GanLoss loss;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Sampler noise;
    private readonly Sampler data;
    private readonly Generator random;
    private long step;

    /// <summary>Sets up training; nothing runs until <see cref="Step"/>.</summary>
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
    {
        this.generator = generator;
        this.discriminator = discriminator;
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

    /// <summary>D updates per G update (the WGAN papers use 5).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>G's learning rate by step; <c>null</c> leaves the optimizer's rate alone.</summary>
    public LearningRateSchedule? GeneratorSchedule { get; init; }

    /// <summary>D's learning rate by step; <c>null</c> leaves the optimizer's rate alone.</summary>
    public LearningRateSchedule? DiscriminatorSchedule { get; init; }

    /// <summary>Steps completed so far (restored by <see cref="Checkpoint.Load"/>).</summary>
    public long StepsDone => step;

    internal nn.Module<Tensor, Tensor> GeneratorModule => generator;

    internal nn.Module<Tensor, Tensor> DiscriminatorModule => discriminator;

    internal optim.Optimizer GeneratorOptimizer => generatorOptimizer;

    internal optim.Optimizer DiscriminatorOptimizer => discriminatorOptimizer;

    internal Generator Random => random;

    internal void Restore(long steps) => step = steps;

    /// <summary>Runs one training step.</summary>
    /// <exception cref="InvalidOperationException">A loss became NaN or infinite; the message gives the step.</exception>
    public TrainingStep Step()
    {
        using var scope = NewDisposeScope();
        SetRate(generatorOptimizer, GeneratorSchedule);
        SetRate(discriminatorOptimizer, DiscriminatorSchedule);
        step++;
        generator.train();
        discriminator.train();

        Tensor dLoss = null!;
        Tensor realScores = null!;
        Tensor fakeScores = null!;
        for (var i = 0; i < DiscriminatorSteps; i++)
        {
            discriminatorOptimizer.zero_grad();
            var real = data(BatchSize, random);
            Tensor fake;
            using (no_grad())
            {
                fake = generator.call(noise(BatchSize, random));
            }

            realScores = discriminator.call(real);
            fakeScores = discriminator.call(fake);
            dLoss = loss.Discriminator(realScores, fakeScores);
            dLoss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var gLoss = loss.Generator(discriminator.call(generator.call(noise(BatchSize, random))));
        gLoss.backward();
        generatorOptimizer.step();

        var result = new TrainingStep(step, dLoss.item<float>(), gLoss.item<float>(), realScores.mean().item<float>(), fakeScores.mean().item<float>());
        if (!double.IsFinite(result.DiscriminatorLoss) || !double.IsFinite(result.GeneratorLoss))
        {
            throw new InvalidOperationException($"Step {step}: loss is not finite (D {result.DiscriminatorLoss}, G {result.GeneratorLoss})");
        }

        return result;
    }

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
    public static double PretrainDiscriminator(nn.Module<Tensor, Tensor> discriminator, optim.Optimizer optimizer, Sampler points, Func<Tensor, Tensor> density, int steps, long batchSize, long seed)
    {
        var random = new Generator((ulong)seed);
        var last = double.NaN;
        discriminator.train();
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var x = points(batchSize, random);
            var error = nn.functional.mse_loss(discriminator.call(x), density(x));
            error.backward();
            optimizer.step();
            last = error.item<float>();
        }

        return last;
    }
}
