using GanGen.Cli;
using GanGen.Models;

// The conditional DCGAN with a fake class, as specified under ConditionalDcgan in src/Models.yaml.
// Its sample grids have one row per digit, 0 to 9.
// Usage: dotnet run -c Release --project samples/ConditionalDcgan [-- --steps N]
return SampleRunner.Run(ConditionalDcgan.Definition, args);
