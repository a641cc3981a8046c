using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using GanGen.Runtime.Output;
using GanGen.Spec.Training;

namespace GanGen.Runtime.Runs;

/// <summary>What <c>run.json</c> records: which GAN a run trains, for how many steps in all, on how many processes, and how.</summary>
/// <param name="Gan">The GAN's name in the spec.</param>
/// <param name="TotalSteps">Steps the run trains in all; a resumed run stops here.</param>
/// <param name="Seed">The seed it started from.</param>
/// <param name="Ranks">The MPI ranks its latest session trained on (1 without MPI); the global batch is the same whatever the number.</param>
/// <param name="ImportedFrom">
/// For a run made by <c>gangen import</c> rather than trained: the weight file its generator came from. Such a
/// run has a generator to sample, evaluate and export, and no training state to resume.
/// </param>
/// <param name="Precision">The <c>precision:</c> word it trains in (<c>32</c>, <c>bf16-mixed</c>); runs written before it existed trained in <c>32</c>.</param>
public sealed record RunManifest(string Gan, long TotalSteps, long Seed, int Ranks = 1, string? ImportedFrom = null, string Precision = "32")
{
    /// <summary><see cref="Precision"/> as its setting; derived, so not written into run.json.</summary>
    /// <exception cref="InvalidDataException">run.json names a precision GanGen does not know.</exception>
    [JsonIgnore]
    public PrecisionKind PrecisionKind =>
        TrainingVocabulary.Precisions.Find(Precision)
        ?? throw new InvalidDataException($"run.json: unknown precision '{Precision}'; it must be {string.Join(" or ", TrainingVocabulary.Precisions.Names)}");
}

/// <summary>The layout of a run folder; every file a run writes is named here.</summary>
public sealed class RunFolder
{
    /// <summary>Opens (and creates) the folder.</summary>
    public RunFolder(string directory)
        : this(directory, create: true)
    {
    }

    /// <summary>Opens the folder, creating it only when <paramref name="create"/> (the ranks of a data-parallel run other than 0 write nothing).</summary>
    public RunFolder(string directory, bool create) =>
        Directory = create ? System.IO.Directory.CreateDirectory(directory).FullName : Path.GetFullPath(directory);

    /// <summary>The folder's full path.</summary>
    public string Directory { get; }

    /// <summary>The run's manifest.</summary>
    public string Manifest => Path.Combine(Directory, "run.json");

    /// <summary>A copy of the spec the run was started from, when it came from a YAML file.</summary>
    public string Spec => Path.Combine(Directory, "spec.yaml");

    /// <summary>The latest checkpoint (the one before it is kept beside it, see <see cref="Training.Checkpoint.PreviousPath"/>).</summary>
    public string Checkpoint => Path.Combine(Directory, "last.ckpt");

    /// <summary>The final generator's weights (the weight average when enabled), for <c>gangen sample</c>.</summary>
    public string Generator => Path.Combine(Directory, "generator.pt");

    /// <summary>Per-step metrics.</summary>
    public string Metrics => Path.Combine(Directory, MetricsCsv.FileName);

    /// <summary>Loss curves of the whole run.</summary>
    public string LossPlot => Path.Combine(Directory, "loss.png");

    /// <summary>TensorBoard event files.</summary>
    public string TensorBoard => Path.Combine(Directory, "tensorboard");

    /// <summary>The most recent sample grid.</summary>
    public string LatestGrid => Path.Combine(Directory, "samples.png");

    /// <summary>The most recent 1-D density plot.</summary>
    public string LatestDensity => Path.Combine(Directory, "density.png");

    /// <summary>The animation of a 1-D run's density plots.</summary>
    public string Animation => Path.Combine(Directory, "training.gif");

    /// <summary>The checkpoint of the best evaluation so far (by the run's chosen metric).</summary>
    public string BestCheckpoint => Path.Combine(Directory, "best.ckpt");

    /// <summary>The sampling generator's weights at the best evaluation, for <c>gangen sample --best</c>.</summary>
    public string BestGenerator => Path.Combine(Directory, "best-generator.pt");

    /// <summary>The best evaluation's metrics (JSON).</summary>
    public string BestReport => Path.Combine(Directory, "best.json");

    /// <summary>The sample grid of a step.</summary>
    public string Grid(long step) => Path.Combine(Directory, "samples", $"step-{step:D6}.png");

    /// <summary>The density plot of a step (a frame of the animation).</summary>
    public string Frame(long step) => Path.Combine(Directory, "frames", $"step-{step:D6}.png");

    /// <summary>All animation frames, in step order.</summary>
    public IEnumerable<string> Frames()
    {
        var frames = Path.Combine(Directory, "frames");
        return System.IO.Directory.Exists(frames) ? System.IO.Directory.GetFiles(frames, "step-*.png").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
    }

    /// <summary>Writes the manifest.</summary>
    public void WriteManifest(RunManifest manifest) =>
        AtomicFile.WriteAllBytes(Manifest, JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Reads the manifest.</summary>
    /// <exception cref="FileNotFoundException">The folder holds no run.</exception>
    public RunManifest ReadManifest() => ParseManifest(ReadManifestBytes());

    /// <summary>The manifest's bytes, as <see cref="ParseManifest"/> reads them.</summary>
    /// <exception cref="FileNotFoundException">The folder holds no run.</exception>
    public byte[] ReadManifestBytes()
    {
        if (!File.Exists(Manifest))
        {
            throw new FileNotFoundException($"{Directory} is not a GanGen run folder: it has no run.json");
        }

        return File.ReadAllBytes(Manifest);
    }

    /// <summary>Reads a manifest from its bytes.</summary>
    /// <exception cref="InvalidDataException">They are not a run manifest.</exception>
    public RunManifest ParseManifest(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(bytes) ?? throw new InvalidDataException($"{Manifest}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Manifest}: not a valid run manifest ({e.Message})", e);
        }
    }
}
