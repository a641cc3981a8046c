using System.Linq;
using GanGen.Spec.Training;
using Xunit;

namespace GanGen.Spec.Tests;

/// <summary>
/// <c>data: { images | cifar10 }</c>, <c>augment:</c> and <c>r1:</c> read into the settings with their defaults;
/// their errors, with exact lines and columns, are cases of the generator's DiagnosticTests.
/// </summary>
public sealed class ColourDataSettingsTests
{
    private const string Models =
        "models:\n  G:\n    input: [16]\n    layers: [{ Linear: { out_features: 3072 } }, { Reshape: [3, 32, 32] }, Tanh]\n"
        + "  D:\n    input: [3, 32, 32]\n    layers: [Flatten, { Linear: { out_features: 1 } }]\n";

    [Fact]
    public void AnImageFolderTakesItsPathSizeAndChannels()
    {
        var settings = Settings("data: { images: { path: /data/icons, size: 32, channels: 3 } }");

        Assert.Equal(DataKind.Images, settings.Data.Kind);
        Assert.Equal("/data/icons", settings.Data.Path);
        Assert.Equal((32L, 3), (settings.Data.Size, settings.Data.Channels));
        Assert.Equal(PixelScale.MinusOneToOne, settings.Data.Scale);
        Assert.True(settings.Data.IsImages);
    }

    [Fact]
    public void SizeAndChannelsDefaultToTheGeneratorsOutput()
    {
        var settings = Settings("data: { images: { path: icons } }");

        Assert.Equal((32L, 3), (settings.Data.Size, settings.Data.Channels));
    }

    [Fact]
    public void Cifar10IsThirtyTwoPixelRgb()
    {
        var settings = Settings("data: { cifar10: { path: /data/cifar-10-batches-bin } }");

        Assert.Equal(DataKind.Cifar10, settings.Data.Kind);
        Assert.Equal("/data/cifar-10-batches-bin", settings.Data.Path);
        Assert.Equal((32L, 3), (settings.Data.Size, settings.Data.Channels));
    }

    [Fact]
    public void AugmentListsTransformationsInAnyOrder()
    {
        var settings = Settings("data: { cifar10: { path: c } }\n      augment: [cutout, color]");

        Assert.Equal(new AugmentSettings(Color: true, Translation: false, Cutout: true), settings.Augment);
        Assert.True(settings.Augment.Any);
        Assert.False(Settings("data: { cifar10: { path: c } }").Augment.Any);
    }

    [Fact]
    public void R1TakesGammaAndDefaultsToStyleGan2sInterval()
    {
        Assert.Equal(new R1Settings(10, 16), Settings("data: { cifar10: { path: c } }\n      r1: { gamma: 10 }").R1);
        Assert.Equal(new R1Settings(0.5, 4), Settings("data: { cifar10: { path: c } }\n      r1: { gamma: 0.5, every: 4 }").R1);
        Assert.Equal(R1Settings.None, Settings("data: { cifar10: { path: c } }").R1);
    }

    [Fact]
    public void TheNewWordsAreInTheVocabulary()
    {
        Assert.Equal(DataKind.Images, TrainingVocabulary.Data.Find("images"));
        Assert.Equal(DataKind.Cifar10, TrainingVocabulary.Data.Find("cifar10"));
        Assert.Equal(new[] { "color", "translation", "cutout" }, TrainingVocabulary.Augments.Names);
    }

    private static TrainingSettings Settings(string lines)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", Models + $"gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training:\n      {lines}\n      steps: 10\n");
        Assert.Empty(analysis.Diagnostics);
        return analysis.Gans.Single().Training!;
    }
}
