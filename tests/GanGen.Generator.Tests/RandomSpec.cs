using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GanGen.Generator.Tests;

/// <summary>
/// Writes random specs from the layer catalog: generator/discriminator pairs whose layers are chosen to
/// fit the shape so far (so most specs are valid), every layer and argument of the language, block and
/// flow styles, anchors and aliases, CRLF line ends, graphs with a merge and blocks with arguments, and
/// a training section that fits the pair. The
/// shapes tracked here only steer the choice; the spec engine is the judge, and a wrong guess is a
/// rejected spec, which is a fine fuzz case too.
/// </summary>
internal sealed class RandomSpec
{
    private readonly Random random;
    private readonly StringBuilder yaml = new();
    private readonly StringBuilder blocks = new();
    private readonly string indent;
    private readonly bool flowLayers;
    private int anchors;

    private RandomSpec(Random random)
    {
        this.random = random;
        indent = new string(' ', 2 + random.Next(3));
        flowLayers = random.Next(4) == 0;
    }

    /// <summary>What a generator is built to produce.</summary>
    private enum Target
    {
        Anything,
        OneD,
        Mnist,
    }

    /// <summary>A random spec and a one-line description of it.</summary>
    public static (string Yaml, string Recipe) Make(Random random)
    {
        var spec = new RandomSpec(random);
        var recipe = spec.Write();
        var text = spec.yaml.ToString();
        return random.Next(10) == 0 ? (text.Replace("\n", "\r\n"), recipe + ", CRLF") : (text, recipe);
    }

    private string Write()
    {
        var pairs = 1 + random.Next(2);
        var gans = new List<string>();
        yaml.Append("models:\n");
        for (var i = 0; i < pairs; i++)
        {
            var target = (Target)random.Next(3);
            var classes = target == Target.OneD || random.Next(3) > 0 ? 0 : target == Target.Mnist ? 10 : 1 + random.Next(12);
            var noise = target == Target.OneD && random.Next(2) == 0 ? new long[] { 1 } : new long[] { 1 + random.Next(128) };
            var g = Generator($"G{i}", noise, classes, target);
            var d = Discriminator($"D{i}", g.Output, classes);
            gans.Add(Gan($"Gan{i}", g, d, target));
        }

        yaml.Append("gans:\n");
        foreach (var gan in gans)
        {
            yaml.Append(gan);
        }

        if (blocks.Length > 0)
        {
            yaml.Append("blocks:\n").Append(blocks);
        }

        return $"{pairs} pair(s), {(flowLayers ? "flow" : "block")} layers, indent {indent.Length}";
    }

    private ModelText Generator(string name, long[] noise, int classes, Target target)
    {
        var layers = new List<string>();
        var shape = Labels(layers, noise, classes);
        if (target == Target.Mnist || random.Next(3) == 0)
        {
            // Noise to feature maps, as DCGAN generators do; for MNIST up to 28x28 by two strided transposed convolutions.
            var (c, h) = target == Target.Mnist ? (2 + random.Next(8), 7L) : (1 + random.Next(8), 1 + random.Next(8));
            layers.Add(Layer("Linear", 1, ("out_features", N(c * h * h)), ("bias", Bool())));
            layers.Add(random.Next(2) == 0 ? $"Reshape: [{c}, {h}, {h}]" : $"Reshape: [-1, {h}, {h}]");
            shape = new long[] { c, h, h };
            shape = Hidden(layers, shape, classes, spatialOnly: target == Target.Mnist);
            if (target == Target.Mnist)
            {
                layers.Add(Layer("ConvTranspose2d", 4, ("out_channels", N(1 + random.Next(8))), ("kernel_size", "4"), ("stride", "2"), ("padding", "1"), ("bias", Bool())));
                layers.Add(Layer("ConvTranspose2d", 4, ("out_channels", "1"), ("kernel_size", "4"), ("stride", "2"), ("padding", "1")));
                shape = new long[] { 1, 28, 28 };
            }
        }
        else
        {
            shape = Hidden(layers, shape, classes, spatialOnly: false);
        }

        if (target == Target.OneD)
        {
            layers.Add(shape.Length == 3 ? "Flatten" : Elementwise());
            layers.Add(Layer("Linear", 1, ("out_features", "1")));
            shape = new long[] { 1 };
        }
        else if (target == Target.Mnist)
        {
            layers.Add(random.Next(2) == 0 ? "Tanh" : "Sigmoid");
        }

        return Model(name, noise, classes, layers, shape);
    }

