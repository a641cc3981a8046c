using System;
using System.Collections.Generic;

namespace GanGen.Runtime.Tests;

/// <summary>Floats equal within an absolute tolerance, for <c>Assert.Equal</c> on sequences.</summary>
internal sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
