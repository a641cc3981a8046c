using System.IO;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>
/// A test that needs Debian's Chromium: it runs when /usr/bin/chromium exists (CI's .ci/run installs
/// it) and is reported as skipped, with the command that installs it, where it does not.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"needs {Chromium}: apt-get install -y chromium";
        }
    }
}
