using System.Text;
using LookoutMetrics.Segmentation;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// Ancillary PNG chunks are skipped before decoding (issue 28, point 3): libpng reads a large iTXt chunk in time quadratic in its
/// size (8 MB took 37 s and could not be stopped), and a mask needs none of them.
/// </summary>
public class PngChunkTests
{
    private const int Red = 0xD62728, White = 0xFFFFFF;

    private static byte[] Mask() => PngWriter.Write(4, 2, [Red, White, White, Red, White, White, Red, Red], colorType: 2, bitDepth: 8, interlaced: false);

    private static byte[] ITxt(int bytes)
    {
        var text = new byte[bytes];
        Encoding.ASCII.GetBytes("Comment\0\0\0\0\0").CopyTo(text, 0);
        for (int i = 12; i < bytes; i++) text[i] = (byte)('a' + i % 26);
        return text;
    }

    [Fact]
    public void TextChunksAndLargeAncillaryChunksAreLeftOutAndTheRestKept()
    {
        byte[] plain = Mask();
        Assert.Same(plain, PngChunks.Essential(plain));
        byte[] withText = PngWriter.WithChunk(PngWriter.WithChunk(plain, "iTXt", ITxt(1000)), "tEXt", Encoding.ASCII.GetBytes("Author\0me"));
        Assert.Equal(plain, PngChunks.Essential(withText));
        byte[] bigPrivate = PngWriter.WithChunk(plain, "prVt", new byte[PngChunks.MaxAncillaryBytes + 1]);
        Assert.Equal(plain, PngChunks.Essential(bigPrivate));
        // A small ancillary chunk that may matter (gAMA here) is kept, and so is everything the decoder needs.
        byte[] gamma = PngWriter.WithChunk(plain, "gAMA", [0, 0, 0xB1, 0x8F]);
        Assert.Same(gamma, PngChunks.Essential(gamma));
        // A file cut inside a chunk is left to the decoder, which says it is cut short.
        byte[] cut = withText[..40];
        Assert.Same(cut, PngChunks.Essential(cut));
    }

    [Fact]
    public async Task AMaskWithA32MegabyteITxtChunkDecodesToItsOwnPixels()
    {
        byte[] plain = Mask();
        byte[] hostile = PngWriter.WithChunk(plain, "iTXt", ITxt(32 << 20));
        // A safety net, not a measure of speed: the quadratic read took minutes at this size; a linear one takes well under a second.
        var decode = Task.Run(() => MaskDecoder.Decode(hostile, "hostile.png"));
        var done = await Task.WhenAny(decode, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(done == decode, "The mask did not decode within 60 s.");
        var expected = MaskDecoder.Decode(plain, "plain.png");
        Assert.Equal(expected.Rgba, (await decode).Rgba);
        using var rows = MaskDecoder.Open(hostile, "hostile.png");
        Assert.Equal((4, 2), (rows.Width, rows.Height));
    }
}
