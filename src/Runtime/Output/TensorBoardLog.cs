using System;
using GanGen.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace GanGen.Runtime.Output;

/// <summary>
/// Logs training scalars for TensorBoard (<c>tensorboard --logdir runs</c>) through TorchSharp's own
/// <c>SummaryWriter</c>, which writes valid <c>events.out.tfevents.*</c> files (checked record by record).
/// </summary>
/// <remarks>
/// TorchSharp 0.107's writer has quirks this class lives with: steps are <see cref="int"/>, wall times
/// are whole seconds, the file-version record's wall time is in .NET ticks rather than seconds, and every
/// scalar opens and closes the file (which also means nothing is lost if the process dies). A resumed run writes a new event file in the same
/// folder; TensorBoard reads them together.
/// </remarks>
public sealed class TensorBoardLog : IDisposable
{
    private readonly SummaryWriter writer;

    /// <summary>Starts a new event file in <paramref name="logDirectory"/> (created if needed).</summary>
    /// <param name="logDirectory">The folder TensorBoard shows as one run, e.g. <c>runs/mnist-dcgan/tensorboard</c>.</param>
    public TensorBoardLog(string logDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDirectory);
        writer = torch.utils.tensorboard.SummaryWriter(logDirectory);
    }

    /// <summary>The folder the event files are written to.</summary>
    public string LogDirectory => writer.LogDir;

    /// <summary>
    /// Logs one step as <c>loss/d</c>, <c>loss/g</c>, <c>score/real</c> and <c>score/fake</c>, plus
    /// <c>lr/g</c> and <c>lr/d</c> where given. Non-finite values are skipped (TensorBoard cannot chart them).
    /// </summary>
    /// <param name="step">The step's losses and scores.</param>
    /// <param name="learningRateG">G's learning rate, or NaN to leave it out.</param>
    /// <param name="learningRateD">D's learning rate, or NaN to leave it out.</param>
    public void Log(TrainingStep step, double learningRateG = double.NaN, double learningRateD = double.NaN)
    {
        Scalar("loss/d", step.DiscriminatorLoss, step.Step);
        Scalar("loss/g", step.GeneratorLoss, step.Step);
        Scalar("score/real", step.RealScore, step.Step);
        Scalar("score/fake", step.FakeScore, step.Step);
        Scalar("lr/g", learningRateG, step.Step);
        Scalar("lr/d", learningRateD, step.Step);
    }

    /// <summary>Logs any other scalar (FID, JSD, ...) under <paramref name="tag"/>; a non-finite value is skipped.</summary>
    /// <param name="tag">The chart's name; a <c>/</c> groups charts, e.g. <c>eval/fid</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The training step it belongs to (at most <see cref="int.MaxValue"/>, TorchSharp's limit).</param>
    public void Scalar(string tag, double value, long step)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (step is < 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "TorchSharp's SummaryWriter records steps as 32-bit integers");
        }

        writer.add_scalar(tag, (float)value, (int)step);
    }

    /// <summary>
    /// Nothing to release today (TorchSharp's writer keeps no file open between records); disposable so that
    /// callers already scope it correctly if a buffered writer replaces it.
    /// </summary>
    public void Dispose()
    {
    }
}
