using System;
using System.Runtime.InteropServices;

namespace GanGen.Runtime.Distributed;

/// <summary>
/// The few MPI calls GanGen makes, bound to Open MPI's <c>libmpi.so.40</c> (Debian's <c>libopenmpi3</c>,
/// pulled in by <c>openmpi-bin</c>). Open MPI's handles are addresses of objects the library exports
/// (<c>MPI_COMM_WORLD</c> is <c>&amp;ompi_mpi_comm_world</c>), so they are read from it rather than
/// written down as constants, which only MPICH has.
/// </summary>
internal static partial class OpenMpi
{
    public const string Library = "libmpi.so.40";

    /// <summary>Open MPI's <c>MPI_SUCCESS</c>.</summary>
    public const int Success = 0;

    /// <summary>MPI_THREAD_FUNNELED: the process has threads (the .NET runtime's, libtorch's) but only the thread that initialised MPI calls it.</summary>
    public const int ThreadFunneled = 1;

    /// <summary>MPI_IN_PLACE in Open MPI's mpi.h: <c>(void *) 1</c>.</summary>
    public static readonly IntPtr InPlace = 1;

    private static readonly Lazy<Handles> Exported = new(ReadHandles);

    /// <summary>MPI_COMM_WORLD.</summary>
    public static IntPtr World => Exported.Value.World;

    /// <summary>MPI_FLOAT.</summary>
    public static IntPtr Float => Exported.Value.Float;

    /// <summary>MPI_BYTE.</summary>
    public static IntPtr Byte => Exported.Value.Byte;

    /// <summary>MPI_LONG (64-bit on Linux x64).</summary>
    public static IntPtr Long => Exported.Value.Long;

    /// <summary>MPI_SUM.</summary>
    public static IntPtr Sum => Exported.Value.Sum;

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(IntPtr argc, IntPtr argv, int required, out int provided);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(IntPtr communicator, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(IntPtr communicator, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(IntPtr send, IntPtr receive, int count, IntPtr datatype, IntPtr operation, IntPtr communicator);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(IntPtr buffer, int count, IntPtr datatype, int root, IntPtr communicator);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(IntPtr communicator, int errorCode);

    /// <summary>Throws unless an MPI call returned MPI_SUCCESS (with the default error handler a failing call aborts the job first).</summary>
    public static void Check(int code, string call)
    {
        if (code != Success)
        {
            throw new InvalidOperationException($"{call} failed with MPI error code {code}");
        }
    }

    private static Handles ReadHandles()
    {
        var library = NativeLibrary.Load(Library, typeof(OpenMpi).Assembly, null);
        return new Handles(
            NativeLibrary.GetExport(library, "ompi_mpi_comm_world"),
            NativeLibrary.GetExport(library, "ompi_mpi_float"),
            NativeLibrary.GetExport(library, "ompi_mpi_byte"),
            NativeLibrary.GetExport(library, "ompi_mpi_long"),
            NativeLibrary.GetExport(library, "ompi_mpi_op_sum"));
    }

    private sealed record Handles(IntPtr World, IntPtr Float, IntPtr Byte, IntPtr Long, IntPtr Sum);
}
