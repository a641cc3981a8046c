using System.Linq;
using GanGen.Spec.Layers;
using GanGen.Spec.Model;

namespace GanGen.Spec.Training;

/// <summary>
/// The rules between a GAN's training settings and its two models: the loss against D's output
/// (GAN0020) and the data and noise against G (GAN0021), the mistakes GAN users keep reporting. Each
/// returns what is wrong, or <c>null</c>; the parser reports it at the YAML entry it concerns.
/// </summary>
internal static class PairRules
{
    /// <summary>Images of the MNIST family: 28×28 grey, 10 classes.</summary>
    public const long MnistPixels = 784;

    /// <summary>Classes of the MNIST family.</summary>
    public const int MnistClasses = 10;

    /// <summary>Classes of CIFAR-10.</summary>
    public const int Cifar10Classes = 10;

    /// <summary>The largest side an image folder may be resized to.</summary>
    public const long MaxImageSize = 4096;

    /// <summary>Whether <paramref name="loss"/> can score <paramref name="discriminator"/>'s output.</summary>
    public static string? Loss(LossSettings loss, ResolvedModel discriminator)
    {
        var last = FinalLayer(discriminator);
        var lastText = last is null ? "no activation" : $"{last.Kind} (line {last.Location.Line + 1})";
        var lossName = TrainingVocabulary.Losses.NameOf(loss.Kind);
        if (loss.Kind == LossKind.KPlusOne)
        {
            var k = (long)discriminator.Classes;
            if (k == 0)
            {
                return $"the (K+1)-class loss needs a conditional pair, but discriminator '{discriminator.Name}' has no condition";
            }

            if (last?.Kind is LayerNames.Softmax or LayerNames.LogSoftmax or LayerNames.Sigmoid)
            {
                return $"the (K+1)-class loss is a cross-entropy that applies its own softmax, but discriminator '{discriminator.Name}' already ends in {lastText}; remove it and output logits";
            }

            return discriminator.Output.Rank != 1 || discriminator.Output.Dims[0] != k + 1
                ? $"the (K+1)-class loss needs discriminator '{discriminator.Name}' to output [{k + 1}] ({k} classes plus the fake class), but it outputs {discriminator.Output}"
                : null;
        }

        if (discriminator.Output.ElementCount != 1)
        {
            return $"loss '{lossName}' needs one score per sample, but discriminator '{discriminator.Name}' outputs {discriminator.Output}; use k-plus-one for class outputs";
        }

        if (loss.Kind is LossKind.NonSaturating or LossKind.Minimax && loss.Logits && last?.Kind == LayerNames.Sigmoid)
        {
            return $"loss '{lossName}' is BCE on logits and applies its own sigmoid, but discriminator '{discriminator.Name}' already ends in {lastText}; remove the Sigmoid, or write {{ {lossName}: {{ logits: false }} }}";
        }

        if (loss.Kind is LossKind.NonSaturating or LossKind.Minimax && !loss.Logits && last?.Kind != LayerNames.Sigmoid)
        {
            return $"loss '{lossName}' with logits: false takes probabilities, but discriminator '{discriminator.Name}' ends in {lastText}, not Sigmoid; add a Sigmoid or drop 'logits: false'";
        }

        if (loss.Kind is LossKind.WassersteinGp or LossKind.Hinge && last?.Kind is LayerNames.Sigmoid or LayerNames.Tanh)
        {
            var role = loss.Kind == LossKind.WassersteinGp ? "a Wasserstein critic must have an unbounded output" : "the hinge loss needs unbounded scores";
            return $"{role}, but discriminator '{discriminator.Name}' ends in {lastText}; remove it";
        }

        return null;
    }

    /// <summary>Whether <paramref name="generator"/> makes images of the MNIST family, with their classes and a known pixel range.</summary>
    public static string? MnistImages(string gan, string data, ResolvedModel generator)
    {
        var output = generator.Output;
        if (output.ElementCount != MnistPixels || !(output.Rank == 1 || (output.Rank == 3 && output.Dims[0] == 1)))
        {
            return $"GAN '{gan}' trains on {data}'s 28×28 grey images, but generator '{generator.Name}' produces {output}; it must produce [1, 28, 28] or [784]";
        }

        if (generator.IsConditional && generator.Classes != MnistClasses)
        {
            return $"{data} has {MnistClasses} classes, but GAN '{gan}' is conditioned on {generator.Classes}";
        }

        return PixelRange(generator);
    }

