using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using GanGen.Spec;
using GanGen.Spec.Model;
using GanGen.Spec.Tests;
using Microsoft.CodeAnalysis;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Generator.Tests;

/// <summary>
/// Generated modules compiled, loaded and run on libtorch: the shapes and parameter counts the engine
/// infers at build time must be what libtorch really produces, for every row of the formula table
/// (<see cref="LayerShapeTable.Layers"/>), for every layer with every argument, and for the seeds.
/// </summary>
public sealed class GeneratedModuleTests
{
    /// <summary>The seeds do not use every layer or argument; the factories' parameter names must still match TorchSharp's.</summary>
    private const string EveryLayerYaml = """
            models:
              Everything:
                input: [3, 16, 16]
                condition: { classes: 4 }
                layers:
                  - ConcatLabels
                  - Conv2d: { out_channels: 8, kernel_size: [3, 5], stride: [1, 2], padding: [1, 2], dilation: 1, groups: 1, bias: false }
                  - Conv2d: { out_channels: 8, kernel_size: 3, stride: 2, padding: same }
                  - Conv2d: { out_channels: 8, kernel_size: 3, padding: valid, groups: 4 }
                  - BatchNorm2d: { eps: 0.001, momentum: 0.01, affine: false, track_running_stats: false }
                  - ZeroPad2d: { padding: [1, 0, 2, 0] }
                  - ZeroPad2d: { padding: 1 }
                  - MaxPool2d: { kernel_size: 3, stride: [1, 2], padding: 1, dilation: 1, ceil_mode: true }
                  - MaxPool2d: { kernel_size: 2 }
                  - ConvTranspose2d: { out_channels: 4, kernel_size: 3, stride: 2, padding: 1, output_padding: 1, groups: 2, bias: true, dilation: 1 }
                  - ConvTranspose2d: { out_channels: 4, kernel_size: 4, stride: 2, padding: same }
                  - Upsample: { scale_factor: [0.5, 2], mode: bilinear, align_corners: true }
                  - Upsample: { scale_factor: 1.5, mode: nearest }
                  - AvgPool2d: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false, divisor_override: 2 }
                  - AdaptiveAvgPool2d: { output_size: [4, 6] }
                  - InstanceNorm2d: { eps: 0.001, momentum: 0.2, affine: true, track_running_stats: true }
                  - GroupNorm: { num_groups: 2, eps: 0.001, affine: false }
                  - PixelShuffle: { upscale_factor: 2 }
                  - LayerNorm: { eps: 0.001, elementwise_affine: true, bias: false }
                  - GELU: { approximate: tanh }
                  - SiLU
                  - ELU: { alpha: 0.5 }
                  - ReLU
                  - LeakyReLU
                  - Softplus: { beta: 2, threshold: 10 }
                  - Dropout: { p: 0 }
                  - Flatten: { start_dim: 2, end_dim: -1 }
                  - BatchNorm1d: { eps: 1e-3 }
                  - Flatten: { start_dim: 1, end_dim: 2 }
                  - Linear: { out_features: 16, bias: false }
                  - MinibatchDiscrimination: { num_kernels: 3, kernel_dim: 2 }
                  - ConcatLabels
                  - Reshape: [-1, 1, 1]
                  - GlobalSumPool
                  - Flatten
                  - Tanh
                  - Sigmoid
            """;

    private static readonly Lazy<Assembly> TableModels = new(() => Build(TableSpec()));

    private static readonly Lazy<Assembly> SeedModels = new(() => Build(GeneratorHarness.ModelsYaml));

    /// <summary>The table's rows, then its conditional rows: row number, input, classes (0: unconditional), layer, output.</summary>
    public static TheoryData<int, string, int, string, string> TableRows
    {
        get
        {
            var rows = new TheoryData<int, string, int, string, string>();
            var index = 0;
            foreach (var row in LayerShapeTable.Layers)
            {
                rows.Add(index++, (string)row[0], 0, (string)row[1], (string)row[2]);
            }

            foreach (var row in LayerShapeTable.ConditionalLayers)
            {
                rows.Add(index++, (string)row[0], (int)row[1], (string)row[2], (string)row[3]);
            }

            return rows;
        }
    }

