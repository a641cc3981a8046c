using System;
using System.IO;
using System.Linq;

/// <summary>
/// The sample's data: the 32x32 PNGs of six categories of Debian's Oxygen icon theme, copied into one folder
/// with a subfolder per category (the classes), so the three GANs train on exactly the same images.
/// </summary>
internal static class OxygenIcons
{
    /// <summary>Where <c>oxygen-icon-theme</c> installs the 32x32 icons, a folder per category.</summary>
    public const string Source = "/usr/share/icons/oxygen/base/32x32";

    /// <summary>The line that says how to get them.</summary>
    public const string Install = "sudo apt-get install -y oxygen-icon-theme";

    /// <summary>The categories with enough icons to be a class (animations, emblems, emotes and categories have 2 to 37).</summary>
    public static readonly string[] Categories = { "actions", "apps", "devices", "mimetypes", "places", "status" };

    /// <summary>Copies the categories into <paramref name="folder"/> unless they are there already.</summary>
    /// <returns>The number of icons.</returns>
    public static int Prepare(string folder)
    {
        var count = 0;
        foreach (var category in Categories)
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, category));
            foreach (var icon in Directory.EnumerateFiles(Path.Combine(Source, category), "*.png").Order(StringComparer.Ordinal))
            {
                var copy = Path.Combine(target.FullName, Path.GetFileName(icon));
                if (!File.Exists(copy) || new FileInfo(copy).Length != new FileInfo(icon).Length)
                {
                    File.Copy(icon, copy, overwrite: true);
                }

                count++;
            }
        }

        return count;
    }
}
