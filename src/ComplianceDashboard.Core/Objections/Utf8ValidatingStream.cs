using System.Text.Unicode;

namespace ComplianceDashboard.Core.Objections;

/// <summary>Invalid UTF-8 in an import, with the line it is on.</summary>
public sealed class InvalidUtf8Exception(int line) : Exception($"Invalid UTF-8 on line {line}.")
{
    public int Line { get; } = line;
}

/// <summary>A read-only pass-through stream that checks the bytes are UTF-8 as they go by and counts lines, so an error can name its line.</summary>
internal sealed class Utf8ValidatingStream(Stream inner) : Stream
{
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private int _line = 1;
    private char[] _scratch = new char[1 << 16];

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Check(buffer.AsSpan(offset, read), final: read == 0);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Check(buffer[..read], final: read == 0);
        return read;
    }

    private void Check(ReadOnlySpan<byte> bytes, bool final)
    {
        ReadOnlySpan<byte> data = bytes;
        byte[]? joined = null;
        if (_carryLength > 0)
        {
            joined = new byte[_carryLength + bytes.Length];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            bytes.CopyTo(joined.AsSpan(_carryLength));
            data = joined;
            _carryLength = 0;
        }
        while (data.Length > 0)
        {
            if (_scratch.Length < data.Length) _scratch = new char[data.Length];
            var status = Utf8.ToUtf16(data, _scratch, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
            _line += data[..consumed].Count((byte)'\n');
            if (status == System.Buffers.OperationStatus.InvalidData) throw new InvalidUtf8Exception(_line);
            data = data[consumed..];
            if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                data.CopyTo(_carry);
                _carryLength = data.Length;
                return;
            }
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
