using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;
using GanGen.Spec.Training;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// Reads a GAN's <c>training:</c> section, fills in defaults, and checks it against the pair with
/// <see cref="PairRules"/>, reporting each broken rule at the entry it concerns.
/// </summary>
internal sealed class TrainingParser
{
    private static readonly string[] Keys =
    {
        "data", "noise", "loss", "optimizer", "generator_optimizer", "discriminator_optimizer", "batch_size", "steps", "epochs",
        "d_steps", "pretrain", "ema", "init", "seed", "device", "sample_every", "augment", "r1", "precision",
    };

    private readonly NodeReader reader;
    private readonly string gan;
    private readonly ResolvedModel generator;
    private readonly ResolvedModel discriminator;

    private TrainingParser(NodeReader reader, string gan, ResolvedModel generator, ResolvedModel discriminator)
    {
        this.reader = reader;
        this.gan = gan;
        this.generator = generator;
        this.discriminator = discriminator;
    }

    /// <summary>The settings, or <c>null</c> after reporting every problem found.</summary>
    public static TrainingSettings? Parse(NodeReader reader, string gan, YamlNodeBase node, ResolvedModel generator, ResolvedModel discriminator) =>
        new TrainingParser(reader, gan, generator, discriminator).Parse(node);

    private TrainingSettings? Parse(YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Fail(DiagnosticCatalog.InvalidStructure, node, $"The training of GAN '{gan}' must be a mapping, but is {node.KindText}");
            return null;
        }

        var before = reader.Diagnostics.Count;
        var keys = reader.ReadKeys(map, $"the training of GAN '{gan}'", Keys, new[] { "data" }, node);
        var loss = keys.TryGetValue("loss", out var lossNode) ? ParseLoss(lossNode) : Check(DefaultLoss(), map);
        var data = keys.TryGetValue("data", out var dataNode) ? ParseData(dataNode) : null;
        var noise = keys.TryGetValue("noise", out var noiseNode) ? ParseNoise(noiseNode) : NoiseSettings.Normal;
        var shared = keys.TryGetValue("optimizer", out var optimizerNode) ? ParseOptimizer(optimizerNode, "the optimizer") : OptimizerSettings.Default;
        var gOptimizer = keys.TryGetValue("generator_optimizer", out var gNode) ? ParseOptimizer(gNode, "the generator's optimizer") : shared;
        var dOptimizer = keys.TryGetValue("discriminator_optimizer", out var dNode) ? ParseOptimizer(dNode, "the discriminator's optimizer") : shared;
        var batch = Integer(keys, "batch_size", 64, 1, int.MaxValue);
        var steps = Integer(keys, "steps", 0, 1);
        var epochs = Integer(keys, "epochs", 0, 1);
        var dSteps = Integer(keys, "d_steps", 1, 1, 1000);
        var seed = Integer(keys, "seed", 0, 0);
        var sampleEvery = Integer(keys, "sample_every", 0, 1);
        var device = keys.TryGetValue("device", out var deviceNode) ? ParseDevice(deviceNode) : "cpu";
        var ema = keys.TryGetValue("ema", out var emaNode) ? ParseEma(emaNode) : EmaSettings.None;
        var init = keys.TryGetValue("init", out var initNode) ? ParseInit(initNode) : InitSettings.PyTorch;
        var pretrain = keys.TryGetValue("pretrain", out var pretrainNode) ? ParsePretrain(pretrainNode, data) : PretrainSettings.None;
        var augment = keys.TryGetValue("augment", out var augmentNode) ? ParseAugment(augmentNode) : AugmentSettings.None;
        var r1 = keys.TryGetValue("r1", out var r1Node) ? ParseR1(r1Node) : R1Settings.None;
        var precision = keys.TryGetValue("precision", out var precisionNode) ? ParsePrecision(precisionNode) : PrecisionKind.Float32;

        if (keys.ContainsKey("steps") == keys.ContainsKey("epochs"))
        {
            Fail(DiagnosticCatalog.InvalidStructure, keys.TryGetValue("epochs", out var both) ? both : node,
                $"The training of GAN '{gan}' needs exactly one of 'steps:' and 'epochs:'");
        }
        else if (keys.TryGetValue("epochs", out var epochsNode) && data is not null && PairRules.Epochs(gan, data) is { } epochsProblem)
        {
            Fail(DiagnosticCatalog.DataMismatch, epochsNode, epochsProblem);
        }

