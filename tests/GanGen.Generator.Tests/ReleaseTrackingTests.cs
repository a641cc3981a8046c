using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GanGen.Spec.Diagnostics;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// src/Generator/AnalyzerReleases.Shipped.md and Unshipped.md list exactly the catalog's IDs, as errors of
/// category GanGen. The build's release tracking (RS2000-RS2008) checks the same files against the
/// generator's descriptors, so a new catalog entry needs both a row there and a descriptor.
/// </summary>
public sealed partial class ReleaseTrackingTests
{
    [Fact]
    public void TheReleaseFilesListEveryCatalogIdAsAnError()
    {
        var generator = Path.Combine(FindRepositoryRoot(), "src", "Generator");
        var added = new List<Match>();
        var removed = new List<string>();
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = "";
            foreach (var line in File.ReadLines(Path.Combine(generator, file)))
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line;
                }
                else if (Row().Match(line) is { Success: true } row)
                {
                    if (section == "### Removed Rules")
                    {
                        removed.Add(row.Groups["id"].Value);
                    }
                    else if (section == "### New Rules")
                    {
                        added.Add(row);
                    }
                }
            }
        }

        var listed = added.Select(row => row.Groups["id"].Value).Except(removed).Order(StringComparer.Ordinal);
        Assert.Equal(DiagnosticCatalog.All.Select(kind => kind.Id), listed);
        Assert.All(added, row => Assert.Equal(("GanGen", "Error"), (row.Groups["category"].Value, row.Groups["severity"].Value)));
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GanGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GanGen.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^(?<id>GAN\d{4})\s*\|\s*(?<category>[^|]*?)\s*\|\s*(?<severity>[^|]*?)\s*\|")]
    private static partial Regex Row();
}
