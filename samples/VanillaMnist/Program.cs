using GanGen.Cli;
using GanGen.Models;

// The vanilla MLP GAN on MNIST, as specified under Vanilla in src/Models.yaml: sample grids from fixed
// noise after every epoch, loss curves, metrics and checkpoints in runs/Vanilla/.
// Usage: dotnet run -c Release --project samples/VanillaMnist [-- --steps N]
return SampleRunner.Run(Vanilla.Definition, args);
