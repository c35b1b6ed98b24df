using System.Diagnostics;
using SkiaSharp;

// Usage: MaskDecodeBaseline <folder of PNG files> [pooled] [<degree of parallelism>]
// Decodes every PNG as LookoutMetrics' MaskDecoder does (header, then RGBA 8888 unpremultiplied, no colour space),
// in parallel, and prints SECONDS=<elapsed>. 'pooled' reuses pixel buffers from ArrayPool, as the module does; without
// it each mask gets a fresh buffer, as a script written by hand would.
string folder = args[0];
bool pooled = args.Contains("pooled");
int parallelism = args.Skip(1).Where(a => a != "pooled").Select(int.Parse).DefaultIfEmpty(Environment.ProcessorCount).First();
var files = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories);
var watch = Stopwatch.StartNew();
long pixels = 0;
Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
{
    var bytes = File.ReadAllBytes(file);
    using var data = SKData.CreateCopy(bytes);
    using var codec = SKCodec.Create(data);
    var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
    var buffer = pooled ? System.Buffers.ArrayPool<byte>.Shared.Rent(info.BytesSize) : new byte[info.BytesSize];
    unsafe
    {
        fixed (byte* p = buffer)
        {
            if (codec.GetPixels(info, (IntPtr)p) != SKCodecResult.Success) throw new InvalidDataException(file);
        }
    }
    if (pooled) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    Interlocked.Add(ref pixels, (long)info.Width * info.Height);
});
watch.Stop();
Console.WriteLine($"FILES={files.Length}");
Console.WriteLine($"PIXELS={pixels}");
Console.WriteLine("SECONDS=" + watch.Elapsed.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
