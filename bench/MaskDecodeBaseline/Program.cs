using System.Diagnostics;
using SkiaSharp;

// Usage: MaskDecodeBaseline <folder of PNG files> [<degree of parallelism>]
// Decodes every PNG as LookoutMetrics' MaskDecoder does (header, then RGBA 8888 unpremultiplied, no colour space),
// in parallel, and prints SECONDS=<elapsed>.
string folder = args[0];
int parallelism = args.Length > 1 ? int.Parse(args[1]) : Environment.ProcessorCount;
var files = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories);
var watch = Stopwatch.StartNew();
long pixels = 0;
Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
{
    var bytes = File.ReadAllBytes(file);
    using var data = SKData.CreateCopy(bytes);
    using var codec = SKCodec.Create(data);
    var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
    var buffer = new byte[info.BytesSize];
    unsafe
    {
        fixed (byte* p = buffer)
        {
            if (codec.GetPixels(info, (IntPtr)p) != SKCodecResult.Success) throw new InvalidDataException(file);
        }
    }
    Interlocked.Add(ref pixels, (long)info.Width * info.Height);
});
watch.Stop();
Console.WriteLine($"FILES={files.Length}");
Console.WriteLine($"PIXELS={pixels}");
Console.WriteLine("SECONDS=" + watch.Elapsed.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
