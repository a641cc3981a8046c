using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanGen.Benchmarks;

/// <summary>
/// The full-size SNGAN pairs of src/Models.yaml against bench/pytorch/sngan.py, both ways, in eval mode:
/// PyTorch's weights loaded into GanGen's generated classes give PyTorch's outputs, and GanGen's weights
/// (written with save_py) are left for sngan.py --check to load into PyTorch's modules.
/// </summary>
public static class PyTorchParity
{
    private static readonly (string Name, Func<nn.Module> Create, long ParameterCount, long[] Input, int Classes)[] Models =
    {
        (nameof(SnganGenerator), () => new SnganGenerator(), SnganGenerator.ParameterCount, SnganGenerator.InputShape.ToArray(), 0),
        (nameof(SnganDiscriminator), () => new SnganDiscriminator(), SnganDiscriminator.ParameterCount, SnganDiscriminator.InputShape.ToArray(), 0),
        (nameof(ConditionalSnganGenerator), () => new ConditionalSnganGenerator(), ConditionalSnganGenerator.ParameterCount, ConditionalSnganGenerator.InputShape.ToArray(), ConditionalSnganGenerator.Classes),
        (nameof(ConditionalSnganDiscriminator), () => new ConditionalSnganDiscriminator(), ConditionalSnganDiscriminator.ParameterCount, ConditionalSnganDiscriminator.InputShape.ToArray(), ConditionalSnganDiscriminator.Classes),
    };

    /// <summary>Compares with the files <c>sngan.py --write</c> left in <paramref name="directory"/>, and writes GanGen's own beside them.</summary>
    public static void Run(string directory, TextWriter output)
    {
        torch.set_num_threads(2);
        foreach (var (name, create, count, input, classes) in Models)
        {
            using var scope = NewDisposeScope();
            using (var module = create())
            {
                PyTorchWeights.Load(module, Path.Combine(directory, name + ".pt"));
                var io = PyTorchUnpickler.UnpickleStateDict(Path.Combine(directory, name + ".io.pt"));
                var expected = (Tensor)io["output"]!;
                module.eval();
                var difference = (Forward(module, (Tensor)io["input"]!, io["labels"] as Tensor) - expected).abs().max().item<float>();
                output.WriteLine($"{name}: {count:N0} parameters ({module.parameters().Sum(p => p.numel()):N0} in the module); PyTorch's weights, max |GanGen - PyTorch| = {difference:G3} (outputs up to {expected.abs().max().item<float>():G3})");
            }

            WriteOwn(directory, name, create, input, classes);
        }
    }

    /// <summary>A freshly initialised module, its spectral-norm vectors settled by a few training-mode passes, saved with save_py with a batch and its outputs.</summary>
    private static void WriteOwn(string directory, string name, Func<nn.Module> create, long[] input, int classes)
    {
        manual_seed(5);
        using var module = create();
        var x = randn(new long[] { 2 }.Concat(input).ToArray());
        var labels = classes > 0 ? tensor(new long[] { 3, 7 }) : null;
        using (no_grad())
        {
            module.train();
            for (var i = 0; i < 20; i++)
            {
                Forward(module, x, labels);
            }
        }

        module.eval();
        using var noGrad = no_grad();
        var io = new Dictionary<string, Tensor> { ["input"] = x, ["output"] = Forward(module, x, labels) };
        if (labels is not null)
        {
            io["labels"] = labels;
        }

        PyTorchWeights.Save(module, Path.Combine(directory, name + ".gangen.pt"));
        PyTorchPickler.PickleStateDict(Path.Combine(directory, name + ".gangen.io.pt"), (IDictionary)io);
    }

    private static Tensor Forward(nn.Module module, Tensor input, Tensor? labels) => module switch
    {
        nn.Module<Tensor, Tensor> plain => plain.forward(input),
        nn.Module<Tensor, Tensor, Tensor> conditional => conditional.forward(input, labels!),
        _ => throw new ArgumentException($"{module.GetType().Name} is not a generated model"),
    };
}
