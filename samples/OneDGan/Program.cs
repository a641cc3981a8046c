using System;
using GanGen.Cli;
using GanGen.Models;

// The 1-D GAN seed, as specified under OneDMinibatch (or OneD with --no-minibatch) in src/Models.yaml:
// D is pretrained on the density of N(4, 0.5), then both play the game; runs/<name>/ gets the
// decision-boundary plot every 100 steps (density.png), all of them as training.gif, and the loss curves.
// Usage: dotnet run -c Release --project samples/OneDGan [-- --no-minibatch] [--steps N]
var minibatch = Array.IndexOf(args, "--no-minibatch") < 0;
Console.WriteLine(OneDGenerator.Summary);
Console.WriteLine(minibatch ? OneDMinibatchDiscriminator.Summary : OneDDiscriminator.Summary);
return SampleRunner.Run(minibatch ? OneDMinibatch.Definition : OneD.Definition, args);
