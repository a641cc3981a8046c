using GanGen.Cli;
using GanGen.Models;

// The TensorFlow DCGAN tutorial on MNIST, as specified under KerasDcgan in src/Models.yaml.
// Usage: dotnet run -c Release --project samples/KerasDcgan [-- --steps N]
return SampleRunner.Run(KerasDcgan.Definition, args);
