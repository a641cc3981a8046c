using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;

namespace GanGen.Runtime.Evaluation;

/// <summary>
/// Images another program made (another framework's samples, a published model's outputs), read for
/// <see cref="RunEvaluator.MeasureImages"/> at the image shape of the GAN whose data they are measured against.
/// </summary>
public static class ImagesToScore
{
    private const string Fix = "write the samples there as PNG/JPEG files (in class subfolders for a conditional GAN), or as train-images-idx3-ubyte and train-labels-idx1-ubyte in MNIST layout";

    /// <summary>
    /// Reads <paramref name="folder"/>: an MNIST-layout IDX folder when it holds <c>train-images-idx3-ubyte[.gz]</c>,
    /// else its PNG/JPEG files, searched recursively, each brought to the GAN's size as training folders are
    /// (shorter side scaled, centre crop, alpha on white). A conditional GAN's labels come from the IDX label file
    /// or from the first-level subfolders, sorted, as in training. The files are decoded, not cached: samples are scored once.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="gan">The GAN whose data the images are measured against.</param>
    /// <returns>The images, <c>[N, C, H, W]</c> in [0, 1], with their labels.</returns>
    /// <exception cref="InvalidOperationException">The GAN does not draw images.</exception>
    /// <exception cref="FileNotFoundException">The folder is missing, or holds neither kind of images; the message says what to write.</exception>
    /// <exception cref="InvalidDataException">The images do not fit the GAN, or a file is damaged; the message names the file and both shapes.</exception>
    public static ImageDataset Read(string folder, GanDefinition gan)
    {
        var shape = ImageDomain.AsImage(gan.SampleShape.ToArray())
            ?? throw new InvalidOperationException($"{gan.Name} draws samples of shape [{string.Join(", ", gan.SampleShape)}], which are not images; only image GANs are measured against images");
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"{folder}: no such folder; {Fix}");
        }

        var images = DataSources.IdxCandidates(folder, "train-images-idx3-ubyte").Any(File.Exists)
            ? DataSources.FromIdxFolder(folder, PixelScale.ZeroToOne, Fix, gan.Classes)
            : ReadImageFiles(folder, shape, gan.Classes);
        var found = images.Images.shape.Skip(1).ToArray();
        if (!found.SequenceEqual(shape))
        {
            images.Dispose();
            throw new InvalidDataException($"{images.Name}: images are {string.Join("x", found)}, but {gan.Name} draws {string.Join("x", shape)} (channels x height x width); write them at that size");
        }

        return images;
    }

    private static ImageDataset ReadImageFiles(string folder, long[] shape, int classes)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories);
        if (!files.Any(file => ImageFolder.Extensions.Contains(Path.GetExtension(file).ToLowerInvariant())))
        {
            throw new FileNotFoundException($"{folder}: holds neither train-images-idx3-ubyte[.gz] nor {string.Join("/", ImageFolder.Extensions)} files; {Fix}");
        }

        if (shape[1] != shape[2] || shape[0] is not (1 or 3))
        {
            throw new InvalidDataException($"{folder}: PNG/JPEG files are read as square grey or RGB images, but the GAN draws {string.Join("x", shape)} (channels x height x width)"
                + (shape[0] == 1 ? "; write the samples as IDX instead" : ", which neither PNG/JPEG nor IDX files are read as"));
        }

        return ImageFolder.Load(folder, (int)shape[2], (int)shape[0], PixelScale.ZeroToOne, cacheDirectory: null, classes).Dataset;
    }
}
