using System;
using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace GanGen.Runtime.Distributed;

/// <summary>
/// The processes of an Open MPI job (<c>MPI_COMM_WORLD</c>) as this process sees them: its rank, how many
/// there are, and the two collectives data-parallel training needs. <c>mpirun</c> starts the processes and
/// Open MPI carries the messages (shared memory on one machine, TCP or InfiniBand between machines);
/// GanGen only calls it.
/// </summary>
public sealed class MpiWorld : IDisposable
{
    private static MpiWorld? joined;
    private bool finalized;

    private MpiWorld(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    /// <summary>
    /// True when this process was started by Open MPI's <c>mpirun</c> (it sets <c>OMPI_COMM_WORLD_SIZE</c>),
    /// even as a single rank.
    /// </summary>
    public static bool IsLaunched => Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is { Length: > 0 };

    /// <summary>The world joined by <see cref="Join"/> and not yet left, or null.</summary>
    public static MpiWorld? Current => joined is { finalized: false } world ? world : null;

    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int Size { get; }

    /// <summary>True for rank 0, the one that writes the run folder.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>
    /// Initialises MPI (once per process) and returns the world; <see cref="Dispose"/> finalises it, which must
    /// happen before the process exits, or <c>mpirun</c> takes the exit for a crash and stops the other ranks:
    /// a program that does not dispose it has it finalised as it exits normally.
    /// </summary>
    /// <exception cref="DllNotFoundException">Open MPI's library is not installed; the message says how to install it.</exception>
    /// <exception cref="InvalidOperationException">MPI was already finalised in this process, which MPI does not allow to start again.</exception>
    public static MpiWorld Join()
    {
        if (joined is { } world)
        {
            return world.finalized ? throw new InvalidOperationException("MPI was finalised in this process and cannot be initialised again") : world;
        }

        try
        {
            OpenMpi.Check(OpenMpi.Initialized(out var initialized), "MPI_Initialized");
            if (initialized == 0)
            {
                OpenMpi.Check(OpenMpi.InitThread(IntPtr.Zero, IntPtr.Zero, OpenMpi.ThreadFunneled, out _), "MPI_Init_thread");
            }
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"{OpenMpi.Library} not found: install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) on every machine of the job ({e.Message})", e);
        }

        OpenMpi.Check(OpenMpi.CommRank(OpenMpi.World, out var rank), "MPI_Comm_rank");
        OpenMpi.Check(OpenMpi.CommSize(OpenMpi.World, out var size), "MPI_Comm_size");
        var joining = new MpiWorld(rank, size);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => joining.Dispose();
        joined = joining;
        return joining;
    }

    /// <summary>
    /// Sums <paramref name="buffer"/> over all ranks, in place: afterwards every rank holds the same sums. The
    /// buffer is handed to MPI where it lies in memory, so it must be a contiguous float32 CPU tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer is not a contiguous float32 tensor on the CPU.</exception>
    public unsafe void SumInPlace(Tensor buffer)
    {
        if (buffer.dtype != ScalarType.Float32 || buffer.device_type != TorchSharp.DeviceType.CPU || !buffer.is_contiguous())
        {
            throw new ArgumentException($"MPI sums a contiguous float32 CPU tensor in place; this one is {buffer.dtype} on {buffer.device_type}{(buffer.is_contiguous() ? string.Empty : ", not contiguous")}", nameof(buffer));
        }

        var count = checked((int)buffer.NumberOfElements);
        fixed (byte* data = buffer.bytes)
        {
            OpenMpi.Check(OpenMpi.Allreduce(OpenMpi.InPlace, (IntPtr)data, count, OpenMpi.Float, OpenMpi.Sum, OpenMpi.World), "MPI_Allreduce");
        }
    }

    /// <summary>
    /// Rank 0 produces bytes (a file of the run folder, which only it may have) and every rank receives them.
    /// When <paramref name="produce"/> throws on rank 0, the other ranks throw an
    /// <see cref="InvalidOperationException"/> with its message instead of waiting forever.
    /// </summary>
    /// <param name="produce">Called on rank 0 only.</param>
    /// <returns>The bytes, on every rank.</returns>
    public unsafe byte[] Broadcast(Func<byte[]> produce)
    {
        byte[] payload;
        Exception? failure = null;
        Span<byte> header = stackalloc byte[sizeof(long) * 2];
        if (IsRoot)
        {
            try
            {
                payload = produce();
            }
            catch (Exception e)
            {
                failure = e;
                payload = Encoding.UTF8.GetBytes(e.Message);
            }

            BinaryPrimitives.WriteInt64LittleEndian(header, failure is null ? 0 : 1);
            BinaryPrimitives.WriteInt64LittleEndian(header[sizeof(long)..], payload.Length);
        }
        else
        {
            payload = [];
        }

        fixed (byte* head = header)
        {
            OpenMpi.Check(OpenMpi.Bcast((IntPtr)head, header.Length, OpenMpi.Byte, 0, OpenMpi.World), "MPI_Bcast");
        }

        var failed = BinaryPrimitives.ReadInt64LittleEndian(header) != 0;
        if (!IsRoot)
        {
            payload = new byte[checked((int)BinaryPrimitives.ReadInt64LittleEndian(header[sizeof(long)..]))];
        }

        fixed (byte* data = payload)
        {
            OpenMpi.Check(OpenMpi.Bcast((IntPtr)data, payload.Length, OpenMpi.Byte, 0, OpenMpi.World), "MPI_Bcast");
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return failed ? throw new InvalidOperationException($"rank 0: {Encoding.UTF8.GetString(payload)}") : payload;
    }

    /// <summary>
    /// Stops every process of the job at once with <paramref name="code"/> (MPI_Abort): for an error that only
    /// this rank met, which would otherwise leave the others waiting for it.
    /// </summary>
    public void Abort(int code) => OpenMpi.Abort(OpenMpi.World, code);

    /// <summary>Finalises MPI (MPI_Finalize); every rank must come here, as it waits for the others.</summary>
    public void Dispose()
    {
        if (finalized)
        {
            return;
        }

        finalized = true;
        OpenMpi.Check(OpenMpi.Finalize(), "MPI_Finalize");
    }
}
