using GanGen.Cli;
using GanGen.Models;

// The seed's tanh/dropout DCGAN on MNIST, as specified under Dcgan in src/Models.yaml.
// Usage: dotnet run -c Release --project samples/Dcgan [-- --steps N]
return SampleRunner.Run(Dcgan.Definition, args);
