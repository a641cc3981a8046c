using System;
using GanGen.Cli;
using GanGen.Models;

// The 1-D GAN seed, as specified in src/Models.yaml: OneDMinibatch by default, OneD with --no-minibatch,
// OneDNormalInit (the seed's N(0, 1) initialisation, no minibatch layer) with --normal-init, and
// OneDLeastSquares (a wider critic in the least-squares game) with --least-squares. D is pretrained on
// the density of N(4, 0.5) where the spec says so, then both play the game; runs/<name>/ gets the
// decision-boundary plot every checkpoint (density.png), all of them as training.gif, and the loss curves.
// Usage: dotnet run -c Release --project samples/OneDGan [-- --no-minibatch | --normal-init | --least-squares] [--steps N]
bool Has(string flag) => Array.IndexOf(args, flag) >= 0;
var (gan, discriminator) =
    Has("--least-squares") ? (OneDLeastSquares.Definition, OneDCritic.Summary)
    : Has("--normal-init") ? (OneDNormalInit.Definition, OneDDiscriminator.Summary)
    : Has("--no-minibatch") ? (OneD.Definition, OneDDiscriminator.Summary)
    : (OneDMinibatch.Definition, OneDMinibatchDiscriminator.Summary);
Console.WriteLine(OneDGenerator.Summary);
Console.WriteLine(discriminator);
return SampleRunner.Run(gan, args);
