using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GanGen.Runtime.Distributed;

/// <summary>
/// Data-parallel training over an <see cref="MpiWorld"/>, as PyTorch's DistributedDataParallel does it:
/// every rank holds the same networks, trains on its own slice of each global batch, and averages the
/// gradients with the other ranks before every optimizer step, so the weights stay the same everywhere.
/// A <see cref="Training.GanTrainer"/> given one (<see cref="Training.GanTrainer.Parallel"/>) draws each
/// global batch as one process would, from the same seeded generator on every rank, and keeps its own
/// rows: the ranks' slices together are exactly the one-process batch.
/// </summary>
/// <remarks>
/// Each network's gradients are gathered into one flat float32 buffer (kept between steps) and summed by a
/// single MPI_Allreduce in place: one message per backward pass instead of one per parameter. A few
/// measured values (losses, scores) and the stop flag ride at the end of the same buffer.
/// Batch norm keeps per-rank statistics, as DDP does by default: each rank normalises by its own slice's
/// mean and variance, and its running statistics follow its own slices (rank 0's are saved).
/// </remarks>
public sealed class DataParallel : IDisposable
{
    private readonly MpiWorld world;
    private readonly Dictionary<nn.Module, Tensor> buffers = new(ReferenceEqualityComparer.Instance);
    private readonly System.Diagnostics.Stopwatch reducing = new();
    private bool stopWanted;

    /// <summary>Trains over the ranks of <paramref name="world"/>.</summary>
    public DataParallel(MpiWorld world) => this.world = world;

    /// <summary>This process's rank.</summary>
    public int Rank => world.Rank;

    /// <summary>The number of ranks.</summary>
    public int Ranks => world.Size;

    /// <summary>True once a step has ended with some rank having asked to stop (<see cref="RequestStop"/>); the same on every rank.</summary>
    public bool StopAgreed { get; private set; }

    /// <summary>Time spent in MPI_Allreduce so far, waiting for slower ranks included: what data parallelism costs a step.</summary>
    public TimeSpan AllreduceTime => reducing.Elapsed;

    /// <summary>The rows of a global batch of <paramref name="globalBatch"/> that this rank trains on.</summary>
    /// <exception cref="ArgumentException">The batch does not split evenly across the ranks; the message says how to fix it.</exception>
    public long LocalBatch(long globalBatch) =>
        globalBatch % Ranks == 0
            ? globalBatch / Ranks
            : throw new ArgumentException($"batch_size {globalBatch} does not split evenly across {Ranks} MPI ranks: make batch_size a multiple of {Ranks}, or run mpirun -np with a divisor of {globalBatch}");

    /// <summary>Asks every rank to stop after the current step (Ctrl-C or SIGTERM on this one); see <see cref="StopAgreed"/>.</summary>
    public void RequestStop() => stopWanted = true;

    /// <summary>This rank's rows of a batch drawn for all ranks.</summary>
    internal Tensor Local(Tensor globalBatch)
    {
        var rows = LocalBatch(globalBatch.shape[0]);
        return globalBatch.narrow(0, Rank * rows, rows);
    }

    /// <summary>
    /// Replaces the gradients of <paramref name="network"/>'s parameters by their mean over the ranks, and
    /// returns the mean over the ranks of each scalar in <paramref name="values"/> (this rank's losses and scores).
    /// </summary>
    internal Tensor[] Average(nn.Module network, params Tensor[] values)
    {
        var parameters = network.parameters().Where(p => p.requires_grad).ToArray();
        var buffer = Buffer(network, parameters, values.Length);
        using (no_grad())
        {
            long offset = 0;
            foreach (var parameter in parameters)
            {
                var slice = buffer.narrow(0, offset, parameter.NumberOfElements);
                if (parameter.grad is { } gradient)
                {
                    slice.copy_(gradient.reshape(-1));
                }
                else
                {
                    slice.zero_();
                }

                offset += parameter.NumberOfElements;
            }

            var extras = buffer.narrow(0, offset, values.Length + 1);
            extras.copy_(cat(values.Select(v => v.detach().reshape(1).to(ScalarType.Float32, CPU)).Append(tensor(new[] { stopWanted ? 1f : 0f })).ToList(), 0));
            reducing.Start();
            world.SumInPlace(buffer);
            reducing.Stop();
            buffer.div_(Ranks);

            offset = 0;
            foreach (var parameter in parameters)
            {
                parameter.grad?.copy_(buffer.narrow(0, offset, parameter.NumberOfElements).view_as(parameter.grad));
                offset += parameter.NumberOfElements;
            }

            StopAgreed = extras[values.Length].item<float>() > 0;
            return values.Select((_, i) => extras[i].clone()).ToArray();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var buffer in buffers.Values)
        {
            buffer.Dispose();
        }

        buffers.Clear();
    }

    /// <summary>The network's flat buffer: its gradients, then the values, then the stop flag; made once, outside any dispose scope.</summary>
    private Tensor Buffer(nn.Module network, TorchSharp.Modules.Parameter[] parameters, int values)
    {
        var length = parameters.Sum(p => p.NumberOfElements) + values + 1;
        if (!buffers.TryGetValue(network, out var buffer) || buffer.NumberOfElements != length)
        {
            buffer?.Dispose();
            buffer = zeros(length, ScalarType.Float32).DetachFromDisposeScope();
            buffers[network] = buffer;
        }

        return buffer;
    }
}