    private ModelText Discriminator(string name, long[] input, int classes)
    {
        var layers = new List<string>();
        var shape = Hidden(layers, Labels(layers, input, classes), classes, spatialOnly: false);
        if (shape.Length == 3)
        {
            layers.Add("Flatten");
        }

        var outputs = classes > 0 ? classes + 1 : 1;
        layers.Add(Layer("Linear", 1, ("out_features", N(outputs)), ("bias", Bool())));
        if (classes == 0 && random.Next(3) == 0)
        {
            layers.Add("Sigmoid");
        }

        return Model(name, input, classes, layers, new long[] { outputs });
    }

    private long[] Labels(List<string> layers, long[] shape, int classes)
    {
        if (classes == 0 || random.Next(2) == 0)
        {
            return shape;
        }

        layers.Add("ConcatLabels");
        return shape.Length == 1 ? new[] { shape[0] + classes } : new[] { shape[0] + classes, shape[1], shape[2] };
    }

    /// <summary>Up to seven layers that fit the shape so far.</summary>
    private long[] Hidden(List<string> layers, long[] shape, int classes, bool spatialOnly)
    {
        var count = random.Next(8);
        for (var i = 0; i < count; i++)
        {
            var (text, next) = shape.Length == 3 ? SpatialLayer(shape, classes, spatialOnly) : VectorLayer(shape, classes);
            layers.Add(text);
            shape = next;
        }

        return shape;
    }

    private ModelText Model(string name, long[] input, int classes, List<string> layers, long[] output)
    {
        yaml.Append(indent).Append(name).Append(":\n");
        Key("input", Shape(input));
        if (classes > 0)
        {
            Key("condition", $"{{ classes: {classes} }}");
        }

        if (layers.Count >= 2 && random.Next(3) == 0)
        {
            Graph(name, layers);
        }
        else if (flowLayers)
        {
            Key("layers", FlowList(layers));
        }
        else if (layers.Count == 0)
        {
            Key("layers", "[]");
        }
        else
        {
            Key("layers", string.Empty);
            foreach (var layer in layers)
            {
                yaml.Append(indent).Append(indent).Append(indent).Append("- ").Append(layer).Append('\n');
            }
        }

        if (random.Next(3) == 0)
        {
            Key("output", Shape(output));
        }

        return new ModelText(name, input, output, classes, layers.Count > 0 ? layers[^1] : null);
    }

    /// <summary>
    /// The same layers as a graph: a head (in a block of its own, sometimes), a twin of it through a block
    /// with an argument, a shape-preserving merge of both, then the tail, so the output layer is unchanged.
    /// </summary>
    private void Graph(string model, List<string> layers)
    {
        var split = 1 + random.Next(layers.Count - 1);
        var head = layers.Take(split).ToList();
        if (random.Next(2) == 0)
        {
            blocks.Append(indent).Append(model).Append("Head:\n").Append(indent).Append(indent).Append("layers: ").Append(FlowList(head)).Append('\n');
            head = new List<string> { model + "Head" };
        }

        blocks.Append(indent).Append(model).Append("Twin:\n")
            .Append(indent).Append(indent).Append("args: { p: 0.5 }\n")
            .Append(indent).Append(indent).Append("graph:\n")
            .Append(indent).Append(indent).Append(indent).Append("dropped: [{ Dropout: { p: $p } }]\n")
            .Append(indent).Append(indent).Append(indent).Append("kept: { from: input, layers: [Identity] }\n")
            .Append(indent).Append(indent).Append(indent).Append("both: { Multiply: [dropped, kept] }\n");
        Key("graph", string.Empty);
        var node = indent + indent + indent;
        yaml.Append(node).Append("head: ").Append(FlowList(head)).Append('\n');
        yaml.Append(node).Append("twin: { from: head, layers: [{ ").Append(model).Append($"Twin: {{ p: 0.{random.Next(10)} }} }}] }}\n");
        yaml.Append(node).Append("mix: { ").Append(random.Next(2) == 0 ? "Add" : "Multiply").Append(": [head, twin] }\n");
        yaml.Append(node).Append("tail: ").Append(FlowList(layers.Skip(split).ToList())).Append('\n');
    }

    private static string FlowList(List<string> layers) => "[" + string.Join(", ", layers.Select(l => l.Contains(':') ? "{ " + l + " }" : l)) + "]";

