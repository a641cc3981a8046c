using System;
using System.IO;
using System.Linq;
using GanGen.Cli;
using GanGen.Models;

// The colour GANs of src/Models.yaml on the Oxygen icon theme's 32x32 PNGs (six categories, the category as
// the class): the seeds' DCGAN adapted to 32x32 RGB, SNGAN's residual pair, and the conditional residual
// pair with its projection discriminator, without DiffAugment (README, "Your own images"). Without --steps
// or --minutes it trains for 15 minutes: the specs' 20,000 steps would take hours on 2 cores.
// Usage: dotnet run -c Release --project samples/ColourGan [-- --gan ColourDcgan|ColourSngan|ColourConditionalSngan] [--minutes 15] [--steps N]
var name = args.SkipWhile(a => a != "--gan").Skip(1).FirstOrDefault() ?? ColourDcgan.Definition.Name;
var gan = new[] { ColourDcgan.Definition, ColourSngan.Definition, ColourConditionalSngan.Definition }.FirstOrDefault(g => g.Name == name);
if (gan is null)
{
    Console.Error.WriteLine($"error: --gan {name} is not one of ColourDcgan, ColourSngan, ColourConditionalSngan");
    return 2;
}

if (!Directory.Exists(OxygenIcons.Source))
{
    Console.Error.WriteLine($"error: {OxygenIcons.Source} not found; install Debian's Oxygen icons with: {OxygenIcons.Install}");
    return 1;
}

var folder = Path.Combine(SampleRunner.RepositoryRoot(), "runs", "oxygen-icons");
Console.WriteLine($"{OxygenIcons.Prepare(folder)} icons of {string.Join(", ", OxygenIcons.Categories)} in {folder}");
if (Array.IndexOf(args, "--steps") < 0 && Array.IndexOf(args, "--minutes") < 0)
{
    args = [.. args, "--minutes", "15"];
}

var settings = gan.RequireTraining();
return SampleRunner.Run(gan, args, settings with { Data = settings.Data with { Path = folder } });
