namespace GanGen.Spec.Layers;

/// <summary>The layer names of the YAML language. They are PyTorch's class names where PyTorch has the layer.</summary>
public static class LayerNames
{
#pragma warning disable CS1591 // The names document themselves.
    public const string Linear = "Linear";
    public const string Conv2d = "Conv2d";
    public const string ConvTranspose2d = "ConvTranspose2d";
    public const string BatchNorm1d = "BatchNorm1d";
    public const string BatchNorm2d = "BatchNorm2d";
    public const string InstanceNorm2d = "InstanceNorm2d";
    public const string GroupNorm = "GroupNorm";
    public const string LayerNorm = "LayerNorm";
    public const string ReLU = "ReLU";
    public const string LeakyReLU = "LeakyReLU";
    public const string Tanh = "Tanh";
    public const string Sigmoid = "Sigmoid";
    public const string Softplus = "Softplus";
    public const string Softmax = "Softmax";
    public const string LogSoftmax = "LogSoftmax";
    public const string Dropout = "Dropout";
    public const string Identity = "Identity";
    public const string GELU = "GELU";
    public const string SiLU = "SiLU";
    public const string ELU = "ELU";
    public const string MaxPool2d = "MaxPool2d";
    public const string AvgPool2d = "AvgPool2d";
    public const string AdaptiveAvgPool2d = "AdaptiveAvgPool2d";
    public const string GlobalSumPool = "GlobalSumPool";
    public const string Upsample = "Upsample";
    public const string PixelShuffle = "PixelShuffle";
    public const string ZeroPad2d = "ZeroPad2d";
    public const string Flatten = "Flatten";
    public const string Reshape = "Reshape";
    public const string ConcatLabels = "ConcatLabels";
    public const string MinibatchDiscrimination = "MinibatchDiscrimination";
    public const string SelfAttention = "SelfAttention";
    public const string ConditionalBatchNorm1d = "ConditionalBatchNorm1d";
    public const string ConditionalBatchNorm2d = "ConditionalBatchNorm2d";
    public const string Projection = "Projection";
#pragma warning restore CS1591
}