        // Every reader reports its own problems; any new diagnostic means no settings.
        if (reader.Diagnostics.Count > before || loss is null || data is null || noise is null || gOptimizer is null || dOptimizer is null || batch is null || steps is null
            || epochs is null || dSteps is null || seed is null || sampleEvery is null || device is null || ema is null || init is null || pretrain is null
            || augment is null || r1 is null || precision is null)
        {
            return null;
        }

        return new TrainingSettings(data, noise, loss, gOptimizer, dOptimizer, batch.Value, steps.Value, epochs.Value, (int)dSteps.Value,
            pretrain, ema, init, seed.Value, device, sampleEvery.Value)
        {
            Augment = augment,
            R1 = r1,
            Precision = precision.Value,
        };
    }

    private LossSettings DefaultLoss() =>
        generator.IsConditional
            ? new LossSettings(LossKind.KPlusOne, true, 0, 0)
            : new LossSettings(LossKind.NonSaturating, true, 0, 0);

    private LossSettings? ParseLoss(YamlNodeBase node)
    {
        if (reader.Choice(node, $"the loss of GAN '{gan}'", TrainingVocabulary.Losses) is not { } choice)
        {
            return null;
        }

        var (name, kind, options) = choice;
        var allowed = kind switch
        {
            LossKind.NonSaturating => new[] { "logits", "label_smoothing" },
            LossKind.Minimax => new[] { "logits" },
            LossKind.WassersteinGp => new[] { "penalty" },
            _ => new string[0],
        };
        var keys = options is null ? new Dictionary<string, YamlNodeBase>() : reader.ReadKeys(options, $"the loss '{name.Value}'", allowed, new string[0]);
        var logits = keys.TryGetValue("logits", out var logitsNode) ? reader.Boolean(logitsNode, "logits") : true;
        var smoothing = keys.TryGetValue("label_smoothing", out var smoothingNode)
            ? reader.Number(smoothingNode, "label_smoothing", v => v >= 0 && v < 0.5 ? null : "must be in [0, 0.5)")
            : 0;
        var penalty = keys.TryGetValue("penalty", out var penaltyNode) ? reader.Number(penaltyNode, "penalty", v => v > 0 ? null : "must be greater than 0") : 10;
        if (logits is null || smoothing is null || penalty is null)
        {
            return null;
        }

        return Check(new LossSettings(kind, logits.Value, smoothing.Value, kind == LossKind.WassersteinGp ? penalty.Value : 0), name);
    }

    /// <summary>Checks a loss against D's output: shape, final activation, classes.</summary>
    private LossSettings? Check(LossSettings loss, YamlNodeBase at)
    {
        if (PairRules.Loss(loss, discriminator) is not { } problem)
        {
            return loss;
        }

        Fail(DiagnosticCatalog.LossMismatch, at, $"GAN '{gan}': {problem}");
        return null;
    }

    private DataSettings? ParseData(YamlNodeBase node)
    {
        if (reader.Choice(node, $"the data of GAN '{gan}'", TrainingVocabulary.Data) is not { } choice)
        {
            return null;
        }

        var (name, kind, options) = choice;
        return kind switch
        {
            DataKind.Mnist => Images(kind, name, options, pathAllowed: false),
            DataKind.FashionMnist or DataKind.Idx => Images(kind, name, options, pathAllowed: true),
            DataKind.Images => ImageFolder(name, options),
            DataKind.Cifar10 => Cifar10(name, options),
            _ => Distribution(kind, name, options),
        };
    }

    private DataSettings? ImageFolder(YamlScalarNode name, YamlMapNode? options)
    {
        if (options is null)
        {
            Fail(DiagnosticCatalog.InvalidStructure, name, "Data 'images' needs { path: folder of PNG/JPEG files } (size: and channels: default to the generator's output)");
            return null;
        }

        var keys = reader.ReadKeys(options, "the data 'images'", new[] { "path", "size", "channels" }, new[] { "path" }, name);
        var path = keys.TryGetValue("path", out var pathNode) ? reader.Text(pathNode, "the data path") : null;
        var output = generator.Output;
        var size = keys.TryGetValue("size", out var sizeNode) ? reader.Integer(sizeNode, "the image size", 1, PairRules.MaxImageSize) : output.Rank == 3 ? output.Dims[2] : 0;
        var channels = keys.TryGetValue("channels", out var channelsNode) ? reader.Integer(channelsNode, "the image channels", 1, 3) : output.Rank == 3 ? output.Dims[0] : 3;
        if (channels == 2)
        {
            Fail(DiagnosticCatalog.OutOfRange, channelsNode!, "The image channels must be 1 (grey) or 3 (RGB), but are 2");
            return null;
        }

        if (path is null || size is null || channels is null)
        {
            return null;
        }

        if (PairRules.FolderImages(gan, generator, channels.Value, size.Value) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, sizeNode ?? channelsNode ?? name, problem);
            return null;
        }

        return Pixels(name, new DataSettings(DataKind.Images, path, EquatableArray<double>.Empty, 0, PairRules.PixelScaleOf(generator)) { Size = size.Value, Channels = (int)channels.Value });
    }

    private DataSettings? Cifar10(YamlScalarNode name, YamlMapNode? options)
    {
        if (options is null)
        {
            Fail(DiagnosticCatalog.InvalidStructure, name, "Data 'cifar10' needs { path: folder with data_batch_1.bin .. data_batch_5.bin }");
            return null;
        }

        var keys = reader.ReadKeys(options, "the data 'cifar10'", new[] { "path" }, new[] { "path" }, name);
        var path = keys.TryGetValue("path", out var pathNode) ? reader.Text(pathNode, "the data path") : null;
        if (path is null)
        {
            return null;
        }

        if (PairRules.Cifar10(gan, generator) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, name, problem);
            return null;
        }

        return Pixels(name, new DataSettings(DataKind.Cifar10, path, EquatableArray<double>.Empty, 0, PairRules.PixelScaleOf(generator)) { Size = 32, Channels = 3 });
    }

    /// <summary>The settings, if G's last activation gives pixels a range.</summary>
    private DataSettings? Pixels(YamlScalarNode name, DataSettings data)
    {
        if (PairRules.PixelRange(generator) is not { } problem)
        {
            return data;
        }

        Fail(DiagnosticCatalog.DataMismatch, name, problem);
        return null;
    }

    private DataSettings? Images(DataKind kind, YamlScalarNode name, YamlMapNode? options, bool pathAllowed)
    {
        var keys = options is null ? new Dictionary<string, YamlNodeBase>() : reader.ReadKeys(options, $"the data '{name.Value}'", pathAllowed ? new[] { "path" } : new string[0], new string[0]);
        var path = keys.TryGetValue("path", out var pathNode) ? reader.Text(pathNode, "the data path") : "";
        if (kind == DataKind.Idx && path is "")
        {
            Fail(DiagnosticCatalog.InvalidStructure, name, "Data 'idx' needs { path: folder with the IDX files }");
            return null;
        }

        if (PairRules.MnistImages(gan, name.Value, generator) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, name, problem);
            return null;
        }

        var scale = PairRules.PixelScaleOf(generator);
        return path is null ? null : new DataSettings(kind, path, EquatableArray<double>.Empty, 0, scale);
    }

    private DataSettings? Distribution(DataKind kind, YamlScalarNode name, YamlMapNode? options)
    {
        var meanKey = kind == DataKind.Normal ? "mean" : "means";
        if (options is null)
        {
            Fail(DiagnosticCatalog.InvalidStructure, name, $"Data '{name.Value}' needs {{ {meanKey}: ..., std: ... }}");
            return null;
        }

        var keys = reader.ReadKeys(options, $"the data '{name.Value}'", new[] { meanKey, "std" }, new[] { meanKey, "std" }, name);
        var std = keys.TryGetValue("std", out var stdNode) ? reader.Number(stdNode, "std", v => v > 0 ? null : "must be greater than 0") : null;
        var means = new List<double>();
        if (keys.TryGetValue(meanKey, out var meanNode))
        {
            IEnumerable<YamlNodeBase> items = kind == DataKind.Normal ? new[] { meanNode } : meanNode is YamlListNode { Items.Count: > 0 } list ? list.Items : new YamlNodeBase[0];
            if (kind == DataKind.Mixture && meanNode is not YamlListNode { Items.Count: > 0 })
            {
                Fail(DiagnosticCatalog.WrongType, meanNode, $"The means of a mixture must be a list of numbers, but are {meanNode.KindText}");
            }

            foreach (var item in items)
            {
                if (reader.Number(item, "a mean") is { } mean)
                {
                    means.Add(mean);
                }
            }
        }

        if (PairRules.Distribution(name.Value, generator) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, name, problem);
            return null;
        }

        return std is null || means.Count == 0 ? null : new DataSettings(kind, "", means.ToEquatableArray(), std.Value, PixelScale.None);
    }

    private NoiseSettings? ParseNoise(YamlNodeBase node)
    {
        if (reader.Choice(node, $"the noise of GAN '{gan}'", TrainingVocabulary.Noise) is not { } choice)
        {
            return null;
        }

        var (name, kind, options) = choice;

        switch (kind)
        {
            case NoiseKind.Normal:
                if (options is not null)
                {
                    reader.ReadKeys(options, "the noise 'normal'", new string[0], new string[0]);
                }

                return NoiseSettings.Normal;
            case NoiseKind.Uniform:
                var keys = options is null ? new Dictionary<string, YamlNodeBase>() : reader.ReadKeys(options, "the noise 'uniform'", new[] { "low", "high" }, new string[0]);
                var low = keys.TryGetValue("low", out var lowNode) ? reader.Number(lowNode, "low") : -1;
                var high = keys.TryGetValue("high", out var highNode) ? reader.Number(highNode, "high") : 1;
                if (low is null || high is null)
                {
                    return null;
                }

                if (high <= low)
                {
                    Fail(DiagnosticCatalog.OutOfRange, highNode ?? name, $"Uniform noise needs low < high, but has [{low}, {high})");
                    return null;
                }

                return new NoiseSettings(NoiseKind.Uniform, low.Value, high.Value);
            default:
                var stratified = options is null ? new Dictionary<string, YamlNodeBase>() : reader.ReadKeys(options, "the noise 'stratified'", new[] { "range" }, new string[0]);
                var range = stratified.TryGetValue("range", out var rangeNode) ? reader.Number(rangeNode, "range", v => v > 0 ? null : "must be greater than 0") : 8;
                if (PairRules.StratifiedNoise(generator) is { } problem)
                {
                    Fail(DiagnosticCatalog.DataMismatch, name, problem);
                    return null;
                }

                return range is null ? null : new NoiseSettings(NoiseKind.Stratified, -range.Value, range.Value);
        }
    }

    private OptimizerSettings? ParseOptimizer(YamlNodeBase node, string what)
    {
        if (reader.Choice(node, what, TrainingVocabulary.Optimizers) is not { } choice)
        {
            return null;
        }

        var (name, kind, options) = choice;

        var adam = kind == OptimizerKind.Adam;
        var keys = options is null
            ? new Dictionary<string, YamlNodeBase>()
            : reader.ReadKeys(options, $"{what} ({name.Value})", adam ? new[] { "lr", "betas", "decay" } : new[] { "lr", "momentum", "decay" }, new string[0]);
        var defaults = OptimizerSettings.Default;
        var lr = keys.TryGetValue("lr", out var lrNode) ? reader.Number(lrNode, "lr", v => v > 0 ? null : "must be greater than 0") : adam ? defaults.LearningRate : 0.01;
        var momentum = keys.TryGetValue("momentum", out var momentumNode) ? reader.Number(momentumNode, "momentum", v => v >= 0 && v < 1 ? null : "must be in [0, 1)") : 0;
        var betas = keys.TryGetValue("betas", out var betasNode) ? ParseBetas(betasNode) : (defaults.Beta1, defaults.Beta2);
        var decay = keys.TryGetValue("decay", out var decayNode) ? ParseDecay(decayNode) : DecaySettings.None;
        if (lr is null || momentum is null || betas is null || decay is null)
        {
            return null;
        }

        return new OptimizerSettings(kind, lr.Value, betas.Value.Item1, betas.Value.Item2, momentum.Value, decay);
    }

    private (double, double)? ParseBetas(YamlNodeBase node)
    {
        if (node is not YamlListNode { Items.Count: 2 } list)
        {
            Fail(DiagnosticCatalog.WrongType, node, $"Adam's betas must be a list [beta1, beta2], but are {node.KindText}");
            return null;
        }

        static string? Beta(double v) => v >= 0 && v < 1 ? null : "must be in [0, 1)";
        var beta1 = reader.Number(list.Items[0], "beta1", Beta);
        var beta2 = reader.Number(list.Items[1], "beta2", Beta);
        return beta1 is null || beta2 is null ? null : (beta1.Value, beta2.Value);
    }

    private DecaySettings? ParseDecay(YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Fail(DiagnosticCatalog.InvalidStructure, node, $"A learning-rate decay is {{ rate: 0.95, steps: 150, staircase: true }}, but this is {node.KindText}");
            return null;
        }

        var keys = reader.ReadKeys(map, "the decay", new[] { "rate", "steps", "staircase" }, new[] { "rate", "steps" }, node);
        var rate = keys.TryGetValue("rate", out var rateNode) ? reader.Number(rateNode, "the decay rate", v => v > 0 && v <= 1 ? null : "must be in (0, 1]") : null;
        var steps = keys.TryGetValue("steps", out var stepsNode) ? reader.Integer(stepsNode, "the decay steps", 1) : null;
        var staircase = keys.TryGetValue("staircase", out var staircaseNode) ? reader.Boolean(staircaseNode, "staircase") : true;
        return rate is null || steps is null || staircase is null ? null : new DecaySettings(rate.Value, steps.Value, staircase.Value);
    }

    private PretrainSettings? ParsePretrain(YamlNodeBase node, DataSettings? data)
    {
        if (node is not YamlMapNode map)
        {
            Fail(DiagnosticCatalog.InvalidStructure, node, $"Pretraining is {{ steps: 1000, lr: 0.005, range: [-5, 5] }}, but this is {node.KindText}");
            return null;
        }

        var keys = reader.ReadKeys(map, "the pretraining", new[] { "steps", "lr", "range" }, new[] { "steps" }, node);
        var steps = keys.TryGetValue("steps", out var stepsNode) ? reader.Integer(stepsNode, "the pretraining steps", 1) : null;
        var lr = keys.TryGetValue("lr", out var lrNode) ? reader.Number(lrNode, "lr", v => v > 0 ? null : "must be greater than 0") : 0.005;
        (double, double)? range = (-5, 5);
        if (keys.TryGetValue("range", out var rangeNode))
        {
            range = rangeNode is YamlListNode { Items.Count: 2 } list && reader.Number(list.Items[0], "the range's start") is { } low && reader.Number(list.Items[1], "the range's end") is { } high && low < high
                ? (low, high)
                : null;
            if (range is null)
            {
                Fail(DiagnosticCatalog.WrongType, rangeNode, $"The pretraining range must be [low, high] with low < high, but is {rangeNode.KindText}");
            }
        }

        if (data is not null && PairRules.Pretrain(data) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, node, problem);
            return null;
        }

        return steps is null || lr is null || range is null ? null : new PretrainSettings(steps.Value, lr.Value, range.Value.Item1, range.Value.Item2);
    }

    private AugmentSettings? ParseAugment(YamlNodeBase node)
    {
        if (node is not YamlListNode list)
        {
            Fail(DiagnosticCatalog.WrongType, node, $"'augment:' is a list of DiffAugment transformations such as [{string.Join(", ", TrainingVocabulary.Augments.Names)}], but is {node.KindText}");
            return null;
        }

        var kinds = new List<AugmentKind>();
        var failed = false;
        foreach (var item in list.Items)
        {
            if (item is not YamlScalarNode { IsNull: false } word || TrainingVocabulary.Augments.Find(word.Value) is not { } kind)
            {
                Fail(DiagnosticCatalog.InvalidStructure, item, $"A DiffAugment transformation must be one of {string.Join(", ", TrainingVocabulary.Augments.Names)}, but is {item.KindText}");
                failed = true;
            }
            else if (kinds.Contains(kind))
            {
                Fail(DiagnosticCatalog.DuplicateName, item, $"DiffAugment transformation '{word.Value}' is listed twice");
                failed = true;
            }
            else
            {
                kinds.Add(kind);
            }
        }

        if (!failed && kinds.Count > 0 && PairRules.Augment(gan, generator) is { } problem)
        {
            Fail(DiagnosticCatalog.DataMismatch, node, problem);
            return null;
        }

        return failed ? null : new AugmentSettings(kinds.Contains(AugmentKind.Color), kinds.Contains(AugmentKind.Translation), kinds.Contains(AugmentKind.Cutout));
    }

    private R1Settings? ParseR1(YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Fail(DiagnosticCatalog.InvalidStructure, node, $"The R1 penalty is {{ gamma: 10, every: 16 }}, but this is {node.KindText}");
            return null;
        }

        var keys = reader.ReadKeys(map, "the R1 penalty", new[] { "gamma", "every" }, new[] { "gamma" }, node);
        var gamma = keys.TryGetValue("gamma", out var gammaNode) ? reader.Number(gammaNode, "gamma", v => v > 0 ? null : "must be greater than 0") : null;
        var every = keys.TryGetValue("every", out var everyNode) ? reader.Integer(everyNode, "the R1 interval", 1, 1_000_000) : 16;
        return gamma is null || every is null ? null : new R1Settings(gamma.Value, every.Value);
    }

    private EmaSettings? ParseEma(YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Fail(DiagnosticCatalog.InvalidStructure, node, $"Weight averaging is {{ decay: 0.999, start: 1000 }}, but this is {node.KindText}");
            return null;
        }

        var keys = reader.ReadKeys(map, "the weight averaging", new[] { "decay", "start" }, new[] { "decay" }, node);
        var decay = keys.TryGetValue("decay", out var decayNode) ? reader.Number(decayNode, "the averaging decay", v => v > 0 && v < 1 ? null : "must be in (0, 1)") : null;
        var start = keys.TryGetValue("start", out var startNode) ? reader.Integer(startNode, "the averaging start", 0) : 0;
        return decay is null || start is null ? null : new EmaSettings(decay.Value, start.Value);
    }

    private InitSettings? ParseInit(YamlNodeBase node)
    {
        if (reader.Choice(node, $"the initialisation of GAN '{gan}'", TrainingVocabulary.Inits) is not { } choice)
        {
            return null;
        }

        var (name, kind, options) = choice;
        if (kind == InitKind.PyTorch)
        {
            if (options is not null)
            {
                reader.ReadKeys(options, "the initialisation 'pytorch'", new string[0], new string[0]);
            }

            return InitSettings.PyTorch;
        }

        if (options is null)
        {
            Fail(DiagnosticCatalog.InvalidStructure, name, "The normal initialisation needs its spread, as in { normal: { std: 0.02 } }");
            return null;
        }

        var keys = reader.ReadKeys(options, "the initialisation 'normal'", new[] { "std" }, new[] { "std" }, name);
        var std = keys.TryGetValue("std", out var stdNode) ? reader.Number(stdNode, "the initialisation's std", v => v > 0 ? null : "must be greater than 0") : null;
        return std is null ? null : new InitSettings(InitKind.Normal, std.Value);
    }

    private PrecisionKind? ParsePrecision(YamlNodeBase node)
    {
        if (node is YamlScalarNode { IsNull: false } scalar && TrainingVocabulary.Precisions.Find(scalar.Value) is { } precision)
        {
            return precision;
        }

        Fail(DiagnosticCatalog.InvalidStructure, node,
            $"The precision of GAN '{gan}' must be {string.Join(" or ", TrainingVocabulary.Precisions.Names)}, but is {node.KindText}");
        return null;
    }

    private string? ParseDevice(YamlNodeBase node)
    {
        if (node is YamlScalarNode { Value: "cpu" or "cuda" } scalar)
        {
            return scalar.Value;
        }

        Fail(DiagnosticCatalog.InvalidStructure, node, $"The device must be cpu or cuda, but is {node.KindText}");
        return null;
    }

    private long? Integer(IReadOnlyDictionary<string, YamlNodeBase> keys, string key, long fallback, long min, long max = long.MaxValue)
    {
        if (!keys.TryGetValue(key, out var node))
        {
            return fallback;
        }

        var value = reader.Integer(node, key, min, max);
        return value;
    }

    private void Fail(DiagnosticKind kind, YamlNodeBase node, string message)
    {
        reader.Error(kind, node, message);
    }
}
