using System.IO;
using System.Linq;
using GanGen.Runtime.Export;
using GanGen.Runtime.Specs;
using GanGen.Web;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Cli.Tests;

/// <summary>
/// What GanGen's exporter writes is what the web sample serves: the sample's own loader reads every image
/// GAN of src/Models.yaml exported by <see cref="OnnxExport"/> (its tests use generators written by PyTorch to
/// the same contract) and draws the samples TorchSharp draws.
/// </summary>
public sealed class WebSampleExportTests
{
    private static readonly LoadedSpec Models = LoadedSpec.Load("Models.yaml");

    public static TheoryData<string> ImageGans => new(new[] { "Dcgan", "ConditionalDcgan", "ColourConditionalSngan" });

    [Theory]
    [MemberData(nameof(ImageGans))]
    public void TheWebSampleServesAnExportedGenerator(string name)
    {
        using var scope = NewDisposeScope();
        var gan = Models.Gan(name);
        using var generator = (SpecModel)gan.CreateGenerator();
        generator.eval();
        var file = Path.Combine(Directory.CreateTempSubdirectory("gangen-web-export-").FullName, name + ".onnx");
        OnnxExport.Save(OnnxExport.Generator(gan, generator.Model, generator), file);

        using var model = GeneratorModel.Load(file);
        Assert.Equal(new GeneratorMetadata(name, generator.Model.Classes, NoiseDistribution.Normal, PixelRange.MinusOneToOne), model.Metadata);
        Assert.Equal(generator.Model.Output.Dims.Select(d => (int)d), new[] { model.Channels, model.Height, model.Width });

        const int Count = 3;
        var noise = randn(new long[] { Count }.Concat(generator.Model.Input.Dims).ToArray());
        var labels = generator.Model.IsConditional ? new long[] { 0, 1, generator.Model.Classes - 1 } : null;
        var served = model.Generate(noise.data<float>().ToArray(), labels, Count);

        var expected = generator.forward(noise, labels is null ? null! : tensor(labels)).data<float>().ToArray();
        Assert.Equal(expected.Length, served.Length);
        Assert.All(expected.Zip(served), pair => Assert.True(System.Math.Abs(pair.First - pair.Second) <= 1e-4, $"{pair.First} from TorchSharp, {pair.Second} served"));
        File.Delete(file);
    }
}