    private (string Text, long[] Shape) VectorLayer(long[] shape, int classes)
    {
        var features = shape[0];
        switch (random.Next(15))
        {
            case 0:
            case 1:
                var outputs = 1 + random.Next(64);
                return (Layer("Linear", 1, ("out_features", N(outputs)), ("bias", Bool()), ("spectral_norm", Bool())), new long[] { outputs });
            case 2:
                return (Layer("BatchNorm1d", 0, ("eps", Pick("1e-5", "0.001")), ("momentum", Pick("0.1", "0.01")), ("affine", Bool()), ("track_running_stats", Bool())), shape);
            case 3:
                var kernels = 1 + random.Next(6);
                return (Layer("MinibatchDiscrimination", 2, ("num_kernels", N(kernels)), ("kernel_dim", N(1 + random.Next(4))), ("bias", Bool())), new[] { features + kernels });
            case 4:
                return (Layer(Pick("Softmax", "LogSoftmax"), 1, ("dim", Pick("1", "-1"))), shape);
            case 5 when classes > 0:
                return ("ConcatLabels", new[] { features + classes });
            case 6 when features % 4 == 0:
                return ($"Reshape: [{features / 4}, 2, 2]", new[] { features / 4, 2, 2 });
            case 7:
                return (Layer("LayerNorm", 0, ("eps", Pick("1e-5", "0.001")), ("elementwise_affine", Bool()), ("bias", Bool())), shape);
            case 8:
                return (GroupNorm(features), shape);
            case 9 when classes > 0:
                return (Layer("ConditionalBatchNorm1d", 0, ("eps", Pick("1e-5", "0.001")), ("momentum", Pick("0.1", "0.01"))), shape);
            case 10 when classes > 0:
                return ("Projection", new long[] { 1 });
            default:
                return (Elementwise(), shape);
        }
    }

    private (string Text, long[] Shape) SpatialLayer(long[] shape, int classes, bool spatialOnly)
    {
        var (c, h, w) = (shape[0], shape[1], shape[2]);
        if (h < 1 || w < 1)
        {
            // A size guessed wrong earlier; the engine rejects the spec, so any layer will do.
            return (Elementwise(), shape);
        }

        switch (random.Next(spatialOnly ? 8 : 13))
        {
            case 0:
            case 1:
                // Shape-preserving for generators on their way to 28x28; any stride otherwise.
                var k = spatialOnly ? 1 + (2 * random.Next(3)) : 1 + random.Next((int)Math.Min(5, Math.Min(h, w)));
                var s = spatialOnly ? 1 : 1 + random.Next(2);
                var outputs = 1 + random.Next(16);
                var groups = random.Next(3) == 0 ? Gcd(c, outputs) : 1;
                var padding = spatialOnly ? Pick("same", N(k / 2)) : Pick("same", "valid", N(k / 2), "0");
                var (oh, ow) = padding switch
                {
                    "same" => ((h + s - 1) / s, (w + s - 1) / s),
                    "valid" or "0" => (((h - k) / s) + 1, ((w - k) / s) + 1),
                    _ => (((h + (2 * (k / 2)) - k) / s) + 1, ((w + (2 * (k / 2)) - k) / s) + 1),
                };
                return (Layer("Conv2d", 4, ("out_channels", N(outputs)), ("kernel_size", N(k)), ("stride", N(s)), ("padding", padding), ("groups", N(groups)), ("bias", Bool()), ("spectral_norm", Bool())), new[] { outputs, oh, ow });
            case 2:
                return (Layer("BatchNorm2d", 0, ("momentum", Pick("0.1", "0.2")), ("affine", Bool())), shape);
            case 3 when classes > 0:
                return ("ConcatLabels", new[] { c + classes, h, w });
            case 4 when c % 8 == 0 && h % 2 == 0 && w % 2 == 0:
                return ("SelfAttention", shape);
            case 5 when classes > 0:
                return (Layer("ConditionalBatchNorm2d", 0, ("eps", Pick("1e-5", "0.001")), ("momentum", Pick("0.1", "0.2"))), shape);
            case 4:
            case 5:
            case 6:
                return (Elementwise(), shape);
            case 7:
                return (PerSampleNorm(c, h, w), shape);
            case 8 when h <= 16:
                var tk = 1 + random.Next(5);
                var ts = 1 + random.Next(2);
                var tp = random.Next((tk / 2) + 1);
                var op = ts > 1 ? random.Next(2) : 0;
                var tOut = 1 + random.Next(8);
                return (Layer("ConvTranspose2d", 5, ("out_channels", N(tOut)), ("kernel_size", N(tk)), ("stride", N(ts)), ("padding", N(tp)), ("output_padding", N(op)), ("groups", "1"), ("spectral_norm", Bool())),
                    new[] { tOut, ((h - 1) * ts) - (2 * tp) + tk + op, ((w - 1) * ts) - (2 * tp) + tk + op });
            case 9 when h >= 2 && w >= 2:
                return random.Next(2) == 0
                    ? (Layer("MaxPool2d", 1, ("kernel_size", "2"), ("ceil_mode", "false")), new[] { c, h / 2, w / 2 })
                    : (Layer("AvgPool2d", 1, ("kernel_size", "2"), ("ceil_mode", "false"), ("count_include_pad", Bool()), ("divisor_override", N(1 + random.Next(4)))), new[] { c, h / 2, w / 2 });
            case 9:
                var z = random.Next(3);
                return random.Next(2) == 0
                    ? (Layer("ZeroPad2d", 1, ("padding", N(z))), new[] { c, h + (2 * z), w + (2 * z) })
                    : (Layer("ZeroPad2d", 1, ("padding", $"[{z}, {z}, 0, 0]")), new[] { c, h, w + (2 * z) });
            case 10 when h <= 16 && w <= 16:
                return Resample(c, h, w);
            case 11:
                return ("GlobalSumPool", new[] { c });
            default:
                if (spatialOnly)
                {
                    return (Elementwise(), shape);
                }

                return random.Next(2) == 0
                    ? (random.Next(2) == 0 ? "Flatten" : Layer("Flatten", 0, ("start_dim", "1"), ("end_dim", "-1")), new[] { c * h * w })
                    : ("Reshape: [-1]", new[] { c * h * w });
        }
    }

