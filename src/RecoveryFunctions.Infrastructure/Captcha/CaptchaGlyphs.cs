using System.Collections.Frozen;
using System.Globalization;
using RecoveryFunctions.Core.Captcha;
using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Hand-drawn stroke outlines for every captcha character, because the Skia build here ships no font.
/// Each glyph is written in a tiny path language on a unit box (x 0..1 left to right, y 0..1 top to
/// bottom): <c>M x y</c> starts a stroke, <c>L x y</c> draws a line, <c>Q cx cy x y</c> a quadratic curve.
/// Glyphs are flattened to dense polylines so the renderer can jitter and warp every point.
/// </summary>
internal static class CaptchaGlyphs
{
    /// <summary>Points per line or curve segment; dense enough that a sine warp bends straight strokes.</summary>
    private const int PointsPerSegment = 8;

    private static readonly FrozenDictionary<char, string> Definitions = new Dictionary<char, string>
    {
        ['3'] = "M 0.15 0.15 Q 0.5 -0.12 0.8 0.2 Q 0.92 0.45 0.45 0.48 Q 0.98 0.5 0.86 0.76 Q 0.65 1.08 0.12 0.87",
        ['6'] = "M 0.82 0.1 Q 0.45 -0.08 0.25 0.3 Q 0.05 0.72 0.3 0.93 Q 0.58 1.08 0.82 0.84 Q 0.95 0.58 0.68 0.48 Q 0.38 0.4 0.18 0.66",
        ['7'] = "M 0.08 0 L 0.92 0 L 0.38 1 M 0.3 0.5 L 0.75 0.5",
        ['9'] = "M 0.18 0.9 Q 0.55 1.08 0.75 0.7 Q 0.95 0.28 0.7 0.07 Q 0.42 -0.08 0.18 0.16 Q 0.05 0.42 0.32 0.52 Q 0.62 0.6 0.82 0.34",
        ['A'] = "M 0.04 1 L 0.5 0 L 0.96 1 M 0.24 0.62 L 0.76 0.62",
        ['C'] = "M 0.88 0.15 Q 0.5 -0.1 0.2 0.2 Q 0 0.5 0.2 0.8 Q 0.5 1.1 0.88 0.85",
        ['D'] = "M 0.14 0 L 0.14 1 L 0.45 1 Q 0.92 1 0.92 0.5 Q 0.92 0 0.45 0 L 0.14 0",
        ['E'] = "M 0.86 0 L 0.14 0 L 0.14 1 L 0.86 1 M 0.14 0.5 L 0.7 0.5",
        ['F'] = "M 0.86 0 L 0.14 0 L 0.14 1 M 0.14 0.48 L 0.7 0.48",
        ['G'] = "M 0.88 0.15 Q 0.5 -0.1 0.2 0.2 Q 0 0.5 0.2 0.8 Q 0.5 1.1 0.88 0.85 L 0.88 0.56 L 0.52 0.56",
        ['H'] = "M 0.14 0 L 0.14 1 M 0.86 0 L 0.86 1 M 0.14 0.5 L 0.86 0.5",
        ['J'] = "M 0.32 0 L 0.84 0 M 0.66 0 L 0.66 0.7 Q 0.66 1 0.4 1 Q 0.14 1 0.1 0.74",
        ['K'] = "M 0.14 0 L 0.14 1 M 0.86 0 L 0.14 0.62 M 0.4 0.4 L 0.9 1",
        ['M'] = "M 0.06 1 L 0.1 0 L 0.5 0.62 L 0.9 0 L 0.94 1",
        ['N'] = "M 0.14 1 L 0.14 0 L 0.86 1 L 0.86 0",
        ['P'] = "M 0.14 1 L 0.14 0 L 0.55 0 Q 0.9 0 0.9 0.27 Q 0.9 0.55 0.55 0.55 L 0.14 0.55",
        ['Q'] = "M 0.5 0 Q 0.04 0 0.04 0.5 Q 0.04 1 0.5 1 Q 0.96 1 0.96 0.5 Q 0.96 0 0.5 0 M 0.56 0.68 L 0.98 1.06",
        ['R'] = "M 0.14 1 L 0.14 0 L 0.55 0 Q 0.9 0 0.9 0.27 Q 0.9 0.55 0.55 0.55 L 0.14 0.55 M 0.48 0.55 L 0.9 1",
        ['T'] = "M 0.04 0 L 0.96 0 M 0.5 0 L 0.5 1",
        ['V'] = "M 0.04 0 L 0.5 1 L 0.96 0",
        ['W'] = "M 0.02 0 L 0.25 1 L 0.5 0.36 L 0.75 1 L 0.98 0",
        ['X'] = "M 0.1 0 L 0.9 1 M 0.9 0 L 0.1 1",
        ['Y'] = "M 0.06 0 L 0.5 0.5 L 0.94 0 M 0.5 0.5 L 0.5 1",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<char, SKPoint[][]> Flattened =
        Definitions.ToFrozenDictionary(pair => pair.Key, pair => Flatten(pair.Value));

    /// <summary>Characters with a stroke definition.</summary>
    public static IEnumerable<char> Characters => Definitions.Keys;

    /// <summary>Polylines (on the unit box) that draw <paramref name="character"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No glyph exists for the character.</exception>
    public static IReadOnlyList<SKPoint[]> Get(char character) =>
        Flattened.TryGetValue(character, out var strokes)
            ? strokes
            : throw new ArgumentOutOfRangeException(nameof(character), character, "No captcha glyph for this character.");

    /// <summary>Fails fast at type load if the alphabet gains a character nobody drew.</summary>
    static CaptchaGlyphs()
    {
        var missing = CaptchaAlphabet.Characters.Where(c => !Definitions.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"Captcha glyphs missing for: {new string(missing)}");
        }
    }

