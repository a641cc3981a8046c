using System;
using System.Collections.Generic;
using System.Linq;

namespace GanGen.Spec.Training;

/// <summary>
/// The YAML words of one setting and the values they stand for, in one table: parsing, messages and the
/// runtime's names all read it, so a word and its value cannot drift apart.
/// </summary>
/// <typeparam name="T">The setting's enum.</typeparam>
public sealed class NamedValues<T>
    where T : struct, Enum
{
    private readonly (string Name, T Value)[] entries;

    /// <summary>Creates the table; every value of <typeparamref name="T"/> must have exactly one word.</summary>
    /// <param name="entries">Each word with its value, in the order messages list them.</param>
    /// <exception cref="ArgumentException">A value has no word or several.</exception>
    public NamedValues(params (string Name, T Value)[] entries)
    {
        var values = (T[])Enum.GetValues(typeof(T));
        if (values.Any(v => entries.Count(e => e.Value.Equals(v)) != 1))
        {
            throw new ArgumentException($"Every {typeof(T).Name} needs exactly one YAML word", nameof(entries));
        }

        this.entries = entries;
        Names = entries.Select(e => e.Name).ToArray();
    }

    /// <summary>The YAML words, in table order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The YAML word of <paramref name="value"/>.</summary>
    public string NameOf(T value) => entries.First(e => e.Value.Equals(value)).Name;

    /// <summary>The value a YAML word stands for, or <c>null</c> for an unknown word.</summary>
    public T? Find(string name)
    {
        foreach (var entry in entries)
        {
            if (entry.Name == name)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