    private string Elementwise() => random.Next(10) switch
    {
        0 => "ReLU",
        1 => Layer("LeakyReLU", 0, ("negative_slope", Pick("0.2", "0.01", "0.3"))),
        2 => "Tanh",
        3 => "Sigmoid",
        4 => Layer("Softplus", 0, ("beta", Pick("1", "2")), ("threshold", "20")),
        5 => Layer("Dropout", 0, ("p", Pick("0", "0.3", "0.5"))),
        6 => Layer("GELU", 0, ("approximate", Pick("none", "tanh"))),
        7 => "SiLU",
        8 => Layer("ELU", 0, ("alpha", Pick("1", "0.5", "1.0"))),
        _ => "ReLU",
    };

    /// <summary>A shape-preserving normalization of feature maps: InstanceNorm2d (on more than 1x1), GroupNorm or LayerNorm.</summary>
    private string PerSampleNorm(long c, long h, long w) => random.Next(3) switch
    {
        0 when h * w > 1 => Layer("InstanceNorm2d", 0, ("eps", Pick("1e-5", "0.001")), ("momentum", Pick("0.1", "0.2")), ("affine", Bool()), ("track_running_stats", Bool())),
        1 => GroupNorm(c),
        _ => Layer("LayerNorm", 0, ("eps", Pick("1e-5", "0.001")), ("elementwise_affine", Bool()), ("bias", Bool())),
    };

    /// <summary>GroupNorm with a number of groups that divides <paramref name="channels"/>.</summary>
    private string GroupNorm(long channels)
    {
        var divisors = Enumerable.Range(1, (int)Math.Min(channels, 64)).Where(g => channels % g == 0).ToArray();
        return Layer("GroupNorm", 1, ("num_groups", N(divisors[random.Next(divisors.Length)])), ("eps", Pick("1e-5", "0.001")), ("affine", Bool()));
    }

    /// <summary>A layer that changes H×W: Upsample (nearest or bilinear), PixelShuffle or AdaptiveAvgPool2d.</summary>
    private (string Text, long[] Shape) Resample(long c, long h, long w)
    {
        switch (random.Next(3))
        {
            case 0:
                var (text, sh, sw) = Pick(("2", 2.0, 2.0), ("0.5", 0.5, 0.5), ("1.5", 1.5, 1.5), ("[2, 1]", 2.0, 1.0));
                var bilinear = random.Next(2) == 0;
                var upsample = bilinear
                    ? Layer("Upsample", 2, ("scale_factor", text), ("mode", "bilinear"), ("align_corners", Bool()))
                    : Layer("Upsample", 1, ("scale_factor", text), ("mode", "nearest"));
                return (upsample, new[] { c, (long)Math.Floor(h * sh), (long)Math.Floor(w * sw) });
            case 1 when c % 4 == 0:
                return (Layer("PixelShuffle", 1, ("upscale_factor", "2")), new[] { c / 4, h * 2, w * 2 });
            default:
                var size = 1 + random.Next(4);
                return (Layer("AdaptiveAvgPool2d", 1, ("output_size", N(size))), new[] { c, size, size });
        }
    }