    public static TheoryData<string> SeedNames => new(SpecEngine.Analyze("Models.yaml", GeneratorHarness.ModelsYaml).Models.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(TableRows))]
    public void TableRowMatchesLibTorch(int row, string input, int classes, string layer, string output)
    {
        var (shape, parameters, expectedParameters) = Run(TableModels.Value, $"M{row}");

        Assert.True(output == shape, $"{layer} on {input} ({classes} classes): engine says {output}, libtorch gives {shape}");
        Assert.Equal(expectedParameters, parameters);
    }

    [Fact]
    public void EveryLayerWithEveryArgumentCompilesAndRuns()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(EveryLayerYaml);
        Assert.Empty(diagnostics);
        Assert.Single(result.Results[0].GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var model = SpecEngine.Analyze("spec.yaml", EveryLayerYaml).Models.Single();
        var (shape, parameters, expectedParameters) = Run(Build(EveryLayerYaml), "Everything");
        Assert.Equal(model.Output.ToString(), shape);
        Assert.Equal(expectedParameters, parameters);
    }

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void SeedModelMatchesLibTorch(string name)
    {
        var model = SpecEngine.Analyze("Models.yaml", GeneratorHarness.ModelsYaml).Models.Single(m => m.Name == name);
        var (shape, parameters, expectedParameters) = Run(SeedModels.Value, name);

        Assert.Equal(model.Output.ToString(), shape);
        Assert.Equal(model.ParameterCount, expectedParameters);
        Assert.Equal(model.ParameterCount, parameters);
    }

    [Fact]
    public void TheTableOfGeneratedMembersNamesEveryMemberTheEmittersWrite()
    {
        // A model or GAN named like a member of its own class does not compile (CS0542); the name check
        // rejects exactly the table's names, so the table must be what the emitters really write.
        var analysis = SpecEngine.Analyze("Models.yaml", GeneratorHarness.ModelsYaml);
        var fields = analysis.Models.SelectMany(m => m.Layers)
            .Concat(analysis.Blocks.SelectMany(b => b.Body.Nodes.SelectMany(n => n.Steps)))
            .Select(l => l.FieldName)
            .ToHashSet();
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var written = SeedModels.Value.GetTypes()
            .Where(t => t.Namespace == "GanGen.Models" && !t.IsDefined(typeof(CompilerGeneratedAttribute)))
            .SelectMany(t => t.GetMembers(Declared))
            .Where(m => m is not ConstructorInfo and not MethodBase { IsSpecialName: true } && !m.IsDefined(typeof(CompilerGeneratedAttribute)) && !fields.Contains(m.Name))
            .Select(m => m.Name)
            .ToHashSet();
        Assert.Equal(GeneratedMembers.All.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
    }

    /// <summary>One model per table row, <c>M0</c>, <c>M1</c>, ..., in one spec so that it compiles once.</summary>
    private static string TableSpec() =>
        "models:\n" + string.Concat(TableRows.Select(row =>
            $"  M{row[0]}:\n    input: {row[1]}\n" + ((int)row[2] > 0 ? $"    condition: {{ classes: {row[2]} }}\n" : string.Empty) + $"    layers:\n      - {row[3]}\n"));

    /// <summary>Generates, compiles and loads a spec's models (into their own load context; TorchSharp is shared).</summary>
    private static Assembly Build(string yaml)
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(yaml);
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    /// <summary>Runs a batch of 2 through a fresh model: its per-sample output shape, its real and its declared parameter count.</summary>
    private static (string Shape, long Parameters, long Declared) Run(Assembly assembly, string name)
    {
        var type = assembly.GetType($"GanGen.Models.{name}", throwOnError: true)!;
        var input = ((System.Collections.Generic.IReadOnlyList<long>)type.GetProperty("InputShape")!.GetValue(null)!).Prepend(2L).ToArray();
        var declared = (long)type.GetField("ParameterCount")!.GetValue(null)!;

        torch.set_num_threads(1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var module = (nn.Module)Activator.CreateInstance(type)!;
        var x = torch.randn(input);
        var y = module switch
        {
            nn.Module<Tensor, Tensor> plain => plain.forward(x),
            nn.Module<Tensor, Tensor, Tensor> conditional => conditional.forward(x, torch.tensor(new long[] { 0, 1 })),
            _ => throw new InvalidOperationException($"{name} is not a module"),
        };
        var parameters = module.parameters().Sum(p => p.numel());
        return ("[" + string.Join(",", y.shape.Skip(1)) + "]", parameters, declared);
    }
}
