using System.Collections.Generic;

namespace GanGen.Spec.Model;

/// <summary>
/// The names of the members the generator writes into each model class and GAN class. The emitters
/// write them from here and the name check rejects them from here: a class cannot have a member named
/// like itself (CS0542), so a model or GAN named like one of these would not compile.
/// </summary>
public static class GeneratedMembers
{
    /// <summary>A model's per-sample input shape.</summary>
    public const string InputShape = nameof(InputShape);

    /// <summary>A model's per-sample output shape.</summary>
    public const string OutputShape = nameof(OutputShape);

    /// <summary>A model's number of trainable parameters.</summary>
    public const string ParameterCount = nameof(ParameterCount);

    /// <summary>A model's number of condition classes.</summary>
    public const string Classes = nameof(Classes);

    /// <summary>A model's layer table.</summary>
    public const string Summary = nameof(Summary);

    /// <summary>A model's forward pass (TorchSharp's name).</summary>
    public const string Forward = "forward";

    /// <summary>A model's and block's override of TorchSharp's field registration.</summary>
    public const string RegisterComponents = nameof(RegisterComponents);

    /// <summary>A GAN's name in the spec.</summary>
    public const string Name = nameof(Name);

    /// <summary>A GAN's generator factory.</summary>
    public const string CreateGenerator = nameof(CreateGenerator);

    /// <summary>A GAN's discriminator factory.</summary>
    public const string CreateDiscriminator = nameof(CreateDiscriminator);

    /// <summary>A GAN's training settings.</summary>
    public const string Training = nameof(Training);

    /// <summary>A GAN's runtime definition.</summary>
    public const string Definition = nameof(Definition);

    /// <summary>Every name above: none of them can name a model or a GAN.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        InputShape, OutputShape, ParameterCount, Classes, Summary, Forward, RegisterComponents, Name, CreateGenerator, CreateDiscriminator, Training, Definition,
    };
}