    /// <summary>
    /// A layer with its first <paramref name="required"/> arguments (those that decide the shape) and a
    /// random subset of the rest, in flow form, sometimes anchored.
    /// </summary>
    private string Layer(string name, int required, params (string Key, string Value)[] arguments)
    {
        var chosen = arguments.Where((a, i) => i < required || random.Next(2) == 0).ToArray();
        if (chosen.Length == 0 && random.Next(2) == 0)
        {
            return name;
        }

        var body = "{ " + string.Join(", ", chosen.Select(a => $"{a.Key}: {a.Value}")) + " }";
        if (!flowLayers && random.Next(12) == 0)
        {
            body = $"&x{anchors++} " + body;
        }

        return $"{name}: {body}";
    }

    private string Gan(string name, ModelText g, ModelText d, Target target)
    {
        var gan = new StringBuilder();
        gan.Append(indent).Append(name).Append(":\n");
        gan.Append(indent).Append(indent).Append("generator: ").Append(g.Name).Append('\n');
        gan.Append(indent).Append(indent).Append("discriminator: ").Append(d.Name).Append('\n');
        if (target != Target.Anything)
        {
            gan.Append(indent).Append(indent).Append("training:\n");
            foreach (var line in Training(g, d, target))
            {
                gan.Append(indent).Append(indent).Append(indent).Append(line).Append('\n');
            }
        }

        return gan.ToString();
    }

    private IEnumerable<string> Training(ModelText g, ModelText d, Target target)
    {
        var normal = random.Next(2) == 0;
        yield return "data: " + (target == Target.Mnist
            ? Pick("mnist", "fashion-mnist", "{ idx: { path: /data/mnist } }", "{ fashion-mnist: { path: \"some folder\" } }", "{ idx: { path: \"weird\\u2028\\\"path\\\\\\0\" } }")
            : normal ? "{ normal: { mean: 4, std: 0.5 } }" : "{ mixture: { means: [-2, 2.5, 1e3], std: 1e-3 } }");
        var loss = g.Classes > 0 ? "k-plus-one"
            : d.Last == "Sigmoid" ? Pick("{ non-saturating: { logits: false } }", "{ minimax: { logits: false, } }", "least-squares")
            : Pick("non-saturating", "{ non-saturating: { label_smoothing: 0.1 } }", "minimax", "least-squares", "hinge", "{ wasserstein-gp: { penalty: 10 } }");
        if (loss != "non-saturating" || random.Next(2) == 0)
        {
            yield return "loss: " + loss;
        }

        yield return "noise: " + (g.Input.Length == 1 && g.Input[0] == 1 ? Pick("{ stratified: { range: 8 } }", "normal") : Pick("normal", "{ uniform: { low: -1, high: 1 } }", "{ uniform: {} }"));
        yield return "optimizer: " + Pick("{ Adam: { lr: 0.0002, betas: [0.5, 0.999] } }", "{ SGD: { lr: 0.005, momentum: 0.9, decay: { rate: 0.95, steps: 150 } } }", "Adam", "SGD");
        if (random.Next(3) == 0)
        {
            yield return "discriminator_optimizer: { Adam: { lr: 1e-4 } }";
        }

        yield return "batch_size: " + Pick("1", "12", "64", "2147483647");
        yield return target == Target.Mnist && random.Next(2) == 0 ? "epochs: " + Pick("1", "5") : "steps: " + Pick("1", "5000", "9223372036854775807");
        if (target == Target.OneD && normal && random.Next(3) == 0)
        {
            yield return "pretrain: { steps: 1000, lr: 0.005, range: [-5, 5] }";
        }

        if (random.Next(3) == 0)
        {
            yield return "ema: { decay: 0.999, start: 100 }";
        }

        if (random.Next(4) == 0)
        {
            yield return "init: " + Pick("pytorch", "{ normal: { std: 0.02 } }", "{ normal: { std: 1 } }");
        }

        if (random.Next(2) == 0)
        {
            yield return "seed: " + Pick("0", "2", "9223372036854775807");
        }

        if (random.Next(3) == 0)
        {
            yield return "d_steps: " + Pick("1", "5", "1000");
        }

        if (random.Next(3) == 0)
        {
            yield return "sample_every: 100";
        }

        if (random.Next(4) == 0)
        {
            yield return "device: cpu";
        }
    }

    private void Key(string key, string value) =>
        yaml.Append(indent).Append(indent).Append(key).Append(':').Append(value.Length > 0 ? " " + value : string.Empty).Append('\n');

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string Bool() => random.Next(2) == 0 ? "true" : "false";

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private sealed record ModelText(string Name, long[] Input, long[] Output, int Classes, string? Last);
}
