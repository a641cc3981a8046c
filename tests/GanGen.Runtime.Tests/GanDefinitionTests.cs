using System;
using GanGen.Models;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// <see cref="GanDefinition.Generate"/>: the one way to sample any GAN's generator (generated class or
/// spec-loaded, conditional or not), used by <c>gangen sample</c>, <see cref="TrainingRun.Generate"/> and F#.
/// </summary>
public sealed class GanDefinitionTests
{
    [Fact]
    public void SamplesAreSeededShapedAndDrawnInEvalMode()
    {
        var gan = Dcgan.Definition;
        manual_seed(1);
        using var generator = gan.CreateGenerator();
        using var scope = NewDisposeScope();

        var first = gan.Generate(generator, 5, seed: 7);
        var again = gan.Generate(generator, 5, seed: 7);
        var other = gan.Generate(generator, 5, seed: 8);

        Assert.Equal(new long[] { 5, 1, 28, 28 }, first.shape);
        Assert.True(first.equal(again).all().item<bool>(), "the same seed gives the same samples");
        Assert.False(first.equal(other).all().item<bool>(), "another seed gives other samples");
        Assert.True(generator.training, "the generator is handed back in the mode it came in");

        // Eval mode: batch norm uses its running statistics, so one sample does not depend on the others.
        using var noGrad = no_grad();
        var noise = TrainingParts.Noise(gan.RequireTraining().Noise, gan.NoiseShape)(5, new Generator(7));
        generator.eval();
        Assert.True(first.allclose(((nn.Module<Tensor, Tensor>)generator).call(noise)));
    }

    [Fact]
    public void ConditionalSamplesTakeTheLabelOrCycleThroughTheClasses()
    {
        var gan = ConditionalDcgan.Definition;
        manual_seed(1);
        using var generator = gan.CreateGenerator();
        using var scope = NewDisposeScope();
        var network = (nn.Module<Tensor, Tensor, Tensor>)generator;
        var noise = TrainingParts.Noise(gan.RequireTraining().Noise, gan.NoiseShape)(12, new Generator(3));

        var threes = gan.Generate(generator, 12, seed: 3, label: 3);
        var cycled = gan.Generate(generator, 12, seed: 3);

        using var noGrad = no_grad();
        generator.eval();
        Assert.Equal(new long[] { 12, 1, 28, 28 }, threes.shape);
        Assert.True(threes.allclose(network.call(noise, full(12, 3L, dtype: ScalarType.Int64))));
        Assert.True(cycled.allclose(network.call(noise, tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 }))));
    }

    [Fact]
    public void SpecLoadedGeneratorsSampleTheSameWay()
    {
        var gan = LoadedSpec.Load("Models.yaml").Gan("OneD");
        using var generator = gan.CreateGenerator();
        using var scope = NewDisposeScope();

        var samples = gan.Generate(generator, 100, seed: 1);

        Assert.Equal(new long[] { 100, 1 }, samples.shape);
        Assert.True(samples.isfinite().all().item<bool>());
    }

    [Fact]
    public void BadCountsAndLabelsSayWhatIsWrong()
    {
        using var plain = Dcgan.Definition.CreateGenerator();
        using var conditional = ConditionalDcgan.Definition.CreateGenerator();

        Assert.Equal("Dcgan is not conditional, so it takes no label (Parameter 'label')",
            Assert.Throws<ArgumentException>(() => Dcgan.Definition.Generate(plain, 4, 0, label: 1)).Message);
        Assert.Equal("the label must be from 0 to 9 (Parameter 'label')",
            Assert.Throws<ArgumentException>(() => ConditionalDcgan.Definition.Generate(conditional, 4, 0, label: 10)).Message);
        Assert.Equal("the sample count must be positive, not 0 (Parameter 'count')",
            Assert.Throws<ArgumentException>(() => Dcgan.Definition.Generate(plain, 0, 0)).Message);
    }
}