    private static SKPoint[][] Flatten(string definition)
    {
        var tokens = definition.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var strokes = new List<SKPoint[]>();
        List<SKPoint>? current = null;
        var index = 0;

        float Next() => float.Parse(tokens[index++], NumberStyles.Float, CultureInfo.InvariantCulture);

        while (index < tokens.Length)
        {
            var command = tokens[index++];
            switch (command)
            {
                case "M":
                    if (current is { Count: > 1 })
                    {
                        strokes.Add([.. current]);
                    }

                    current = [new SKPoint(Next(), Next())];
                    break;
                case "L":
                {
                    var stroke = current ?? throw new FormatException("Glyph stroke must start with M.");
                    var from = stroke[^1];
                    var to = new SKPoint(Next(), Next());
                    for (var step = 1; step <= PointsPerSegment; step++)
                    {
                        var t = step / (float)PointsPerSegment;
                        stroke.Add(new SKPoint(from.X + ((to.X - from.X) * t), from.Y + ((to.Y - from.Y) * t)));
                    }

                    break;
                }

                case "Q":
                {
                    var stroke = current ?? throw new FormatException("Glyph stroke must start with M.");
                    var from = stroke[^1];
                    var control = new SKPoint(Next(), Next());
                    var to = new SKPoint(Next(), Next());
                    for (var step = 1; step <= PointsPerSegment; step++)
                    {
                        var t = step / (float)PointsPerSegment;
                        var u = 1 - t;
                        stroke.Add(new SKPoint(
                            (u * u * from.X) + (2 * u * t * control.X) + (t * t * to.X),
                            (u * u * from.Y) + (2 * u * t * control.Y) + (t * t * to.Y)));
                    }

                    break;
                }

                default:
                    throw new FormatException($"Unknown glyph command '{command}'.");
            }
        }

        if (current is { Count: > 1 })
        {
            strokes.Add([.. current]);
        }

        return [.. strokes];
    }
}
