using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version need of an ELF64 shared library weak (VER_FLG_WEAK), in place.
/// TorchSharp-cpu 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 only for
/// std::ios_base_library_init(), which nothing calls; Debian 12's libstdc++ stops at 3.4.30, so the
/// loader refuses the library. A weak need lets the loader go on when the version is missing, and
/// changes nothing where it exists. Only copies in build outputs are patched, never the NuGet cache.
/// </summary>
public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

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
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var offset = FindFlagsOffset(bytes, VersionName);
                if (offset < 0)
                {
                    continue;
                }

                var flags = BitConverter.ToUInt16(bytes, offset);
                if ((flags & VerFlgWeak) != 0)
                {
                    continue;
                }

                flags |= VerFlgWeak;
                bytes[offset] = (byte)flags;
                bytes[offset + 1] = (byte)(flags >> 8);

                // Write beside and rename over: the target may be a hard link into the NuGet cache,
                // and a reader never sees a half-written library.
                var temp = path + ".gangen-tmp";
                File.WriteAllBytes(temp, bytes);
                File.Replace(temp, path, destinationBackupFileName: null);
                Log.LogMessage(MessageImportance.Low, $"GanGen: marked {VersionName} weak in {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Log.LogWarning($"GanGen: could not mark {VersionName} weak in {path}: {e.Message}. TorchSharp may fail to load on systems without it.");
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Finds the vna_flags field of the Elf64_Vernaux entry named <paramref name="name"/>; -1 when the
    /// library does not need that version. Throws FormatException for anything that is not a sound
    /// little-endian ELF64 file.
    /// </summary>
    private static int FindFlagsOffset(byte[] elf, string name)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new FormatException("not a little-endian ELF64 file");
        }

        var sectionTable = ToInt(BitConverter.ToUInt64(elf, 0x28), elf);
        var entrySize = BitConverter.ToUInt16(elf, 0x3a);
        var sectionCount = BitConverter.ToUInt16(elf, 0x3c);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = Check(sectionTable + (i * entrySize), 64, elf);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var start = ToInt(BitConverter.ToUInt64(elf, header + 24), elf);
            var needs = BitConverter.ToUInt32(elf, header + 44);
            var stringsHeader = Check(sectionTable + ((int)BitConverter.ToUInt32(elf, header + 40) * entrySize), 64, elf);
            var strings = ToInt(BitConverter.ToUInt64(elf, stringsHeader + 24), elf);

            var need = start;
            for (var n = 0; n < needs; n++)
            {
                Check(need, 16, elf);
                var auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = Check(need + (int)BitConverter.ToUInt32(elf, need + 8), 16, elf);
                for (var a = 0; a < auxCount; a++)
                {
                    Check(aux, 16, elf);
                    if (ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8)) == name)
                    {
                        return aux + 4;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }

        return -1;
    }

    private static int ToInt(ulong value, byte[] elf) =>
        value < (ulong)elf.Length ? (int)value : throw new FormatException("offset past the end of the file");

    private static int Check(int offset, int length, byte[] elf) =>
        offset >= 0 && offset + length <= elf.Length ? offset : throw new FormatException("truncated ELF structure");

    private static string ReadString(byte[] elf, int offset)
    {
        var end = Check(offset, 1, elf);
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }
}
