using System;
using System.Linq;
using GanGen.Spec.Training;
using Xunit;

namespace GanGen.Spec.Tests;

/// <summary>Each training word names one value and back, and a table cannot leave a value without a word.</summary>
public sealed class TrainingVocabularyTests
{
    [Fact]
    public void EveryWordFindsTheValueThatIsNamedByIt()
    {
        AssertRoundTrip(TrainingVocabulary.Losses);
        AssertRoundTrip(TrainingVocabulary.Data);
        AssertRoundTrip(TrainingVocabulary.Noise);
        AssertRoundTrip(TrainingVocabulary.Optimizers);
        AssertRoundTrip(TrainingVocabulary.Inits);
        AssertRoundTrip(TrainingVocabulary.Augments);
        AssertRoundTrip(TrainingVocabulary.Precisions);
    }

    [Fact]
    public void TheWordsAreTheOnesTheSpecLanguageDocuments()
    {
        Assert.Equal(new[] { "non-saturating", "minimax", "least-squares", "hinge", "wasserstein-gp", "k-plus-one" }, TrainingVocabulary.Losses.Names);
        Assert.Equal(new[] { "mnist", "fashion-mnist", "idx", "normal", "mixture", "images", "cifar10" }, TrainingVocabulary.Data.Names);
        Assert.Equal(new[] { "normal", "uniform", "stratified" }, TrainingVocabulary.Noise.Names);
        Assert.Equal(new[] { "Adam", "SGD" }, TrainingVocabulary.Optimizers.Names);
        Assert.Equal(new[] { "pytorch", "normal" }, TrainingVocabulary.Inits.Names);
        Assert.Equal(new[] { "32", "bf16-mixed" }, TrainingVocabulary.Precisions.Names);
    }

    [Theory]
    [InlineData("", PrecisionKind.Float32)]
    [InlineData("      precision: 32\n", PrecisionKind.Float32)]
    [InlineData("      precision: bf16-mixed\n", PrecisionKind.Bf16Mixed)]
    public void PrecisionIsReadFromTheTrainingSectionAndFloat32WhenLeftOut(string line, PrecisionKind expected)
    {
        var yaml = "models:\n  G:\n    input: [100]\n    layers: [{ Linear: { out_features: 784 } }, Tanh]\n"
            + "  D:\n    input: [784]\n    layers: [{ Linear: { out_features: 1 } }]\n"
            + "gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training:\n      data: mnist\n      epochs: 1\n" + line;

        var analysis = SpecEngine.Analyze("spec.yaml", yaml);

        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(expected, analysis.Gans.Single().Training!.Precision);
    }

    [Fact]
    public void AnUnknownWordFindsNothing()
    {
        Assert.Null(TrainingVocabulary.Losses.Find("Hinge"));
        Assert.Null(TrainingVocabulary.Losses.Find(""));
    }

    [Fact]
    public void ATableMustNameEveryValueOnce()
    {
        var missing = Assert.Throws<ArgumentException>(() => new NamedValues<InitKind>(("pytorch", InitKind.PyTorch)));
        Assert.StartsWith("Every InitKind needs exactly one YAML word", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new NamedValues<InitKind>(("pytorch", InitKind.PyTorch), ("normal", InitKind.Normal), ("gauss", InitKind.Normal)));
    }

    private static void AssertRoundTrip<T>(NamedValues<T> table)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(value, table.Find(table.NameOf(value)));
        }

        Assert.Equal(table.Names.Count, table.Names.Distinct(StringComparer.Ordinal).Count());
    }
}
