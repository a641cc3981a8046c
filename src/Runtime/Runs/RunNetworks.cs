using System;
using GanGen.Runtime.Data;
using GanGen.Runtime.Distributed;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using GanGen.Runtime.Weights;
using GanGen.Spec.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// A run's G and D on its device, drawn from the run's seed, and G's weight average when <c>ema:</c> is on:
/// everything a run does to its networks besides the outputs, from building the trainer over them to
/// saving the generator that samples come from.
/// </summary>
internal sealed class RunNetworks : IDisposable
{
    private readonly GanDefinition gan;
    private readonly TrainingSettings settings;
    private readonly WeightAverage? average;

    /// <summary>Seeds the global generator with the run's seed and draws fresh networks from it.</summary>
    /// <param name="gan">The GAN.</param>
    /// <param name="settings">Its training settings (seed, <c>init:</c>, <c>ema:</c>, and what <see cref="Trainer"/> and <see cref="PretrainDiscriminator"/> use).</param>
    /// <param name="device">Where the networks live.</param>
    public RunNetworks(GanDefinition gan, TrainingSettings settings, Device device)
    {
        this.gan = gan;
        this.settings = settings;
        Device = device;

        // The order of these draws from the seeded global generator is what makes a run repeatable.
        torch.manual_seed(settings.Seed);
        Generator = gan.CreateGenerator().to(device);
        Discriminator = gan.CreateDiscriminator().to(device);
        TrainingParts.Initialize(Generator, settings.Init);
        TrainingParts.Initialize(Discriminator, settings.Init);
        average = settings.Ema.Decay > 0 ? new WeightAverage(Generator, gan.CreateGenerator().to(device), settings.Ema.Decay, settings.Ema.Start) : null;
    }

    /// <summary>G, as trained.</summary>
    public nn.Module Generator { get; }

    /// <summary>D.</summary>
    public nn.Module Discriminator { get; }

    /// <summary>Where both live.</summary>
    public Device Device { get; }

    /// <summary>The weight average of G that checkpoints keep beside G, or null without <c>ema:</c>.</summary>
    public nn.Module? Average => average?.Average;

    /// <summary>The generator that samples come from: the weight average when enabled, else G itself.</summary>
    public nn.Module Sampling => average?.Average ?? Generator;

    /// <summary>A trainer of these networks with the settings' optimizers, schedules, noise, batch size and seed.</summary>
    /// <param name="loss">The GAN objective.</param>
    /// <param name="data">Draws real batches.</param>
    /// <param name="parallel">The ranks to train with, or null to train alone.</param>
    public GanTrainer Trainer(GanLoss loss, LabeledSampler data, DataParallel? parallel) =>
        new(Generator, Discriminator, gan.Classes, loss,
            TrainingParts.Optimizer(settings.GeneratorOptimizer, Generator.parameters()),
            TrainingParts.Optimizer(settings.DiscriminatorOptimizer, Discriminator.parameters()),
            TrainingParts.Noise(settings.Noise, gan.NoiseShape), data, settings.BatchSize, settings.Seed + 2)
        {
            DiscriminatorSteps = settings.DiscriminatorSteps,
            Precision = settings.Precision,
            GeneratorSchedule = TrainingParts.Schedule(settings.GeneratorOptimizer),
            DiscriminatorSchedule = TrainingParts.Schedule(settings.DiscriminatorOptimizer),
            Augment = settings.Augment.Any ? new DiffAugment(settings.Augment) : null,
            R1 = settings.R1.Gamma > 0 ? new R1Penalty(settings.R1) : null,
            Device = Device,
            Parallel = parallel,
        };

    /// <summary>Folds G's weights after <paramref name="step"/> into the average, when there is one.</summary>
    public void UpdateAverage(long step) => average?.Update(step);

    /// <summary>Pretrains D on the data's density as <c>pretrain:</c> says.</summary>
    /// <returns>The last pretraining loss (mean squared error), or null when the settings ask for none.</returns>
    public double? PretrainDiscriminator()
    {
        var pretrain = settings.Pretrain;
        if (pretrain.Steps == 0)
        {
            return null;
        }

        // The seed pretrains D with its own plain SGD, independent of D's game optimizer.
        using var optimizer = optim.SGD(Discriminator.parameters(), pretrain.LearningRate);
        return GanTrainer.PretrainDiscriminator(
            Discriminator, optimizer, Samplers.Uniform(pretrain.Low, pretrain.High, 1), x => DataSources.Density(settings.Data, x),
            (int)pretrain.Steps, settings.BatchSize, settings.Seed + 1);
    }

    /// <summary>Writes the weights of <see cref="Sampling"/> to <paramref name="path"/>, atomically.</summary>
    public void SaveSampling(string path) => WeightFile.Save(Sampling, path);

    /// <inheritdoc />
    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        average?.Average.Dispose();
    }
}
