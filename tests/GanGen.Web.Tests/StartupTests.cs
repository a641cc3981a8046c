using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>A missing or unusable model stops the start with one line that says what to do.</summary>
public sealed class StartupTests
{
    [Fact]
    public void No_model_option_is_a_clear_error()
    {
        var error = Assert.Throws<ModelLoadException>(() => GeneratorWebApp.Create(["--urls", "http://127.0.0.1:0"]));

        Assert.Equal(
            "No generator to serve: pass --model FILE, an ONNX file written by `gangen export RUN --onnx FILE` (or set Model in appsettings.json or the environment).",
            error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gangen-web-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<ModelLoadException>(() => GeneratorWebApp.Create(["--model", path]));

        Assert.Equal($"The model file '{path}' does not exist; pass an ONNX file written by `gangen export RUN --onnx FILE` with --model FILE.", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gangen-web-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "not a model");
        try
        {
            var error = Assert.Throws<ModelLoadException>(() => GeneratorWebApp.Create(["--model", path]));

            Assert.StartsWith($"{path}: ONNX Runtime cannot load it as a model: ", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_program_prints_the_error_and_exits_with_2()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GeneratorWeb.dll"));
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add("/nonexistent/generator.onnx");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", output);
        Assert.Equal(
            "GeneratorWeb: The model file '/nonexistent/generator.onnx' does not exist; pass an ONNX file written by `gangen export RUN --onnx FILE` with --model FILE.\n",
            await error);
    }
}
