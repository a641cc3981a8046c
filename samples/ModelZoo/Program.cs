using System;
using GanGen.Models;
using TorchSharp;
using static TorchSharp.torch;

// Builds every GAN of src/Models.yaml from its generated classes, prints each model's layer table,
// and runs one batch through generator and discriminator to show the shapes line up.
torch.set_num_threads(Math.Min(Environment.ProcessorCount, 2));
torch.manual_seed(0);

Console.WriteLine(VanillaGenerator.Summary);
Console.WriteLine(VanillaDiscriminator.Summary);
Console.WriteLine(KerasDcganGenerator.Summary);
Console.WriteLine(KerasDcganDiscriminator.Summary);
Console.WriteLine(OneDGenerator.Summary);
Console.WriteLine(OneDMinibatchDiscriminator.Summary);
Console.WriteLine(ConditionalDcganGenerator.Summary);
Console.WriteLine(ConditionalDcganDiscriminator.Summary);
Console.WriteLine(SnganGenerator.Summary);
Console.WriteLine(SnganDiscriminator.Summary);
Console.WriteLine(ConditionalSnganGenerator.Summary);
Console.WriteLine(ConditionalSnganDiscriminator.Summary);

using (var scope = NewDisposeScope())
{
    using var g = KerasDcgan.CreateGenerator();
    using var d = KerasDcgan.CreateDiscriminator();
    var images = g.forward(randn(8, 100));
    var logits = d.forward(images);
    Console.WriteLine($"KerasDcgan: noise [8,100] -> images [{string.Join(",", images.shape)}] -> logits [{string.Join(",", logits.shape)}]");
}

using (var scope = NewDisposeScope())
{
    using var g = ConditionalDcgan.CreateGenerator();
    using var d = ConditionalDcgan.CreateDiscriminator();
    var labels = arange(8, dtype: ScalarType.Int64) % 10;
    var images = g.forward(randn(8, 100), labels);
    var logits = d.forward(images, labels);
    Console.WriteLine($"ConditionalDcgan: noise [8,100] + labels -> images [{string.Join(",", images.shape)}] -> class logits [{string.Join(",", logits.shape)}]");
}

using (var scope = NewDisposeScope())
{
    using var g = ConditionalSngan.CreateGenerator();
    using var d = ConditionalSngan.CreateDiscriminator();
    var labels = arange(8, dtype: ScalarType.Int64) % 10;
    var images = g.forward(randn(8, 128), labels);
    var scores = d.forward(images, labels);
    Console.WriteLine($"ConditionalSngan: noise [8,128] + labels -> images [{string.Join(",", images.shape)}] through residual blocks -> projection scores [{string.Join(",", scores.shape)}]");
}
