namespace GanGen.Runtime.Runs;

/// <summary>
/// A run's <c>generator.pt</c>: the sampling generator's weights once every step is done, for <c>gangen sample</c>.
/// Its presence is what says a run finished, so the run tells it last of its outputs.
/// </summary>
internal sealed class FinalGenerator(RunFolder folder, RunNetworks networks) : IRunObserver
{
    /// <inheritdoc />
    public void OnFinish(RunResult result)
    {
        if (result.Outcome == RunOutcome.Completed)
        {
            networks.SaveSampling(folder.Generator);
        }
    }
}
