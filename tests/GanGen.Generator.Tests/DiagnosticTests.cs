using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// One case per diagnostic kind: the exact ID, the 1-based line and column MSBuild prints, and the
/// message with its shapes. Lines are counted in each YAML literal below, first line = 1.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Path = "/repo/src/Models.yaml";

    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        {
            "YAML syntax", "models:\n  G: [1, 2\n", "GAN0001", 3, 1, "While parsing a flow sequence"
        },
        {
            // YamlDotNet throws a bare InvalidOperationException here (aaubry/YamlDotNet#541); it must still be a located syntax error.
            "unclosed brace", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 128\n      - ReLU\n    output: [128]\n",
            "GAN0001", 5, 17, "This '{' is not closed: the text after it cannot be read before a '}'"
        },
        {
            // The same YamlDotNet failure, raised before the parser reaches the '[': the last good position is reported.
            "unclosed bracket in a block list", "models:\n  G:\n    input: [4]\n    layers:\n      - ReLU\n      [ Tanh\n      - Tanh\n",
            "GAN0001", 5, 13, "The YAML cannot be read after this point; look for a '{' or '[' that is not closed"
        },
        {
            "unclosed bracket", "models:\n  G:\n    input: [100\n    layers: [ReLU]\n",
            "GAN0001", 3, 12, "This '[' is not closed"
        },
        {
            "unknown top-level key", "models: {}\nganz: {}\n", "GAN0002", 2, 1, "Unknown key 'ganz' in the spec; expected blocks:, models:, gans:"
        },
        {
            "missing input", "models:\n  G:\n    layers: [ReLU]\n", "GAN0002", 2, 3, "Model 'G' has no 'input:'"
        },
        {
            "unknown layer with suggestion", "models:\n  D:\n    input: [1, 28, 28]\n    layers:\n      - Conv2D: { out_channels: 8, kernel_size: 3 }\n",
            "GAN0003", 5, 9, "Unknown layer 'Conv2D' in model 'D'; did you mean 'Conv2d'?"
        },
        {
            "unknown argument", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 128, bais: false }\n",
            "GAN0004", 5, 38, "Unknown argument 'bais' for Linear; expected one of: out_features, bias, spectral_norm"
        },
        {
            "missing argument", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { bias: false }\n",
            "GAN0005", 5, 9, "Linear needs argument 'out_features'"
        },
        {
            "string for an integer", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: many }\n",
            "GAN0006", 5, 33, "Argument 'out_features' of Linear must be an integer, but is 'many'"
        },
        {
            "quoted number", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: \"5\" }\n",
            "GAN0006", 5, 33, "Argument 'out_features' of Linear must be an integer, but is '5'"
        },
        {
            "zero size", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 0 }\n",
            "GAN0007", 5, 33, "Argument 'out_features' of Linear must be positive, but is 0"
        },
        {
            "negative stride", "models:\n  D:\n    input: [1, 8, 8]\n    layers:\n      - Conv2d: { out_channels: 4, kernel_size: 3, stride: -2 }\n",
            "GAN0007", 5, 60, "Argument 'stride' of Conv2d must be positive, but is -2"
        },
        {
            "dropout p outside [0, 1)", "models:\n  D:\n    input: [10]\n    layers:\n      - Dropout: { p: 1.0 }\n",
            "GAN0007", 5, 23, "Argument 'p' of Dropout must be in [0, 1), but is 1.0"
        },
        {
            "number past long range", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 99999999999999999999 }\n",
            "GAN0007", 5, 33, "Argument 'out_features' of Linear is too large for a 64-bit integer: 99999999999999999999"
        },
        {
            "convolution to nothing", "models:\n  D:\n    input: [1, 4, 4]\n    layers:\n      - Conv2d: { out_channels: 8, kernel_size: 5 }\n",
            "GAN0008", 5, 9, "Conv2d would produce an empty output: input [1,4,4] with kernel_size 5, stride 1, padding 0, dilation 1 gives [8,0,0]"
        },
        {
            "pool to nothing", "models:\n  D:\n    input: [3, 1, 1]\n    layers:\n      - MaxPool2d: { kernel_size: 2 }\n",
            "GAN0008", 5, 9, "MaxPool2d would produce an empty output: input [3,1,1] with kernel_size 2, stride 2, padding 0, dilation 1 gives [3,0,0]"
        },
        {
            "reshape mismatch", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 12000 }\n      - Reshape: [256, 7, 7]\n",
            "GAN0009", 6, 9, "Reshape [256,7,7] needs 12544 elements, but its input [12000] has 12000"
        },
        {
            "declared output differs", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 784 }\n    output: [1, 28, 28]\n",
            "GAN0010", 6, 5, "Model 'G' declares output [1,28,28], but its layers produce [784]"
        },
        {
            "labels without condition", "models:\n  G:\n    input: [100]\n    layers:\n      - ConcatLabels\n",
            "GAN0011", 5, 9, "ConcatLabels needs a conditional model, but 'G' has no 'condition: { classes: K }'"
        },
        {
            "unknown model in gans", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\ngans:\n  Pair: { generator: G, discriminator: Critic }\n",
            "GAN0012", 6, 40, "GAN 'Pair' names discriminator 'Critic', which is not a model in this spec"
        },
        {
            "generator does not fit discriminator", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\n  D:\n    input: [8]\n    layers: [ReLU]\ngans:\n  Pair: { generator: G, discriminator: D }\n",
            "GAN0013", 9, 3, "GAN 'Pair': generator 'G' produces [4], but discriminator 'D' takes [8]"
        },
        {
            "class counts disagree", "models:\n  G:\n    input: [4]\n    condition: { classes: 10 }\n    layers: [ReLU]\n  D:\n    input: [4]\n    condition: { classes: 11 }\n    layers: [ReLU]\ngans:\n  Pair: { generator: G, discriminator: D }\n",
            "GAN0014", 11, 3, "GAN 'Pair': generator 'G' is conditioned on 10 classes, but discriminator 'D' on 11 classes"
        },
        {
            "conditional against unconditional", "models:\n  G:\n    input: [4]\n    condition: { classes: 10 }\n    layers: [ReLU]\n  D:\n    input: [4]\n    layers: [ReLU]\ngans:\n  Pair: { generator: G, discriminator: D }\n",
            "GAN0014", 10, 3, "GAN 'Pair': generator 'G' is conditioned on 10 classes, but discriminator 'D' on no classes"
        },
        {
            "duplicate model name", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\n  G:\n    input: [4]\n    layers: [Tanh]\n",
            "GAN0015", 5, 3, "The name 'G' is already used by a model or GAN in this spec"
        },
        {
            "names differing only in case", "models:\n  Gen:\n    input: [4]\n    layers: [ReLU]\n  GEN:\n    input: [4]\n    layers: [Tanh]\n",
            "GAN0015", 5, 3, "The name 'GEN' is already used by a model or GAN in this spec (names must differ in more than case)"
        },
        {
            "non-identifier name", "models:\n  my-gen:\n    input: [4]\n    layers: [ReLU]\n",
            "GAN0016", 2, 3, "'my-gen' cannot be a model name: a name may contain only ASCII letters, digits and '_'"
        },
        {
            "keyword name", "models:\n  class:\n    input: [4]\n    layers: [ReLU]\n",
            "GAN0016", 2, 3, "'class' cannot be a model name: it is a C# keyword"
        },
        {
            "convolution on a vector", "models:\n  D:\n    input: [784]\n    layers:\n      - Conv2d: { out_channels: 8, kernel_size: 3 }\n",
            "GAN0017", 5, 9, "Conv2d needs a [C,H,W] input, but gets [784]"
        },
        {
            "self-attention on channels not divisible by 8", "models:\n  D:\n    input: [12, 8, 8]\n    layers:\n      - SelfAttention\n",
            "GAN0017", 5, 9, "SelfAttention needs a channel count divisible by 8 (its query and key have C/8 channels), but gets [12,8,8]"
        },
        {
            "self-attention on an odd height", "models:\n  D:\n    input: [16, 7, 8]\n    layers:\n      - Conv2d: { out_channels: 16, kernel_size: 1 }\n      - SelfAttention\n",
            "GAN0017", 6, 9, "SelfAttention needs an even height and width (it max-pools its key and value 2x2), but gets [16,7,8]"
        },
        {
            "self-attention on an odd width", "models:\n  D:\n    input: [8, 8, 5]\n    layers: [SelfAttention]\n",
            "GAN0017", 4, 14, "SelfAttention needs an even height and width (it max-pools its key and value 2x2), but gets [8,8,5]"
        },
        {
            "conditional batch norm without condition", "models:\n  G:\n    input: [8, 4, 4]\n    layers:\n      - ConditionalBatchNorm2d: { momentum: 0.2 }\n",
            "GAN0011", 5, 9, "ConditionalBatchNorm2d needs a conditional model, but 'G' has no 'condition: { classes: K }'"
        },
        {
            "conditional batch norm 1d without condition", "models:\n  G:\n    input: [8]\n    layers:\n      - ConditionalBatchNorm1d\n",
            "GAN0011", 5, 9, "ConditionalBatchNorm1d needs a conditional model, but 'G' has no 'condition: { classes: K }'"
        },
        {
            "projection without condition", "models:\n  D:\n    input: [8]\n    layers:\n      - Projection\n",
            "GAN0011", 5, 9, "Projection needs a conditional model, but 'D' has no 'condition: { classes: K }'"
        },
        {
            "projection on feature maps", "models:\n  D:\n    input: [8, 4, 4]\n    condition: { classes: 10 }\n    layers:\n      - Projection\n",
            "GAN0017", 6, 9, "Projection needs a [features] input, but gets [8,4,4]"
        },
        {
            "conditional batch norm 2d on a vector", "models:\n  G:\n    input: [8]\n    condition: { classes: 10 }\n    layers:\n      - ConditionalBatchNorm2d\n",
            "GAN0017", 6, 9, "ConditionalBatchNorm2d needs a [C,H,W] input, but gets [8]"
        },
        {
            "spectral_norm not a boolean", "models:\n  D:\n    input: [1, 8, 8]\n    layers:\n      - Conv2d: { out_channels: 4, kernel_size: 3, spectral_norm: 1 }\n",
            "GAN0006", 5, 67, "Argument 'spectral_norm' of Conv2d must be true or false, but is '1'"
        },
        {
            "parameter count overflow", "models:\n  G:\n    input: [4]\n    layers:\n      - Linear: { out_features: 9223372036854775807 }\n",
            "GAN0018", 5, 9, "Linear on input [4] overflows 64-bit arithmetic"
        },
        {
            "shape overflow", "models:\n  G:\n    input: [4294967296, 4294967296]\n    layers: [ReLU]\n",
            "GAN0018", 3, 12, "The input of model 'G' [4294967296,4294967296] has more elements than fit in 64 bits"
        },
        {
            "reshape overflow", "models:\n  G:\n    input: [4]\n    layers:\n      - Reshape: [4294967296, 4294967296, -1]\n",
            "GAN0018", 5, 9, "Reshape sizes overflow 64 bits"
        },
        {
            "negative size", "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: -3 }\n",
            "GAN0007", 5, 33, "Argument 'out_features' of Linear must be positive, but is -3"
        },
        {
            "name of a generated member", "models:\n  Summary:\n    input: [4]\n    layers: [ReLU]\n",
            "GAN0016", 2, 3, "'Summary' cannot be a model name: a generated class has a member of that name"
        },
        {
            "name of a generated field", "models:\n  linear0:\n    input: [4]\n    layers:\n      - Linear: { out_features: 2 }\n",
            "GAN0016", 2, 3, "'linear0' cannot be a model name: a generated class has a member of that name"
        },
        {
            "GAN named like its member", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\ngans:\n  Name: { generator: G, discriminator: G }\n",
            "GAN0016", 6, 3, "'Name' cannot be a GAN name: a generated class has a member of that name"
        },
        {
            // The emitters write a GAN's runtime definition and training settings as members named so (CS0542).
            "GAN named like its Definition", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\ngans:\n  Definition: { generator: G, discriminator: G }\n",
            "GAN0016", 6, 3, "'Definition' cannot be a GAN name: a generated class has a member of that name"
        },
        {
            "GAN named like its Training", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\ngans:\n  Training: { generator: G, discriminator: G }\n",
            "GAN0016", 6, 3, "'Training' cannot be a GAN name: a generated class has a member of that name"
        },
        {
            // Graphs and blocks: each problem at the entry it concerns; inside a block the message names the use site too.
            "merge of unequal shapes", "models:\n  G:\n    input: [4, 8, 8]\n    graph:\n      a:\n        - Conv2d: { out_channels: 8, kernel_size: 1 }\n      b:\n        from: input\n        layers: [ReLU]\n      sum: { Add: [a, b] }\n",
            "GAN0022", 10, 23, "Add needs equal shapes, but 'a' is [8,8,8] and 'b' is [4,8,8]"
        },
        {
            "concat of different spatial sizes", "models:\n  G:\n    input: [4, 8, 8]\n    graph:\n      a:\n        - Conv2d: { out_channels: 8, kernel_size: 1 }\n      b:\n        from: input\n        layers: [ReLU]\n      pooled:\n        - MaxPool2d: { kernel_size: 2 }\n      joined: { Concat: [a, pooled] }\n",
            "GAN0022", 12, 29, "Concat joins on the first dimension and needs the others equal, but 'a' is [8,8,8] and 'pooled' is [4,4,4]"
        },
        {
            "merge of an unknown node", "models:\n  G:\n    input: [4, 8, 8]\n    graph:\n      a:\n        - Conv2d: { out_channels: 8, kernel_size: 1 }\n      b:\n        from: input\n        layers: [ReLU]\n      sum: { Add: [a, c] }\n",
            "GAN0023", 10, 23, "Node 'sum' uses 'c', which is not a node of model 'G'; the nodes before 'sum' are input, a, b"
        },
        {
            "chain from a later node", "models:\n  G:\n    input: [4]\n    graph:\n      a: { from: b, layers: [ReLU] }\n      b: [Tanh]\n",
            "GAN0023", 5, 18, "Node 'a' uses 'b', which comes after it; a node can only use the nodes before it"
        },
        {
            "node named input", "models:\n  G:\n    input: [4]\n    graph:\n      input: [ReLU]\n",
            "GAN0016", 5, 7, "'input' cannot be a node name: 'input' is reserved for the forward's input"
        },
        {
            "layers and graph", "models:\n  G:\n    input: [4]\n    layers: [ReLU]\n    graph:\n      a: [ReLU]\n",
            "GAN0002", 6, 7, "Model 'G' needs exactly one of 'layers:' and 'graph:'"
        },
        {
            "recursive block", "blocks:\n  A:\n    layers: [B]\n  B:\n    layers: [A]\nmodels:\n  G:\n    input: [4]\n    layers: [A]\n",
            "GAN0024", 5, 14, "Block 'A' uses itself: A -> B -> A (in block 'B' used at line 3, column 14) (in block 'A' used at line 9, column 14)"
        },
        {
            "undefined $name", "blocks:\n  Up:\n    args: { channels: ~ }\n    layers:\n      - Conv2d: { out_channels: $chanels, kernel_size: 1 }\nmodels:\n  G:\n    input: [4, 8, 8]\n    layers:\n      - Up: { channels: 8 }\n",
            "GAN0025", 5, 33, "'$chanels' is not an argument of block 'Up'; its arguments: channels (in block 'Up' used at line 10, column 9)"
        },
        {
            "$name outside a block", "models:\n  G:\n    input: [4]\n    layers:\n      - Linear: { out_features: $width }\n",
            "GAN0025", 5, 33, "'$width' refers to a block argument, but model 'G' is not a block"
        },
        {
            "pair argument too large", "models:\n  D:\n    input: [3, 32, 32]\n    layers:\n      - AvgPool2d: { kernel_size: 9223372036854775808 }\n",
            "GAN0007", 5, 35, "Argument 'kernel_size' of AvgPool2d is too large for a 64-bit integer: 9223372036854775808"
        },
        {
            "model spectral_norm not a boolean", "models:\n  D:\n    input: [4]\n    spectral_norm: yes\n    layers: [ReLU]\n",
            "GAN0006", 4, 20, "The spectral_norm of model 'D' must be true or false, but is 'yes'"
        },
        {
            "model spectral_norm a list", "models:\n  D:\n    input: [4]\n    spectral_norm: [true]\n    layers: [ReLU]\n",
            "GAN0006", 4, 20, "The spectral_norm of model 'D' must be true or false, but is a list"
        },
        {
            "missing block argument", "blocks:\n  Up:\n    args: { channels: ~ }\n    layers:\n      - Conv2d: { out_channels: $channels, kernel_size: 1 }\nmodels:\n  G:\n    input: [4, 8, 8]\n    layers:\n      - Up\n",
            "GAN0005", 10, 9, "Block 'Up' needs argument 'channels'"
        },
        {
            "unknown block argument", "blocks:\n  Up:\n    args: { channels: ~ }\n    layers:\n      - Conv2d: { out_channels: $channels, kernel_size: 1 }\nmodels:\n  G:\n    input: [4, 8, 8]\n    layers:\n      - Up: { channels: 8, chanels: 3 }\n",
            "GAN0004", 10, 28, "Unknown argument 'chanels' for block 'Up'; expected one of: channels"
        },
        {
            "bad value through a block argument", "blocks:\n  Up:\n    args: { channels: ~ }\n    layers:\n      - Conv2d: { out_channels: $channels, kernel_size: 1 }\nmodels:\n  G:\n    input: [4, 8, 8]\n    layers:\n      - Up: { channels: -3 }\n",
            "GAN0007", 5, 33, "Argument 'out_channels' of Conv2d must be positive, but is -3 (in block 'Up' used at line 10, column 9)"
        },
        {
            "shape error that depends on the use", "blocks:\n  Down:\n    layers:\n      - Conv2d: { out_channels: 4, kernel_size: 5 }\nmodels:\n  G:\n    input: [4, 8, 8]\n    layers: [Down, Down]\n",
            "GAN0008", 4, 9, "Conv2d would produce an empty output: input [4,4,4] with kernel_size 5, stride 1, padding 0, dilation 1 gives [4,0,0] (in block 'Down' used at line 8, column 20)"
        },
        {
            "block named like a layer", "blocks:\n  ReLU:\n    layers: [Tanh]\nmodels:\n  G:\n    input: [4]\n    layers: [ReLU]\n",
            "GAN0015", 2, 3, "'ReLU' is a layer of the spec language; give the block another name"
        },
        {
            "nesting too deep", "models: " + new string('[', 100) + new string(']', 100) + "\n",
            "GAN0019", 1, 73, "The spec nests deeper than 64 levels"
        },
        {
            "Sigmoid before BCE on logits", Training("[{ Linear: { out_features: 1 } }, Sigmoid]", "non-saturating"),
            "GAN0020", 14, 13, "GAN 'Pair': loss 'non-saturating' is BCE on logits and applies its own sigmoid, but discriminator 'D' already ends in Sigmoid (line 7); remove the Sigmoid, or write { non-saturating: { logits: false } }"
        },
        {
            "probabilities expected but logits given", Training("[{ Linear: { out_features: 1 } }]", "{ minimax: { logits: false } }"),
            "GAN0020", 14, 15, "GAN 'Pair': loss 'minimax' with logits: false takes probabilities, but discriminator 'D' ends in Linear (line 7), not Sigmoid; add a Sigmoid or drop 'logits: false'"
        },
        {
            "bounded Wasserstein critic", Training("[{ Linear: { out_features: 1 } }, Tanh]", "{ wasserstein-gp: { penalty: 10 } }"),
            "GAN0020", 14, 15, "GAN 'Pair': a Wasserstein critic must have an unbounded output, but discriminator 'D' ends in Tanh (line 7); remove it"
        },
        {
            "softmax before cross-entropy", Conditional("[ConcatLabels, { Linear: { out_features: 11 } }, { Softmax: { dim: 1 } }]", "k-plus-one"),
            "GAN0020", 16, 13, "GAN 'Pair': the (K+1)-class loss is a cross-entropy that applies its own softmax, but discriminator 'D' already ends in Softmax (line 9); remove it and output logits"
        },
        {
            "K+1 loss without K+1 outputs", Conditional("[ConcatLabels, { Linear: { out_features: 10 } }]", "k-plus-one"),
            "GAN0020", 16, 13, "GAN 'Pair': the (K+1)-class loss needs discriminator 'D' to output [11] (10 classes plus the fake class), but it outputs [10]"
        },
        {
            "images for a generator without a bounded output", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", generatorLast: "ReLU"),
            "GAN0021", 13, 13, "Pixels are scaled to the generator's output range, so generator 'G' must end in Tanh ([-1, 1]) or Sigmoid ([0, 1]), but it ends in ReLU"
        },
        {
            "1-D data for an image generator", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", data: "{ normal: { mean: 4, std: 0.5 } }"),
            "GAN0021", 13, 15, "Data 'normal' is 1-D and unlabelled, so it needs an unconditional generator with output [1], not generator 'G', which produces [784]"
        },
        {
            "image folder that does not fit G", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", data: "{ images: { path: icons, size: 32, channels: 3 } }"),
            "GAN0021", 13, 44, "GAN 'Pair' reads its image folder as 32×32 RGB images [3, 32, 32], but generator 'G' produces [784]; set size: and channels: to fit it, or change the generator"
        },
        {
            "image folder of two channels", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", data: "{ images: { path: icons, size: 28, channels: 2 } }"),
            "GAN0007", 13, 58, "The image channels must be 1 (grey) or 3 (RGB), but are 2"
        },
        {
            "image folder without a path", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", data: "{ images: { size: 28 } }"),
            "GAN0002", 13, 15, "The data 'images' has no 'path:'"
        },
        {
            "CIFAR-10 for a grey generator", Training("[{ Linear: { out_features: 1 } }]", "non-saturating", data: "{ cifar10: { path: c } }"),
            "GAN0021", 13, 15, "GAN 'Pair' trains on CIFAR-10's 32×32 RGB images, but generator 'G' produces [784]; it must produce [3, 32, 32] or [3072]"
        },
        {
            "unknown DiffAugment transformation", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      augment: [color, flip]\n",
            "GAN0002", 16, 24, "A DiffAugment transformation must be one of color, translation, cutout, but is 'flip'"
        },
        {
            "DiffAugment transformation twice", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      augment: [color, color]\n",
            "GAN0015", 16, 24, "DiffAugment transformation 'color' is listed twice"
        },
        {
            "DiffAugment on flat samples", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      augment: [cutout]\n",
            "GAN0021", 16, 16, "DiffAugment shifts and cuts [C, H, W] images, but generator 'G' of GAN 'Pair' produces [784]"
        },
        {
            "R1 without weight", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      r1: { gamma: 0 }\n",
            "GAN0007", 16, 20, "Gamma must be greater than 0, but is 0"
        },
        {
            "R1 as a number", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      r1: 10\n",
            "GAN0002", 16, 11, "The R1 penalty is { gamma: 10, every: 16 }, but this is '10'"
        },
        {
            "a precision that is not one of GanGen's", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      precision: fp16\n",
            "GAN0002", 16, 18, "The precision of GAN 'Pair' must be 32 or bf16-mixed, but is 'fp16'"
        },
        {
            "normal initialisation with no spread", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      init: { normal: { std: 0 } }\n",
            "GAN0007", 16, 30, "The initialisation's std must be greater than 0, but is 0"
        },
        {
            "normal initialisation without options", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      init: normal\n",
            "GAN0002", 16, 13, "The normal initialisation needs its spread, as in { normal: { std: 0.02 } }"
        },
        {
            "unknown initialisation", Training("[{ Linear: { out_features: 1 } }]", "non-saturating") + "      init: xavier\n",
            "GAN0002", 16, 13, "The initialisation of GAN 'Pair' must be one of pytorch, normal (optionally with { options }), but is 'xavier'"
        },
        {
            "alias bomb", AliasBomb, "GAN0019", 6, 45, "The spec expands to more than 1000000 nodes (check its aliases)"
        },
        {
            "groups that do not divide the channels", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - GroupNorm: { num_groups: 3 }\n",
            "GAN0007", 5, 34, "GroupNorm num_groups 3 must divide the channels, but input [8,4,4] has 8"
        },
        {
            "group norm without groups", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - GroupNorm: { eps: 0.001 }\n",
            "GAN0005", 5, 9, "GroupNorm needs argument 'num_groups'"
        },
        {
            "pixel shuffle of too few channels", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - PixelShuffle: { upscale_factor: 3 }\n",
            "GAN0007", 5, 41, "PixelShuffle upscale_factor 3 needs channels divisible by its square 9, but input [8,4,4] has 8"
        },
        {
            "upsample to nothing", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: 0.2 }\n",
            "GAN0008", 5, 9, "Upsample would produce an empty output: input [8,4,4] with scale_factor 0.2 gives [8,0,0]"
        },
        {
            "upsample past 64 bits", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: [1e300, 1] }\n",
            "GAN0018", 5, 9, "Upsample on input [8,4,4] overflows 64-bit arithmetic"
        },
        {
            "upsample mode PyTorch has but GanGen does not", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: 2, mode: bicubic }\n",
            "GAN0007", 5, 44, "Argument 'mode' of Upsample must be 'nearest' or 'bilinear', but is 'bicubic'"
        },
        {
            "upsample mode as a list", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: 2, mode: [nearest] }\n",
            "GAN0006", 5, 44, "Argument 'mode' of Upsample must be 'nearest' or 'bilinear', but is a list"
        },
        {
            "upsample scale of three numbers", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: [2, 2, 2] }\n",
            "GAN0006", 5, 35, "Argument 'scale_factor' of Upsample must be a number or a list [height, width], but is a list"
        },
        {
            "upsample scale of zero", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: [2, 0] }\n",
            "GAN0007", 5, 35, "Argument 'scale_factor' of Upsample must be greater than 0, but is 0"
        },
        {
            "align_corners with nearest", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - Upsample: { scale_factor: 2, align_corners: false }\n",
            "GAN0007", 5, 53, "Upsample align_corners applies only to mode: bilinear; PyTorch refuses it with mode: nearest"
        },
        {
            "upsample of a vector", "models:\n  D:\n    input: [784]\n    layers:\n      - Upsample: { scale_factor: 2 }\n",
            "GAN0017", 5, 9, "Upsample needs a [C,H,W] input, but gets [784]"
        },
        {
            "average pool to nothing", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - AvgPool2d: { kernel_size: 5 }\n",
            "GAN0008", 5, 9, "AvgPool2d would produce an empty output: input [8,4,4] with kernel_size 5, stride 5, padding 0 gives [8,0,0]"
        },
        {
            "average pool padding past half the kernel", "models:\n  D:\n    input: [8, 4, 4]\n    layers:\n      - AvgPool2d: { kernel_size: 3, padding: [1, 2] }\n",
            "GAN0007", 5, 47, "AvgPool2d padding [1,2] must be at most half of kernel_size 3"
        },
        {
            "instance norm of 1x1 maps", "models:\n  D:\n    input: [8, 1, 1]\n    layers:\n      - InstanceNorm2d\n",
            "GAN0007", 5, 9, "InstanceNorm2d needs more than one spatial element per channel, but gets [8,1,1]"
        },
        {
            "global sum pool of a vector", "models:\n  D:\n    input: [8]\n    layers:\n      - GlobalSumPool\n",
            "GAN0017", 5, 9, "GlobalSumPool needs a [C,H,W] input, but gets [8]"
        },
    };

    /// <summary>An MLP pair on 28×28 images with a training section; the loss is on line 14, the data on line 13.</summary>
    private static string Training(string discriminatorLayers, string loss, string generatorLast = "Tanh", string data = "mnist") =>
        $"models:\n  G:\n    input: [100]\n    layers: [{{ Linear: {{ out_features: 784 }} }}, {generatorLast}]\n"
        + $"  D:\n    input: [784]\n    layers: {discriminatorLayers}\n"
        + $"gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training:\n      data: {data}\n      loss: {loss}\n      epochs: 1\n";

    /// <summary>A conditional pair on 10 classes; D's layers are on line 9, the loss on line 16.</summary>
    private static string Conditional(string discriminatorLayers, string loss) =>
        "models:\n  G:\n    input: [100]\n    condition: { classes: 10 }\n    layers: [ConcatLabels, { Linear: { out_features: 784 } }, Tanh]\n"
        + $"  D:\n    input: [784]\n    condition: {{ classes: 10 }}\n    layers: {discriminatorLayers}\n"
        + $"gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training:\n      data: mnist\n      loss: {loss}\n      epochs: 1\n";

    /// <summary>A billion laughs: each level repeats the one before ten times, 10^13 nodes if expanded.</summary>
    private static string AliasBomb => "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 12).Select(i =>
        $"b{i}: &b{i} [{string.Join(", ", Enumerable.Repeat(i == 1 ? "*a" : $"*b{i - 1}", 10))}]\n"));

    [Fact]
    public void EveryDiagnosticKindHasACase()
    {
        // GAN0999 is the engine catching its own bug: no spec can trigger it on purpose.
        var covered = Cases.Select(row => (string)row[2]).ToHashSet();
        Assert.Equal(
            GanGen.Spec.Diagnostics.DiagnosticCatalog.All.Select(k => k.Id).Where(id => id != "GAN0999"),
            covered.Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void TheCatalogIsCompleteOrderedAndUnique()
    {
        var ids = GanGen.Spec.Diagnostics.DiagnosticCatalog.All.Select(k => k.Id).ToArray();
        Assert.Equal(ids.Order(System.StringComparer.Ordinal), ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^GAN[0-9]{4}$", id));
        Assert.All(GanGen.Spec.Diagnostics.DiagnosticCatalog.All, k => Assert.False(string.IsNullOrWhiteSpace(k.Title)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheErrorOnTheYamlLine(string scenario, string yaml, string id, int line, int column, string message)
    {
        var diagnostics = GeneratorHarness.Run(yaml, Path).Diagnostics;
        var diagnostic = Assert.Single(diagnostics);
        var span = diagnostic.Location.GetLineSpan();

        Assert.True(id == diagnostic.Id, $"{scenario}: expected {id}, got {diagnostic}");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Contains(message, diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    /// <summary>The cases of the GAN layers and spectral_norm: YAML, ID, line, column, message.</summary>
    public static TheoryData<string, string, int, int, string> GanLayerCases
    {
        get
        {
            var rows = new TheoryData<string, string, int, int, string>();
            foreach (var row in Cases.Where(row => new[] { "SelfAttention", "ConditionalBatchNorm", "Projection", "spectral_norm" }.Any(((string)row[1]).Contains)))
            {
                rows.Add((string)row[1], (string)row[2], (int)row[3], (int)row[4], (string)row[5]);
            }

            return rows;
        }
    }

    /// <summary>The GAN layers' messages word for word, from the build and from the run-time loader alike.</summary>
    [Theory]
    [MemberData(nameof(GanLayerCases))]
    public void GanLayerErrorsAreExactOnBothPaths(string yaml, string id, int line, int column, string message) =>
        BothPaths.ReportOneError(yaml, id, line, column, message);

    [Fact]
    public void OversizedSpecIsRefusedBeforeParsing()
    {
        var yaml = "# " + new string('x', 4 * 1024 * 1024) + "\n";
        var diagnostic = Assert.Single(GeneratorHarness.Run(yaml, Path).Diagnostics);
        Assert.Equal("GAN0019", diagnostic.Id);
        Assert.Equal($"The spec has {yaml.Length} characters; the limit is 4194304", diagnostic.GetMessage());
        Assert.Equal((0, 0), (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
    }

    [Fact]
    public void DuplicateAcrossSpecFilesIsReportedOnTheLaterFile()
    {
        const string Spec = "models:\n  G:\n    input: [4]\n    layers: [ReLU]\n";
        var (result, _, diagnostics) = GeneratorHarness.Run(new[] { ("/repo/b.yaml", Spec), ("/repo/a.yaml", Spec) });

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("GAN0015", diagnostic.Id);
        Assert.Equal("/repo/b.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("The name 'G' is already defined in /repo/a.yaml", diagnostic.GetMessage());
        Assert.Single(result.Results[0].GeneratedSources);
    }

    [Fact]
    public void GoodModelsAreStillGeneratedBesideABrokenOne()
    {
        const string Yaml = "models:\n  Good:\n    input: [4]\n    layers: [ReLU]\n  Bad:\n    input: [4]\n    layers: [Relu]\n";
        var (result, _, diagnostics) = GeneratorHarness.Run(Yaml, Path);

        Assert.Equal("GAN0003", Assert.Single(diagnostics).Id);
        Assert.Equal("Good.g.cs", Assert.Single(result.Results[0].GeneratedSources).HintName);
    }

    [Fact]
    public void SeveralProblemsAreAllReported()
    {
        const string Yaml = "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: -1 }\n      - Dropout: { p: 2 }\n      - Softmin\n";
        var ids = GeneratorHarness.Run(Yaml, Path).Diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)).ToArray();
        Assert.Equal(new[] { ("GAN0007", 5), ("GAN0007", 6), ("GAN0003", 7) }, ids);
    }

    public static TheoryData<string, string> HostileInputs => new()
    {
        { "empty file", string.Empty },
        { "only comments", "# nothing here\n" },
        { "binary garbage", "\u0000\u0001\u0002\uFFFD\u0007binary" },
        { "list at the root", "- models\n- gans\n" },
        { "tabs", "models:\n\tG:\n\t\tinput: [1]\n" },
        { "deep nesting", new string('[', 1000) + new string(']', 1000) },
        { "huge numbers", "models:\n  G:\n    input: [1e400]\n    layers:\n      - Linear: { out_features: 1e400 }\n" },
        { "layer as a number", "models:\n  G:\n    input: [1]\n    layers: [5, { }, [ReLU]]\n" },
        { "two documents", "models: {}\n---\nmodels: {}\n" },
        { "unicode name", "models:\n  Générateur:\n    input: [1]\n    layers: [ReLU]\n" },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void HostileInputNeverCrashesTheGenerator(string scenario, string yaml)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(yaml, Path);

        Assert.Null(result.Results[0].Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785");
        Assert.All(diagnostics, d => Assert.StartsWith("GAN", d.Id, System.StringComparison.Ordinal));
        Assert.True(diagnostics.Length > 0, $"{scenario}: a rejected spec must say why");
        Assert.All(diagnostics, d => Assert.Equal(Path, d.Location.GetLineSpan().Path));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
