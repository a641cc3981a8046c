using GanGen.Cli;

return GanGenCommand.Run(args);
