using System;
using System.Linq;
using GanGen.Runtime.Layers;
using GanGen.Spec.Layers;
using GanGen.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Specs;

/// <summary>
/// Builds the TorchSharp module of a resolved layer: the run-time twin of the generator's emitter,
/// making the same constructor calls with the same resolved arguments, so both paths build identical modules.
/// </summary>
internal static class LayerFactory
{
    public static nn.Module Create(ResolvedLayer layer)
    {
        long Int(string name) => Arg(layer, name).Int;
        (long, long) Pair(string name) => (Arg(layer, name).Ints[0], Arg(layer, name).Ints[1]);
        double Float(string name) => Arg(layer, name).Float;
        bool Bool(string name) => Arg(layer, name).Bool;

        return layer.Kind switch
        {
            LayerNames.Linear => nn.Linear(Int("inputSize"), Int("outputSize"), hasBias: Bool("hasBias")),
            LayerNames.Conv2d => nn.Conv2d(Int("in_channels"), Int("out_channels"), Pair("kernel_size"), stride: Pair("stride"), padding: Pair("padding"), dilation: Pair("dilation"), groups: Int("groups"), bias: Bool("bias")),
            LayerNames.ConvTranspose2d => nn.ConvTranspose2d(Int("in_channels"), Int("out_channels"), Pair("kernel_size"), stride: Pair("stride"), padding: Pair("padding"), output_padding: Pair("output_padding"), dilation: Pair("dilation"), groups: Int("groups"), bias: Bool("bias")),
            LayerNames.MaxPool2d => nn.MaxPool2d(Pair("kernel_size"), stride: Pair("stride"), padding: Pair("padding"), dilation: Pair("dilation"), ceil_mode: Bool("ceil_mode")),
            LayerNames.ZeroPad2d => nn.ZeroPad2d(Quad(Arg(layer, "padding"))),
            LayerNames.BatchNorm1d => nn.BatchNorm1d(Int("num_features"), Float("eps"), Float("momentum"), Bool("affine"), Bool("track_running_stats")),
            LayerNames.BatchNorm2d => nn.BatchNorm2d(Int("num_features"), Float("eps"), Float("momentum"), Bool("affine"), Bool("track_running_stats")),
            LayerNames.ReLU => nn.ReLU(),
            LayerNames.LeakyReLU => nn.LeakyReLU(Float("negative_slope")),
            LayerNames.Tanh => nn.Tanh(),
            LayerNames.Sigmoid => nn.Sigmoid(),
            LayerNames.Softplus => nn.Softplus(Float("beta"), Float("threshold")),
            LayerNames.Softmax => nn.Softmax(Int("dim")),
            LayerNames.LogSoftmax => nn.LogSoftmax(Int("dim")),
            LayerNames.Dropout => nn.Dropout(Float("p")),
            LayerNames.Flatten => nn.Flatten(Int("start_dim"), Int("end_dim")),
            LayerNames.Reshape => new Reshape(Arg(layer, "shape").Ints.ToArray()),
            LayerNames.ConcatLabels => new ConcatLabels(Int("classes")),
            LayerNames.MinibatchDiscrimination => new MinibatchDiscrimination(Int("in_features"), Int("num_kernels"), Int("kernel_dim"), Bool("bias")),
            _ => throw new NotSupportedException($"No run-time builder for layer kind '{layer.Kind}'"),
        };
    }

    private static ArgValue Arg(ResolvedLayer layer, string name) =>
        layer.Arg(name) ?? throw new InvalidOperationException($"Resolved {layer.Kind} '{layer.FieldName}' has no argument '{name}'");

    private static (long, long, long, long) Quad(ArgValue value) => (value.Ints[0], value.Ints[1], value.Ints[2], value.Ints[3]);
}