    /// <summary>Whether <paramref name="generator"/> ends in an activation that gives pixels a range.</summary>
    public static string? PixelRange(ResolvedModel generator) =>
        PixelScaleOf(generator) == PixelScale.None
            ? $"Pixels are scaled to the generator's output range, so generator '{generator.Name}' must end in Tanh ([-1, 1]) or Sigmoid ([0, 1]), but it ends in {FinalLayer(generator)?.Kind ?? "no activation"}"
            : null;

    /// <summary>Whether <paramref name="generator"/> makes the images a folder is read as: [channels, size, size], or as many values flat.</summary>
    public static string? FolderImages(string gan, ResolvedModel generator, long channels, long size)
    {
        var output = generator.Output;
        var fits = output.Rank == 3 ? output.Dims[0] == channels && output.Dims[1] == size && output.Dims[2] == size : output.Rank == 1 && output.ElementCount == channels * size * size;
        var kind = channels == 1 ? "grey" : "RGB";
        return fits
            ? null
            : $"GAN '{gan}' reads its image folder as {size}×{size} {kind} images [{channels}, {size}, {size}], but generator '{generator.Name}' produces {output}; set size: and channels: to fit it, or change the generator";
    }

    /// <summary>Whether <paramref name="generator"/> makes CIFAR-10's 32×32 RGB images, with its 10 classes.</summary>
    public static string? Cifar10(string gan, ResolvedModel generator)
    {
        if (FolderImages(gan, generator, 3, 32) is not null)
        {
            return $"GAN '{gan}' trains on CIFAR-10's 32×32 RGB images, but generator '{generator.Name}' produces {generator.Output}; it must produce [3, 32, 32] or [3072]";
        }

        return generator.IsConditional && generator.Classes != Cifar10Classes
            ? $"cifar10 has {Cifar10Classes} classes, but GAN '{gan}' is conditioned on {generator.Classes}"
            : null;
    }

    /// <summary>Whether DiffAugment can transform <paramref name="generator"/>'s samples, which must be [C, H, W] images.</summary>
    public static string? Augment(string gan, ResolvedModel generator) =>
        generator.Output.Rank == 3 ? null : $"DiffAugment shifts and cuts [C, H, W] images, but generator '{generator.Name}' of GAN '{gan}' produces {generator.Output}";

    /// <summary>The pixel range the generator's final activation produces.</summary>
    public static PixelScale PixelScaleOf(ResolvedModel generator) => FinalLayer(generator)?.Kind switch
    {
        LayerNames.Tanh => PixelScale.MinusOneToOne,
        LayerNames.Sigmoid => PixelScale.ZeroToOne,
        _ => PixelScale.None,
    };

    /// <summary>Whether <paramref name="generator"/> can learn a 1-D, unlabelled distribution.</summary>
    public static string? Distribution(string data, ResolvedModel generator)
    {
        if (generator.Output.ElementCount == 1 && !generator.IsConditional)
        {
            return null;
        }

        var what = generator.IsConditional ? "a conditional generator" : $"generator '{generator.Name}', which produces {generator.Output}";
        return $"Data '{data}' is 1-D and unlabelled, so it needs an unconditional generator with output [1], not {what}";
    }

    /// <summary>Whether <paramref name="generator"/> takes the one value a stratified grid gives.</summary>
    public static string? StratifiedNoise(ResolvedModel generator) =>
        generator.Input.ElementCount == 1 ? null : $"Stratified noise is a 1-D grid, but generator '{generator.Name}' takes {generator.Input}";

    /// <summary>Whether the data can be counted in epochs.</summary>
    public static string? Epochs(string gan, DataSettings data) =>
        data.IsImages ? null : $"GAN '{gan}' draws from a distribution, which has no epochs; give 'steps:' instead";

    /// <summary>Whether D can be pretrained on the data's density.</summary>
    public static string? Pretrain(DataSettings data) =>
        data.Kind == DataKind.Normal
            ? null
            : $"D pretraining regresses onto the true density, which GanGen knows only for 'normal' data, not '{TrainingVocabulary.Data.NameOf(data.Kind)}'";

    /// <summary>The layer that decides the output's range: the last one that is not a pure reshape or dropout.</summary>
    private static ResolvedLayer? FinalLayer(ResolvedModel model) =>
        model.Body.FinalLayer(l => l.Kind is LayerNames.Flatten or LayerNames.Reshape or LayerNames.Dropout or LayerNames.Identity);
}
