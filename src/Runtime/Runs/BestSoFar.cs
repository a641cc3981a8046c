using System.IO;
using System.Text.Json;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Output;

namespace GanGen.Runtime.Runs;

/// <summary>Reads and writes <c>best.json</c>: the evaluation that <c>best.ckpt</c> was saved at.</summary>
internal static class BestSoFar
{
    public static void Write(RunFolder folder, QualityReport report) =>
        AtomicFile.WriteAllBytes(folder.BestReport, System.Text.Encoding.UTF8.GetBytes(report.ToJson()));

    /// <summary>The best report at or before <paramref name="stepsDone"/>: a later one belongs to steps a resume repeats.</summary>
    public static QualityReport? Read(RunFolder folder, long stepsDone)
    {
        if (!File.Exists(folder.BestReport))
        {
            return null;
        }

        try
        {
            var report = QualityReport.FromJson(File.ReadAllText(folder.BestReport));
            return report.Step > stepsDone ? null : report;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{folder.BestReport}: not a valid best-evaluation record ({e.Message}); delete it to start the best tracking afresh", e);
        }
    }
}
