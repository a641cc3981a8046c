using System;
using GanGen.Web;

// dotnet run --project samples/GeneratorWeb -- --model generator.onnx [--urls http://127.0.0.1:5000]
try
{
    await using var app = GeneratorWebApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (ModelLoadException e)
{
    Console.Error.WriteLine($"GeneratorWeb: {e.Message}");
    return 2;
}
