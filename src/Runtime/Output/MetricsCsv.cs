using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Output;

/// <summary>One row of <c>metrics.csv</c>.</summary>
/// <param name="Training">The step's losses and scores.</param>
/// <param name="LearningRateG">G's learning rate during the step (NaN when unknown).</param>
/// <param name="LearningRateD">D's learning rate during the step (NaN when unknown).</param>
/// <param name="Seconds">Seconds since the run started (NaN when unknown).</param>
/// <param name="Extra">The extra columns by name; a cell that was empty or missing reads as NaN.</param>
public sealed record MetricsRow(TrainingStep Training, double LearningRateG, double LearningRateD, double Seconds, IReadOnlyDictionary<string, double> Extra);

/// <summary>
/// Appends one row per training step to a run's <c>metrics.csv</c>, flushed row by row so the file is
/// current even if the process dies. Numbers use the invariant culture (a German machine still writes
/// <c>0.5</c>), in the shortest form that reads back to the same double.
/// </summary>
/// <remarks>
/// Columns are <see cref="StandardColumns"/> followed by the extra ones given to the constructor, so
/// new metrics (FID, JSD, ...) are added as columns without changing the ones tools already read.
/// </remarks>
public sealed class MetricsCsv : IDisposable
{
    /// <summary>The usual file name inside a run folder.</summary>
    public const string FileName = "metrics.csv";

    /// <summary>The columns every file starts with, in order.</summary>
    public static readonly IReadOnlyList<string> StandardColumns = ["step", "d_loss", "g_loss", "d_real", "d_fake", "lr_g", "lr_d", "seconds"];

    private readonly StreamWriter writer;

    /// <summary>
    /// Opens <paramref name="path"/> for appending. A new run (<paramref name="resumeAtStep"/> null) starts the
    /// file afresh. A resumed run keeps the rows with step &lt;= <paramref name="resumeAtStep"/> (rows written
    /// after the checkpoint it resumes from would otherwise appear twice) and appends after them.
    /// </summary>
    /// <param name="path">The CSV file; its folder is created if needed.</param>
    /// <param name="extraColumns">Names of further columns after the standard ones (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>, <c>/</c>).</param>
    /// <param name="resumeAtStep">The step of the checkpoint being resumed, or null for a new run.</param>
    public MetricsCsv(string path, IEnumerable<string>? extraColumns = null, long? resumeAtStep = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        ExtraColumns = (extraColumns ?? []).ToArray();
        Columns = StandardColumns.Concat(ExtraColumns).ToArray();
        CheckColumnNames(Columns);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);

        // Kept rows are rewritten under the current header, matched by column name, so a resumed run may
        // add columns; rewritten through a temporary file so a crash here cannot lose the kept rows.
        Kept = resumeAtStep is long step && File.Exists(Path) ? Read(Path).Where(r => r.Training.Step <= step).ToList() : [];
        AtomicFile.Write(Path, stream =>
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            text.Write(string.Join(",", Columns) + "\n");
            foreach (var row in Kept)
            {
                text.Write(Format(row) + "\n");
            }
        });

        // FileShare.Read: plots and users may read the file while the run goes on.
        writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The extra columns, in order.</summary>
    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>All columns of the header, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows a resumed run kept from its earlier sessions, in file order; empty for a new run.</summary>
    public IReadOnlyList<MetricsRow> Kept { get; }

    /// <summary>Appends one row and flushes it to the file.</summary>
    /// <param name="step">The step's losses and scores.</param>
    /// <param name="learningRateG">G's learning rate.</param>
    /// <param name="learningRateD">D's learning rate.</param>
    /// <param name="seconds">Seconds since the run started.</param>
    /// <param name="extra">Values of the extra columns in <see cref="ExtraColumns"/> order; fewer values leave the rest empty.</param>
    public void Append(TrainingStep step, double learningRateG, double learningRateD, double seconds, IReadOnlyList<double>? extra = null)
    {
        extra ??= [];
        if (extra.Count > ExtraColumns.Count)
        {
            throw new ArgumentException($"{extra.Count} extra values given, but the file has {ExtraColumns.Count} extra columns ({string.Join(", ", ExtraColumns)})", nameof(extra));
        }

        var named = new Dictionary<string, double>();
        for (var i = 0; i < extra.Count; i++)
        {
            named[ExtraColumns[i]] = extra[i];
        }

        writer.Write(Format(new MetricsRow(step, learningRateG, learningRateD, seconds, named)) + "\n");
        writer.Flush();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => writer.Dispose();

    /// <summary>
    /// Reads every row of a metrics file, e.g. to plot the whole run after a resume. Cells are matched to
    /// columns by the header's names; lines whose step does not parse (a line cut off by a crash) are skipped.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The rows in file order.</returns>
    public static IReadOnlyList<MetricsRow> Read(string path)
    {
        // FileShare.ReadWrite: the file may be open for appending by a running MetricsCsv.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty: expected a header line starting with 'step'");
        if (header[0] != "step")
        {
            throw new InvalidDataException($"{path} does not look like a metrics file: its header starts with '{header[0]}', expected 'step'");
        }

        var extraColumns = header.Where(c => !StandardColumns.Contains(c)).ToArray();
        var rows = new List<MetricsRow>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = line.Split(',');
            if (!long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            {
                continue;
            }

            double Cell(string column)
            {
                var index = Array.IndexOf(header, column);
                return index >= 0 && index < cells.Length ? ParseNumber(cells[index]) : double.NaN;
            }

            var training = new TrainingStep(step, Cell("d_loss"), Cell("g_loss"), Cell("d_real"), Cell("d_fake"));
            rows.Add(new MetricsRow(training, Cell("lr_g"), Cell("lr_d"), Cell("seconds"), extraColumns.ToDictionary(c => c, Cell)));
        }

        return rows;
    }

    private string Format(MetricsRow row)
    {
        var t = row.Training;
        var cells = new List<string>
        {
            t.Step.ToString(CultureInfo.InvariantCulture),
            FormatNumber(t.DiscriminatorLoss),
            FormatNumber(t.GeneratorLoss),
            FormatNumber(t.RealScore),
            FormatNumber(t.FakeScore),
            FormatNumber(row.LearningRateG),
            FormatNumber(row.LearningRateD),
            FormatNumber(row.Seconds),
        };
        cells.AddRange(ExtraColumns.Select(c => row.Extra.TryGetValue(c, out var v) ? FormatNumber(v) : string.Empty));
        return string.Join(",", cells);
    }

    // Default double formatting is the shortest string that reads back exactly (.NET Core 3.0+). NaN and the
    // infinities come out as NaN, Infinity and -Infinity, which pandas and Python's float() read too.
    private static string FormatNumber(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static double ParseNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    private static void CheckColumnNames(IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            if (column.Length == 0 || !column.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/'))
            {
                throw new ArgumentException($"Column name '{column}' must be non-empty and use only letters, digits, '_', '.', '-' or '/' (no commas, quotes or spaces)", "extraColumns");
            }
        }

        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Column '{duplicate.Key}' appears twice; extra columns must differ from each other and from the standard ones", "extraColumns");
        }
    }
}
