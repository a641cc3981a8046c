using System;
using System.IO;
using System.Linq;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>A labelled set of images held as tensors: images <c>[N,C,H,W]</c> float32, labels <c>[N]</c> int64.</summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Wraps tensors; the dataset owns and disposes them.</summary>
    public ImageDataset(string name, Tensor images, Tensor labels)
    {
        if (images.dim() != 4 || labels.dim() != 1 || images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException($"{name}: images must be [N,C,H,W] and labels [N], but are [{string.Join(",", images.shape)}] and [{string.Join(",", labels.shape)}]");
        }

        Name = name;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    /// <summary>Where the data came from, for messages.</summary>
    public string Name { get; }

    /// <summary>Images <c>[N,C,H,W]</c>.</summary>
    public Tensor Images { get; }

    /// <summary>Class labels <c>[N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of samples.</summary>
    public long Count => Images.shape[0];

    /// <summary>Reads an IDX image file and its label file (MNIST layout), checking they agree.</summary>
    /// <param name="imagesPath">The images, <c>[N,H,W]</c> unsigned bytes.</param>
    /// <param name="labelsPath">The labels, <c>[N]</c> unsigned bytes.</param>
    /// <param name="scale">The range pixels are scaled to.</param>
    /// <param name="classes">For a conditional GAN, its number of classes, which every label must be below; 0 checks no labels.</param>
    /// <exception cref="InvalidDataException">A file is malformed or the two do not match; the message says which and how.</exception>
    public static ImageDataset FromIdx(string imagesPath, string labelsPath, PixelScale scale, int classes = 0)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Shape.Length != 3)
        {
            throw new InvalidDataException($"{imagesPath}: images must be a rank-3 IDX file [N,H,W], but it has shape [{string.Join(",", images.Shape)}]");
        }

        if (labels.Shape.Length != 1)
        {
            throw new InvalidDataException($"{labelsPath}: labels must be a rank-1 IDX file [N], but it has shape [{string.Join(",", labels.Shape)}]");
        }

        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException($"{imagesPath} has {images.Shape[0]} images but {labelsPath} has {labels.Shape[0]} labels");
        }

        if (images.Shape[0] == 0 || images.Shape[1] == 0 || images.Shape[2] == 0)
        {
            throw new InvalidDataException($"{imagesPath}: holds no images (shape [{string.Join(",", images.Shape)}])");
        }

        // A label past the classes would stop a conditional run at its first batch with libtorch's one-hot error.
        var stray = classes > 0 ? Array.FindIndex(labels.Data, label => label >= classes) : -1;
        if (stray >= 0)
        {
            throw new InvalidDataException($"{labelsPath}: label {labels.Data[stray]} of example {stray} is not one of the GAN's {classes} classes (0 to {classes - 1})");
        }

        return FromBytes(imagesPath, images.Data, new long[] { images.Shape[0], 1, images.Shape[1], images.Shape[2] }, labels.Data.Select(label => (long)label).ToArray(), scale);
    }

    /// <summary>A dataset from 8-bit pixels (0 to 255), <paramref name="shape"/> <c>[N,C,H,W]</c>, scaled to <paramref name="scale"/>.</summary>
    internal static ImageDataset FromBytes(string name, byte[] pixels, long[] shape, long[] labels, PixelScale scale)
    {
        using var scope = NewDisposeScope();
        var unit = tensor(pixels, shape).to(ScalarType.Float32) / 255f;
        return new ImageDataset(name, scale.FromUnit(unit), tensor(labels));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
