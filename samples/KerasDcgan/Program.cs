using System;
using GanGen.Cli;
using GanGen.Models;

// The TensorFlow DCGAN tutorial's networks on MNIST. By default KerasDcganQuick in src/Models.yaml: the
// DCGAN paper's Adam (2e-4, beta1 0.5) at batch 64, which draws all ten digits within 15 minutes on 2 cores.
// With --tutorial, KerasDcgan: the tutorial's own schedule (Adam 1e-4, batch 256), whose 10 epochs here
// still draw two blurry digit shapes; the tutorial's 50 epochs of 60,000 images are about 12,000 steps.
// Usage: dotnet run -c Release --project samples/KerasDcgan [-- --tutorial] [--steps N] [--minutes M]
var gan = Array.IndexOf(args, "--tutorial") >= 0 ? KerasDcgan.Definition : KerasDcganQuick.Definition;
return SampleRunner.Run(gan, args);
