using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version need of an ELF64 shared library weak (VER_FLG_WEAK), in a copy.
/// TorchSharp-cpu 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) only for
/// std::ios_base_library_init(), which has no relocation against it, so nothing ever binds it.
/// Debian 12's libstdc++ stops at GLIBCXX_3.4.30 and the loader refuses the whole library over that
/// one need. A weak need lets the loader go on where the version is missing and changes nothing where
/// it exists. Only copies in build and publish outputs are patched, never the NuGet cache.
/// </summary>
public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>The libraries to patch.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version name whose need becomes weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = string.Empty;

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                var elf = File.ReadAllBytes(path);
                var flagsOffset = FindVernauxFlags(elf, VersionName);

                // Absent or already weak: leave the file alone, so a second run writes nothing.
                if (flagsOffset < 0 || (ReadU16(elf, flagsOffset) & VerFlgWeak) != 0)
                {
                    continue;
                }

                var flags = (ushort)(ReadU16(elf, flagsOffset) | VerFlgWeak);

                // Patch a copy beside the target and rename it over: the target may be a hard link into
                // the NuGet cache, which must stay pristine, and a running process that has the library
                // mapped keeps its old inode. File.Copy keeps the file mode.
                File.Copy(path, temp, overwrite: true);
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    stream.Position = flagsOffset;
                    stream.WriteByte((byte)flags);
                    stream.WriteByte((byte)(flags >> 8));
                }

                File.Replace(temp, path, destinationBackupFileName: null);
                Log.LogMessage(MessageImportance.Low, "GanGen: marked {0} weak in {1}", VersionName, path);
            }
            catch (Exception e)
            {
                // A warning, not an error: the build itself is fine, only loading TorchSharp on an older
                // libstdc++ may fail later.
                Log.LogWarning(null, "GANFIX001", null, path, 0, 0, 0, 0,
                    "GanGen: could not mark {0} weak in {1}: {2} TorchSharp may fail to load where libstdc++ lacks that version.",
                    VersionName, path, e.Message);
            }
            finally
            {
                TryDelete(temp);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// The file offset of vna_flags in the Elf64_Vernaux named <paramref name="name"/>, or -1 when the
    /// library has no such need. Throws FormatException unless the file is a sound little-endian ELF64.
    /// </summary>
    private static long FindVernauxFlags(byte[] elf, string name)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new FormatException("not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new FormatException("not a little-endian 64-bit ELF file.");
        }

        var sectionTable = (long)ReadU64(elf, 0x28);
        var entrySize = ReadU16(elf, 0x3a);
        var sectionCount = ReadU16(elf, 0x3c);
        if (sectionCount > 0 && entrySize < SectionHeaderSize)
        {
            throw new FormatException("section header entries are too small.");
        }

        Check(elf, sectionTable, (long)entrySize * sectionCount);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + ((long)i * entrySize);
            if (ReadU32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var (start, size) = SectionBounds(elf, header);
            var link = ReadU32(elf, header + 40);
            if (link >= sectionCount)
            {
                throw new FormatException("version needs link to a missing string table.");
            }

            var (strings, stringsSize) = SectionBounds(elf, sectionTable + ((long)link * entrySize));

            // vn_cnt bounds the walk, so a corrupt vn_next/vna_next cannot loop forever.
            var needCount = ReadU32(elf, header + 44);
            var need = start;
            for (long n = 0; n < needCount; n++)
            {
                CheckWithin(need, VerneedSize, start, size);
                var auxCount = ReadU16(elf, need + 2);
                var aux = need + ReadU32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    CheckWithin(aux, VernauxSize, start, size);
                    if (ReadString(elf, strings, stringsSize, ReadU32(elf, aux + 8)) == name)
                    {
                        return aux + 4;
                    }

                    aux += ReadU32(elf, aux + 12);
                }

                need += ReadU32(elf, need + 12);
            }
        }

        return -1;
    }

    private static (long Offset, long Size) SectionBounds(byte[] elf, long header)
    {
        var offset = ReadU64(elf, header + 24);
        var size = ReadU64(elf, header + 32);
        if (offset > (ulong)elf.Length || size > (ulong)elf.Length - offset)
        {
            throw new FormatException("a section lies past the end of the file (truncated?).");
        }

        return ((long)offset, (long)size);
    }

    private static string ReadString(byte[] elf, long table, long tableSize, uint index)
    {
        if (index >= tableSize)
        {
            throw new FormatException("a version name lies outside the string table.");
        }

        var start = table + index;
        var end = start;
        while (end < table + tableSize && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static void CheckWithin(long offset, long length, long sectionStart, long sectionSize)
    {
        if (offset < sectionStart || offset + length > sectionStart + sectionSize)
        {
            throw new FormatException("a version need entry lies outside its section.");
        }
    }

    private static void Check(byte[] elf, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > elf.Length - length)
        {
            throw new FormatException("an ELF structure lies past the end of the file (truncated?).");
        }
    }

    private static ushort ReadU16(byte[] elf, long offset)
    {
        Check(elf, offset, 2);
        return (ushort)(elf[offset] | (elf[offset + 1] << 8));
    }

    private static uint ReadU32(byte[] elf, long offset)
    {
        Check(elf, offset, 4);
        return ReadU16(elf, offset) | ((uint)ReadU16(elf, offset + 2) << 16);
    }

    private static ulong ReadU64(byte[] elf, long offset)
    {
        Check(elf, offset, 8);
        return ReadU32(elf, offset) | ((ulong)ReadU32(elf, offset + 4) << 32);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
